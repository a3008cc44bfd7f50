//! The stepper's lookups: what each node shows at each step, the step panel, the paths.

// The published digits are the point here, even where they are close to a std constant.
#![allow(clippy::approx_constant)]

use std::sync::Arc;

use chainrule::analysis::Analysis;
use chainrule::autodiff::Mode;
use chainrule::lesson::{Lesson, NodeState, Row, StepView};
use chainrule::presets::network;
use chainrule::scene::scene;

const SEED: &str = "f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3";
const BAYDIN: &str = "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5";

fn lesson(src: &str, mode: Mode) -> Lesson {
    let a = Analysis::new(src).unwrap_or_else(|e| panic!("{}", e.render(src)));
    let s = scene(&a, None);
    Lesson::new(Arc::new(a), Arc::new(s), mode)
}

/// Every step, built (the lesson builds them one at a time when shown).
fn steps(l: &Lesson) -> Vec<StepView> {
    (0..l.len()).filter_map(|k| l.step(k)).collect()
}

/// Every row of the trace table.
fn rows(l: &Lesson) -> Vec<Row> {
    (0..l.node_count()).map(|i| l.row(i)).collect()
}

fn index(l: &Lesson, id: &str) -> usize {
    rows(l)
        .iter()
        .position(|r| r.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn close(got: Option<f64>, want: f64) {
    let got = got.unwrap_or(f64::NAN);
    assert!((got - want).abs() <= 1e-9, "got {got}, want {want}");
}

#[test]
fn step_zero_shows_nothing_and_the_last_step_everything() {
    let l = lesson(BAYDIN, Mode::ForwardThenReverse);
    for i in 0..rows(&l).len() {
        let s = l.shown(i, 0);
        assert_eq!(
            (s.state, s.value, s.adjoint),
            (NodeState::Pending, None, None)
        );
        assert_eq!(l.shown(i, l.last()).state, NodeState::Done);
    }
    close(l.shown(index(&l, "v5"), l.last()).value, 11.652071455223084);
    close(l.shown(index(&l, "v-1"), l.last()).adjoint, 5.5);
    close(
        l.shown(index(&l, "v0"), l.last()).adjoint,
        1.7163378145367738,
    );
    assert_eq!(steps(&l)[l.last()].phase, "Done: ∇f = (5.5, 1.716)");
}

#[test]
fn each_forward_step_reveals_exactly_one_value() {
    let l = lesson(BAYDIN, Mode::ForwardThenReverse);
    let known = |step: usize| {
        (0..rows(&l).len())
            .filter(|&i| l.shown(i, step).value.is_some())
            .count()
    };
    for step in 1..=7 {
        assert_eq!(known(step), step, "step {step}: {}", steps(&l)[step].phase);
        assert_eq!(
            l.shown(steps(&l)[step].nodes[0], step).state,
            NodeState::Active
        );
    }
    assert_eq!(steps(&l)[3].phase, "Forward pass 3/7");
}

#[test]
fn a_node_used_twice_sums_its_adjoint_in_two_contributions() {
    let l = lesson(BAYDIN, Mode::ForwardThenReverse);
    let x1 = index(&l, "v-1");
    let into_x1: Vec<usize> = (0..steps(&l).len())
        .filter(|&s| steps(&l)[s].note.contains("into x̄₁"))
        .collect();
    assert_eq!(into_x1.len(), 2);
    close(l.shown(x1, into_x1[0]).adjoint, 5.0);
    close(l.shown(x1, into_x1[1]).adjoint, 5.5);
    assert!(steps(&l)[into_x1[1]]
        .note
        .starts_with("2 of 2 contributions"));
    assert!(steps(&l)[into_x1[1]].math.contains("<mo>+=</mo>"));
    // Before its first contribution, x1 has no adjoint yet; stepping back restores that.
    assert_eq!(l.shown(x1, into_x1[0] - 1).adjoint, None);
}

#[test]
fn the_step_panel_writes_the_chain_rule_with_numbers() {
    let l = lesson(BAYDIN, Mode::ForwardThenReverse);
    let step = steps(&l)
        .into_iter()
        .find(|s| s.text.starts_with("x̄₂") && s.text.contains("cos"))
        .expect("the sin node's contribution to v0");
    assert_eq!(
        step.text,
        "x̄₂ = v̄₃ · ∂v₃/∂x₂ = v̄₃ · cos(x₂) = (−1) · cos(5) = −0.2837"
    );
    assert!(step.math.starts_with("<math"));
}

#[test]
fn forward_mode_on_baydin_gives_the_tangent_of_the_seeded_input() {
    let l = lesson(BAYDIN, Mode::Tangent { seed: 0 });
    close(l.shown(index(&l, "v5"), l.last()).tangent, 5.5);
    assert_eq!(l.shown(index(&l, "v5"), 1).tangent, None);
    assert!(steps(&l)[l.last()].phase.contains("1 of 2 forward passes"));
    let l = lesson(BAYDIN, Mode::Tangent { seed: 1 });
    close(
        l.shown(index(&l, "v5"), l.last()).tangent,
        1.7163378145367738,
    );
}

#[test]
fn olahs_paths_for_b_are_two_and_sum_to_five() {
    let l = lesson(
        "e = (a + b) * (b + 1); a = 2; b = 1",
        Mode::ForwardThenReverse,
    );
    let b = l
        .inputs
        .iter()
        .position(|(n, _)| n == "b")
        .expect("input b");
    let p = l.paths(b).expect("paths");
    assert_eq!(p.count, 2);
    let mut products: Vec<f64> = p.listed.iter().map(|q| q.product).collect();
    products.sort_by(f64::total_cmp);
    assert_eq!(products, vec![2.0, 3.0]);
    assert_eq!((p.sum, p.adjoint), (5.0, 5.0));
    assert_eq!(p.listed[0].nodes.len(), p.listed[0].edges.len() + 1);
}

#[test]
fn clicking_a_node_jumps_to_its_value_or_its_adjoint() {
    let l = lesson(SEED, Mode::ForwardThenReverse);
    let x2 = index(&l, "v0");
    let value_step = l.step_of(x2, 0);
    assert_eq!(steps(&l)[value_step].nodes[0], x2);
    assert!(steps(&l)[value_step].phase.starts_with("Forward"));
    let adjoint_step = l.step_of(x2, l.last());
    assert!(steps(&l)[adjoint_step].phase.starts_with("Reverse"));
    close(l.shown(x2, adjoint_step).adjoint, 2.0);
}

#[test]
fn each_reverse_step_names_its_rule_with_the_numbers_in() {
    let l = lesson(BAYDIN, Mode::ForwardThenReverse);
    let all = steps(&l);
    let rules: Vec<&str> = all
        .iter()
        .map(|s| s.rule_text.as_str())
        .filter(|r| !r.is_empty())
        .collect();
    assert!(
        rules.contains(&"product rule: ∂(x₁ · x₂)/∂x₂ = x₁ = 2"),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"derivative of sin: ∂(sin(x₂))/∂x₂ = cos(x₂) = 0.2837"),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"difference rule: ∂(v₄ − v₃)/∂v₃ = −1"),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"derivative of ln: ∂(ln(x₁))/∂x₁ = 1 / x₁ = 0.5"),
        "{rules:?}"
    );
    // Forward mode: each value step lists the rule for each operand.
    let l = lesson(SEED, Mode::Tangent { seed: 0 });
    let power = steps(&l)
        .into_iter()
        .find(|s| s.rule_text.starts_with("power rule"))
        .expect("x1^2");
    assert_eq!(
        power.rule_text,
        "power rule: ∂(x₁^2)/∂x₁ = 2 · x₁^(2 − 1) = 4"
    );
    assert!(power.rules[0].1.starts_with("<math>"));
}

