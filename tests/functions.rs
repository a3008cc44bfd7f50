//! Functions (issue 14, first part): `def`, inlined at every call, each node tagged with its
//! call; the errors a definition or a call can have.

mod common;
use common::{build, error, folding_keeps_the_gradient, gates_agree};

use chainrule::autodiff::{clusters, evaluate, gate_partials, reverse};
use chainrule::expr::parse;
use chainrule::graph::Graph;

fn graph(src: &str) -> Graph {
    build(src).unwrap_or_else(|e| panic!("{}", e.render(src)))
}

fn gradient(g: &Graph) -> Vec<(String, f64)> {
    let t = evaluate(g, &g.point());
    let grad = reverse(g, &t).gradient().to_vec();
    g.inputs()
        .iter()
        .map(|&i| g.node(i).label().to_string())
        .zip(grad)
        .collect()
}

#[test]
fn cs231n_neuron_with_the_sigmoid_as_a_function() {
    let g = graph(
        "def sig(z) = 1/(1 + exp(-z)); f = sig(w0*x0 + w1*x1 + w2); \
         w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3",
    );
    let t = evaluate(&g, &g.point());
    assert!((t.value(g.output()) - 0.7311).abs() < 5e-5);
    let want = [
        ("w0", -0.1966),
        ("x0", 0.3932),
        ("w1", -0.3932),
        ("x1", -0.5898),
        ("w2", 0.1966),
    ];
    let got = gradient(&g);
    for (name, d) in want {
        let (_, v) = got.iter().find(|(n, _)| n == name).expect(name);
        assert!((v - d).abs() < 5e-5, "{name}: {v} vs {d}");
    }
    // The same as written out: functions are inlined.
    let inline =
        graph("f = 1/(1 + exp(-(w0*x0 + w1*x1 + w2))); w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3");
    for ((_, a), (_, b)) in gradient(&g).iter().zip(gradient(&inline)) {
        assert!((a - b).abs() < 1e-12);
    }
}

#[test]
fn a_neuron_called_twice_with_a_shared_weight_sums_both_calls() {
    let src = "def neuron(x, w, b) { s = x*w + b; return tanh(s) }\n\
               f = neuron(x1, w, b1) + neuron(x2, w, b2)\n\
               x1 = 0.5; x2 = -1; w = 0.8; b1 = 0.1; b2 = -0.2";
    let g = graph(src);
    let d = |x: f64, b: f64| x * (1.0 - (x * 0.8 + b).tanh().powi(2));
    let want = d(0.5, 0.1) + d(-1.0, -0.2);
    let got = gradient(&g);
    let (_, w) = got.iter().find(|(n, _)| n == "w").unwrap();
    assert!((w - want).abs() < 1e-12, "{w} vs {want}");
    // Every node a call made says which call: neuron#1, neuron#2.
    let labels: Vec<String> = g.order().iter().filter_map(|&i| g.call_label(i)).collect();
    assert!(labels.contains(&"neuron#1".to_string()), "{labels:?}");
    assert!(labels.contains(&"neuron#2".to_string()), "{labels:?}");
    assert_eq!(g.calls().len(), 2);
    // A function's own names are its own: the s of each call is a node named s.
    let s = g
        .order()
        .iter()
        .filter(|&&i| g.node(i).name.as_deref() == Some("s"))
        .count();
    assert_eq!(s, 2);
}

#[test]
fn functions_call_functions_defined_before_or_after_and_read_names_defined_once() {
    let g =
        graph("f = outer(x); def outer(z) = 2 * inner(z) + k; def inner(z) = z * z; k = 1; x = 3");
    let t = evaluate(&g, &g.point());
    assert_eq!(t.value(g.output()), 19.0);
    assert_eq!(
        gradient(&g),
        [("x".to_string(), 12.0), ("k".to_string(), 1.0)]
    );
}

#[test]
fn each_error_points_at_its_cause() {
    let table = [
        (
            "def f(z) = f(z) + 1; y = f(2)",
            "f",
            "f calls itself; recursion is not supported",
        ),
        (
            "def f(z) = g(z); def g(z) = f(z) * 2; y = f(x); x = 1",
            "f",
            "f calls itself through f -> g -> f",
        ),
        (
            "def sq(z) = z*z; y = sq(x, x); x = 1",
            "sq",
            "sq takes 1 argument, 2 given",
        ),
        (
            "def neuron(z) = tanh(z); y = neurn(x); x = 1",
            "neurn",
            "did you mean neuron?",
        ),
        (
            "def sin(z) = z; y = sin(x); x = 1",
            "sin",
            "'sin' is a built-in function",
        ),
        (
            "def f(a, a) = a; y = f(1, 2)",
            "a",
            "the parameter 'a' is named twice",
        ),
        ("return x; x = 1", "return x", "'return' outside a function"),
        (
            "def f(z) { s = z * 2 }; y = f(1)",
            "def f(z) { s = z * 2 }",
            "ends without 'return'",
        ),
        (
            "def f(z) = z * q; y = f(x); x = 1",
            "q",
            "'q' is not a parameter of f",
        ),
    ];
    common::errors_point_at(&table);
}

#[test]
fn the_printer_round_trips_definitions() {
    let src = "def neuron(x, w, b) { s = x*w + b; s += 1; return tanh(s) }\ndef sig(z) = 1/(1 + exp(-z))\ny = neuron(1, 2, 3) + sig(0)";
    let once = parse(src).unwrap().to_string();
    assert_eq!(parse(&once).unwrap().to_string(), once);
}

