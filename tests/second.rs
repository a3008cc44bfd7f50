//! Beyond the first gradient (issue 16): the Hessian by forward over reverse, the backward
//! pass as a program of its own, the broken engines, and the framework scripts.

#![allow(clippy::needless_range_loop)] // matrices indexed by row and column read as the maths

use chainrule::analysis::Analysis;
use chainrule::autodiff::{evaluate, hessian, reverse, run_engine, Engine};
use chainrule::codegen::{backward_program, script, Asks, Syntax};
use chainrule::graph::Graph;
use chainrule::presets::PRESETS;
use chainrule::symbolic::differentiate;
use proptest::prelude::*;

fn build(src: &str) -> Result<Graph, chainrule::expr::ParseError> {
    Graph::build(&chainrule::expr::parse(src)?)
}

fn graph(src: &str) -> Graph {
    build(src).unwrap_or_else(|e| panic!("{}", e.render(src)))
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

const BAYDIN: &str = "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5";

#[test]
fn baydins_hessian_at_2_5() {
    let g = graph(BAYDIN);
    let h = hessian(&g, &g.point());
    let want = [[-0.25, 1.0], [1.0, 5f64.sin()]];
    for r in 0..2 {
        for c in 0..2 {
            assert!(
                (h[r][c] - want[r][c]).abs() < 1e-12,
                "H[{r}][{c}] = {}",
                h[r][c]
            );
        }
    }
    assert!((5f64.sin() - -0.958924274663138).abs() < 1e-15);
}

/// The symbolic second derivatives equal the Hessian at the point, entry by entry.
fn symbolic_agrees(src: &str, tol: f64) {
    let g = graph(src);
    let second = differentiate(&g).second(8).expect("few inputs");
    let h = hessian(&g, &g.point());
    let values = second.values(&g.point());
    let n = g.inputs().len();
    assert_eq!(second.len(), n * (n + 1) / 2);
    for ((i, j), v) in second.positions().zip(values) {
        assert!(i <= j);
        assert!(
            close(v, h[i][j], tol) || (v.is_nan() && h[i][j].is_nan()),
            "{src}: d2f/dx{i}dx{j} = {v} symbolically, {} by autodiff",
            h[i][j]
        );
    }
}

#[test]
fn baydins_second_derivatives_symbolically() {
    let g = graph(BAYDIN);
    let s = differentiate(&g).second(8).expect("two inputs");
    let texts: Vec<String> = (0..s.len()).map(|k| s.text(k).expect("small")).collect();
    assert_eq!(texts, ["-1/x1^2", "1", "sin(x2)"], "{texts:?}");
    assert_eq!(s.positions().collect::<Vec<_>>(), [(0, 0), (0, 1), (1, 1)]);
    let sizes = s.sizes(&g);
    assert!(sizes.tree >= 3 && sizes.dag >= 3, "{sizes:?}");
    let g = graph("f = exp(3*x); x = 2");
    let s = differentiate(&g).second(8).expect("one input");
    assert_eq!(s.text(0).as_deref(), Some("9*exp(3*x)"));
    assert!((s.values(&g.point())[0] - 3630.859141434616).abs() < 1e-9);
    // Past the cap, none.
    assert!(differentiate(&graph(&chainrule::presets::network()))
        .second(8)
        .is_none());
}

#[test]
fn every_small_presets_symbolic_second_derivatives_are_its_hessian() {
    for p in PRESETS.iter() {
        if graph(p.program).inputs().len() <= 8 {
            symbolic_agrees(p.program, 1e-9);
        }
    }
}

#[test]
fn exp_3x_has_second_derivative_9e6() {
    let g = graph("f = exp(3*x); x = 2");
    let h = hessian(&g, &g.point());
    assert!((h[0][0] - 3630.859141434616).abs() < 1e-9, "{}", h[0][0]);
}

/// The backward program, built and run as a program: its outputs are the gradient, and
/// its Jacobian (by the app's own forward mode over it) is the Hessian.
fn backward_agrees(src: &str, tol: f64) {
    let g = graph(src);
    let text = backward_program(&g);
    let a = Analysis::new(&text).unwrap_or_else(|e| panic!("{}\n{}", text, e.render(&text)));
    let grad = reverse(&g, &evaluate(&g, &g.point())).gradient().to_vec();
    let back = a.graph();
    assert_eq!(back.outputs().len(), grad.len(), "{text}");
    for (k, &o) in back.outputs().iter().enumerate() {
        let v = a.trace().value(o);
        assert!(
            close(v, grad[k], tol),
            "{src}: output {k} {v} vs gradient {}\n{text}",
            grad[k]
        );
    }
    let h = hessian(&g, &g.point());
    let j = a.jacobian();
    // Inputs: the program's, then the seed; by the seed, the gradient itself.
    assert_eq!(back.inputs().len(), grad.len() + 1, "{text}");
    for (r, row) in j.iter().enumerate() {
        assert!(close(row[grad.len()], grad[r], tol), "{text}");
    }
    for r in 0..grad.len() {
        for c in 0..grad.len() {
            assert!(
                close(j[r][c], h[r][c], tol) || (j[r][c].is_nan() && h[r][c].is_nan()),
                "{src}: J[{r}][{c}] {} vs H {}\n{text}",
                j[r][c],
                h[r][c]
            );
        }
    }
}

#[test]
fn the_backward_program_computes_the_gradient_and_its_jacobian_is_the_hessian() {
    backward_agrees(BAYDIN, 1e-12);
    backward_agrees("f = exp(3*x); x = 2", 1e-12);
    backward_agrees("c = a + b; d = b + 1; e = c * d; a = 2; b = 1", 1e-12);
    let mut checked = 0;
    for p in PRESETS.iter() {
        let Ok(g) = build(p.program) else { continue };
        if g.node_count() > 400 {
            continue;
        }
        backward_agrees(p.program, 1e-9);
        checked += 1;
    }
    assert!(checked >= 15, "{checked} presets");
}

#[test]
fn baydins_backward_program_reads_as_the_adjoint_trace() {
    let text = backward_program(&graph(BAYDIN));
    assert!(
        text.starts_with("grad(x1, x2, v5_bar) = [x1_bar, x2_bar]\n"),
        "{text}"
    );
    assert!(text.contains("v1 = ln(x1)\n"), "{text}");
    assert!(
        text.contains("x1_bar = v2_bar * x2 + v1_bar * (1 / x1)\n"),
        "{text}"
    );
    assert!(text.ends_with("x1 = 2; x2 = 5; v5_bar = 1\n"), "{text}");
}

/// The broken engines' definitions written again here, in a few lines each, independently
/// of the app: a node list in Wengert order with (operand, partial) pairs per slot.
struct Tiny {
    ops: Vec<Vec<(usize, f64)>>,
}

impl Tiny {
    fn correct(&self, out: usize, overwrite: bool) -> Vec<f64> {
        let mut bar = vec![0.0; self.ops.len()];
        bar[out] = 1.0;
        for w in (0..self.ops.len()).rev() {
            for &(u, p) in &self.ops[w] {
                bar[u] = if overwrite {
                    bar[w] * p
                } else {
                    bar[u] + bar[w] * p
                };
            }
        }
        bar
    }
    fn recursive(&self, w: usize, bar: &mut Vec<f64>) {
        for &(u, p) in &self.ops[w] {
            bar[u] += bar[w] * p;
        }
        for &(u, _) in &self.ops[w] {
            self.recursive(u, bar);
        }
    }
}

#[test]
fn broken_engines_on_b_is_a_plus_a() {
    let g = graph("a = 1; b = a + a; c = b + b");
    let t = evaluate(&g, &g.point());
    let got: Vec<f64> = Engine::ALL
        .iter()
        .map(|&e| run_engine(&g, &t, e, 1000).gradient[0])
        .collect();
    assert_eq!(got, vec![4.0, 1.0, 8.0, 8.0]);
}

/// The lesson steps a broken engine's own steps: at the end the input's box shows that
/// engine's adjoint, and the lesson's gradient is the engine's.
#[test]
fn a_lesson_steps_each_engine() {
    use chainrule::lesson::Lesson;
    use chainrule::scene::scene;
    use std::sync::Arc;
    let a = Arc::new(Analysis::new("a = 1; b = a + a; c = b + b").unwrap());
    let s = Arc::new(scene(&a, None));
    for (engine, want, contributions) in [
        (Engine::Correct, 4.0, 4),
        (Engine::Overwrite, 1.0, 4),
        (Engine::Recursive, 8.0, 6),
        (Engine::Twice, 8.0, 8),
    ] {
        let l = Lesson::with_engine(Arc::clone(&a), Arc::clone(&s), engine);
        let (_, at) = l.inputs[0];
        let end = l.len() - 1;
        assert_eq!(l.shown(at, end).adjoint, Some(want), "{engine:?}");
        assert_eq!(l.gradient(), &[want], "{engine:?}");
        // Start, 3 values, the seed, the engine's contributions, done.
        assert_eq!(l.len(), 1 + 3 + 1 + contributions + 1, "{engine:?}");
        // The step panel says what the engine did wrong, where it did it.
        let notes: Vec<String> = (0..l.len())
            .filter_map(|k| l.step(k))
            .map(|v| v.note)
            .collect();
        let texts: Vec<String> = (0..l.len())
            .filter_map(|k| l.step(k))
            .map(|v| v.text)
            .collect();
        let said = |needle: &str| notes.iter().any(|n| n.contains(needle));
        match engine {
            Engine::Correct => assert!(said("running sum"), "{notes:?}"),
            Engine::Overwrite => {
                assert!(
                    said("replaces the 1 it held, so that contribution is lost (correct: 2)"),
                    "{notes:?}"
                );
                assert!(texts.iter().all(|t| !t.contains("+=")), "{texts:?}");
            }
            Engine::Recursive => assert!(
                said("Recursive: b\u{304} = 2 goes down this edge again (time 2)"),
                "{notes:?}"
            ),
            Engine::Twice => {
                assert!(
                    said("on top of the first run's 4; running sum 8"),
                    "{notes:?}"
                );
                assert!(said("fresh in each run"), "{notes:?}");
            }
        }
    }
}

#[test]
fn broken_engines_on_olah_match_an_independent_implementation() {
    let g = graph("c = a + b; d = b + 1; e = c * d; a = 2; b = 1");
    let t = evaluate(&g, &g.point());
    // a=0, b=1, c=a+b (2), d=b+1 (3), e=c*d (4); c = 3, d = 2.
    let tiny = Tiny {
        ops: vec![
            vec![],
            vec![],
            vec![(0, 1.0), (1, 1.0)],
            vec![(1, 1.0)],
            vec![(2, 2.0), (3, 3.0)],
        ],
    };
    let correct = tiny.correct(4, false);
    let overwrite = tiny.correct(4, true);
    let mut recursive = vec![0.0; 5];
    recursive[4] = 1.0;
    tiny.recursive(4, &mut recursive);
    let want = [
        (Engine::Correct, [correct[0], correct[1]]),
        (Engine::Overwrite, [overwrite[0], overwrite[1]]),
        (Engine::Recursive, [recursive[0], recursive[1]]),
        (Engine::Twice, [2.0 * correct[0], 2.0 * correct[1]]),
    ];
    assert_eq!(want[0].1, [2.0, 5.0]);
    for (engine, w) in want {
        let run = run_engine(&g, &t, engine, 1000);
        assert_eq!(run.gradient, w.to_vec(), "{engine:?}");
        assert!(!run.truncated);
    }
}

/// The two presets that expose the bugs: their notes' figures are the engines' answers, and
/// the diamond's match the independent implementation.
#[test]
fn the_bug_presets_show_what_their_notes_say() {
    let preset = |id: &str| PRESETS.iter().find(|p| p.id == id).expect(id);
    let twice = preset("bug-twice");
    let g = graph(twice.program);
    let t = evaluate(&g, &g.point());
    for (engine, want) in Engine::ALL.iter().zip(["4", "1", "8", "8"]) {
        let got = run_engine(&g, &t, *engine, 1000).gradient[0];
        assert_eq!(format!("{got}"), want, "{engine:?}");
        assert!(twice.note.contains(want), "{engine:?}");
    }
    let diamond = preset("bug-diamond");
    let g = graph(diamond.program);
    let t = evaluate(&g, &g.point());
    // x = 0, h = 3x (1), p = sin h (2), q = h*h (3), f = p + q (4); h = 3.
    let tiny = Tiny {
        ops: vec![
            vec![],
            vec![(0, 3.0)],
            vec![(1, 3f64.cos())],
            vec![(1, 3.0), (1, 3.0)],
            vec![(2, 1.0), (3, 1.0)],
        ],
    };
    let mut recursive = vec![0.0; 5];
    recursive[4] = 1.0;
    tiny.recursive(4, &mut recursive);
    let correct = tiny.correct(4, false)[0];
    for (engine, want) in [
        (Engine::Correct, correct),
        (Engine::Overwrite, tiny.correct(4, true)[0]),
        (Engine::Recursive, recursive[0]),
        (Engine::Twice, 2.0 * correct),
    ] {
        let got = run_engine(&g, &t, engine, 1000).gradient[0];
        assert!((got - want).abs() < 1e-12, "{engine:?}: {got} vs {want}");
        let shown = format!("{got:.2}").replace('-', "\u{2212}");
        assert!(diamond.note.contains(&shown), "{engine:?}: {shown}");
    }
    // Stepped, the recursive engine's diamond shows h's adjoint passed on half-arrived.
    let a = std::sync::Arc::new(Analysis::new(diamond.program).expect("builds"));
    let s = std::sync::Arc::new(chainrule::scene::scene(&a, None));
    let l = chainrule::lesson::Lesson::with_engine(a, s, Engine::Recursive);
    let notes: Vec<String> = (0..l.len())
        .filter_map(|k| l.step(k))
        .map(|v| v.note)
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("passed on before all of it arrived")),
        "{notes:?}"
    );
}

