//! A trace-table row, built when the row is shown: the node's definition, and the
//! formulas of its adjoint and tangent.

use super::build::gate_partial;
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
        let folded_into = self
            .folding()
            .filter(|f| f.hidden(id))
            .and_then(|f| f.gates.iter().find(|gate| gate.nodes.contains(&id)))
            .map_or_else(String::new, |gate| gate.label.clone());
        let folding = self.folding();
        let hidden = folding.is_some_and(|f| f.hidden(id));
        // Under folding, an operand of a gate receives through the gate's local partial.
        let mut terms: Vec<Formula> = g
            .edges_from(id)
            .iter()
            .filter(|&&e| folding.is_none_or(|f| f.keeps(g, e)))
            .map(|&e| {
                let (_, w, slot) = g.edge(e);
                Formula::times(g.symbol(w, Role::Adjoint), g.partial_formula(w, slot))
            })
            .collect();
        for gate in folding.map_or(&[][..], |f| &f.gates) {
            if gate.operands.contains(&id) {
                terms.push(Formula::times(
                    g.symbol(gate.result, Role::Adjoint),
                    gate_partial(self, gate, id),
                ));
            }
        }
        let adjoint_formula = if id == g.output() {
            mathml(&Formula::Number(1.0))
        } else if node.constant || terms.is_empty() || hidden {
            String::new()
        } else {
            mathml(&Formula::sum(terms))
        };
        let gate = folding.and_then(|f| f.gate_of(id));
        let tangent_terms: Vec<Formula> = match gate {
            Some(gate) => gate
                .operands
                .iter()
                .map(|&u| {
                    let local = gate_partial(self, gate, u);
                    Formula::times(g.symbol(u, Role::Tangent), local)
                })
                .collect(),
            None => node
                .operands()
                .iter()
                .enumerate()
                .filter(|&(_, &u)| !g.node(u).constant)
                .map(|(slot, &u)| {
                    Formula::times(g.symbol(u, Role::Tangent), g.partial_formula(id, slot))
                })
                .collect(),
        };
        let tangent_formula = match node.op {
            _ if node.constant || hidden => String::new(),
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
            folded_into,
        }
    }
}
