//! Several derivative passes in one lesson: forward mode a pass per input (the Jacobian by
//! columns), reverse mode a pass per output (by rows), one pass seeded with a vector (J·v,
//! uᵀ·J); the Jacobian panel filled pass by pass, the pass label and the cost counter.

use std::sync::Arc;

use chainrule::analysis::Analysis;
use chainrule::autodiff::{Mode, StepKind};
use chainrule::lesson::{Lesson, Line};
use chainrule::scene::scene;

/// The test vector: J = [[6, 3, -4], [21, -8, 9]] at (3, 4, 5).
const TWO: &str =
    "f(x0, x1, x2) = [x0^2 + x1^2 - x1*x2, x0^2 - x1^2 + 3*x0*x2]; x0 = 3; x1 = 4; x2 = 5";
const J: [[f64; 3]; 2] = [[6.0, 3.0, -4.0], [21.0, -8.0, 9.0]];

fn lesson(src: &str, mode: Mode, vector: &[f64]) -> Lesson {
    let a = Analysis::new(src).unwrap_or_else(|e| panic!("{}", e.render(src)));
    let s = scene(&a, None);
    Lesson::seeded(Arc::new(a), Arc::new(s), mode, vector)
}

fn close(got: Option<f64>, want: f64) {
    let got = got.unwrap_or(f64::NAN);
    assert!((got - want).abs() <= 1e-9, "got {got}, want {want}");
}

/// The step each pass starts at, read from the pass labels.
fn pass_starts(l: &Lesson) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut last = String::new();
    for k in 0..l.len() {
        let label = l.step(k).expect("a step").pass_label;
        if !label.is_empty() && label != last {
            starts.push(k);
        }
        last = label;
    }
    starts
}

#[test]
fn reverse_mode_fills_a_row_per_pass() {
    let l = lesson(TWO, Mode::ForwardThenReverse, &[]);
    assert_eq!(l.passes().len(), 2);
    assert_eq!(l.outputs, ["f1", "f2"]);
    let starts = pass_starts(&l);
    assert_eq!(starts.len(), 2);
    let first = l.step(starts[0]).expect("step");
    assert_eq!(first.pass_label, "Reverse pass 1 of 2 (seed ∂f₁/∂·)");
    assert!(
        first.phase.starts_with("Reverse pass 1/"),
        "{}",
        first.phase
    );
    assert_eq!(
        l.step(starts[1]).expect("step").pass_label,
        "Reverse pass 2 of 2 (seed ∂f₂/∂·)"
    );
    // Before the first reverse pass nothing is known; at its end row 1 is, row 2 is not.
    let before = l.jacobian_at(starts[0] - 1);
    assert!(before.cells.iter().flatten().all(Option::is_none));
    let row1 = l.jacobian_at(starts[1] - 1);
    for (i, &want) in J[0].iter().enumerate() {
        close(row1.cells[0][i], want);
        assert_eq!(row1.cells[1][i], None);
    }
    assert_eq!(row1.active, Some(Line::Row(0)));
    assert_eq!(l.jacobian_at(starts[1]).active, Some(Line::Row(1)));
    let end = l.jacobian_at(l.last());
    for (j, row) in J.iter().enumerate() {
        for (i, &want) in row.iter().enumerate() {
            close(end.cells[j][i], want);
        }
    }
    assert_eq!(end.active, None);
    // Each pass's adjoints are its own: x0's adjoint is 6 in pass 1, then starts over.
    let x0 = l.inputs[0].1;
    close(l.shown(x0, starts[1] - 1).adjoint, 6.0);
    assert_eq!(l.shown(x0, starts[1]).adjoint, None);
    close(l.shown(x0, l.last()).adjoint, 21.0);
    assert!(l
        .step(l.last())
        .expect("done")
        .phase
        .contains("2 reverse passes, a row each"));
}

#[test]
fn forward_mode_fills_a_column_per_pass() {
    let l = lesson(TWO, Mode::Tangents, &[]);
    assert_eq!(l.passes().len(), 3);
    let starts = pass_starts(&l);
    assert_eq!(starts.len(), 3);
    assert_eq!(
        l.step(starts[1]).expect("step").pass_label,
        "Forward pass 2 of 3 (seed ∂/∂x₁)"
    );
    // Each pass steps through every operation again.
    assert_eq!(starts[1] - starts[0], starts[2] - starts[1]);
    assert!(matches!(
        l.steps_kind(starts[1]),
        Some(StepKind::Value(_, 1))
    ));
    let after_two = l.jacobian_at(starts[2] - 1);
    for (j, row) in J.iter().enumerate() {
        close(after_two.cells[j][0], row[0]);
        close(after_two.cells[j][1], row[1]);
        assert_eq!(after_two.cells[j][2], None);
    }
    assert_eq!(l.jacobian_at(starts[2]).active, Some(Line::Column(2)));
    let end = l.jacobian_at(l.last());
    for (j, row) in J.iter().enumerate() {
        for (i, &want) in row.iter().enumerate() {
            close(end.cells[j][i], want);
        }
    }
    // A node's tangent is the current pass's: x1's is 1 in pass 2, 0 in pass 3.
    let x1 = l.inputs[1].1;
    close(l.shown(x1, starts[2] - 1).tangent, 1.0);
    assert_eq!(l.shown(x1, starts[2]).tangent, None, "not recomputed yet");
    close(l.shown(x1, l.last()).tangent, 0.0);
    assert!(l
        .step(l.last())
        .expect("done")
        .phase
        .contains("3 forward passes, a column each"));
}

