//! Where a step is: its phase line ("Forward pass 3/7", "Reverse pass 4/9 — gradient of f₂
//! not complete yet", "Done: ..."), and which derivative pass of how many with its seed.

use super::build::{output, step_node};
use super::Lesson;
use crate::autodiff::{Mode, Pass, Seed, StepKind};
use crate::format::significant;
use crate::formula::{text, Formula, Name, Role};

/// Output number `j` as a symbol: `f₂`, or its name.
pub(super) fn output_j(lesson: &Lesson, j: usize) -> Formula {
    match lesson.outputs.get(j) {
        Some(name) if lesson.outputs.len() > 1 => Formula::name(Name::User(name.clone())),
        _ => output(lesson),
    }
}

/// Input number `i` as text: `x₁`.
fn input_text(lesson: &Lesson, i: usize) -> String {
    let g = lesson.analysis.graph();
    g.inputs()
        .get(i)
        .map_or("?".into(), |&id| text(&g.symbol(id, Role::Value)))
}

/// A vector in round brackets, 4 significant digits each.
fn vector_text(v: impl IntoIterator<Item = f64>) -> String {
    let parts: Vec<String> = v.into_iter().map(|x| significant(x, 4)).collect();
    format!("({})", parts.join(", "))
}

/// Which pass of how many, and its seed: "Reverse pass 2 of 2 (seed ∂f₂/∂·)",
/// "Forward pass 1 of 3 (seed ∂/∂x₁)", "Forward pass 1 of 1 (seed v = (1, 0, 2))".
pub(super) fn pass_label(lesson: &Lesson, p: usize) -> Option<String> {
    let passes = lesson.passes();
    let pass = passes.get(p)?;
    let (way, seed) = match (pass, pass.seed()) {
        (Pass::Forward { .. }, Seed::Unit(i)) => {
            ("Forward", format!("∂/∂{}", input_text(lesson, *i)))
        }
        (Pass::Forward { .. }, Seed::Vector(v)) => {
            ("Forward", format!("v = {}", vector_text(v.iter().copied())))
        }
        (Pass::Reverse { .. }, Seed::Unit(j)) => {
            ("Reverse", format!("∂{}/∂·", text(&output_j(lesson, *j))))
        }
        (Pass::Reverse { .. }, Seed::Vector(u)) => {
            ("Reverse", format!("u = {}", vector_text(u.iter().copied())))
        }
    };
    Some(format!(
        "{way} pass {} of {} (seed {seed})",
        p + 1,
        passes.len()
    ))
}

/// The step's phase line, with the loop pass of the node it works on:
/// "Forward pass 9/31 · loop i = 2".
pub(super) fn phase(lesson: &Lesson, step: usize, kind: StepKind) -> String {
    let g = lesson.analysis.graph();
    let line = phase_line(lesson, step, kind);
    match step_node(lesson, kind).map(|id| g.pass_text(id)) {
        Some(pass) if !pass.is_empty() => format!("{line} · loop {pass}"),
        _ => line,
    }
}

fn phase_line(lesson: &Lesson, step: usize, kind: StepKind) -> String {
    let t = lesson.timeline();
    match kind {
        StepKind::Start => "Ready: the forward pass comes next".into(),
        StepKind::Value(_, k) => format!("Forward pass {k}/{}", t.forward_steps()),
        StepKind::Seed(_) | StepKind::Contribution { .. } => {
            let p = t.pass_of(step).unwrap_or(0);
            let (start, end) = (t.pass_start(p), t.pass_end(p));
            let what = match lesson.passes().get(p).map(Pass::seed) {
                Some(Seed::Unit(j)) if lesson.outputs.len() > 1 => {
                    format!("gradient of {}", text(&output_j(lesson, *j)))
                }
                Some(Seed::Vector(_)) => "uᵀ·J".into(),
                _ => "gradient".into(),
            };
            let done = if step == end {
                "complete"
            } else {
                "not complete yet"
            };
            format!(
                "Reverse pass {}/{} — {what} {done}",
                step - start + 1,
                end - start + 1
            )
        }
        StepKind::Update(k) => {
            let n = lesson.update().map_or(0, |u| u.params.len());
            let momentum = lesson.update().is_some_and(|u| u.descent.momentum != 0.0);
            let rule = if momentum {
                "v ← μ·v + ∂L/∂w, w ← w − η·v"
            } else {
                "w ← w − η·∂L/∂w"
            };
            format!("Update {}/{n}: {rule}", k + 1)
        }
        StepKind::Done => done(lesson),
    }
}

/// How many gradient entries the step label writes out.
const LISTED: usize = 8;

fn done(lesson: &Lesson) -> String {
    let g = lesson.analysis.graph();
    let out = text(&output(lesson));
    let several = lesson.outputs.len() > 1;
    let passes = lesson.passes();
    let outputs = || g.outputs().iter().copied();
    match lesson.mode {
        Mode::ForwardThenReverse | Mode::Tangents if several || passes.len() > 1 => {
            let rows: Vec<String> = lesson
                .analysis
                .jacobian()
                .iter()
                .map(|row| vector_text(row.iter().copied()))
                .collect();
            let (how, each) = if lesson.mode.forward() {
                ("forward", "a column")
            } else {
                ("reverse", "a row")
            };
            format!(
                "Done: J = ({}), {} {how} passes, {each} each",
                rows.join(", "),
                passes.len()
            )
        }
        Mode::Direction => {
            let Some(Pass::Forward { tangents, .. }) = passes.first() else {
                return "Done".into();
            };
            let jv = vector_text(outputs().map(|o| tangents.tangent(o)));
            format!("Done: J·v = {jv} in one forward pass")
        }
        Mode::Cotangent => {
            let Some(Pass::Reverse { adjoints, .. }) = passes.first() else {
                return "Done".into();
            };
            let ju = vector_text(adjoints.gradient().iter().copied());
            format!("Done: uᵀ·J = {ju} in one reverse pass")
        }
        Mode::ForwardThenReverse | Mode::Tangents => {
            let all = lesson.gradient();
            let grad: Vec<String> = all
                .iter()
                .take(LISTED)
                .map(|&v| significant(v, 4))
                .collect();
            if all.len() > LISTED {
                // A network's 83 entries would fill the panel: the readout lists them all.
                format!(
                    "Done: ∇{out} = ({}, …), {} entries, all in the gradient readout",
                    grad.join(", "),
                    all.len()
                )
            } else {
                format!("Done: ∇{out} = ({})", grad.join(", "))
            }
        }
        Mode::Tangent { seed } => {
            let Some(Pass::Forward { tangents, .. }) = passes.first() else {
                return "Done".into();
            };
            let name = input_text(lesson, seed);
            let n = g.inputs().len();
            if several {
                let column = vector_text(outputs().map(|o| tangents.tangent(o)));
                format!("Done: column ∂/∂{name} of J = {column} (1 of {n} forward passes)")
            } else {
                let d = significant(tangents.tangent(g.output()), 4);
                format!("Done: ∂{out}/∂{name} = {d} (1 of {n} forward passes)")
            }
        }
    }
}
