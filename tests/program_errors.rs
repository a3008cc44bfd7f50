//! Programs that are wrong as a whole: each error names the problem and points at it.

mod common;
use common::{build, error};

use chainrule::autodiff::{evaluate, reverse};
use chainrule::graph::MAX_NODES;

#[test]
fn each_error_says_what_is_wrong_and_where() {
    let table = [
        (
            "f(x) = sn(x); x = 1",
            "sn",
            "unknown function 'sn': did you mean sin?",
        ),
        (
            "f(x) = foo(x); x = 1",
            "foo",
            "unknown function 'foo': the functions are",
        ),
        (
            "f(x) = sin(x, x); x = 1",
            "sin",
            "sin takes 1 argument, 2 given",
        ),
        (
            "f(x1, x2) = x1 + x2; x1 = 2",
            "x2",
            "'x2' has no value: give it one with a line such as x2 = 3",
        ),
        ("f = x + 1", "x", "'x' has no value"),
        (
            "f(x) = a * x; a = 1; a = 2; x = 1",
            "a",
            "'a' is assigned more than once, so statements run in order; a has no value yet here",
        ),
        (
            "a = b + 1; b = a; f(x) = a + x; x = 1",
            "a",
            "depends on itself: a -> b -> a",
        ),
        (
            "x = 2; f = x(x + 1)",
            "x",
            "'x' is a variable, not a function: write x*(...) to multiply",
        ),
        (
            "f(x) = x; g(y) = y; x = 1; y = 1",
            "g(y) = y",
            "only one output",
        ),
    ];
    common::errors_point_at(&table);
}

/// Found by the fuzzer: a function reading a global whose own definition calls the
/// function recursed without end (a stack overflow, in the page a dead module).
#[test]
fn a_cycle_through_a_functions_global_is_an_error_not_a_stack_overflow() {
    let e = error("def g(z) = z*f\nf = g(x) + 1\nx = 2");
    assert!(
        e.message
            .contains("'f' depends on itself: its definition calls a function that reads it"),
        "{e}"
    );
    assert_eq!(e.span, 13..14, "{e}");
    // The same through another name, and through a chain of calls (both found by the fuzzer).
    let e = error("def g(z) = z + y\ny = f * 2\nf = g(x)\nx = 1");
    assert!(e.message.contains("'f' depends on itself"), "{e}");
    let e = error("def cell(z) = sin(z)*z + h2\nx = 0.5; h0 = x\nh1 = cell(h0)\nh2 = cell(h1)");
    assert!(e.message.contains("depends on itself"), "{e}");
}

#[test]
fn cycles_name_the_loop() {
    let e = error("a = b + 1; b = c * 2; c = a; f(x) = a * x; x = 1");
    assert!(e.message.contains("a -> b -> c -> a"), "{e}");
}

#[test]
fn an_unused_listed_input_is_a_warning_not_an_error() {
    let g = build("f(x1, x2, x3) = x1 * x2; x1 = 1; x2 = 2; x3 = 3").unwrap();
    assert_eq!(g.inputs().len(), 3);
    let w = g.warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].message.contains("input 'x3' is listed but never used"));
    let t = evaluate(&g, &g.point());
    assert_eq!(reverse(&g, &t).gradient(), [2.0, 1.0, 0.0]);
}

#[test]
fn bindings_may_come_before_or_after_their_use() {
    let a = build("x1 = 2; x2 = 3; f(x1, x2) = x1^2 + 2*x2").unwrap();
    let b = build("f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3").unwrap();
    assert_eq!(a.point(), b.point());
    assert_eq!(a.node_count(), b.node_count());
}

#[test]
fn a_binding_shadows_a_constant_and_constants_evaluate() {
    let g = build("x = pi/2; f = sin(x) * e; e = 3").unwrap();
    let t = evaluate(&g, &g.point());
    assert!((t.value(g.output()) - 3.0).abs() < 1e-12);
    let g = build("x = 1; f = e^x").unwrap();
    let t = evaluate(&g, &g.point());
    assert!((t.value(g.output()) - std::f64::consts::E).abs() < 1e-12);
}

#[test]
fn identical_subexpressions_are_one_node() {
    let g = build("x = 1; f = sin(x)*sin(x)").unwrap();
    assert_eq!(g.node_count(), 3, "x, sin, *");
    assert_eq!(g.edge_count(), 3, "x->sin, and sin->* twice");
}

#[test]
fn named_intermediates_keep_their_names() {
    let g = build("c = a + b; d = b + 1; e = c * d; a = 2; b = 1").unwrap();
    let labels: Vec<String> = g
        .order()
        .iter()
        .map(|&n| chainrule::formula::text(&g.operand(n)))
        .collect();
    assert_eq!(labels, ["a", "b", "1", "c", "d", "e"]);
}

#[test]
fn a_chain_of_ten_thousand_operations_is_legal_and_one_more_is_not() {
    // Left-associative, so the graph is a path 10,000 operations deep.
    let flat = |n: usize| format!("x = 1; f = x{}", " + x".repeat(n));
    let g = build(&flat(MAX_NODES)).unwrap();
    let t = evaluate(&g, &g.point());
    assert_eq!(t.value(g.output()), (MAX_NODES + 1) as f64);
    assert_eq!(reverse(&g, &t).gradient(), [(MAX_NODES + 1) as f64]);
    assert!(error(&flat(MAX_NODES + 1))
        .message
        .contains("more than 10000 operations"));
}

#[test]
fn five_thousand_definitions_in_a_row_resolve_without_recursion() {
    let mut src = String::from("x = 0.5\na0 = x\n");
    for i in 1..=5_000 {
        src.push_str(&format!("a{i} = a{} + x\n", i - 1));
    }
    let g = build(&src).unwrap();
    let t = evaluate(&g, &g.point());
    assert_eq!(reverse(&g, &t).gradient(), [5_001.0]);
}
