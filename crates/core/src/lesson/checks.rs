//! What the class tools measure: the cost of the gradient by each mode, and whether a
//! quiz answer is right at the displayed precision.

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
