//! Calls folded into gates in a lesson: the gate is one step forward and one contribution
//! per operand backward, through its local partials; its inner nodes are hidden in the
//! drawing; every value and gradient equals the unfolded lesson's, in every mode.

use std::sync::Arc;

use chainrule::analysis::Analysis;
use chainrule::autodiff::{clusters, Folding, Mode, StepKind};
use chainrule::lesson::Lesson;
use chainrule::scene::{scene, scene_folded};

const CS231N: &str = "def sig(z) = 1/(1 + exp(-z)); f = sig(w0*x0 + w1*x1 + w2); \
                      w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3";
const SHARED: &str = "def neuron(x, w, b) { s = x*w + b; return tanh(s) }\n\
                      f = neuron(x1, w, b1) + neuron(x2, w, b2)\n\
                      x1 = 0.5; x2 = -1; w = 0.8; b1 = 0.1; b2 = -0.2";
const NESTED: &str = "def sig(z) = 1/(1 + exp(-z))\ndef neuron(x, w) = sig(x*w)\n\
                      f(a, b) = [neuron(a, b) * a, sig(b)]\na = 0.3; b = -2";

/// The lesson of `src` in `mode`, unfolded and with every call folded.
fn both(src: &str, mode: Mode) -> (Lesson, Lesson) {
    let a = Arc::new(Analysis::new(src).unwrap_or_else(|e| panic!("{}", e.render(src))));
    let plain = Lesson::seeded(
        a.clone(),
        Arc::new(scene(&a, None)),
        mode,
        &[1.0, -2.0, 0.5],
    );
    let c = clusters(a.graph());
    let all: Vec<usize> = (0..c.len()).collect();
    let f = Folding::new(a.graph(), a.trace(), &c, &all);
    let s = scene_folded(&a, Some(&f), None);
    let folded = Lesson::folded(a, Arc::new(s), mode, &[1.0, -2.0, 0.5], Arc::new(f));
    (plain, folded)
}

fn close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (Some(a), Some(b)) => assert!(
            (a - b).abs() <= 1e-12 * a.abs().max(1.0),
            "{what}: {a} vs {b}"
        ),
        (a, b) => assert_eq!(a.is_some(), b.is_some(), "{what}: {a:?} vs {b:?}"),
    }
}

/// At the end of every pass, every node drawn in the folded lesson shows what it shows
/// unfolded: value, adjoint, tangent.
fn agree(src: &str, mode: Mode) {
    let (plain, folded) = both(src, mode);
    let passes = plain.passes().len();
    assert_eq!(passes, folded.passes().len(), "{mode:?}");
    for p in 0..passes {
        let end = |l: &Lesson| {
            (0..l.len())
                .rev()
                .find(|&k| {
                    l.pass_at(k).is_some_and(|(q, _)| q == p)
                        && l.steps_kind(k) != Some(StepKind::Done)
                })
                .expect("the pass's last step")
        };
        let (e1, e2) = (end(&plain), end(&folded));
        for i in 0..plain.node_count() {
            if folded.scene.nodes[i].hidden {
                continue;
            }
            let (a, b) = (plain.shown(i, e1), folded.shown(i, e2));
            let what = format!("{mode:?} pass {p} node {}", plain.scene.nodes[i].id);
            close(a.value, b.value, &what);
            close(a.adjoint, b.adjoint, &what);
            close(a.tangent, b.tangent, &what);
        }
    }
    assert_eq!(plain.gradient(), folded.gradient());
}

