//! A trace-table row, built when the row is shown: the node's definition, and the
//! formulas of its adjoint and tangent.

use super::{Lesson, Row};
use crate::formula::{mathml, text, Formula, Role};
use crate::graph::Op;

impl Lesson {
    /// Row `i` of the trace table (Baydin's Tables 2 and 3).
    pub fn row(&self, i: usize) -> Row {
        let g = self.analysis.graph();
        let id = g.order()[i];
        let node = g.node(id);
        let definition = match node.op {
            Op::Input => Formula::Word("input"),
            _ => g.definition(id),
        };
        let terms: Vec<Formula> = g
            .edges_from(id)
            .iter()
            .map(|&e| {
                let (_, w, slot) = g.edge(e);
                Formula::times(g.symbol(w, Role::Adjoint), g.partial_formula(w, slot))
            })
            .collect();
        let adjoint_formula = if id == g.output() {
            mathml(&Formula::Number(1.0))
        } else if node.constant || terms.is_empty() {
            String::new()
        } else {
            mathml(&Formula::sum(terms))
        };
        let tangent_terms: Vec<Formula> = node
            .operands()
            .iter()
            .enumerate()
            .filter(|&(_, &u)| !g.node(u).constant)
            .map(|(slot, &u)| {
                Formula::times(g.symbol(u, Role::Tangent), g.partial_formula(id, slot))
            })
            .collect();
        let tangent_formula = match node.op {
            _ if node.constant => String::new(),
            Op::Input => mathml(&Formula::Word("seed")),
            _ if tangent_terms.is_empty() => mathml(&Formula::Number(0.0)),
            _ => mathml(&Formula::sum(tangent_terms)),
        };
        let label = g.symbol(id, Role::Value);
        Row {
            tangent_formula,
            id: node.id.clone(),
            label: text(&label),
            raw_label: match &node.name {
                Some(name) if node.version > 1 => format!("{name}^({})", node.version),
                Some(name) => name.clone(),
                None => node.id.clone(),
            },
            pass: g.pass_text(id),
            iteration: g.iteration_values(id),
            version: node.version.to_string(),
            definition: mathml(&definition),
            definition_text: text(&definition),
            definition_latex: crate::formula::latex(&definition),
            label_latex: crate::formula::latex(&label),
            adjoint_formula,
        }
    }
}