#[test]
fn the_recursive_engine_stops_at_its_limit_on_a_chain_of_diamonds() {
    let mut src = String::from("v0 = x\n");
    for k in 1..=40 {
        src += &format!("v{k} = v{} * v{}\n", k - 1, k - 1);
    }
    src += "x = 1";
    let g = graph(&src);
    let t = evaluate(&g, &g.point());
    let run = run_engine(&g, &t, Engine::Recursive, 10_000);
    assert!(run.truncated);
    assert_eq!(run.steps.len(), 10_000);
    assert!(!run_engine(&g, &t, Engine::Correct, 10_000).truncated);
}

#[test]
fn framework_scripts_name_inputs_safely_and_ask_for_what_the_program_needs() {
    let g = graph("f(lambda, x) = [lambda*x, sin(x)]; lambda = 2; x = 1");
    let jax = script(&g, None, Syntax::Jax, "test", Asks { hessian: true });
    assert!(jax.contains("def f(lambda_, x):"), "{jax}");
    assert!(jax.contains("jax.jacrev"), "{jax}");
    assert!(jax.contains("jax.grad(lambda"), "{jax}");
    assert!(jax.contains("jax_enable_x64"), "{jax}");
    let torch = script(
        &graph(BAYDIN),
        None,
        Syntax::Torch,
        "test",
        Asks { hessian: false },
    );
    assert!(torch.contains("torch.log(x1)"), "{torch}");
    assert!(torch.contains("y.backward()"), "{torch}");
    assert!(!torch.contains("hessian"), "{torch}");
}

