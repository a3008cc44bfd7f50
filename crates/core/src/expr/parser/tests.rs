//! String tables: text in, fully parenthesised form or error out.

use super::*;
use crate::expr::Stmt;

fn body(src: &str) -> String {
    let program = parse(src).unwrap_or_else(|e| panic!("{src:?}: {}", e.render(src)));
    match program.stmts.last() {
        Some(Stmt::Bare(e) | Stmt::Binding { body: e, .. } | Stmt::Output { body: e, .. }) => {
            e.to_string()
        }
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

#[test]
fn precedence_and_associativity_follow_the_grammar() {
    let table = [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("8 / 4 / 2", "((8 / 4) / 2)"),
        ("2^3^2", "(2 ^ (3 ^ 2))"),
        ("2**3", "(2 ^ 3)"),
        ("-x^2", "(-(x ^ 2))"),
        ("x^-2", "(x ^ (-2))"),
        ("+x", "x"),
        ("2x", "(2 * x)"),
        ("3(x+1)", "(3 * (x + 1))"),
        ("2 sin(x)", "(2 * sin(x))"),
        ("(a+b)(b+1)", "((a + b) * (b + 1))"),
        (".5 + 1e-3 + 2.5E+4", "((0.5 + 0.001) + 25000)"),
        ("max(a, b)", "max(a, b)"),
    ];
    for (src, want) in table {
        assert_eq!(body(src), want, "{src}");
    }
}

#[test]
fn statements_split_on_semicolons_and_newlines_with_comments() {
    let src = "# the seed\nf(x1, x2) = x1^2 +\n   2*x2  # continued\n\nx1 = 2; x2 = 3;";
    let program = parse(src).unwrap();
    assert_eq!(program.stmts.len(), 3);
    let Stmt::Output { name, params, .. } = &program.stmts[0] else {
        panic!("expected the output first: {program:?}");
    };
    assert_eq!(name, "f");
    let names: Vec<_> = params.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["x1", "x2"]);
}

#[test]
fn spans_point_into_the_text() {
    let src = "f(x) = x + sin(x)";
    let Stmt::Output { body, params, .. } = &parse(src).unwrap().stmts[0] else {
        panic!();
    };
    assert_eq!(params[0].1, 2..3);
    assert_eq!(&src[body.span.clone()], "x + sin(x)");
}

fn error(src: &str) -> ParseError {
    match parse(src) {
        Ok(p) => panic!("{src:?} parsed as {p:?}"),
        Err(e) => e,
    }
}

#[test]
fn errors_say_what_was_expected_and_where() {
    let table = [
        ("1 +", 3, "expected a number, a name or '('"),
        ("1 + * 2", 4, "found '*'"),
        ("(1 + 2", 0, "expected ')'"),
        ("1 + 2)", 5, "unbalanced ')'"),
        (
            "sin(1 2",
            6,
            "expected ',' or ')' to close the call to sin( but found '2'",
        ),
        ("x = 1 $", 6, "found '$'"),
        ("", 0, "empty"),
        ("  ;\n # nothing\n", 0, "empty"),
        (".", 0, "digits after '.'"),
    ];
    for (src, at, needle) in table {
        let e = error(src);
        assert_eq!(e.span.start, at, "{src:?}: {e}");
        assert!(e.message.contains(needle), "{src:?}: {e}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let src = format!("{}x{}", "(".repeat(5000), ")".repeat(5000));
    assert!(error(&src).message.contains("nested more than"));
    let src = format!("{}x", "-".repeat(5000));
    assert!(error(&src).message.contains("nested more than"));
    let src = format!("x{}", "^x".repeat(5000));
    assert!(error(&src).message.contains("nested more than"));
}

#[test]
fn a_long_flat_chain_is_legal() {
    let src = format!("x = 1; f = x{}", " + x".repeat(10_000));
    assert!(parse(&src).is_ok());
}

#[test]
fn programs_over_the_size_limit_are_refused() {
    let src = "1+".repeat(MAX_BYTES);
    assert!(error(&src).message.contains("at most 100 KB"));
}
