//! How the step panel words a broken engine's steps ("break the engine"): what the step did
//! that the correct engine would not, in the numbers of the moment.

use super::Lesson;
use crate::autodiff::{Contribution, Engine, EngineStep};
use crate::format::significant;
use crate::formula::{text, Role};
use crate::graph::Op;

/// The remark under a broken engine's step.
pub(super) fn note(
    lesson: &Lesson,
    engine: Engine,
    k: usize,
    s: &EngineStep,
    c: &Contribution,
) -> String {
    let g = lesson.analysis().graph();
    let to = text(&g.symbol(s.to, Role::Adjoint));
    let from = text(&g.symbol(s.from, Role::Adjoint));
    let n = |v: f64| significant(v, 4);
    match engine {
        Engine::Overwrite if c.nth > 1 => format!(
            "Overwrite: {to} = {} replaces the {} it held, so that contribution is lost (correct: {}).",
            n(s.after),
            n(s.before),
            n(s.before + s.upstream * s.partial)
        ),
        Engine::Overwrite => format!(
            "Overwrite: {to} = {}, assigned (nothing to lose yet).",
            n(s.after)
        ),
        Engine::Recursive => {
            let full = lesson.analysis().adjoints().adjoint(s.from);
            let steps = lesson.engine.as_ref().map_or(&[][..], |(_, steps)| &steps[..]);
            let before = steps.iter().take(k).filter(|t| t.edge == s.edge).count();
            if before > 0 {
                format!(
                    "Recursive: {from} = {} goes down this edge again (time {}), once per path into {}; running sum {to} = {}.",
                    n(s.upstream),
                    before + 1,
                    text(&g.symbol(s.from, Role::Value)),
                    n(s.after)
                )
            } else if (s.upstream - full).abs() > 1e-12 * (1.0 + full.abs()) {
                format!(
                    "Recursive: {from} = {} passed on before all of it arrived (it ends at {}); running sum {to} = {}.",
                    n(s.upstream),
                    n(full),
                    n(s.after)
                )
            } else {
                format!(
                    "Recursive, depth first: running sum {to} = {}.",
                    n(s.after)
                )
            }
        }
        Engine::Twice if s.round == 2 && g.node(s.to).op == Op::Input => format!(
            "Second run, not zeroed: {to} += {} on top of the first run's {}; running sum {}.",
            n(s.upstream * s.partial),
            n(lesson.analysis().adjoints().adjoint(s.to)),
            n(s.after)
        ),
        Engine::Twice if s.round == 2 => format!(
            "Second run: {to} is an intermediate's, fresh in each run (only the inputs keep theirs, as PyTorch's .grad); running sum {}.",
            n(s.after)
        ),
        Engine::Twice => format!("First run: running sum {to} = {}.", n(s.after)),
        Engine::Correct => String::new(),
    }
}
