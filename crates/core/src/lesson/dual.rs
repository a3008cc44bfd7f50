//! Forward mode as evaluation over dual numbers a + bε (ε² = 0): each node's value and
//! tangent as one number, and each step's rule in dual arithmetic,
//! (a + bε)(c + dε) = ac + (ad + bc)ε.

use super::Lesson;
use crate::autodiff::{Pass, StepKind};
use crate::format::significant;
use crate::graph::Op;

/// `a + bε` (`a − bε` for a negative b), 4 significant digits each.
pub fn dual_text(a: f64, b: f64) -> String {
    if b < 0.0 {
        format!("{} − {}ε", significant(a, 4), significant(-b, 4))
    } else {
        format!("{} + {}ε", significant(a, 4), significant(b, 4))
    }
}

impl Lesson {
    /// In a forward pass, the step's rule in dual arithmetic with its numbers:
    /// `(a + bε)(c + dε) = ac + (ad + bc)ε: (2 + 1ε)(5 + 0ε) = 10 + 5ε`. None elsewhere.
    pub fn dual_rule(&self, step: usize) -> Option<String> {
        let StepKind::Value(id, _) = self.steps_kind(step)? else {
            return None;
        };
        let Some((_, Pass::Forward { tangents, .. })) = self.pass_at(step) else {
            return None;
        };
        let g = self.graph();
        let t = self.analysis.trace();
        let node = g.node(id);
        let d = |u| dual_text(t.value(u), tangents.tangent(u));
        let result = dual_text(t.value(id), tangents.tangent(id));
        let ops = node.operands();
        let (form, with) = match (node.op, ops) {
            (Op::Input, _) => {
                return Some(format!(
                    "an input enters as its value plus its seed times ε: {result}"
                ))
            }
            (Op::Const, _) => return None,
            (Op::Add, [u, v]) => (
                "(a + bε) + (c + dε) = (a + c) + (b + d)ε",
                format!("({}) + ({})", d(*u), d(*v)),
            ),
            (Op::Sub, [u, v]) => (
                "(a + bε) − (c + dε) = (a − c) + (b − d)ε",
                format!("({}) − ({})", d(*u), d(*v)),
            ),
            (Op::Mul, [u, v]) => (
                "(a + bε)(c + dε) = ac + (ad + bc)ε",
                format!("({})({})", d(*u), d(*v)),
            ),
            (Op::Div, [u, v]) => (
                "(a + bε)/(c + dε) = a/c + ((bc − ad)/c²)ε",
                format!("({})/({})", d(*u), d(*v)),
            ),
            (Op::Pow, [u, v]) => (
                "(a + bε)^(c + dε) = aᶜ + (c·aᶜ⁻¹·b + aᶜ·ln(a)·d)ε",
                format!("({})^({})", d(*u), d(*v)),
            ),
            (Op::Neg, [u]) => ("−(a + bε) = −a − bε", format!("−({})", d(*u))),
            (op, [u]) => {
                let f = op.symbol();
                return Some(format!(
                    "{f}(a + bε) = {f}(a) + {f}′(a)·b ε: {f}({}) = {result}",
                    d(*u)
                ));
            }
            (op, [u, v]) => {
                let f = op.symbol();
                return Some(format!(
                    "{f}(a + bε, c + dε) = {f}(a, c) + (∂₁{f}·b + ∂₂{f}·d)ε: {f}({}, {}) = {result}",
                    d(*u),
                    d(*v)
                ));
            }
            _ => return None,
        };
        Some(format!("{form}: {with} = {result}"))
    }
}
