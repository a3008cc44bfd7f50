//! Laws that hold for every program: reverse = forward mode = finite differences, the sum
//! over paths is the adjoint, printing and parsing back keeps the graph, and no input at
//! all makes the pipeline panic.

use chainrule::autodiff::{evaluate, paths, reverse, tangents, Mode, Timeline};
use chainrule::expr::parse;
use chainrule::graph::Graph;
use chainrule::symbolic::differentiate;
use std::sync::Arc;

use chainrule::analysis::Analysis;
use chainrule::lesson::Lesson;
use proptest::prelude::*;
use std::io::Write;

/// A random expression over x1..x3, smooth and defined everywhere (so the laws are exact
/// questions of arithmetic, not of domains).
fn expr() -> impl Strategy<Value = String> {
    expr_over(&["x1", "x2", "x3"])
}

/// A random smooth expression over the given names.
fn expr_over(names: &'static [&'static str]) -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(names).prop_map(str::to_string),
        (1u8..9).prop_map(|n| format!("{}", f64::from(n) / 2.0)),
    ];
    leaf.prop_recursive(6, 40, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} - {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} * {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} / (2 + cos({b}))")),
            inner.clone().prop_map(|a| format!("sin({a})")),
            inner.clone().prop_map(|a| format!("tanh({a})")),
            inner.clone().prop_map(|a| format!("sigmoid({a})")),
            inner.clone().prop_map(|a| format!("exp(sin({a}))")),
            inner.clone().prop_map(|a| format!("ln(2 + cos({a}))")),
            inner.clone().prop_map(|a| format!("sqrt(1 + ({a})^2)")),
            inner.clone().prop_map(|a| format!("-{a}")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} x1 + x2 ({b})")),
        ]
    })
}

fn program() -> impl Strategy<Value = String> {
    (expr(), expr(), -2.0f64..2.0, -2.0f64..2.0, -2.0f64..2.0).prop_map(|(a, b, x1, x2, x3)| {
        format!("h = {a}\nf(x1, x2, x3) = h * {b} + h\nx1 = {x1}; x2 = {x2}; x3 = {x3}")
    })
}

/// A program that runs in order: reassignments, a `for` loop with a branch inside, a
/// `while` over a counter, compound assignment; as text with the point's values left to fill.
fn flow_program() -> impl Strategy<Value = (String, [f64; 3])> {
    let names: &'static [&'static str] = &["v", "w", "x1", "x2", "x3", "i"];
    let outside: &'static [&'static str] = &["v", "w", "x1", "x2", "x3"];
    (
        (expr_over(names), expr_over(names), expr_over(names), expr_over(outside)),
        (expr_over(names), 0u8..4, 0u8..3, -1.0f64..1.0),
        (-2.0f64..2.0, -2.0f64..2.0, -2.0f64..2.0),
    )
        .prop_map(|((a, b, c, d), (cond, n, m, t), (x1, x2, x3))| {
            let src = format!(
                "v = x1\nw = x2 * 0.5\nfor i in 0..{n} {{\n  v = sin({a}) + max(v, min(w, 0.5))\n  \
                 if {cond} > {t} and not (w == 0) {{ w = {b} }} else {{ w = w * 0.5 + tanh({c}) }}\n  \
                 w += 0.1 * v\n}}\nk = 0\nwhile k < {m} {{ v *= 0.9; v -= 0.1 * tanh({d}); k += 1 }}\n\
                 f(x1, x2, x3) = v * w + v\nx1 = X1; x2 = X2; x3 = X3"
            );
            (src, [x1, x2, x3])
        })
}

/// A flow program's text at a point.
fn at(template: &str, x: &[f64]) -> String {
    template
        .replace("X1", &format!("{:?}", x[0]))
        .replace("X2", &format!("{:?}", x[1]))
        .replace("X3", &format!("{:?}", x[2]))
}

