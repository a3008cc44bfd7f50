use super::*;
use crate::autodiff::{evaluate, reverse};
use crate::expr::parse;

fn graph(src: &str) -> Graph {
    let p = parse(src).unwrap_or_else(|e| panic!("{}", e.render(src)));
    Graph::build(&p).unwrap_or_else(|e| panic!("{}", e.render(src)))
}

fn texts(src: &str) -> Vec<String> {
    let s = differentiate(&graph(src));
    (0..s.names().len())
        .map(|i| s.text(i).unwrap_or_default())
        .collect()
}

/// One simplification at a time, on expressions in x (input 0) and y (input 1).
fn show(build: impl Fn(&mut Arena, Id, Id) -> Id) -> String {
    let mut a = Arena::default();
    let (x, y) = (a.var(0), a.var(1));
    let id = build(&mut a, x, y);
    print::syntax(&a, id, &["x".into(), "y".into()])
}

#[test]
fn the_seed_article_gives_2_x1_and_2_then_4_and_2() {
    let g = graph("f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3");
    let s = differentiate(&g);
    assert_eq!(s.text(0).as_deref(), Some("2*x1"));
    assert_eq!(s.text(1).as_deref(), Some("2"));
    assert_eq!(s.values(&g.point()), vec![4.0, 2.0]);
}

#[test]
fn baydin_reads_like_the_textbook() {
    assert_eq!(
        texts("f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5"),
        ["x2 + 1/x1", "x1 - cos(x2)"]
    );
    assert_eq!(
        texts("c = a + b; d = b + 1; e = c * d; a = 2; b = 1"),
        ["b + 1", "a + 2*b + 1"]
    );
}

#[test]
fn constants_fold() {
    assert_eq!(
        show(|a, _, _| {
            let (two, three) = (a.num(2.0), a.num(3.0));
            a.add2(two, three)
        }),
        "5"
    );
    assert_eq!(
        show(|a, x, _| {
            let (two, three) = (a.num(2.0), a.num(3.0));
            let p = a.mul2(two, x);
            a.mul2(p, three)
        }),
        "6*x"
    );
    assert_eq!(
        show(|a, _, _| {
            let (two, three) = (a.num(2.0), a.num(3.0));
            a.pow(two, three)
        }),
        "8"
    );
}

#[test]
fn zero_and_one_identities() {
    assert_eq!(
        show(|a, x, _| {
            let z = a.num(0.0);
            a.add2(x, z)
        }),
        "x"
    );
    assert_eq!(
        show(|a, x, _| {
            let o = a.num(1.0);
            a.mul2(o, x)
        }),
        "x"
    );
    assert_eq!(
        show(|a, x, _| {
            let z = a.num(0.0);
            a.mul2(z, x)
        }),
        "0"
    );
    assert_eq!(
        show(|a, x, _| {
            let o = a.num(1.0);
            a.pow(x, o)
        }),
        "x"
    );
    assert_eq!(
        show(|a, x, _| {
            let z = a.num(0.0);
            a.pow(x, z)
        }),
        "1"
    );
    assert_eq!(
        show(|a, x, _| {
            let o = a.num(1.0);
            a.pow(o, x)
        }),
        "1"
    );
}

#[test]
fn like_factors_become_powers() {
    assert_eq!(show(|a, x, _| a.mul2(x, x)), "x^2");
    assert_eq!(
        show(|a, x, y| {
            let p = a.mul2(x, y);
            a.mul2(p, x)
        }),
        "x^2*y"
    );
    assert_eq!(
        show(|a, x, _| {
            let two = a.num(2.0);
            let x2 = a.pow(x, two);
            a.div(x2, x)
        }),
        "x"
    );
    assert_eq!(show(|a, x, _| a.div(x, x)), "1");
    assert_eq!(
        show(|a, x, _| {
            let two = a.num(2.0);
            let x2 = a.pow(x, two);
            let three = a.num(3.0);
            a.pow(x2, three)
        }),
        "x^6"
    );
}

#[test]
fn like_terms_are_collected() {
    assert_eq!(show(|a, x, _| a.add2(x, x)), "2*x");
    assert_eq!(
        show(|a, x, y| {
            let t = a.mul2(x, y);
            let u = a.mul2(y, x);
            a.add2(t, u)
        }),
        "2*x*y"
    );
    assert_eq!(show(|a, x, _| a.sub(x, x)), "0");
    assert_eq!(
        show(|a, x, y| {
            let s = a.add2(x, y);
            a.sub(s, y)
        }),
        "x"
    );
}

