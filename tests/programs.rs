//! Programs, not just formulas: reassignment, compound assignment, loops and branches
//! unrolled at the point, max/min and detach. The published and computed vectors of
//! issue 13, and its errors (each with a caret, never a panic).

mod common;
use common::{build, error};

use chainrule::autodiff::{evaluate, reverse, tangents};
use chainrule::expr::parse;
use chainrule::graph::Graph;

fn graph(src: &str) -> Graph {
    build(src).unwrap_or_else(|e| panic!("{}", e.render(src)))
}

/// The output's value and the gradient, by input name.
fn run(src: &str) -> (f64, Vec<(String, f64)>) {
    let g = graph(src);
    let t = evaluate(&g, &g.point());
    let grad = reverse(&g, &t).gradient().to_vec();
    let names = g.inputs().iter().map(|&i| g.node(i).label().to_string());
    (t.value(g.output()), names.zip(grad).collect())
}

fn d(grad: &[(String, f64)], name: &str) -> f64 {
    grad.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no input {name} in {grad:?}"))
        .1
}

fn close(got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol * want.abs().max(1.0),
        "got {got}, want {want}"
    );
}

const MICROGRAD: &str = "a = -4; b = 2; c = a + b; d = a * b + b**3; c += c + 1; \
c += 1 + c + (-a); d += d * 2 + relu(b + a); d += 3 * d + relu(b - a); e = c - d; \
f = e**2; g = f / 2.0; g += 10.0 / f";

#[test]
fn micrograd_readme_to_its_published_four_decimals() {
    let (g, grad) = run(MICROGRAD);
    close(g, 24.7041, 5e-5 / 24.7);
    assert!((d(&grad, "a") - 138.8338).abs() < 5e-5, "{grad:?}");
    assert!((d(&grad, "b") - 645.5773).abs() < 5e-5, "{grad:?}");
}

#[test]
fn logistic_map_unrolled() {
    let (v, grad) = run("v = x; for i in 0..3 { v = 4*v*(1 - v) }; x = 0.2");
    close(v, 0.28901376, 1e-9);
    close(d(&grad, "x"), 9.0660864, 1e-9);
}

#[test]
fn d2l_control_flow_gradient_is_c_over_a() {
    let program = |a: f64| {
        format!(
            "b = a * 2; while abs(b) < 1000 {{ b = b * 2 }}; \
             if b > 0 {{ c = b }} else {{ c = 100 * b }}; a = {a}"
        )
    };
    let (c, grad) = run(&program(1.0));
    close(c, 1024.0, 1e-12);
    close(d(&grad, "a"), 1024.0, 1e-12);
    let (c, grad) = run(&program(-1.0));
    close(c, -102400.0, 1e-12);
    close(d(&grad, "a"), 102400.0, 1e-12);
}

#[test]
fn cs231n_gates_add_distributes_max_routes_mul_swaps() {
    let (f, grad) = run("f = 2*(x*y + max(z, w)); x = 3; y = -4; z = 2; w = -1");
    close(f, -20.0, 1e-12);
    let want = [("x", -8.0), ("y", 6.0), ("z", 2.0), ("w", 0.0)];
    for (name, g) in want {
        close(d(&grad, name), g, 1e-12);
    }
}

#[test]
fn max_and_min_share_a_tie_as_torch_does() {
    let (_, grad) = run("f = max(a, b) + 10*min(a, b); a = 1; b = 1");
    close(d(&grad, "a"), 5.5, 1e-12);
    close(d(&grad, "b"), 5.5, 1e-12);
}

#[test]
fn detach_passes_the_value_and_stops_the_gradient() {
    let (z, grad) = run("y = x*x; u = detach(y); z = u*x; x = 3");
    close(z, 27.0, 1e-12);
    close(d(&grad, "x"), 9.0, 1e-12);
    let (_, grad) = run("y = x*x; u = stop_gradient(y); z = u*x; x = 3");
    close(d(&grad, "x"), 9.0, 1e-12);
    let (z, grad) = run("y = x*x; u = y; z = u*x; x = 3");
    close(z, 27.0, 1e-12);
    close(d(&grad, "x"), 27.0, 1e-12);
}

