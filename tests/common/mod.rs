//! What the program tests share: building a program, and checking a table of bad programs
//! (each error's message and where its caret points).

use chainrule::expr::{parse, ParseError};
use chainrule::graph::Graph;

/// Parses and builds `src`.
pub fn build(src: &str) -> Result<Graph, ParseError> {
    parse(src).and_then(|p| Graph::build(&p))
}

/// The error `src` gives (a test failure if it builds).
pub fn error(src: &str) -> ParseError {
    match build(src) {
        Ok(_) => panic!("{src:?} built"),
        Err(e) => e,
    }
}

/// Each `(program, text under the caret, part of the message)` fails as stated.
pub fn errors_point_at(table: &[(&str, &str, &str)]) {
    for &(src, at, needle) in table {
        let e = error(src);
        assert!(e.message.contains(needle), "{src:?}: {e}");
        assert_eq!(&src[e.span.clone()], at, "{src:?}: {e}");
    }
}

/// The chain rule through each foldable call's gate: for every operand u, r̄ · ∂r/∂u (the
/// gate's local partial by its own backward pass) equals what the full reverse pass sends
/// u from the call's nodes. Returns the clusters checked.
#[allow(dead_code)] // used by the function tests only
pub fn gates_agree(g: &Graph, tol: f64) -> usize {
    use chainrule::autodiff::{clusters, evaluate, gate_partials, reverse};
    let t = evaluate(g, &g.point());
    let a = reverse(g, &t);
    let mut checked = 0;
    for c in clusters(g).iter().filter(|c| c.foldable) {
        let partials = gate_partials(g, &t, c);
        for (&u, &p) in c.operands.iter().zip(&partials) {
            let via_gate = a.adjoint(c.result) * p;
            let from_inside: f64 = a
                .contributions()
                .iter()
                .filter(|k| k.to == u && c.nodes.contains(&k.from))
                .map(|k| k.delta)
                .sum();
            let scale = via_gate.abs().max(from_inside.abs()).max(1.0);
            assert!(
                (via_gate - from_inside).abs() <= tol * scale,
                "{}: {via_gate} vs {from_inside}",
                c.label
            );
        }
        checked += 1;
    }
    checked
}

/// Folding every call into its gate keeps every input's gradient (to `tol`, relative) and
/// drops the calls' inner nodes. Returns how many nodes the folded graph keeps.
#[allow(dead_code)] // used by the function tests only
pub fn folding_keeps_the_gradient(g: &Graph, tol: f64) -> usize {
    use chainrule::autodiff::{clusters, evaluate, fold, reverse};
    let t = evaluate(g, &g.point());
    let a = reverse(g, &t);
    let c = clusters(g);
    let all: Vec<usize> = (0..c.len()).collect();
    let f = fold(g, &t, &c, &all);
    for (&x, &want) in g.inputs().iter().zip(a.gradient()) {
        let got = f.adjoints[x.index()];
        let scale = want.abs().max(1.0);
        assert!(
            (got - want).abs() <= tol * scale,
            "{}: folded {got}, unfolded {want}",
            g.node(x).label()
        );
    }
    // Every kept node keeps its value (the trace's): folding changes only what is drawn.
    assert!(f.kept.len() <= g.node_count());
    f.kept.len()
}
