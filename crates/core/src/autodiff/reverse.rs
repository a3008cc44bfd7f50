//! Reverse mode: adjoints from the output back to every input, one edge at a time.

use petgraph::graph::EdgeIndex;

use super::folding::{wires, Folding};
use super::Trace;
use crate::graph::{Graph, NodeId};

/// One `ū += w̄ · ∂w/∂u` step of the reverse pass.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    /// The edge u -> w it travels back along (a gate's edge, numbered after the graph's,
    /// in a pass over folded calls).
    pub edge: EdgeIndex<u32>,
    /// The operation whose adjoint is passed back (w).
    pub from: NodeId,
    /// The operand receiving it (u).
    pub to: NodeId,
    /// w̄ at that moment (final: w is done before any of its operands).
    pub upstream: f64,
    /// ∂w/∂u.
    pub partial: f64,
    /// w̄ · ∂w/∂u.
    pub delta: f64,
    /// ū after this step.
    pub running: f64,
    /// This is contribution `nth` (1-based) of `of` into u.
    pub nth: usize,
    /// How many contributions u receives in all.
    pub of: usize,
}

/// The adjoint trace: every contribution in order, and every node's final adjoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Adjoints {
    adjoints: Vec<f64>,
    contributions: Vec<Contribution>,
    gradient: Vec<f64>,
}

impl Adjoints {
    /// The final adjoint of node `id` (d output / d node).
    pub fn adjoint(&self, id: NodeId) -> f64 {
        self.adjoints[id.index()]
    }

    /// The contributions in the order the reverse pass makes them.
    pub fn contributions(&self) -> &[Contribution] {
        &self.contributions
    }

    /// The gradient of the output, one entry per input.
    pub fn gradient(&self) -> &[f64] {
        &self.gradient
    }
}

impl Adjoints {
    /// A broken engine's pass as an adjoint trace the lesson can step: each of its steps a
    /// contribution (`delta` what it passed, `running` the adjoint it left), the adjoints and
    /// gradient it ended with.
    pub fn of_engine(run: &super::EngineRun, nodes: usize) -> Adjoints {
        let mut received = vec![0usize; nodes];
        let mut contributions: Vec<Contribution> = run
            .steps
            .iter()
            .map(|s| {
                received[s.to.index()] += 1;
                Contribution {
                    edge: s.edge,
                    from: s.from,
                    to: s.to,
                    upstream: s.upstream,
                    partial: s.partial,
                    delta: s.upstream * s.partial,
                    running: s.after,
                    nth: received[s.to.index()],
                    of: 0,
                }
            })
            .collect();
        for c in &mut contributions {
            c.of = received[c.to.index()];
        }
        Adjoints {
            adjoints: run.adjoints.clone(),
            contributions,
            gradient: run.gradient.clone(),
        }
    }
}

/// Runs the reverse pass: the output's adjoint is 1; then for each operation in reverse
/// Wengert order, for each operand slot in order, `ū += w̄ · ∂w/∂u`. Operands that depend on
/// no input (constants) receive nothing: their adjoints are never needed.
pub fn reverse(graph: &Graph, trace: &Trace) -> Adjoints {
    reverse_seeded(graph, trace, &[(graph.output(), 1.0)])
}

/// The reverse pass from several outputs at once, each seeded with its weight: the adjoints
/// are uᵀ·J's terms (one row of the Jacobian when u picks one output).
pub fn reverse_seeded(graph: &Graph, trace: &Trace, seeds: &[(NodeId, f64)]) -> Adjoints {
    reverse_folded(graph, trace, None, seeds)
}

/// The reverse pass over the graph with some calls folded into gates: each gate passes its
/// adjoint straight to its operands through its local partials, and the nodes inside it
/// get none. Every kept node's adjoint is the unfolded pass's (the chain rule through a
/// gate sums the same paths). A contribution along a gate's edge carries that edge's number
/// (after the graph's; see [`Folding::edge`]).
pub fn reverse_folded(
    graph: &Graph,
    trace: &Trace,
    folding: Option<&Folding>,
    seeds: &[(NodeId, f64)],
) -> Adjoints {
    super::count(|p| p.reverse += 1);
    let n = graph.node_count();
    let mut adjoints = vec![0.0; n];
    let mut seeded = vec![false; n];
    for &(out, u) in seeds {
        adjoints[out.index()] += u;
        seeded[out.index()] = true;
    }
    let mut received = vec![0usize; n];
    let mut steps = Vec::new();
    let mut into = Vec::new();
    for &w in graph.order().iter().rev() {
        if !(seeded[w.index()] || received[w.index()] > 0) || folding.is_some_and(|f| f.hidden(w)) {
            continue;
        }
        wires(graph, trace, folding, w, &mut into);
        for wire in &into {
            let u = wire.from;
            if graph.node(u).constant {
                continue;
            }
            let upstream = adjoints[w.index()];
            let delta = upstream * wire.partial;
            adjoints[u.index()] += delta;
            received[u.index()] += 1;
            steps.push(Contribution {
                edge: EdgeIndex::new(wire.edge),
                from: w,
                to: u,
                upstream,
                partial: wire.partial,
                delta,
                running: adjoints[u.index()],
                nth: received[u.index()],
                of: 0,
            });
        }
    }
    for c in &mut steps {
        c.of = received[c.to.index()];
    }
    let gradient = graph.inputs().iter().map(|i| adjoints[i.index()]).collect();
    Adjoints {
        adjoints,
        contributions: steps,
        gradient,
    }
}

/// The Jacobian of the outputs by the inputs, one reverse pass per output (row j is
/// ēⱼᵀ·J: the gradient of output j).
pub fn jacobian(graph: &Graph, trace: &Trace) -> Vec<Vec<f64>> {
    graph
        .outputs()
        .iter()
        .map(|&out| {
            reverse_seeded(graph, trace, &[(out, 1.0)])
                .gradient()
                .to_vec()
        })
        .collect()
}
