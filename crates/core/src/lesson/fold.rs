//! A lesson with some calls folded into gates (CS231n's "backprop in practice"): a gate is
//! one step forward and one contribution per operand backward, through its local partials,
//! which the step panel derives by the function's own backward pass.

use std::sync::Arc;

use super::Lesson;
use crate::analysis::Analysis;
use crate::autodiff::{local_adjoints, Folding, Gate, GateEdge, Mode, StepKind};
use crate::formula::{mathml_equation, text, text_equation, Equation, Formula};
use crate::scene::Scene;

impl Lesson {
    /// The lesson with the calls of `folding` folded into gates, drawn as `scene` (laid out
    /// with them folded). Every value and gradient is the unfolded lesson's.
    pub fn folded(
        analysis: Arc<Analysis>,
        scene: Arc<Scene>,
        mode: Mode,
        vector: &[f64],
        folding: Arc<Folding>,
    ) -> Lesson {
        let folding = (!folding.is_empty()).then_some(folding);
        Lesson::build(analysis, scene, mode, vector, folding, None)
    }

    /// The calls folded into gates, if any.
    pub fn folding(&self) -> Option<&Folding> {
        self.folding.as_deref()
    }

    /// The gate node `i` (a scene index) stands for, if it is a folded call's result.
    pub fn gate_at(&self, i: usize) -> Option<&Gate> {
        let &id = self.graph().order().get(i)?;
        self.folding()?.gate_of(id)
    }

    /// Edge `k`'s gate and the edge, if it is a gate's.
    pub(crate) fn gate_edge(&self, k: usize) -> Option<(&Gate, &GateEdge)> {
        let f = self.folding()?;
        let e = f.edge(k)?;
        Some((f.gates.get(e.gate)?, e))
    }
}

/// What the gate of step `kind` does inside, if the step is a gate's: its own forward pass
/// (for its value or tangent) or its own backward pass (for a local partial), as a title
/// and one equation per node (MathML and text).
pub(super) fn inner(lesson: &Lesson, kind: StepKind) -> Option<(String, Vec<String>, Vec<String>)> {
    let g = lesson.analysis.graph();
    let t = lesson.analysis.trace();
    let (title, eqs) = match kind {
        StepKind::Value(id, _) => {
            let gate = lesson.folding()?.gate_of(id)?;
            let eqs = gate
                .nodes
                .iter()
                .map(|&w| {
                    let values: Vec<f64> =
                        g.node(w).operands().iter().map(|&u| t.value(u)).collect();
                    Equation {
                        lhs: Formula::name(g.wengert(w)),
                        accumulate: false,
                        parts: vec![
                            g.definition(w),
                            g.definition_at(w, &values),
                            Formula::Number(t.value(w)),
                        ],
                    }
                })
                .collect::<Vec<_>>();
            (
                format!(
                    "Inside {}: its own forward pass, {} operations shown as one gate",
                    gate.label,
                    gate.nodes.len()
                ),
                eqs,
            )
        }
        StepKind::Contribution { pass, k } => {
            let c = lesson.contribution(pass, k)?;
            let (gate, _) = lesson.gate_edge(c.edge.index())?;
            let adj = local_adjoints(g, t, &gate.nodes, gate.result);
            let top = g.operand(gate.result);
            let eqs = gate
                .nodes
                .iter()
                .rev()
                .filter(|&&w| w != gate.result)
                .chain(gate.operands.iter())
                .map(|&w| Equation {
                    lhs: Formula::partial(top.clone(), g.operand(w)),
                    accumulate: false,
                    parts: vec![Formula::Number(adj[w.index()])],
                })
                .collect::<Vec<_>>();
            (
                format!(
                    "Inside {}: its own backward pass, seeded with 1 at {}",
                    gate.label,
                    text(&top)
                ),
                eqs,
            )
        }
        _ => return None,
    };
    let html = eqs.iter().map(mathml_equation).collect();
    let plain = eqs.iter().map(text_equation).collect();
    Some((title, html, plain))
}