fn build(src: &str) -> Graph {
    let program = parse(src).unwrap_or_else(|e| panic!("{}", e.render(src)));
    Graph::build(&program).unwrap_or_else(|e| panic!("{}", e.render(src)))
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn reverse_gradient_matches_forward_mode_and_finite_differences(src in program()) {
        let g = build(&src);
        let point = g.point();
        let t = evaluate(&g, &point);
        let grad = reverse(&g, &t).gradient().to_vec();
        for i in 0..g.inputs().len() {
            let seed: Vec<f64> = (0..point.len()).map(|j| if i == j { 1.0 } else { 0.0 }).collect();
            let forward = tangents(&g, &t, &seed).tangent(g.output());
            prop_assert!(close(grad[i], forward, 1e-9), "input {i}: reverse {} forward {forward}", grad[i]);
            let h = 1e-5;
            let (mut up, mut down) = (point.clone(), point.clone());
            up[i] += h;
            down[i] -= h;
            let fd = (evaluate(&g, &up).value(g.output()) - evaluate(&g, &down).value(g.output())) / (2.0 * h);
            prop_assert!(close(grad[i], fd, 1e-4), "input {i}: reverse {} fd {fd}", grad[i]);
        }
    }

    /// SymPy's `subs` on our symbolic derivative equals the autodiff gradient, and the
    /// printed derivative parses back to the same value. With CHAINRULE_DUMP_PROGRAMS set
    /// to a file, every program and its derivatives are appended there (one JSON object per
    /// line) for scripts/sympy_check.py to compare with SymPy.
    #[test]
    fn symbolic_derivative_equals_the_autodiff_gradient(src in program()) {
        let g = build(&src);
        let point = g.point();
        let grad = reverse(&g, &evaluate(&g, &point)).gradient().to_vec();
        let s = differentiate(&g);
        let value = evaluate(&g, &point).value(g.output());
        prop_assert!(close(s.output_value(&point), value, 1e-9), "the output's expression gives {}", s.output_value(&point));
        let values = s.values(&point);
        let bindings: Vec<String> = s.names().iter().zip(&point).map(|(n, v)| format!("{n} = {v}")).collect();
        let mut texts = Vec::new();
        for (i, (&sym, &ad)) in values.iter().zip(&grad).enumerate() {
            prop_assert!(close(sym, ad, 1e-9), "input {i}: symbolic {sym} autodiff {ad}");
            if let Some(text) = s.text(i) {
                let again = build(&format!("d({}) = {text}\n{}", s.names().join(", "), bindings.join("; ")));
                let back = evaluate(&again, &again.point()).value(again.output());
                prop_assert!(close(back, sym, 1e-9), "input {i}: {text} parses back to {back}, not {sym}");
                texts.push(format!("{:?}: {:?}", s.names()[i], text));
            }
        }
        if let Ok(path) = std::env::var("CHAINRULE_DUMP_PROGRAMS") {
            let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path).expect("dump file");
            let point: Vec<String> = point.iter().map(|v| format!("{v:?}")).collect();
            let function = s.output_text().unwrap_or_default();
            let names: Vec<String> = s.names().iter().map(|n| format!("{n:?}")).collect();
            writeln!(
                f,
                "{{\"program\": {src:?}, \"function\": {function:?}, \"inputs\": [{}], \"point\": [{}], \"symbolic\": {{{}}}}}",
                names.join(", "), point.join(", "), texts.join(", ")
            ).expect("write");
        }
    }

    #[test]
    fn sum_of_path_products_is_the_adjoint(src in program()) {
        let g = build(&src);
        let t = evaluate(&g, &g.point());
        let adj = reverse(&g, &t);
        for (i, &input) in g.inputs().iter().enumerate() {
            let p = paths(&g, &t, input);
            prop_assume!(p.left_out() == 0);
            let sum: f64 = p.listed.iter().map(|p| p.product).sum();
            prop_assert!(close(sum, adj.gradient()[i], 1e-9), "input {i}: {sum} vs {}", adj.gradient()[i]);
        }
    }

    #[test]
    fn printing_and_parsing_back_gives_the_same_graph(src in program()) {
        let first = parse(&src).unwrap();
        let printed = first.to_string();
        let g1 = Graph::build(&first).unwrap();
        let g2 = build(&printed);
        prop_assert_eq!(g1.node_count(), g2.node_count());
        prop_assert_eq!(g1.edge_count(), g2.edge_count());
        let (t1, t2) = (evaluate(&g1, &g1.point()), evaluate(&g2, &g2.point()));
        prop_assert_eq!(t1.value(g1.output()).to_bits(), t2.value(g2.output()).to_bits());
        // Same graph, possibly numbered differently: the adjoint sums may add up in
        // another order, so equal to rounding.
        let (a1, a2) = (reverse(&g1, &t1), reverse(&g2, &t2));
        for (d1, d2) in a1.gradient().iter().zip(a2.gradient()) {
            prop_assert!(close(*d1, *d2, 1e-12), "{d1} vs {d2}");
        }
    }

    /// Programs with loops, branches and reassignment: reverse = forward mode always;
    /// = central differences wherever the nudged points take the same branches.
    #[test]
    fn unrolled_programs_keep_reverse_forward_and_differences_equal((template, x) in flow_program()) {
        let src = at(&template, &x);
        let g = build(&src);
        let point = g.point();
        let t = evaluate(&g, &point);
        let grad = reverse(&g, &t).gradient().to_vec();
        let taken = |g: &Graph| g.conditions().iter().map(|c| c.holds).collect::<Vec<_>>();
        for (i, &d) in grad.iter().enumerate() {
            let seed: Vec<f64> = (0..point.len()).map(|j| if i == j { 1.0 } else { 0.0 }).collect();
            let forward = tangents(&g, &t, &seed).tangent(g.output());
            prop_assert!(close(d, forward, 1e-9), "input {i}: reverse {d} forward {forward}\n{src}");
            // Central differences at two step sizes; where they disagree the function is too
            // curved there (sin(42v) nested twice) or a kink of max/min is within reach.
            let fd_at = |h: f64| {
                let (mut up, mut down) = (x, x);
                up[i] += h;
                down[i] -= h;
                let (gu, gd) = (build(&at(&template, &up)), build(&at(&template, &down)));
                if taken(&gu) != taken(&g) || taken(&gd) != taken(&g) {
                    return None;
                }
                let value = |g: &Graph| evaluate(g, &g.point()).value(g.output());
                Some((value(&gu) - value(&gd)) / (2.0 * h))
            };
            let (Some(fd), Some(fd2)) = (fd_at(1e-5), fd_at(2e-5)) else {
                continue;
            };
            if !close(fd, fd2, 1e-6) {
                continue;
            }
            prop_assert!(close(d, fd, 1e-4), "input {i}: reverse {d} fd {fd}\n{src}");
        }
    }

    #[test]
    fn the_printer_round_trips_programs_that_run_in_order((template, x) in flow_program()) {
        let src = at(&template, &x);
        let once = parse(&src).unwrap().to_string();
        let twice = parse(&once).unwrap_or_else(|e| panic!("{}\n{once}", e.render(&once))).to_string();
        prop_assert_eq!(&once, &twice);
        let (g1, g2) = (build(&src), build(&once));
        prop_assert_eq!(g1.node_count(), g2.node_count());
        let (t1, t2) = (evaluate(&g1, &g1.point()), evaluate(&g2, &g2.point()));
        prop_assert_eq!(t1.value(g1.output()).to_bits(), t2.value(g2.output()).to_bits());
    }

    /// A function called twice is the same as its body written out at each call.
    #[test]
    fn an_inlined_function_equals_its_body_written_out(
        body in expr_over(&["z", "x2", "x3"]),
        x in (-2.0f64..2.0, -2.0f64..2.0, -2.0f64..2.0),
    ) {
        let point = format!("x1 = {:?}; x2 = {:?}; x3 = {:?}", x.0, x.1, x.2);
        let with = format!("def g(z) = {body}\nf(x1, x2, x3) = g(x1) + g(x2 * x1)\n{point}");
        let written = format!(
            "f(x1, x2, x3) = ({}) + ({})\n{point}",
            body.replace('z', "(x1)"),
            body.replace('z', "(x2 * x1)")
        );
        let (g1, g2) = (build(&with), build(&written));
        let (t1, t2) = (evaluate(&g1, &g1.point()), evaluate(&g2, &g2.point()));
        prop_assert_eq!(t1.value(g1.output()).to_bits(), t2.value(g2.output()).to_bits());
        let (a1, a2) = (reverse(&g1, &t1), reverse(&g2, &t2));
        for (d1, d2) in a1.gradient().iter().zip(a2.gradient()) {
            prop_assert!(close(*d1, *d2, 1e-12), "{d1} vs {d2}");
        }
        // Each call as one gate (its local partials by its own backward pass) sends its
        // operands what the pass through every node inside it does.
        let t = evaluate(&g1, &g1.point());
        let a = reverse(&g1, &t);
        for c in chainrule::autodiff::clusters(&g1).iter().filter(|c| c.foldable) {
            let local = chainrule::autodiff::gate_partials(&g1, &t, c);
            for (&u, &p) in c.operands.iter().zip(&local) {
                let via_gate = a.adjoint(c.result) * p;
                let inside: f64 = a.contributions().iter()
                    .filter(|k| k.to == u && c.nodes.contains(&k.from))
                    .map(|k| k.delta)
                    .sum();
                prop_assert!(close(via_gate, inside, 1e-9) || !via_gate.is_finite(), "{via_gate} vs {inside}");
            }
        }
        // Every call folded into its gate: the same gradient.
        let cl = chainrule::autodiff::clusters(&g1);
        let all: Vec<usize> = (0..cl.len()).collect();
        let folded = chainrule::autodiff::fold(&g1, &t, &cl, &all);
        for (&x, &d) in g1.inputs().iter().zip(a.gradient()) {
            let f = folded.adjoints[x.index()];
            prop_assert!(close(f, d, 1e-9) || !d.is_finite(), "{f} vs {d}");
        }
        // And the stepper's folded lesson (its own reverse pass over the gates' edges):
        // every input's adjoint at the last step.
        let analysis = std::sync::Arc::new(
            chainrule::analysis::Analysis::new(&with).expect("it built above"),
        );
        let folding = chainrule::autodiff::Folding::new(analysis.graph(), analysis.trace(), &cl, &all);
        let drawn = chainrule::scene::scene_folded(&analysis, Some(&folding), None);
        let lesson = chainrule::lesson::Lesson::folded(
            analysis,
            std::sync::Arc::new(drawn),
            chainrule::autodiff::Mode::ForwardThenReverse,
            &[],
            std::sync::Arc::new(folding),
        );
        for ((_, i), &d) in lesson.inputs.iter().zip(a.gradient()) {
            let f = lesson.shown(*i, lesson.last()).adjoint.unwrap_or(0.0);
            prop_assert!(close(f, d, 1e-9) || !d.is_finite(), "{f} vs {d}");
        }
    }

    /// Two outputs: J·v by one forward pass and uᵀ·J by one reverse pass agree on uᵀ(Jv),
    /// and the Jacobian's rows (reverse) equal its columns (forward) entry by entry.
    #[test]
    fn jv_and_ujt_agree_on_two_outputs(
        e1 in expr_over(&["x1", "x2", "x3"]),
        e2 in expr_over(&["x1", "x2", "x3"]),
        x in (-2.0f64..2.0, -2.0f64..2.0, -2.0f64..2.0),
        v in (-2.0f64..2.0, -2.0f64..2.0, -2.0f64..2.0),
        u in (-2.0f64..2.0, -2.0f64..2.0),
    ) {
        let src = format!(
            "f(x1, x2, x3) = [{e1}, {e2}]\nx1 = {:?}; x2 = {:?}; x3 = {:?}",
            x.0, x.1, x.2
        );
        let g = build(&src);
        prop_assume!(g.outputs().len() == 2);
        let t = evaluate(&g, &g.point());
        let v = [v.0, v.1, v.2];
        let u = [u.0, u.1];
        let jv = tangents(&g, &t, &v);
        let seeds: Vec<_> = g.outputs().iter().copied().zip(u).collect();
        let uj = chainrule::autodiff::reverse_seeded(&g, &t, &seeds);
        let a: f64 = g.outputs().iter().zip(u).map(|(&o, w)| w * jv.tangent(o)).sum();
        let b: f64 = uj.gradient().iter().zip(v).map(|(d, w)| d * w).sum();
        prop_assume!(a.is_finite() && b.is_finite());
        prop_assert!(close(a, b, 1e-9), "{a} vs {b}");
        let rows = chainrule::autodiff::jacobian(&g, &t);
        for i in 0..3 {
            let mut e = [0.0; 3];
            e[i] = 1.0;
            let col = tangents(&g, &t, &e);
            for (j, &o) in g.outputs().iter().enumerate() {
                let (r, c) = (rows[j][i], col.tangent(o));
                prop_assert!(close(r, c, 1e-9) || !(r.is_finite() && c.is_finite()), "{r} vs {c}");
            }
        }
    }

    #[test]
    fn any_string_goes_through_the_pipeline_without_panicking(src in "\\PC{0,80}") {
        run_everything(&src);
    }

    #[test]
    fn any_token_soup_goes_through_the_pipeline_without_panicking(
        tokens in prop::collection::vec(prop_oneof![
            Just("x"), Just("y"), Just("f"), Just("e"), Just("pi"), Just("1"), Just("0"), Just(".5"),
            Just("2e3"), Just("+"), Just("-"), Just("*"), Just("/"), Just("^"), Just("**"),
            Just("("), Just(")"), Just(","), Just("="), Just(";"), Just("\n"), Just("#c\n"),
            Just("sin"), Just("ln"), Just("relu"), Just("abs"), Just("sqrt"), Just(" "),
        ], 0..40)
    ) {
        run_everything(&tokens.concat());
    }
}