/// Given the program, the scripts keep its loops, branches and functions as Python's (the
/// JAX check runs them); a graph that is not the program's goes out unrolled.
#[test]
fn framework_scripts_keep_the_programs_control_flow_and_functions() {
    let export = |src: &str, syntax| {
        let p = chainrule::expr::parse(src).expect("parses");
        script(&graph(src), Some(&p), syntax, "t", Asks { hessian: true })
    };
    let d2l = PRESETS.iter().find(|p| p.id == "d2l-loop").expect("d2l");
    let jax = export(d2l.program, Syntax::Jax);
    for line in [
        "def f(a):",
        "    while jnp.abs(b) < 1000.0:",
        "        b = b * 2.0",
        "    if b > 0.0:",
        "    else:",
        "        c = 100.0 * b",
        "    return c",
    ] {
        assert!(jax.contains(line), "{line:?} in\n{jax}");
    }
    let src = "def sq(a) {\n  t = a*a\n  return t + 1\n}\nsum = 0\nfor i in 0..=2 { sum = sum + x*i }\nf = sq(x) + sum\nx = 2";
    let torch = export(src, Syntax::Torch);
    for line in [
        "    def sq(a):",
        "        t = a * a",
        "        return t + 1.0",
        "    for i in range(0, 3):",
        "        sum = sum + (x * i)",
        "    return f",
    ] {
        assert!(torch.contains(line), "{line:?} in\n{torch}");
    }
    // Olah's order-free definitions: each name defined before it is read.
    let jax = export("e = c * d; c = a + b; d = b + 1; a = 2; b = 1", Syntax::Jax);
    let at = |s: &str| jax.find(s).unwrap_or_else(|| panic!("{s} in {jax}"));
    assert!(at("    c = a + b") < at("    e = c * d"));
    assert!(at("    d = b + 1.0") < at("    e = c * d"));
    // A name defined once that reads a name before the text assigns it: unrolled.
    let odd = "f = x + s\nfor i in 0..2 { s = x*i }\nx = 2";
    assert!(export(odd, Syntax::Jax).contains("loops unrolled"));
    // The backward program's graph with the forward program's text: unrolled.
    let g = graph(&backward_program(&graph(BAYDIN)));
    let p = chainrule::expr::parse(BAYDIN).expect("parses");
    let jax = script(&g, Some(&p), Syntax::Jax, "t", Asks { hessian: false });
    assert!(jax.contains("loops unrolled"), "{jax}");
}

fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(&["x1", "x2", "x3"][..]).prop_map(str::to_string),
        (1u8..9).prop_map(|n| format!("{}", f64::from(n) / 2.0)),
    ];
    leaf.prop_recursive(5, 30, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} - {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} * {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} / (2 + cos({b}))")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("(1 + ({a})^2)^(0.5 + sigmoid({b}))")),
            inner.clone().prop_map(|a| format!("sin({a})")),
            inner.clone().prop_map(|a| format!("tanh({a})")),
            inner.clone().prop_map(|a| format!("sigmoid({a})")),
            inner.clone().prop_map(|a| format!("exp(sin({a}))")),
            inner.clone().prop_map(|a| format!("ln(2 + cos({a}))")),
            inner.clone().prop_map(|a| format!("sqrt(1 + ({a})^2)")),
            inner.prop_map(|a| format!("-{a}")),
        ]
    })
}

/// The Hessian's checks on one program (the property test's body).
fn hessian_checks(src: &str) -> Result<(), TestCaseError> {
    let src = src.to_string();
    let g = graph(&src);
    let point = g.point();
    let h = hessian(&g, &point);
    let grad_at = |p: &[f64]| reverse(&g, &evaluate(&g, p)).gradient().to_vec();
    for r in 0..3 {
        for c in 0..3 {
            prop_assert!(
                close(h[r][c], h[c][r], 1e-9),
                "{src}: H[{r}][{c}] {} vs {}",
                h[r][c],
                h[c][r]
            );
        }
        // Central differences at two steps, extrapolated (Richardson); how far the two
        // disagree bounds their own error, so a wildly oscillating function (cos of a
        // large power) is held to what differences can tell, and a wrong Hessian still fails.
        let central = |step: f64| {
            let (mut up, mut down) = (point.clone(), point.clone());
            up[r] += step;
            down[r] -= step;
            let (gu, gd) = (grad_at(&up), grad_at(&down));
            (0..3)
                .map(|c| (gu[c] - gd[c]) / (2.0 * step))
                .collect::<Vec<_>>()
        };
        let (coarse, fine) = (central(2e-5), central(1e-5));
        for c in 0..3 {
            let fd = (4.0 * fine[c] - coarse[c]) / 3.0;
            let own = (fine[c] - coarse[c]).abs();
            let tol = 1e-4 * (1.0 + h[c][r].abs()) + 10.0 * own;
            prop_assert!(
                (h[c][r] - fd).abs() <= tol || !fd.is_finite(),
                "{src}: H[{c}][{r}] {} vs differences {fd} (their own spread {own})",
                h[c][r]
            );
        }
    }
    backward_agrees(&src, 1e-9);
    symbolic_agrees(&src, 1e-9);
    Ok(())
}

