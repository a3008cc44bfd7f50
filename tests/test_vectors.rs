//! Every number of ../shared/reference/test-vectors.md, to 1e-9.

// The published digits are the point here, even where they equal a std constant.
#![allow(clippy::approx_constant)]

use std::sync::Arc;

use chainrule::analysis::Analysis;
use chainrule::autodiff::{evaluate, paths, reverse, tangents, Mode, StepKind, Timeline};
use chainrule::expr::parse;
use chainrule::formula::text;
use chainrule::graph::{Graph, NodeId};
use chainrule::lesson::Lesson;

const TOL: f64 = 1e-9;
const BAYDIN: &str = "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5";

fn build(src: &str) -> Graph {
    let program = parse(src).unwrap_or_else(|e| panic!("{}", e.render(src)));
    Graph::build(&program).unwrap_or_else(|e| panic!("{}", e.render(src)))
}

fn by_id(g: &Graph, id: &str) -> NodeId {
    *g.order()
        .iter()
        .find(|&&n| g.node(n).id == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

fn close(got: f64, want: f64) {
    assert!((got - want).abs() <= TOL, "got {got}, want {want}");
}

#[test]
fn seed_article_values_gradient_and_paths() {
    let g = build("f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3");
    let t = evaluate(&g, &g.point());
    close(t.value(by_id(&g, "v1")), 4.0);
    close(t.value(by_id(&g, "v2")), 6.0);
    close(t.value(g.output()), 10.0);
    let adj = reverse(&g, &t);
    close(adj.gradient()[0], 4.0);
    close(adj.gradient()[1], 2.0);
    let p1 = paths(&g, &t, g.inputs()[0]);
    assert_eq!(p1.count, 1);
    close(p1.listed[0].product, 4.0);
    let p2 = paths(&g, &t, g.inputs()[1]);
    close(p2.listed[0].product, 2.0);
}

#[test]
fn baydin_table_2_primal_trace_in_the_papers_numbering() {
    let g = build("f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5");
    let t = evaluate(&g, &g.point());
    let table = [
        ("v-1", "x₁", 2.0),
        ("v0", "x₂", 5.0),
        ("v1", "ln(x₁)", 0.693147180559945),
        ("v2", "x₁ · x₂", 10.0),
        ("v3", "sin(x₂)", -0.958924274663138),
        ("v4", "v₁ + v₂", 10.6931471805599),
        ("v5", "v₄ − v₃", 11.6520714552231),
    ];
    for (id, def, value) in table {
        let n = by_id(&g, id);
        assert_eq!(text(&g.definition(n)), def, "{id}");
        assert!(
            (t.value(n) - value).abs() < 1e-12 * value.abs().max(1.0) * 1e3,
            "{id}: {}",
            t.value(n)
        );
    }
    assert_eq!(g.node(g.output()).id, "v5");
}

#[test]
fn baydin_tangent_trace_seeded_on_x1() {
    let g = build("f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5");
    let t = evaluate(&g, &g.point());
    let d = tangents(&g, &t, &[1.0, 0.0]);
    for (id, want) in [
        ("v-1", 1.0),
        ("v0", 0.0),
        ("v1", 0.5),
        ("v2", 5.0),
        ("v3", 0.0),
        ("v4", 5.5),
        ("v5", 5.5),
    ] {
        close(d.tangent(by_id(&g, id)), want);
    }
}

#[test]
fn baydin_table_3_adjoint_trace_in_the_papers_order() {
    let g = build("f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5");
    let t = evaluate(&g, &g.point());
    let adj = reverse(&g, &t);
    let steps: Vec<(String, f64)> = adj
        .contributions()
        .iter()
        .map(|c| (g.node(c.to).id.clone(), c.running))
        .collect();
    let want = [
        ("v4", 1.0),
        ("v3", -1.0),
        ("v1", 1.0),
        ("v2", 1.0),
        ("v0", -0.283662185463226),
        ("v-1", 5.0),
        ("v0", 1.71633781453677),
        ("v-1", 5.5),
    ];
    assert_eq!(steps.len(), want.len());
    for ((id, v), (wid, wv)) in steps.iter().zip(want) {
        assert_eq!(id, wid);
        close(*v, wv);
    }
    close(adj.gradient()[0], 5.5);
    close(adj.gradient()[1], 1.71633781453677);
    // The wrong copies circulating on the web.
    for wrong in [2.284, 2.716] {
        assert!((adj.gradient()[1] - wrong).abs() > 0.1);
    }
}

#[test]
fn olah_paths_sum_to_the_adjoint() {
    let g = build("c = a + b; d = b + 1; e = c * d; a = 2; b = 1");
    let t = evaluate(&g, &g.point());
    let names: Vec<&str> = g.inputs().iter().map(|&i| g.node(i).label()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(g.output_name(), Some("e"));
    for (name, want) in [("c", 3.0), ("d", 2.0), ("e", 6.0)] {
        let n = *g
            .order()
            .iter()
            .find(|&&n| g.node(n).label() == name)
            .unwrap();
        close(t.value(n), want);
    }
    let adj = reverse(&g, &t);
    close(adj.gradient()[0], 2.0);
    close(adj.gradient()[1], 5.0);
    let pb = paths(&g, &t, g.inputs()[1]);
    assert_eq!(pb.count, 2);
    let mut products: Vec<f64> = pb.listed.iter().map(|p| p.product).collect();
    products.sort_by(f64::total_cmp);
    assert_eq!(products, [2.0, 3.0]);
}

fn value_and_gradient(src: &str) -> (f64, Vec<f64>, Graph) {
    let g = build(src);
    let t = evaluate(&g, &g.point());
    let adj = reverse(&g, &t);
    (t.value(g.output()), adj.gradient().to_vec(), g)
}

#[test]
fn edge_cases_with_known_answers() {
    let table: [(&str, f64, &[f64]); 6] = [
        ("a = 3; b = a + a", 6.0, &[2.0]),
        ("x = 3; f = x*x", 9.0, &[6.0]),
        ("x = -2; f = -x^2", -4.0, &[4.0]),
        ("f = 2^3^2", 512.0, &[]),
        ("x = 0; f = relu(x)", 0.0, &[0.0]),
        ("x = 0; f = abs(x)", 0.0, &[0.0]),
    ];
    for (src, value, gradient) in table {
        let (v, grad, _) = value_and_gradient(src);
        close(v, value);
        assert_eq!(grad.len(), gradient.len(), "{src}");
        for (g, w) in grad.iter().zip(gradient) {
            close(*g, *w);
        }
    }
}

#[test]
fn a_node_used_twice_accumulates_two_contributions() {
    let (_, _, g) = value_and_gradient("a = 3; b = a + a");
    assert_eq!(g.node_count(), 2, "one node a, one +");
    assert_eq!(g.edge_count(), 2, "two edges from a into +");
    let t = evaluate(&g, &g.point());
    let adj = reverse(&g, &t);
    let into_a: Vec<_> = adj
        .contributions()
        .iter()
        .filter(|c| c.to == g.inputs()[0])
        .collect();
    assert_eq!(into_a.len(), 2);
    assert_eq!((into_a[1].nth, into_a[1].of), (2, 2));
    close(into_a[1].running, 2.0);
}

#[test]
fn ln_of_a_negative_is_nan_flagged_at_the_node() {
    let (v, grad, g) = value_and_gradient("x = -1; f = ln(x)");
    assert!(v.is_nan() && grad[0].is_nan());
    let t = evaluate(&g, &g.point());
    assert_eq!(t.issue(g.output()), Some("ln of a negative number"));
}

#[test]
fn the_timeline_tells_forward_then_reverse() {
    let a = Arc::new(Analysis::new(BAYDIN).unwrap());
    let g = a.graph();
    let tl = Timeline::new(&a, Mode::ForwardThenReverse, &[]);
    // Start, 7 values, the seed, 8 contributions, done.
    assert_eq!(tl.steps().len(), 1 + 7 + 1 + 8 + 1);
    let scene = Arc::new(chainrule::scene::scene(&a, None));
    let l = Lesson::new(Arc::clone(&a), Arc::clone(&scene), Mode::ForwardThenReverse);
    assert_eq!(l.step(3).unwrap().phase, "Forward pass 3/7");
    let v3 = by_id(g, "v3");
    let step = tl
        .steps()
        .iter()
        .position(|s| matches!(s, StepKind::Value(id, _) if *id == v3))
        .unwrap();
    assert_eq!(
        l.step(step).unwrap().text,
        "v₃ = sin(x₂) = sin(5) = −0.9589"
    );
    assert!(!tl.value_known(v3, step - 1) && tl.value_known(v3, step));
    let v0 = by_id(g, "v0");
    let last = tl.steps().len() - 1;
    close(tl.adjoint_at(v0, last).unwrap(), 1.71633781453677);
    assert_eq!(tl.adjoint_at(v0, 9), None);
    assert_eq!(l.step(last).unwrap().phase, "Done: ∇f = (5.5, 1.716)");
    let tm = Lesson::new(a, scene, Mode::Tangent { seed: 0 });
    assert_eq!(tm.len(), 1 + 7 + 1);
    assert!(tm
        .step(tm.last())
        .unwrap()
        .phase
        .contains("5.5 (1 of 2 forward passes)"));
}

#[test]
fn path_explosion_is_counted_exactly_and_listed_up_to_the_cap() {
    // Each level doubles the paths: a_k = a_{k-1} * a_{k-1} has two edges from a_{k-1}.
    let mut src = String::from("x = 1.0000001; a0 = x\n");
    for k in 1..=60 {
        src.push_str(&format!("a{k} = a{} * a{}\n", k - 1, k - 1));
    }
    let g = build(&src);
    let t = evaluate(&g, &g.point());
    let p = paths(&g, &t, g.inputs()[0]);
    assert_eq!(p.count, 1u128 << 60);
    assert!(!p.saturated);
    assert_eq!(p.listed.len(), chainrule::autodiff::MAX_LISTED_PATHS);
    assert_eq!(p.left_out(), (1u128 << 60) - 1000);
    let mut src = String::from("x = 1; a0 = x\n");
    for k in 1..=200 {
        src.push_str(&format!("a{k} = a{} + a{}\n", k - 1, k - 1));
    }
    let g = build(&src);
    let t = evaluate(&g, &g.point());
    assert!(paths(&g, &t, g.inputs()[0]).saturated);
}
