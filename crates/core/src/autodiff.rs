//! Automatic differentiation on the graph, as data: the forward primal trace, the tangent
//! trace of forward mode, the adjoint trace of reverse mode, the chain-rule paths, and the
//! timeline of steps the app animates. All f64; every walk is a loop over the graph's
//! Wengert order, never a recursion as deep as the graph.

mod engines;
mod folding;
mod forward;
mod gates;
mod paths;
mod reverse;
mod second;
mod sweep;
mod tangent;
mod timeline;
mod train;

pub use engines::{run_engine, Engine, EngineRun, EngineStep};
pub use folding::{edge_end, edges_out, wires, Folding, Gate, GateEdge, Wire};
pub use forward::{evaluate, Trace};
pub use gates::{clusters, fold, gate_partials, local_adjoints, Cluster, Folded, FoldedEdge};
pub use paths::{paths, paths_folded, paths_to, Path, Paths, MAX_LISTED_PATHS};
pub use reverse::{jacobian, reverse, reverse_folded, reverse_seeded, Adjoints, Contribution};
pub use second::{hessian, hessian_vector, Dual};
pub use sweep::{evaluate_f32, sweep, Estimate, STEPS};
pub use tangent::{tangents, Tangents};
pub use timeline::{Mode, Pass, Seed, StepKind, Timeline};
pub use train::{at_point, train, Descent, Iteration, Trainer, MAX_ITERATIONS};

/// How many times each pass has run on this thread: the tests check that one analysis
/// runs each pass once, whatever the views then ask.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Passes {
    /// Primal evaluations ([`evaluate`]).
    pub forward: usize,
    /// Reverse passes ([`reverse`]).
    pub reverse: usize,
    /// Tangent passes ([`tangents`]).
    pub tangent: usize,
}

thread_local! {
    static PASSES: std::cell::Cell<Passes> = const { std::cell::Cell::new(Passes { forward: 0, reverse: 0, tangent: 0 }) };
}

/// The passes run on this thread so far.
pub fn passes() -> Passes {
    PASSES.with(std::cell::Cell::get)
}

fn count(f: impl FnOnce(&mut Passes)) {
    PASSES.with(|p| {
        let mut now = p.get();
        f(&mut now);
        p.set(now);
    });
}