#[test]
fn the_cost_counter_on_baydin_is_two_passes_against_one() {
    let l = lesson(BAYDIN, Mode::ForwardThenReverse);
    let c = l.cost();
    assert_eq!((c.forward_passes(), c.reverse_passes()), (2, 1));
    assert_eq!((c.primal_ops, c.derivative_ops), (5, 8));
    assert_eq!((c.forward_ops(), c.reverse_ops()), (26, 13));
}

#[test]
fn finite_differences_agree_with_the_gradient_on_baydin() {
    let l = lesson(BAYDIN, Mode::ForwardThenReverse);
    for (fd, ad) in l.finite_differences().iter().zip(l.gradient()) {
        assert!((fd - ad).abs() < 1e-6, "{fd} vs {ad}");
    }
}

#[test]
fn exports_carry_the_trace_and_escape_the_text() {
    use chainrule::export::{csv, dot, latex, svg};
    let l = lesson(BAYDIN, Mode::ForwardThenReverse);
    let tex = latex(&l);
    assert!(
        tex.contains("\\toprule") && tex.contains("\\bottomrule"),
        "{tex}"
    );
    assert!(
        tex.contains("$v_{1}$ & $\\ln\\left(x_{1}\\right)$ & 0.6931 & 1 \\\\"),
        "{tex}"
    );
    assert!(tex.contains("11.65"), "{tex}");
    let c = csv(&l);
    assert!(
        c.starts_with("node,label,definition,value,adjoint\n"),
        "{c}"
    );
    assert!(c.contains("v-1,x1,input,2,5.5\n"), "{c}");
    assert!(c.contains("v0,x2,input,5,1.7163378145367738"), "{c}");
    let d = dot(&l);
    assert!(d.contains("\"v-1\" -> \"v2\";"), "{d}");
    let s = svg(&l, 3, &|_| "#123456".into());
    assert_eq!(s.matches("data-node=").count(), rows(&l).len());
    assert!(
        s.contains("class=\"node op active\"") || s.contains("active"),
        "{s}"
    );
    // A name that looks like markup stays text.
    let l = lesson("f(x1) = x1 * 2; x1 = 1", Mode::ForwardThenReverse);
    assert!(!svg(&l, 0, &|_| "#123456".into()).contains("<script"));
}

