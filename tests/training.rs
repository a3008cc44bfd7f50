//! Training (issue 15): gradient descent over the parameters, checked against the same
//! descent computed here by hand.

use chainrule::autodiff::{train, Descent};
use chainrule::expr::parse;
use chainrule::graph::Graph;

fn graph(src: &str) -> Graph {
    parse(src)
        .and_then(|p| Graph::build(&p))
        .unwrap_or_else(|e| panic!("{}", e.render(src)))
}

#[test]
fn w_minus_3_squared_descends_as_the_issue_says() {
    let g = graph("L = (w - 3)^2; w = 0");
    let run = train(
        &g,
        None,
        &[0],
        Descent {
            rate: 0.1,
            momentum: 0.0,
        },
        3,
    );
    let w: Vec<f64> = run.iter().map(|i| i.next[0]).collect();
    let loss: Vec<f64> = run.iter().map(|i| i.loss).collect();
    for (got, want) in w.iter().zip([0.6, 1.08, 1.464]) {
        assert!((got - want).abs() < 1e-12, "{w:?}");
    }
    for (got, want) in loss.iter().zip([9.0, 5.76, 3.6864]) {
        assert!((got - want).abs() < 1e-12, "{loss:?}");
    }
    assert_eq!(run[0].gradient, vec![-6.0]);
    assert_eq!(run[1].params, vec![run[0].next[0]]);
}

#[test]
fn momentum_follows_pytorch_sgd() {
    // v ← μv + g; w ← w − ηv, by hand.
    let g = graph("L = (w - 3)^2 + 0.5*(b + 1)^2; w = 0; b = 2");
    let run = train(
        &g,
        None,
        &[0, 1],
        Descent {
            rate: 0.05,
            momentum: 0.9,
        },
        25,
    );
    let (mut w, mut b, mut vw, mut vb) = (0.0f64, 2.0f64, 0.0, 0.0);
    for it in &run {
        assert_eq!(it.params, vec![w, b]);
        let loss = (w - 3.0).powi(2) + 0.5 * (b + 1.0).powi(2);
        assert!((it.loss - loss).abs() < 1e-12);
        let (gw, gb) = (2.0 * (w - 3.0), b + 1.0);
        vw = 0.9 * vw + gw;
        vb = 0.9 * vb + gb;
        w -= 0.05 * vw;
        b -= 0.05 * vb;
        assert!((it.next[0] - w).abs() < 1e-12 && (it.next[1] - b).abs() < 1e-12);
    }
}

#[test]
fn logistic_regression_on_four_points_converges() {
    // Four points (x, y) with y = ±1, not separable (so the loss has a minimum):
    // L = Σ ln(1 + exp(-y (w x + b))).
    let pts = [(1.0, 1.0), (2.0, 1.0), (-1.0, -1.0), (1.5, -1.0)];
    let terms: Vec<String> = (1..=4)
        .map(|k| format!("ln(1 + exp(-y{k}*(w*x{k} + b)))"))
        .collect();
    let mut src = format!("L = {}\nw = 0; b = 0\n", terms.join(" + "));
    for (k, (x, y)) in pts.iter().enumerate() {
        src.push_str(&format!("x{0} = {x:?}; y{0} = {y:?}\n", k + 1));
    }
    let g = graph(&src);
    let names: Vec<&str> = g.inputs().iter().map(|&i| g.node(i).label()).collect();
    let p: Vec<usize> = ["w", "b"]
        .iter()
        .map(|n| names.iter().position(|m| m == n).expect("an input"))
        .collect();
    let run = train(
        &g,
        None,
        &p,
        Descent {
            rate: 0.5,
            momentum: 0.0,
        },
        200,
    );
    assert_eq!(run.len(), 200);
    // The same descent by hand.
    let (mut w, mut b) = (0.0f64, 0.0f64);
    for it in &run {
        let (mut loss, mut gw, mut gb) = (0.0, 0.0, 0.0);
        for &(x, y) in &pts {
            let m = -y * (w * x + b);
            loss += (1.0 + m.exp()).ln();
            let s = 1.0 / (1.0 + (-m).exp()); // d/dm ln(1 + e^m)
            gw += s * -y * x;
            gb += s * -y;
        }
        assert!((it.loss - loss).abs() < 1e-9, "{} vs {loss}", it.loss);
        assert!((it.gradient[0] - gw).abs() < 1e-9 && (it.gradient[1] - gb).abs() < 1e-9);
        w -= 0.5 * gw;
        b -= 0.5 * gb;
    }
    // It falls every iteration until it has converged to the last digit.
    assert!(run[..60].windows(2).all(|p| p[1].loss < p[0].loss));
    assert!(run.windows(2).all(|p| p[1].loss <= p[0].loss));
    let last = &run[199];
    let norm = last.gradient.iter().map(|g| g * g).sum::<f64>().sqrt();
    assert!(norm < 1e-2, "gradient norm {norm}");
}