#[test]
fn no_sign_noise() {
    assert_eq!(show(|a, x, y| a.sub(x, y)), "x - y");
    assert_eq!(
        show(|a, x, y| {
            let n = a.neg(y);
            a.sub(x, n)
        }),
        "x + y"
    );
    assert_eq!(
        show(|a, x, _| {
            let n = a.neg(x);
            a.neg(n)
        }),
        "x"
    );
    assert_eq!(
        show(|a, x, y| {
            let n = a.neg(x);
            a.add2(n, y)
        }),
        "y - x"
    );
    assert_eq!(
        show(|a, x, y| {
            let two = a.num(-2.0);
            let t = a.mul2(two, y);
            a.add2(x, t)
        }),
        "x - 2*y"
    );
    assert_eq!(
        show(|a, x, _| {
            let m = a.num(-3.0);
            a.add2(x, m)
        }),
        "x - 3"
    );
    assert_eq!(
        show(|a, x, _| {
            let two = a.num(2.0);
            a.sub(two, x)
        }),
        "2 - x"
    );
}

#[test]
fn quotients_and_brackets_print_as_they_parse() {
    assert_eq!(show(|a, x, y| a.div(x, y)), "x/y");
    assert_eq!(
        show(|a, x, y| {
            let s = a.add2(x, y);
            a.div(x, s)
        }),
        "x/(x + y)"
    );
    assert_eq!(
        show(|a, x, y| {
            let p = a.mul2(x, y);
            let one = a.num(1.0);
            a.div(one, p)
        }),
        "1/(x*y)"
    );
    assert_eq!(
        show(|a, x, y| {
            let s = a.add2(x, y);
            a.mul2(s, x)
        }),
        "x*(x + y)"
    );
    assert_eq!(
        show(|a, x, y| {
            let s = a.add2(x, y);
            let two = a.num(2.0);
            a.pow(s, two)
        }),
        "(x + y)^2"
    );
    assert_eq!(
        show(|a, x, y| {
            let e = a.sub(y, x);
            a.pow(x, e)
        }),
        "x^(y - x)"
    );
    assert_eq!(
        show(|a, x, _| {
            let c = a.func(Op::Cos, x);
            let two = a.num(2.0);
            let c2 = a.pow(c, two);
            let one = a.num(1.0);
            a.div(one, c2)
        }),
        "1/cos(x)^2"
    );
}

#[test]
fn exact_function_values_fold() {
    assert_eq!(
        show(|a, _, _| {
            let one = a.num(1.0);
            a.func(Op::Ln, one)
        }),
        "0"
    );
    assert_eq!(
        show(|a, _, _| {
            let z = a.num(0.0);
            a.func(Op::Exp, z)
        }),
        "1"
    );
    assert_eq!(
        show(|a, _, _| {
            let two = a.num(2.0);
            a.func(Op::Sin, two)
        }),
        "sin(2)"
    );
    assert_eq!(
        show(|a, _, _| {
            let m = a.num(-2.0);
            a.func(Op::Step, m)
        }),
        "0"
    );
}

#[test]
fn printed_derivatives_parse_back_to_the_same_values() {
    for src in [
        "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5",
        "y = x^3 / (1 + x^2) - 2^x; x = 0.7",
        "y = sigmoid(w*x + b) * tanh(x) + sqrt(x) + relu(x - 1) + abs(w); w = -0.5; x = 1.5; b = 0.25",
        "y = exp(-x*x) / tan(x) + x^x; x = 0.9",
    ] {
        let g = graph(src);
        let s = differentiate(&g);
        let bindings: Vec<String> = s
            .names()
            .iter()
            .zip(g.point())
            .map(|(n, v)| format!("{n} = {v}"))
            .collect();
        let ad = reverse(&g, &evaluate(&g, &g.point())).gradient().to_vec();
        for (i, want) in s.values(&g.point()).into_iter().enumerate() {
            assert!((want - ad[i]).abs() <= 1e-9 * ad[i].abs().max(1.0), "{src}: {want} vs {}", ad[i]);
            let text = s.text(i).expect("small");
            let again = graph(&format!("d({}) = {text}; {}", s.names().join(", "), bindings.join("; ")));
            let got = evaluate(&again, &again.point()).value(again.output());
            assert!((got - want).abs() <= 1e-9 * want.abs().max(1.0), "{src}: {text} gives {got}, want {want}");
        }
    }
}

#[test]
fn swell_the_tree_explodes_while_the_dag_grows_linearly() {
    let chain = |n: usize| {
        let mut lines = vec!["a1 = x * sin(x)".to_string()];
        for k in 2..=n {
            lines.push(format!("a{k} = a{} * sin(a{})", k - 1, k - 1));
        }
        lines.push("x = 0.5".into());
        lines.join("\n")
    };
    let sizes: Vec<Sizes> = [5, 10, 20]
        .iter()
        .map(|&n| {
            let g = graph(&chain(n));
            differentiate(&g).sizes(&g)
        })
        .collect();
    assert!(sizes[2].tree > 1_000_000, "{sizes:?}");
    assert!(sizes[2].dag < 12 * 20, "{sizes:?}");
    assert!(
        sizes[1].dag * 2 <= sizes[2].dag + 12 && sizes[2].dag <= 3 * sizes[1].dag,
        "{sizes:?}"
    );
    let g = graph(&chain(20));
    assert_eq!(differentiate(&g).text(0), None, "too big to print");
}