#[test]
fn quiz_answers_are_checked_at_the_displayed_precision() {
    use chainrule::lesson::answer_matches;
    let l = lesson(BAYDIN, Mode::ForwardThenReverse);
    let (name, truth) = steps(&l)[3].answer.clone().expect("a value step asks");
    assert_eq!(name, "v₁");
    assert!(answer_matches(0.6931, truth) && answer_matches(0.69315, truth));
    assert!(!answer_matches(0.6932, truth) && !answer_matches(0.69, truth));
    assert!(answer_matches(-0.2837, -0.283662185463226));
    assert!(answer_matches(0.0, 0.0) && !answer_matches(0.001, 0.0));
    let asked = steps(&l).iter().filter(|s| s.answer.is_some()).count();
    assert_eq!(
        asked,
        steps(&l).len() - 2,
        "every step but the start and the end asks"
    );
    assert!(
        steps(&l)[3]
            .narration
            .starts_with("Forward pass 3 of 7. v 1 equals log of x 1"),
        "{}",
        steps(&l)[3].narration
    );
}

#[test]
fn each_pass_runs_once_per_program_text_whatever_the_views_ask() {
    use chainrule::autodiff::passes;
    let before = passes();
    let a = Arc::new(Analysis::new(&network()).unwrap());
    let s = Arc::new(scene(&a, None));
    let _ = scene(&a, Some(&s));
    for mode in [
        Mode::ForwardThenReverse,
        Mode::Tangent { seed: 1 },
        Mode::Tangent { seed: 1 },
    ] {
        let l = Lesson::new(Arc::clone(&a), Arc::clone(&s), mode);
        for k in 0..l.len() {
            let _ = l.step(k);
            for i in 0..l.node_count() {
                let _ = l.shown(i, k);
            }
        }
        let _ = rows(&l);
        let _ = l.paths(0);
        let _ = l.cost();
        let _ = chainrule::export::latex(&l);
        let _ = chainrule::export::csv(&l);
        let _ = chainrule::export::svg(&l, l.last(), &|_| String::new());
    }
    let _ = chainrule::symbolic::differentiate(a.graph());
    let after = passes();
    assert_eq!(after.forward - before.forward, 1, "one primal evaluation");
    assert_eq!(after.reverse - before.reverse, 1, "one reverse pass");
    assert_eq!(
        after.tangent - before.tangent,
        1,
        "one tangent pass for the one seed asked"
    );
}

#[test]
fn a_lesson_keeps_what_is_linear_in_the_graph_at_ten_thousand_operations() {
    // A 3,300-line chain of three operations a line: 9,900 operations (no constants, so
    // every node is a forward step).
    let mut src = String::from("x = 0.5; a0 = x; a1 = x\n");
    for i in 2..3302 {
        src.push_str(&format!("a{i} = sin(a{})*x + a{}\n", i - 1, i - 2));
    }
    let a = Arc::new(Analysis::new(&src).unwrap());
    let g = a.graph();
    assert!(g.node_count() > 9_900, "{}", g.node_count());
    let s = Arc::new(scene(&a, None));
    let l = Lesson::new(Arc::clone(&a), s, Mode::ForwardThenReverse);
    // What the lesson holds: the timeline (a kind per step, a step per node, the adjoint's
    // steps per node) and index maps; no text. Measured in bytes of its vectors.
    let steps = l.len();
    assert_eq!(
        steps,
        1 + g.node_count() + 1 + a.adjoints().contributions().len() + 1
    );
    let held = l.held_bytes();
    let linear = 64 * (g.node_count() + g.edge_count() + steps);
    assert!(held < linear, "{held} bytes for {steps} steps");
    // Any step is built on its own, as cheaply as any other.
    let last = l.step(l.last()).unwrap();
    assert!(last.phase.starts_with("Done: ∇a₃₃₀₁"), "{}", last.phase);
    let mid = l.step(steps / 2).unwrap();
    assert!(mid.math.starts_with("<math>"));
}

#[test]
fn a_term_typed_at_the_front_keeps_the_keys_of_every_node_it_does_not_change() {
    // `f = x0*x1 + v0*h0 + ...` renumbers every Wengert id; only the new product and the
    // partial sums it runs through are new (15: the last, `f`, keeps its name), and the
    // 14 unnamed sums of the old chain are gone.
    let keys = |src: &str| -> std::collections::HashSet<String> {
        let a = Analysis::new(src).unwrap_or_else(|e| panic!("{}", e.render(src)));
        scene(&a, None).nodes.into_iter().map(|n| n.key).collect()
    };
    let before = keys(&network());
    let after = keys(&network().replace("f = v0*h0", "f = x0*x1 + v0*h0"));
    assert_eq!((before.len(), after.len()), (226, 228));
    let kept = before.intersection(&after).count();
    assert_eq!(
        kept,
        226 - 14,
        "new: {:?}",
        after.difference(&before).collect::<Vec<_>>()
    );
}
