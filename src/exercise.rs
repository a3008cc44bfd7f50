//! Everything the page computes for a program text, run natively in one call: what the
//! fuzzer (`examples/fuzz.rs`) and its corpus test drive with hostile input. A panic here
//! is a panic the page would die of.

use std::sync::Arc;

use crate::analysis::Analysis;
use crate::autodiff::{run_engine, Engine, Mode};
use crate::codegen::{backward_program, script, Asks, Syntax};
use crate::lesson::Lesson;
use crate::link::{decode, encode, Link};
use crate::scene::scene;
use crate::symbolic::differentiate;

/// At most this many steps of a lesson are shown (its first and last ones, and a sample
/// between), so a 10,000-operation program takes milliseconds, not minutes.
const STEPS: usize = 400;

/// What happened to one text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exercised {
    /// Whether it parsed and built (else it met an error, which is fine).
    pub built: bool,
    /// The graph's nodes.
    pub nodes: usize,
    /// Lesson steps shown, over every mode.
    pub steps: usize,
}

/// Runs `text` through the page's whole path: the link round trip, parse, graph and
/// analysis, the scene and its layout, every mode's lesson at its steps (views, rows, paths,
/// the Jacobian panel, the checks), each engine, the symbolic panel (first and second
/// derivatives), the exports (CSV, LaTeX, DOT, SVG, JAX, PyTorch, the backward program).
pub fn exercise(text: &str) -> Exercised {
    let link = Link {
        program: text.to_string(),
        ..Link::default()
    };
    let back = decode(&encode(&link));
    assert_eq!(
        back,
        Ok(Some(link)),
        "the link round trip changed the program"
    );
    let Ok(a) = Analysis::new(text) else {
        return Exercised::default();
    };
    let a = Arc::new(a);
    let drawn = Arc::new(scene(&a, None));
    let graph = a.graph();
    let mut out = Exercised {
        built: true,
        nodes: graph.node_count(),
        steps: 0,
    };
    let inputs = graph.inputs().len();
    let modes = [
        Mode::ForwardThenReverse,
        Mode::Tangents,
        Mode::Tangent { seed: 0 },
        Mode::Tangent {
            seed: inputs.saturating_sub(1),
        },
        Mode::Direction,
        Mode::Cotangent,
    ];
    for mode in modes {
        let lesson = Lesson::new(Arc::clone(&a), Arc::clone(&drawn), mode);
        out.steps += walk(&lesson);
    }
    let first = Lesson::new(Arc::clone(&a), Arc::clone(&drawn), Mode::ForwardThenReverse);
    for k in 0..inputs.min(4) {
        let _ = first.paths(k);
    }
    let _ = first.cost();
    let _ = first.finite_differences();
    let _ = crate::export::csv(&first);
    let _ = crate::export::latex(&first);
    let _ = crate::export::dot(&first);
    let _ = crate::export::svg(&first, first.last(), &|c: &str| c.to_string());
    for engine in Engine::ALL {
        let _ = run_engine(graph, a.trace(), engine, 20_000);
    }
    if graph.node_count() <= 2_000 {
        let lesson = Lesson::with_engine(Arc::clone(&a), Arc::clone(&drawn), Engine::Recursive);
        out.steps += walk(&lesson);
    }
    let symbolic = differentiate(graph);
    for k in 0..symbolic.len().min(8) {
        let _ = symbolic.text(k);
        let _ = symbolic.formula(k);
    }
    if let Some(second) = symbolic.second(3) {
        for k in 0..second.len() {
            let _ = second.text(k);
        }
    }
    let program = crate::expr::parse(text).ok();
    for syntax in [Syntax::Jax, Syntax::Torch] {
        let _ = script(
            graph,
            program.as_ref(),
            syntax,
            "fuzz",
            Asks { hessian: true },
        );
    }
    let backward = backward_program(graph);
    if backward.len() <= 20_000 {
        if let Ok(b) = Analysis::new(&backward) {
            let _ = scene(&b, None);
        }
    }
    out
}

/// Shows a lesson's steps (all of a short one; the ends and a sample of a long one): the
/// step panel, the lit nodes, every node's box, the table's rows, the Jacobian panel.
fn walk(lesson: &Lesson) -> usize {
    let n = lesson.len();
    let stride = (n / STEPS).max(1);
    let mut shown = 0;
    let mut k = 0;
    while k < n {
        let _ = lesson.step(k);
        let lit = lesson.lit(k);
        for i in lit.nodes().iter().copied().take(8) {
            let _ = lesson.shown(i, k);
            let _ = lesson.row(i);
        }
        let _ = lesson.jacobian_at(k);
        let _ = lesson.dual_rule(k);
        shown += 1;
        k = if k + 2 >= n {
            k + 1
        } else {
            (k + stride).min(n - 1)
        };
    }
    shown
}