#[test]
fn cs231n_sigmoid_folded_is_one_gate_with_the_same_gradient() {
    let (plain, folded) = both(CS231N, Mode::ForwardThenReverse);
    let sc = &folded.scene;
    // Four operations inside sig: three hidden, the result drawn as the gate.
    assert_eq!(sc.nodes.iter().filter(|n| n.hidden).count(), 3);
    let gate = sc
        .nodes
        .iter()
        .position(|n| !n.gate.is_empty())
        .expect("a gate");
    assert_eq!(
        (sc.nodes[gate].label.as_str(), sc.nodes[gate].gate.as_str()),
        ("f = sig", "sig#1")
    );
    let gate_edges: Vec<_> = sc.edges.iter().filter(|e| e.gate).collect();
    assert_eq!(gate_edges.len(), 1, "one operand, z");
    assert!(!gate_edges[0].hidden && !gate_edges[0].path.is_empty());
    assert!(sc.edges.iter().filter(|e| !e.gate).all(|e| e.hidden
        || !sc
            .nodes
            .iter()
            .any(|n| n.hidden && (n.id == e.from || n.id == e.to))));
    assert_eq!(sc.clusters.len(), 1);
    assert!(sc.clusters[0].folded);
    // Three forward steps fewer, and the reverse pass crosses the gate in one step.
    assert_eq!(plain.len() - folded.len(), 3 + 3);
    let (k, c) = (0..folded.len())
        .find_map(|k| match folded.steps_kind(k) {
            Some(StepKind::Contribution { .. }) => {
                let v = folded.step(k)?;
                v.rule_text.contains("local partial").then_some((k, v))
            }
            _ => None,
        })
        .expect("the gate's contribution");
    let s = 1.0 / (1.0 + (-1.0f64).exp());
    assert!(
        c.text.contains("v̄₄ = f̄ · ∂sig/∂v₄ = 1 · 0.1966"),
        "{}",
        c.text
    );
    assert!(
        c.text.ends_with(&format!("{:.4}", s * (1.0 - s))),
        "{}",
        c.text
    );
    assert!(c
        .inner_title
        .starts_with("Inside sig#1: its own backward pass"));
    assert_eq!(
        c.inner.len(),
        4,
        "three inner nodes and the operand: {:?}",
        c.inner_text
    );
    assert!(folded.lit(k).edges().iter().any(|&e| sc.edges[e].gate));
    // The gate's value step shows sig's own forward pass.
    let v = (0..folded.len())
        .filter_map(|k| folded.step(k))
        .find(|v| !v.inner.is_empty() && v.inner_title.contains("forward"))
        .expect("the gate's value step");
    assert_eq!(v.inner.len(), 4);
    assert!(
        v.text.contains("sig(") && v.text.ends_with("0.7311"),
        "{}",
        v.text
    );
    // The five gradients to 4 digits, as CS231n gives them, and equal to the unfolded ones.
    let want = [-0.1966, 0.3932, -0.3932, -0.5898, 0.1966];
    let last = folded.last();
    for (k, (name, i)) in folded.inputs.iter().enumerate() {
        let got = folded.shown(*i, last).adjoint.expect("an adjoint");
        assert!((got - want[k]).abs() < 5e-5, "{name}: {got}");
        close(Some(got), plain.shown(*i, plain.last()).adjoint, name);
    }
    agree(CS231N, Mode::ForwardThenReverse);
}

#[test]
fn a_shared_weight_sums_both_gates_contributions() {
    let (_, folded) = both(SHARED, Mode::ForwardThenReverse);
    let w = folded.inputs.iter().find(|(n, _)| n == "w").expect("w").1;
    let into_w: Vec<String> = (0..folded.len())
        .filter(|&k| folded.lit(k).nodes().first() == Some(&w))
        .filter_map(|k| folded.step(k))
        .filter(|v| v.rule_text.contains("local partial"))
        .map(|v| v.note)
        .collect();
    assert_eq!(into_w.len(), 2, "{into_w:?}");
    assert!(into_w[1].starts_with("2 of 2 contributions"), "{into_w:?}");
    agree(SHARED, Mode::ForwardThenReverse);
}

#[test]
fn folded_and_unfolded_agree_in_every_mode() {
    for src in [CS231N, SHARED, NESTED] {
        for mode in [
            Mode::ForwardThenReverse,
            Mode::Tangent { seed: 1 },
            Mode::Tangents,
            Mode::Direction,
            Mode::Cotangent,
        ] {
            agree(src, mode);
        }
    }
}

#[test]
fn a_call_inside_a_folded_call_has_no_frame_of_its_own() {
    let a = Analysis::new(NESTED).expect("parses");
    let c = clusters(a.graph());
    let outer = c
        .iter()
        .position(|c| c.function == "neuron")
        .expect("neuron");
    let f = Folding::new(a.graph(), a.trace(), &c, &[outer]);
    let s = scene_folded(&a, Some(&f), None);
    let frames: Vec<(&str, bool)> = s
        .clusters
        .iter()
        .map(|c| (c.id.as_str(), c.folded))
        .collect();
    // neuron#1 folded (its sig#1 inside it has no frame); the second sig call is unfolded.
    assert_eq!(frames, [("neuron#1", true), ("sig#2", false)]);
}

#[test]
fn a_gate_stands_for_the_paths_inside_it() {
    // z*z + z has three paths from z to its result (two through the product, one around
    // it); folded, one edge with their sum, 2z + 1 = 7, times the 2 outside.
    let (plain, folded) = both(
        "def g(z) = z*z + z; f = g(x) * 2; x = 3",
        Mode::ForwardThenReverse,
    );
    let (p, q) = (plain.paths(0).expect("x"), folded.paths(0).expect("x"));
    assert_eq!((p.count, q.count), (3, 1));
    assert_eq!((p.sum, q.sum, q.adjoint), (14.0, 14.0, 14.0));
    assert_eq!(q.listed[0].text, "7 · 2 = 14");
    assert!(q.listed[0]
        .edges
        .iter()
        .any(|&e| folded.scene.edges[e].gate));
    assert!(q.listed[0]
        .edges
        .iter()
        .all(|&e| !folded.scene.edges[e].hidden));
}
