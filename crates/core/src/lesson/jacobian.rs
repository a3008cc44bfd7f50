//! The Jacobian panel's contents at a step: the m x n matrix as the passes fill it (forward
//! mode a column per pass, reverse mode a row per pass), or, seeded with a vector, the one
//! product its single pass computes (J·v or uᵀ·J).

use super::Lesson;
use crate::autodiff::{Pass, Seed};
use crate::graph::NodeId;

/// A line of the matrix: what one pass fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// Row `j` (output j's gradient: one reverse pass).
    Row(usize),
    /// Column `i` (the derivatives by input i: one forward pass).
    Column(usize),
}

/// The panel at one step.
#[derive(Clone, Debug, PartialEq)]
pub struct JacobianView {
    /// The rows' names (outputs).
    pub outputs: Vec<String>,
    /// The columns' names (inputs).
    pub inputs: Vec<String>,
    /// Entry (j, i) once a pass has computed it.
    pub cells: Vec<Vec<Option<f64>>>,
    /// The line the pass in progress fills.
    pub active: Option<Line>,
    /// Seeded with a vector: "J·v" (a column, one entry per output) or "uᵀ·J" (a row, one
    /// per input), each entry once known.
    pub product: Option<(&'static str, Vec<Option<f64>>)>,
}

impl Lesson {
    /// The Jacobian as known once step `step` is done.
    pub fn jacobian_at(&self, step: usize) -> JacobianView {
        let g = self.analysis.graph();
        let t = self.timeline();
        let (outs, ins): (&[NodeId], &[NodeId]) = (g.outputs(), g.inputs());
        let mut cells = vec![vec![None; ins.len()]; outs.len()];
        let mut product = None;
        let now = t.pass_of(step).filter(|_| step > 0);
        for (p, pass) in self.passes().iter().enumerate() {
            // The entries this pass computes and the step each is known from.
            let started = step >= t.pass_start(p);
            let known = |id: NodeId| -> bool {
                started
                    && match pass {
                        Pass::Forward { .. } => t.tangent_step(id, p) <= step,
                        Pass::Reverse { .. } => {
                            t.adjoint_done_in(id, p).unwrap_or(t.pass_end(p)) <= step
                        }
                    }
            };
            match (pass, pass.seed()) {
                (Pass::Forward { tangents, .. }, Seed::Unit(i)) => {
                    for (j, &o) in outs.iter().enumerate() {
                        cells[j][*i] = known(o).then(|| tangents.tangent(o));
                    }
                }
                (Pass::Reverse { adjoints, .. }, Seed::Unit(j)) => {
                    for (i, &x) in ins.iter().enumerate() {
                        cells[*j][i] = known(x).then(|| adjoints.adjoint(x));
                    }
                }
                (Pass::Forward { tangents, .. }, Seed::Vector(_)) => {
                    let jv = outs.iter().map(|&o| known(o).then(|| tangents.tangent(o)));
                    product = Some(("J·v", jv.collect()));
                }
                (Pass::Reverse { adjoints, .. }, Seed::Vector(_)) => {
                    let uj = ins.iter().map(|&x| known(x).then(|| adjoints.adjoint(x)));
                    product = Some(("uᵀ·J", uj.collect()));
                }
            }
        }
        let active = now.and_then(|p| match self.passes().get(p)?.seed() {
            Seed::Unit(k) if self.mode.forward() => Some(Line::Column(*k)),
            Seed::Unit(k) => Some(Line::Row(*k)),
            Seed::Vector(_) => None,
        });
        JacobianView {
            outputs: self.outputs.clone(),
            inputs: self.inputs.iter().map(|(n, _)| n.clone()).collect(),
            cells,
            active: active.filter(|_| step < self.last()),
            product,
        }
    }
}