/// Found by the property test: cos of a large power oscillates so fast that differences at
/// 1e-5 are off by 4%; the extrapolated differences and their spread hold it.
#[test]
fn a_wildly_oscillating_program_is_checked_to_what_differences_can_tell() {
    let src = "h = sin((1 + (1 * x1)^2)^(0.5 + sigmoid(1)))\nf(x1, x2, x3) = h * ln(2 + cos((1 + ((1 + (4)^2)^(0.5 + sigmoid(3)))^2)^(0.5 + sigmoid(x3 * tanh(2))))) + h\nx1 = -1.5982362265945744; x2 = 1.6679866313134761; x3 = 1.158128829655936";
    hessian_checks(src).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    /// The Hessian is symmetric and equals central differences of the gradient; the
    /// backward program's Jacobian and the symbolic second derivatives equal it.
    #[test]
    fn the_hessian_is_symmetric_and_matches_differences_of_the_gradient(
        a in expr(), b in expr(), x in (-2.0f64..2.0, -2.0f64..2.0, -2.0f64..2.0)
    ) {
        let src = format!("h = {a}\nf(x1, x2, x3) = h * {b} + h\nx1 = {}; x2 = {}; x3 = {}", x.0, x.1, x.2);
        hessian_checks(&src)?;
    }
}