#[test]
fn a_relu_written_as_a_branch_has_relus_gradient() {
    for x in [-1.5, 2.5] {
        let (_, branch) = run(&format!(
            "if x > 0 {{ y = x }} else {{ y = 0 }}; f = 3*y; x = {x}"
        ));
        let (_, relu) = run(&format!("f = 3*relu(x); x = {x}"));
        close(d(&branch, "x"), d(&relu, "x"), 1e-12);
    }
}

#[test]
fn versions_are_nodes_labelled_in_order_and_loops_record_their_passes() {
    let g = graph("c = a + b; c += c + 1; c *= 2; a = 1; b = 2");
    let versions: Vec<(String, u32)> = g
        .order()
        .iter()
        .map(|&i| g.node(i))
        .filter(|n| n.name.as_deref() == Some("c"))
        .map(|n| (n.id.clone(), n.version))
        .collect();
    assert_eq!(versions.len(), 3, "{versions:?}");
    assert_eq!(versions.iter().map(|v| v.1).collect::<Vec<_>>(), [1, 2, 3]);
    let g = graph("v = x; for i in 0..3 { for j in 1..=2 { v = v * x + j } }; x = 0.5");
    let passes: Vec<Vec<i64>> = g
        .order()
        .iter()
        .map(|&i| g.node(i))
        .filter(|n| n.name.as_deref() == Some("v"))
        .map(|n| n.iteration.iter().map(|p| p.value).collect())
        .collect();
    assert_eq!(
        passes,
        [
            vec![0, 1],
            vec![0, 2],
            vec![1, 1],
            vec![1, 2],
            vec![2, 1],
            vec![2, 2]
        ]
    );
    let counter = g
        .order()
        .iter()
        .find_map(|&i| g.node(i).iteration.first().cloned())
        .and_then(|p| p.counter);
    assert_eq!(counter.as_deref(), Some("i"));
}

#[test]
fn equations_keep_their_order_free_meaning_beside_statements_in_order() {
    // Olah: c is used before it is defined; d is assigned twice and runs in order.
    let (f, _) = run("f(a, b) = c * d; c = a + b; d = b + 1; a = 2; b = 1");
    close(f, 6.0, 1e-12);
    let (f, _) = run("d = x; d += 1; e = d * 2; d += 10; f = e + d; x = 1");
    // e reads d's second version (2), f reads its third (12).
    close(f, 16.0, 1e-12);
}

#[test]
fn loop_counters_and_bounds_are_numbers_at_the_point() {
    let (s, grad) = run("s = 0; for k in 1..=n { s += k * x }; n = 4; x = 2");
    close(s, 20.0, 1e-12);
    close(d(&grad, "x"), 10.0, 1e-12);
    // n is read as a number, never differentiated: it is not an input.
    assert!(grad.iter().all(|(n, _)| n != "n"), "{grad:?}");
}

#[test]
fn conditions_combine_with_and_or_not() {
    let src = |x: f64| {
        format!(
            "if (x > 0 and x < 1) or not (x != 5) {{ y = x*x }} else if x >= 10 {{ y = 3*x }} \
             else {{ y = -x }}; f = y; x = {x}"
        )
    };
    for (x, want) in [(0.5, 0.25), (5.0, 25.0), (12.0, 36.0), (2.0, -2.0)] {
        close(run(&src(x)).0, want, 1e-12);
    }
}

#[test]
fn reverse_agrees_with_forward_mode_on_an_unrolled_loop() {
    let g = graph("v = x; w = y; for i in 0..5 { v = sin(v) * w + i; w = w * 0.9 + v }; f = v * w; x = 0.3; y = 1.2");
    let t = evaluate(&g, &g.point());
    let grad = reverse(&g, &t).gradient().to_vec();
    for (k, g_k) in grad.iter().enumerate() {
        let mut seed = vec![0.0; g.inputs().len()];
        seed[k] = 1.0;
        let tan = tangents(&g, &t, &seed);
        close(tan.tangent(g.output()), *g_k, 1e-12);
    }
}