#[test]
fn several_outputs_and_their_jacobian_row_by_row_and_column_by_column() {
    use chainrule::autodiff::{jacobian, reverse_seeded, tangents};
    let g = graph(
        "f(x0, x1, x2) = [x0^2 + x1^2 - x1*x2, x0^2 - x1^2 + 3*x0*x2]; x0 = 3; x1 = 4; x2 = 5",
    );
    assert_eq!(g.outputs().len(), 2);
    let t = evaluate(&g, &g.point());
    let j = jacobian(&g, &t);
    assert_eq!(j, [[6.0, 3.0, -4.0], [21.0, -8.0, 9.0]]);
    // Forward mode: one column per input.
    for i in 0..3 {
        let mut seed = [0.0; 3];
        seed[i] = 1.0;
        let tan = tangents(&g, &t, &seed);
        for (row, &out) in g.outputs().iter().enumerate() {
            assert_eq!(tan.tangent(out), j[row][i]);
        }
    }
    // uᵀ(Jv) both ways.
    let (u, v) = ([1.0, -2.0], [0.5, 1.0, -1.0]);
    let jv = tangents(&g, &t, &v);
    let left: f64 = g
        .outputs()
        .iter()
        .zip(u)
        .map(|(&o, u)| u * jv.tangent(o))
        .sum();
    let seeds: Vec<_> = g.outputs().iter().copied().zip(u).collect();
    let ujt = reverse_seeded(&g, &t, &seeds);
    let right: f64 = ujt.gradient().iter().zip(v).map(|(a, v)| a * v).sum();
    assert!((left - right).abs() < 1e-12);
    // Outputs named elsewhere keep their names; others are f1, f2.
    let names = |g: &Graph| -> Vec<String> {
        g.outputs()
            .iter()
            .map(|&o| g.node(o).label().to_string())
            .collect()
    };
    assert_eq!(names(&g), ["f1", "f2"]);
    let g = graph("f(a, b) = [y1, y2]; y1 = a*b; y2 = a + b; a = 2; b = 3");
    assert_eq!(names(&g), ["y1", "y2"]);
    assert_eq!(
        jacobian(&g, &evaluate(&g, &g.point())),
        [[3.0, 2.0], [1.0, 1.0]]
    );
}

#[test]
fn a_list_of_outputs_inside_an_expression_is_an_error() {
    let e = error("y = [a, b] * 2; a = 1; b = 2");
    assert!(
        e.message
            .contains("a list [..] of outputs stands only on the right of f(...)"),
        "{e}"
    );
    assert_eq!(e.span.start, 4);
}

#[test]
fn each_call_is_a_gate_whose_local_gradient_is_its_own_backward_pass() {
    // CS231n: the sigmoid gate at z = 1 has local gradient σ(1)(1 − σ(1)) = 0.1966.
    let g = graph(
        "def sig(z) = 1/(1 + exp(-z)); f = sig(w0*x0 + w1*x1 + w2); \
         w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3",
    );
    let c = clusters(&g);
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].label.as_str(), c[0].function.as_str()),
        ("sig#1", "sig")
    );
    assert!(c[0].foldable);
    assert_eq!(c[0].result, g.output());
    assert_eq!(c[0].operands.len(), 1, "the gate's one input, z");
    let t = evaluate(&g, &g.point());
    let s = 1.0 / (1.0 + (-1.0f64).exp());
    let local = gate_partials(&g, &t, &c[0]);
    assert!((local[0] - s * (1.0 - s)).abs() < 1e-15, "{local:?}");
    assert!((local[0] - 0.1966).abs() < 5e-5);
    assert_eq!(gates_agree(&g, 1e-12), 1);
    // Folded, the sigmoid's four operations are one gate: the same five gradients.
    let kept = folding_keeps_the_gradient(&g, 1e-12);
    assert_eq!(g.node_count() - kept, c[0].nodes.len() - 1);
    // Two calls of a neuron sharing a weight: two gates, each with three operands.
    let g = graph(
        "def neuron(x, w, b) { s = x*w + b; return tanh(s) }\n\
         f = neuron(x1, w, b1) + neuron(x2, w, b2)\n\
         x1 = 0.5; x2 = -1; w = 0.8; b1 = 0.1; b2 = -0.2",
    );
    let c = clusters(&g);
    let labels: Vec<&str> = c.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["neuron#1", "neuron#2"]);
    assert!(c.iter().all(|c| c.operands.len() == 3));
    assert_eq!(gates_agree(&g, 1e-12), 2);
    folding_keeps_the_gradient(&g, 1e-12);
    // A call inside a call: the outer cluster holds the inner one's nodes.
    let g = graph(
        "def sig(z) = 1/(1 + exp(-z))\ndef neuron(x, w) = sig(x*w)\nf = neuron(a, b) * a\na = 0.3; b = -2",
    );
    let c = clusters(&g);
    let outer = c.iter().find(|c| c.function == "neuron").expect("neuron");
    let inner = c.iter().find(|c| c.function == "sig").expect("sig");
    assert!(inner.nodes.iter().all(|n| outer.nodes.contains(n)));
    assert_eq!(outer.result, inner.result);
    assert_eq!(gates_agree(&g, 1e-12), 2);
    folding_keeps_the_gradient(&g, 1e-12);
}