#[test]
fn a_diverging_run_stops_at_the_first_non_finite_number() {
    let g = graph("L = exp(w*w); w = 3");
    let run = train(
        &g,
        None,
        &[0],
        Descent {
            rate: 10.0,
            momentum: 0.0,
        },
        50,
    );
    assert!(run.len() < 50);
    let last = run.last().expect("at least one");
    assert!(!last.loss.is_finite() || !last.next[0].is_finite());
}

#[test]
fn param_marks_the_inputs_training_updates() {
    let g = graph("param w = 0\nL = (w - 3)^2 + c\nc = 1");
    let names: Vec<&str> = g
        .params()
        .iter()
        .map(|&k| g.node(g.inputs()[k]).label())
        .collect();
    assert_eq!(names, ["w"]);
    let run = train(
        &g,
        None,
        g.params(),
        Descent {
            rate: 0.1,
            momentum: 0.0,
        },
        1,
    );
    assert!((run[0].next[0] - 0.6).abs() < 1e-12);
    // `param` is still a name where it is assigned.
    let g = graph("param = 3; f = param * 2");
    assert!(g.params().is_empty());
}

#[test]
fn a_param_that_is_not_an_input_is_an_error_at_its_name() {
    // Each with where the caret goes: the first character of the last string given.
    let cases = [
        (
            "x = 2\nparam w = x * 2\nL = w^2",
            "param w is not an input",
            "w = x",
        ),
        ("param w = 1\nL = 3", "param w is not an input", "w = 1"),
        (
            "for i in 0..2 {\n  param w = 1\n}\nL = 2",
            "param is written at the top level",
            "param w",
        ),
        (
            "param 3 = 1\nL = 2",
            "expected a name after 'param'",
            "3 = 1",
        ),
        (
            "param w 1\nL = w",
            "expected '=' and the parameter's value",
            "1\n",
        ),
    ];
    for (src, message, at) in cases {
        let err = parse(src).and_then(|p| Graph::build(&p)).expect_err(src);
        assert!(err.message.contains(message), "{src}: {}", err.message);
        let at = src.find(at).expect("the marker");
        assert_eq!(err.span.start, at, "{src}: {}", err.render(src));
    }
}

#[test]
fn a_program_that_branches_takes_each_points_own_branch() {
    // |w - 3| written with a branch: the graph at w = 0 holds only 3 - w; training must
    // switch to w - 3 once w passes 3 (rate 1: 0 → 1 → 2 → 3 → ... it oscillates at 3).
    let src = "param w = 0.5\nif w < 3 {\n  L = 3 - w\n} else {\n  L = w - 3\n}";
    let program = parse(src).expect("parses");
    let g = Graph::build(&program).expect("builds");
    let run = train(
        &g,
        Some(&program),
        &[0],
        Descent {
            rate: 1.0,
            momentum: 0.0,
        },
        5,
    );
    let w: Vec<f64> = run.iter().map(|i| i.next[0]).collect();
    assert_eq!(w, vec![1.5, 2.5, 3.5, 2.5, 3.5]);
    let grads: Vec<f64> = run.iter().map(|i| i.gradient[0]).collect();
    assert_eq!(grads, vec![-1.0, -1.0, -1.0, 1.0, -1.0]);
    // Without the program the first graph's branch is kept: wrong past 3.
    let stale = train(
        &g,
        None,
        &[0],
        Descent {
            rate: 1.0,
            momentum: 0.0,
        },
        5,
    );
    assert_eq!(stale[3].gradient[0], -1.0);
}