#[test]
fn each_error_points_at_its_cause() {
    let table = [
        (
            "for i in 0..2.5 { v = v + 1 }; v = 1",
            "2.5",
            "not a whole number",
        ),
        ("for i in 0..n { s = i }; f = s", "n", "'n' has no value"),
        (
            "v = x; while v > 0 { v = v + 1 }; x = 1",
            "while",
            "more than 10000 operations",
        ),
        (
            "c = 1; c += x; else { c = 2 }; x = 1",
            "else",
            "'else' without 'if'",
        ),
        ("y = (x < 3) * 2; x = 1", "(", "expected ')'"),
        (
            "y = x < 3; x = 1",
            "<",
            "a comparison is a condition, not a number",
        ),
        (
            "s = 0; for i in 0..3 { i = 2; s += x }; x = 1",
            "i",
            "'i' is the loop's counter",
        ),
        ("c += x; x = 1", "c", "'c' has no value yet to add to"),
        (
            "for i in 0..3 { s = x; x = 1",
            "{",
            "this '{' is not closed",
        ),
        ("x = 1 }", "}", "unbalanced '}'"),
        (
            "f(x) = c * x; c = 1; c = 2; x = 1",
            "c",
            "'c' is assigned more than once, so statements run in order; c has no value yet here",
        ),
        (
            "c = x; c = c + 1; for c in 0..2 { y = x }; x = 1",
            "c",
            "already names a value",
        ),
    ];
    common::errors_point_at(&table);
}

#[test]
fn a_while_that_adds_nothing_new_stops_at_the_pass_limit() {
    let e = error("v = x; while x > 0 { v = x }; x = 1");
    assert!(e.message.contains("passes"), "{e}");
    assert_eq!(e.span, 7..12);
}

#[test]
fn the_printer_round_trips_blocks() {
    let src = "v = x\nfor i in 0..=3 { v = 4*v*(1 - v); w += 1 }\nwhile not (v < 1 or v > 2) and v != 0 { v = v / 2 }\nif v > 0 { c = v } else if v < -1 { c = 2 } else { c = 1 }";
    let once = parse(src).unwrap().to_string();
    let twice = parse(&once).unwrap().to_string();
    assert_eq!(once, twice);
    assert!(once.contains("for i in 0..=3 { v = "), "{once}");
}

#[test]
fn blocks_count_toward_the_nesting_limit() {
    let src = format!("{}v = 1{}", "if 1 > 0 { ".repeat(300), " }".repeat(300));
    assert!(error(&src).message.contains("nested more than"));
}

#[test]
fn decisions_are_recorded_with_what_they_read_and_guard() {
    let src = "b = a * 2; while abs(b) < 1000 { b = b * 2 }; if b > 0 { c = b + 1 } else { c = 100 * b }; a = 1";
    let g = graph(src);
    let c = g.conditions();
    // Ten checks of the while (b = 2, 4, ..., 512 hold; 1024 does not), then the if.
    assert_eq!(c.len(), 11, "{c:?}");
    assert!(c[..9].iter().all(|c| c.holds && c.branch == "while"));
    assert!(!c[9].holds);
    assert_eq!(c[9].text, "abs(b) < 1000");
    assert_eq!(
        c[3].iteration.len(),
        0,
        "the checks stand outside the passes"
    );
    assert_eq!(
        (c[10].text.as_str(), c[10].holds, c[10].branch),
        ("b > 0", true, "if")
    );
    // Each check reads the b of its time; each true one guards the next b.
    for k in 0..9 {
        assert_eq!(c[k].reads.len(), 1);
        assert_eq!(c[k].guards.len(), 1);
        assert_eq!(c[k + 1].reads, c[k].guards, "check {k}");
    }
    let made = g.node(c[10].guards[0]);
    assert_eq!((made.name.as_deref(), made.guard), (Some("c"), Some(10)));
    // The drawing: one node per decision, dashed edges that carry no gradient.
    let a = chainrule::analysis::Analysis::new(src).unwrap();
    let sc = chainrule::scene::scene(&a, None);
    assert_eq!(sc.nodes.iter().filter(|n| n.kind == "cond").count(), 11);
    let control = sc.edges.iter().filter(|e| e.control).count();
    let want: usize = c.iter().map(|c| c.reads.len() + c.guards.len()).sum();
    assert_eq!(control, want);
    assert_eq!(sc.edges.len() - control, g.edge_count());
}

#[test]
fn an_else_branch_and_a_branch_that_makes_nothing_are_recorded_too() {
    let g = graph("if x > 0 { y = x } else { y = 0 }; f = 3*y + x; x = -2");
    let c = g.conditions();
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].holds, c[0].branch), (false, "else"));
    assert_eq!(c[0].reads.len(), 1);
}
