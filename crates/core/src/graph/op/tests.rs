//! The op table's laws: partials against central differences, the written partials
//! against the numeric ones, the kinks, the domain messages.

use super::*;

/// Every op's partials agree with a central difference at an ordinary point.
#[test]
fn partials_match_central_differences() {
    let ops = [
        Op::Add,
        Op::Sub,
        Op::Mul,
        Op::Div,
        Op::Neg,
        Op::Pow,
        Op::Sin,
        Op::Cos,
        Op::Tan,
        Op::Exp,
        Op::Ln,
        Op::Sqrt,
        Op::Tanh,
        Op::Sigmoid,
        Op::Relu,
        Op::Abs,
        Op::Max,
        Op::Min,
    ];
    let args = [1.3, 0.7];
    for op in ops {
        let value = op.eval(&args[..op.arity()]);
        let got = op.partials(&args[..op.arity()], value);
        for slot in 0..op.arity() {
            let h = 1e-6;
            let mut up = args;
            let mut down = args;
            up[slot] += h;
            down[slot] -= h;
            let fd = (op.eval(&up[..op.arity()]) - op.eval(&down[..op.arity()])) / (2.0 * h);
            assert!(
                (got[slot] - fd).abs() < 1e-6,
                "{op} slot {slot}: {} vs {fd}",
                got[slot]
            );
        }
    }
}

/// Numbers as an algebra: the formulas the step panel shows evaluate to the partials
/// the passes use (one table, two readings).
struct Numbers;
impl Algebra for Numbers {
    type E = f64;
    fn num(&mut self, v: f64) -> f64 {
        v
    }
    fn add(&mut self, a: f64, b: f64) -> f64 {
        a + b
    }
    fn sub(&mut self, a: f64, b: f64) -> f64 {
        a - b
    }
    fn mul(&mut self, a: f64, b: f64) -> f64 {
        a * b
    }
    fn div(&mut self, a: f64, b: f64) -> f64 {
        a / b
    }
    fn neg(&mut self, a: f64) -> f64 {
        -a
    }
    fn pow(&mut self, a: f64, b: f64) -> f64 {
        a.powf(b)
    }
    fn func(&mut self, op: Op, a: f64) -> f64 {
        op.eval(&[a])
    }
}

#[test]
fn written_partials_evaluate_to_the_numeric_partials() {
    for &(_, op) in FUNCTIONS.iter() {
        for args in [[0.7, 1.3], [1.3, 0.7], [0.7, 0.7]] {
            check(op, &args[..op.arity()]);
        }
    }
    for op in [Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Pow, Op::Neg] {
        check(op, &[1.3, 0.7][..op.arity()]);
    }
    fn check(op: Op, args: &[f64]) {
        let value = op.eval(args);
        // max and min are written with abs, `(a + b ± |a − b|) / 2`: equal to rounding.
        let applied = op.apply(&mut Numbers, args);
        assert!(
            applied.to_bits() == value.to_bits() || (applied - value).abs() <= 1e-15 * value.abs(),
            "{op}: {applied} vs {value}"
        );
        let numeric = op.partials(args, value);
        for (slot, want) in numeric.iter().enumerate().take(op.arity()) {
            let got = op.partial_in(&mut Numbers, slot, args, value);
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                "{op} slot {slot}: {got} vs {want}"
            );
        }
    }
}

/// max and min at a tie share the gradient; detach passes none.
#[test]
fn ties_and_detach() {
    assert_eq!(Op::Max.partials(&[1.0, 1.0], 1.0), [0.5, 0.5]);
    assert_eq!(Op::Min.partials(&[1.0, 1.0], 1.0), [0.5, 0.5]);
    assert_eq!(Op::Detach.partials(&[3.0], 3.0), [0.0, 0.0]);
}

#[test]
fn kinks_follow_pytorch() {
    assert_eq!(Op::Relu.partials(&[0.0], 0.0)[0], 0.0);
    assert_eq!(Op::Abs.partials(&[0.0], 0.0)[0], 0.0);
}

#[test]
fn domain_issues_are_named() {
    assert_eq!(
        Op::Ln.domain_issue(&[-1.0]),
        Some("ln of a negative number")
    );
    assert_eq!(Op::Div.domain_issue(&[1.0, 0.0]), Some("division by zero"));
    assert_eq!(Op::Sqrt.domain_issue(&[4.0]), None);
    assert_eq!(Op::Ln.domain_issue(&[f64::NAN]), None);
}