/// The contributions along the chain's backbone, from the output down.
fn backbone(src: &str) -> Vec<f64> {
    use chainrule::analysis::Analysis;
    use chainrule::lesson::Lesson;
    use std::sync::Arc;
    let a = Arc::new(Analysis::new(src).expect("builds"));
    let s = Arc::new(chainrule::scene::scene(&a, None));
    let l = Lesson::new(a.clone(), s, chainrule::autodiff::Mode::ForwardThenReverse);
    let g = a.graph();
    let flows = l.flows();
    // Walk down from the output along the operand that is not a weight or constant.
    let mut out = Vec::new();
    let mut at = g.output();
    loop {
        let next = g.edges_into(at).iter().copied().find(|&e| {
            let u = g.edge(e).0;
            !g.node(u).constant && g.node(u).label() != "w"
        });
        let Some(e) = next else { break };
        if let Some(f) = flows[e.index()] {
            out.push(f.abs());
        }
        at = g.edge(e).0;
    }
    out
}

#[test]
fn gradient_flow_vanishes_down_a_sigmoid_chain_and_explodes_down_a_tanh_chain() {
    let p = |id: &str| {
        chainrule::presets::PRESETS
            .iter()
            .find(|p| p.id == id)
            .expect("preset")
            .program
    };
    let sig = backbone(p("sigmoid-chain"));
    assert_eq!(sig.len(), 10);
    assert!(sig.windows(2).all(|w| w[1] < w[0]), "falls: {sig:?}");
    assert!(sig[9] < 1e-6, "{sig:?}");
    let tanh = backbone(p("tanh-chain"));
    assert!(tanh.len() >= 10);
    assert!(
        tanh.last() > tanh.first(),
        "grows from the output down: {tanh:?}"
    );
    assert!(*tanh.last().expect("some") > 100.0, "{tanh:?}");
}

#[test]
fn the_update_is_stepped_after_the_reverse_pass() {
    use chainrule::analysis::Analysis;
    use chainrule::autodiff::{Mode, StepKind};
    use chainrule::lesson::{Lesson, Update};
    use std::sync::Arc;
    let a = Arc::new(Analysis::new("param w = 0\nL = (w - 3)^2").expect("builds"));
    let s = Arc::new(chainrule::scene::scene(&a, None));
    let descent = Descent {
        rate: 0.1,
        momentum: 0.0,
    };
    let u = Arc::new(Update::new(&a, a.graph().params(), descent, &[]));
    let l = Lesson::trained(a.clone(), s, Mode::ForwardThenReverse, None, u);
    let k = (0..l.len())
        .find(|&k| l.steps_kind(k) == Some(StepKind::Update(0)))
        .expect("an update step");
    assert_eq!(l.steps_kind(k + 1), Some(StepKind::Done));
    let v = l.step(k).expect("a view");
    assert_eq!(v.phase, "Update 1/1: w ← w − η·∂L/∂w");
    assert_eq!(v.text, "w = w − η · ∂L/∂w = 0 − 0.1 · (−6) = 0.6");
    assert_eq!(v.note, "w: 0 → 0.6 (η = 0.1)");
    let (name, value) = v.answer.expect("a question");
    assert_eq!(name, "w");
    assert!((value - 0.6).abs() < 1e-15);
    let w = l.inputs[0].1;
    assert_eq!(l.shown(w, k - 1).value, Some(0.0));
    assert_eq!(l.shown(w, k).value, Some(value));
    // The gradient phase still ends where the reverse pass does.
    assert!(l
        .step(k - 1)
        .expect("v")
        .phase
        .contains("gradient complete"));
}
