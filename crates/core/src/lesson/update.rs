//! Training's update as the lesson's last steps: after the reverse pass, each parameter
//! moves against its gradient, w ← w − η·v with v ← μ·v + ∂L/∂w, one step each, its box
//! showing the new value.

use std::sync::Arc;

use super::Lesson;
use crate::analysis::Analysis;
use crate::autodiff::{Descent, Folding, Mode};
use crate::formula::{Equation, Formula, Name, Sign};
use crate::graph::NodeId;
use crate::scene::Scene;

/// One iteration's update of the parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Update {
    /// The parameters (indices into the graph's inputs).
    pub params: Vec<usize>,
    /// η and μ.
    pub descent: Descent,
    /// Each parameter's value before the update.
    pub before: Vec<f64>,
    /// ∂L/∂w at this point.
    pub gradient: Vec<f64>,
    /// The velocity before (the last iteration's) and after this update.
    pub velocity_before: Vec<f64>,
    /// v ← μ·v + ∂L/∂w.
    pub velocity: Vec<f64>,
    /// w ← w − η·v.
    pub next: Vec<f64>,
}

impl Update {
    /// The update of `params` from `analysis`'s point and gradient (its first output as
    /// the loss), with the last iteration's velocity (zeros for the first).
    pub fn new(
        analysis: &Analysis,
        params: &[usize],
        descent: Descent,
        velocity_before: &[f64],
    ) -> Update {
        let point = analysis.graph().point();
        let grad = analysis.adjoints().gradient();
        let params: Vec<usize> = params
            .iter()
            .copied()
            .filter(|&i| i < point.len())
            .collect();
        let before: Vec<f64> = params.iter().map(|&i| point[i]).collect();
        let gradient: Vec<f64> = params.iter().map(|&i| grad[i]).collect();
        let velocity_before: Vec<f64> = (0..params.len())
            .map(|k| velocity_before.get(k).copied().unwrap_or(0.0))
            .collect();
        let velocity: Vec<f64> = velocity_before
            .iter()
            .zip(&gradient)
            .map(|(v, g)| descent.momentum * v + g)
            .collect();
        let next = before
            .iter()
            .zip(&velocity)
            .map(|(w, v)| w - descent.rate * v)
            .collect();
        Update {
            params,
            descent,
            before,
            gradient,
            velocity_before,
            velocity,
            next,
        }
    }
}

impl Lesson {
    /// The lesson of one training iteration: its passes, then `update`'s steps (reverse
    /// mode).
    pub fn trained(
        analysis: Arc<Analysis>,
        scene: Arc<Scene>,
        mode: Mode,
        folding: Option<Arc<Folding>>,
        update: Arc<Update>,
    ) -> Lesson {
        let folding = folding.filter(|f| !f.is_empty());
        Lesson::build(analysis, scene, mode, &[], folding, Some(update))
    }

    /// The training update this lesson ends with, if any.
    pub fn update(&self) -> Option<&Update> {
        self.update.as_deref()
    }

    /// The graph node of the update's parameter `k`.
    pub(super) fn update_node(&self, k: usize) -> Option<NodeId> {
        let &i = self.update()?.params.get(k)?;
        self.graph().inputs().get(i).copied()
    }

    /// Node `id`'s value once step `step` is done, if an update step has moved it.
    pub(super) fn updated_value(&self, id: NodeId, step: usize) -> Option<f64> {
        let u = self.update()?;
        let start = self.timeline().passes_end();
        (0..u.params.len())
            .find(|&k| self.update_node(k) == Some(id) && step >= start + k && step > 0)
            .map(|k| u.next[k])
    }
}

/// The update's equation for parameter `k`: `w = w − η · ∂L/∂w = 0 − 0.1 · (−6) = 0.6`
/// (with momentum, `w − η · v`).
pub(super) fn update_equation(lesson: &Lesson, k: usize) -> Option<Equation> {
    let u = lesson.update()?;
    let id = lesson.update_node(k)?;
    let g = lesson.analysis.graph();
    let w = g.operand(id);
    let eta = Formula::name(Name::User("eta".into()));
    let (step, step_value) = if u.descent.momentum == 0.0 {
        (
            Formula::partial(Formula::name(Name::User(lesson.output.clone())), w.clone()),
            u.gradient[k],
        )
    } else {
        (Formula::name(Name::User("v".into())), u.velocity[k])
    };
    Some(Equation {
        lhs: w.clone(),
        accumulate: false,
        parts: vec![
            Formula::Sum(vec![
                (Sign::Plus, w),
                (Sign::Minus, Formula::times(eta, step)),
            ]),
            Formula::Sum(vec![
                (Sign::Plus, Formula::Number(u.before[k])),
                (
                    Sign::Minus,
                    Formula::times(Formula::Number(u.descent.rate), Formula::Number(step_value)),
                ),
            ]),
            Formula::Number(u.next[k]),
        ],
    })
}

/// The update's remark: the move, and with momentum how the velocity was made.
pub(super) fn update_note(lesson: &Lesson, k: usize) -> String {
    use crate::format::significant;
    let (Some(u), Some(id)) = (lesson.update(), lesson.update_node(k)) else {
        return String::new();
    };
    let name = crate::formula::text(&lesson.analysis.graph().operand(id));
    let moved = format!(
        "{name}: {} → {} (η = {})",
        significant(u.before[k], 6),
        significant(u.next[k], 6),
        significant(u.descent.rate, 4)
    );
    if u.descent.momentum == 0.0 {
        return moved;
    }
    format!(
        "{moved}; v = μ·v + ∂L/∂{name} = {} · {} + {} = {}",
        significant(u.descent.momentum, 4),
        significant(u.velocity_before[k], 6),
        significant(u.gradient[k], 6),
        significant(u.velocity[k], 6)
    )
}