#[test]
fn one_pass_seeded_with_a_vector_gives_jv_or_ujt_and_they_agree() {
    let v = [1.0, 0.0, 2.0];
    let u = [1.0, -1.0];
    let jv: Vec<f64> = J
        .iter()
        .map(|r| r.iter().zip(v).map(|(a, b)| a * b).sum())
        .collect();
    let uj: Vec<f64> = (0..3).map(|i| u[0] * J[0][i] + u[1] * J[1][i]).collect();
    let fwd = lesson(TWO, Mode::Direction, &v);
    assert_eq!(fwd.passes().len(), 1);
    let (what, got) = fwd.jacobian_at(fwd.last()).product.expect("J·v");
    assert_eq!(what, "J·v");
    for (g, w) in got.iter().zip(&jv) {
        close(*g, *w);
    }
    assert!(fwd
        .jacobian_at(0)
        .product
        .expect("J·v")
        .1
        .iter()
        .all(Option::is_none));
    let rev = lesson(TWO, Mode::Cotangent, &u);
    let (what, got) = rev.jacobian_at(rev.last()).product.expect("uᵀ·J");
    assert_eq!(what, "uᵀ·J");
    for (g, w) in got.iter().zip(&uj) {
        close(*g, *w);
    }
    // uᵀ(Jv) both ways.
    let a: f64 = u.iter().zip(&jv).map(|(a, b)| a * b).sum();
    let b: f64 = uj.iter().zip(v).map(|(a, b)| a * b).sum();
    assert!((a - b).abs() < 1e-9);
    // Two seed steps, one per output, with u's weights; labels say the vector.
    let seeds: Vec<usize> = (0..rev.len())
        .filter(|&k| matches!(rev.steps_kind(k), Some(StepKind::Seed(_))))
        .collect();
    assert_eq!(seeds.len(), 2);
    assert_eq!(rev.answer(seeds[1]).expect("a seed").1, -1.0);
    assert_eq!(
        rev.step(seeds[0]).expect("s").pass_label,
        "Reverse pass 1 of 1 (seed u = (1, -1))"
    );
    assert_eq!(
        fwd.step(1).expect("s").pass_label,
        "Forward pass 1 of 1 (seed v = (1, 0, 2))"
    );
    assert!(fwd
        .step(fwd.last())
        .expect("done")
        .phase
        .starts_with("Done: J·v = (-2, 39)"));
}

#[test]
fn the_cost_counter_compares_n_forward_with_m_reverse_passes() {
    let c = lesson(TWO, Mode::ForwardThenReverse, &[]).cost();
    assert_eq!((c.inputs, c.outputs), (3, 2));
    assert_eq!((c.forward_passes(), c.reverse_passes()), (3, 2));
    assert_eq!(c.reverse_ops(), c.primal_ops + 2 * c.derivative_ops);
    assert_eq!(c.verdict(), "reverse mode is cheaper here");
    // One input, three outputs: forward is cheaper.
    let tall = lesson(
        "f(t) = [sin(t), cos(t), t*t]; t = 1",
        Mode::ForwardThenReverse,
        &[],
    );
    assert_eq!(tall.cost().verdict(), "forward mode is cheaper here");
}

#[test]
fn one_output_tells_the_same_story_as_before() {
    let src = "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5";
    let l = lesson(src, Mode::ForwardThenReverse, &[]);
    assert_eq!(l.passes().len(), 1);
    let last = l.step(l.last() - 1).expect("step");
    assert!(
        last.phase.ends_with("— gradient complete"),
        "{}",
        last.phase
    );
    assert_eq!(last.pass_label, "Reverse pass 1 of 1 (seed ∂f/∂·)");
    // Forward mode over every input fills the gradient entry by entry.
    let t = lesson(src, Mode::Tangents, &[]);
    let g = t.jacobian_at(t.last());
    close(g.cells[0][0], 5.5);
    close(g.cells[0][1], 1.7163378145367738);
}

#[test]
fn symbolic_latex_and_finite_differences_cover_every_output() {
    let l = lesson(TWO, Mode::ForwardThenReverse, &[]);
    let a = l.analysis();
    let s = chainrule::symbolic::differentiate(a.graph());
    assert_eq!(s.len(), 6);
    let values = s.values(&a.graph().point());
    for (k, v) in values.iter().enumerate() {
        close(Some(*v), J[k / 3][k % 3]);
    }
    assert_eq!(s.text(3).as_deref(), Some("2*x0 + 3*x2"));
    for (j, row) in J.iter().enumerate() {
        for (fd, want) in l.finite_differences_of(j).iter().zip(row) {
            assert!((fd - want).abs() < 1e-6, "{fd} vs {want}");
        }
    }
    let tex = chainrule::export::latex(&l);
    assert!(
        tex.contains("\\begin{bmatrix}\n6 & 3 & -4 \\\\\n21 & -8 & 9\n\\end{bmatrix}"),
        "{tex}"
    );
    assert!(
        tex.contains("\\frac{\\partial(f_{1}, f_{2})}{\\partial(x_{0}, x_{1}, x_{2})}"),
        "{tex}"
    );
}

#[test]
fn chain_rule_paths_end_at_the_output_of_the_current_reverse_pass() {
    let l = lesson(TWO, Mode::ForwardThenReverse, &[]);
    let starts = pass_starts(&l);
    assert_eq!(l.paths_output(starts[0]), 0);
    assert_eq!(l.paths_output(starts[1]), 1);
    for (j, row) in J.iter().enumerate() {
        for (i, &want) in row.iter().enumerate() {
            let p = l.paths_to(i, j).expect("paths");
            close(Some(p.sum), want);
            close(Some(p.adjoint), want);
            assert_eq!(p.output, ["f1", "f2"][j]);
        }
    }
}
