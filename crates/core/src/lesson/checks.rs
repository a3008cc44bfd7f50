//! What the class tools measure: the cost of the gradient (the Jacobian) by each mode, the
//! finite-difference check, and whether a quiz answer is right at the displayed precision.

use super::Lesson;
use crate::format::significant;

/// The work of the full gradient by each mode (issue: "the cost counter").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
    /// Inputs: forward mode needs one pass per input.
    pub inputs: usize,
    /// Outputs: reverse mode needs one pass per output.
    pub outputs: usize,
    /// Operations in one primal evaluation.
    pub primal_ops: usize,
    /// Edges that carry a derivative (from operands that depend on an input): one
    /// multiply-add each, per tangent pass or per reverse pass.
    pub derivative_ops: usize,
}

impl Cost {
    /// Forward mode: one pass (values and tangents) per input.
    pub fn forward_passes(&self) -> usize {
        self.inputs
    }

    /// Forward mode's elementary operations for the whole gradient.
    pub fn forward_ops(&self) -> usize {
        self.inputs * (self.primal_ops + self.derivative_ops)
    }

    /// Reverse mode: one backward pass per output (after one forward pass), whatever the
    /// number of inputs.
    pub fn reverse_passes(&self) -> usize {
        self.outputs
    }

    /// Reverse mode's elementary operations for the whole Jacobian: the primal once, the
    /// derivative edges once per output.
    pub fn reverse_ops(&self) -> usize {
        self.primal_ops + self.outputs * self.derivative_ops
    }

    /// Which mode is cheaper for this program, in a sentence.
    pub fn verdict(&self) -> &'static str {
        match self.forward_ops().cmp(&self.reverse_ops()) {
            std::cmp::Ordering::Less => "forward mode is cheaper here",
            std::cmp::Ordering::Greater => "reverse mode is cheaper here",
            std::cmp::Ordering::Equal => "both modes cost the same here",
        }
    }
}

/// Whether a typed answer matches `truth` at the displayed precision (4 significant
/// digits): within half a unit of the 4th digit.
pub fn answer_matches(answer: f64, truth: f64) -> bool {
    if !truth.is_finite() {
        return answer.to_bits() == truth.to_bits() || (answer.is_nan() && truth.is_nan());
    }
    if truth == 0.0 {
        return answer.abs() <= 1e-12;
    }
    let half_unit = 0.5 * 10f64.powi(truth.abs().log10().floor() as i32 - 3);
    significant(answer, 4) == significant(truth, 4)
        || (answer - truth).abs() <= half_unit * (1.0 + 1e-9)
}

impl Lesson {
    /// The work of the full gradient by forward and by reverse mode.
    pub fn cost(&self) -> Cost {
        let g = self.graph();
        Cost {
            inputs: g.inputs().len(),
            outputs: g.outputs().len(),
            primal_ops: g
                .order()
                .iter()
                .filter(|&&id| !g.node(id).operands().is_empty())
                .count(),
            derivative_ops: g
                .dag()
                .edge_indices()
                .filter(|&e| !g.node(g.edge(e).0).constant)
                .count(),
        }
    }

    /// A central difference for each gradient entry (step `h` relative to the input's size).
    pub fn finite_differences(&self) -> Vec<f64> {
        self.finite_differences_of(0)
    }

    /// A central difference for each entry of output `j`'s gradient (row j of the Jacobian).
    pub fn finite_differences_of(&self, j: usize) -> Vec<f64> {
        let g = self.graph();
        let Some(&out) = g.outputs().get(j) else {
            return Vec::new();
        };
        let point = self.analysis.trace().point().to_vec();
        (0..point.len())
            .map(|i| {
                let h = 1e-6 * point[i].abs().max(1.0);
                let (mut up, mut down) = (point.clone(), point.clone());
                up[i] += h;
                down[i] -= h;
                let f = |p: &[f64]| crate::autodiff::evaluate(g, p).value(out);
                (f(&up) - f(&down)) / (2.0 * h)
            })
            .collect()
    }
}