/// Every stage the app runs, on any text.
fn run_everything(src: &str) {
    let Ok(program) = parse(src) else { return };
    let Ok(g) = Graph::build(&program) else {
        return;
    };
    let t = evaluate(&g, &g.point());
    let _ = reverse(&g, &t);
    for &input in g.inputs() {
        let _ = paths(&g, &t, input);
    }
    let s = differentiate(&g);
    let _ = s.values(&g.point());
    for i in 0..g.inputs().len() {
        let _ = s.text(i);
        let _ = s.formula(i);
    }
    // Then what the page runs: one analysis, its scene (cold and warm), both modes' lessons
    // with every step and row built, and the exports.
    let a = Arc::new(Analysis::of(g));
    let first = chainrule::scene::scene(&a, None);
    let scene = Arc::new(chainrule::scene::scene(&a, Some(&first)));
    let mut modes = vec![Mode::ForwardThenReverse];
    modes.extend((0..a.graph().inputs().len()).map(|seed| Mode::Tangent { seed }));
    for mode in modes.into_iter().take(3) {
        let _ = Timeline::new(&a, mode, &[]);
        let l = Lesson::new(Arc::clone(&a), Arc::clone(&scene), mode);
        for k in 0..l.len() {
            let _ = l.step(k);
        }
        for i in 0..l.node_count() {
            let _ = l.row(i);
        }
        let _ = chainrule::export::latex(&l);
        let _ = chainrule::export::svg(&l, l.last(), &|_| String::new());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any DAG (edges from lower to higher index, parallel edges allowed): every edge goes
    /// up, no box overlaps another or sits on an edge, no edge is flat, and a second run
    /// gives the same layout.
    #[test]
    fn layouts_of_random_dags_keep_their_invariants(
        n in 1usize..40,
        raw in prop::collection::vec((0usize..40, 0usize..40), 0..80),
    ) {
        use chainrule::layout::{layout, quality, LayoutGraph, Options, Size};
        let edges: Vec<(usize, usize)> = raw
            .into_iter()
            .map(|(a, b)| (a % n, b % n))
            .filter(|(a, b)| a < b)
            .collect();
        let g = LayoutGraph {
            sizes: (0..n).map(|i| Size { w: 30.0 + (i % 4) as f64 * 12.0, h: 36.0 }).collect(),
            edges,
            keys: (0..n).map(|i| i.to_string()).collect(),
        };
        let l = layout(&g, &Options::default(), None);
        let q = quality(&l);
        prop_assert_eq!((q.overlaps, q.flat, q.through_nodes), (0, 0, 0), "{:?}", q);
        for e in &l.edges {
            prop_assert!(e.points[0].1 > e.points[e.points.len() - 1].1);
        }
        prop_assert_eq!(format!("{l:?}"), format!("{:?}", layout(&g, &Options::default(), None)));
    }
}
