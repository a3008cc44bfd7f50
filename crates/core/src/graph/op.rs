//! The elementary operations, each in one place: its name, its arity, how it evaluates,
//! where its domain ends, its local partials as numbers and as formulas.
//! (micrograd keeps each op's forward value and backward rule side by side; so do we.)

use std::fmt;

/// An elementary operation: one node of the computation graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// An input variable: the point of evaluation gives its value.
    Input,
    /// A number in the program (or `pi`, `e`).
    Const,
    /// `a + b`
    Add,
    /// `a - b`
    Sub,
    /// `a * b`
    Mul,
    /// `a / b`
    Div,
    /// `-a`
    Neg,
    /// `a ^ b`
    Pow,
    /// `sin(a)`
    Sin,
    /// `cos(a)`
    Cos,
    /// `tan(a)`
    Tan,
    /// `exp(a)`
    Exp,
    /// `ln(a)`, also written `log(a)` (natural, as in SymPy and NumPy).
    Ln,
    /// `sqrt(a)`
    Sqrt,
    /// `tanh(a)`
    Tanh,
    /// `sigmoid(a) = 1 / (1 + exp(-a))`
    Sigmoid,
    /// `relu(a) = max(a, 0)`; its derivative at 0 is taken as 0 (PyTorch's convention).
    Relu,
    /// `abs(a)`; its derivative at 0 is taken as 0 (PyTorch's convention).
    Abs,
    /// `step(a)`: 1 for a > 0, else 0 (the derivative of relu, as the symbolic form prints it).
    Step,
    /// `sign(a)`: -1, 0 or 1 (the derivative of abs).
    Sign,
    /// `max(a, b)`: the gradient goes to the larger operand, half to each at a tie (as
    /// `torch.maximum`).
    Max,
    /// `min(a, b)`: the gradient goes to the smaller operand, half to each at a tie.
    Min,
    /// `detach(a)`, also `stop_gradient(a)`: the value passes, the gradient does not.
    Detach,
}

/// The functions a program may call, by name, with the op each one builds.
pub const FUNCTIONS: [(&str, Op); 17] = [
    ("sin", Op::Sin),
    ("cos", Op::Cos),
    ("tan", Op::Tan),
    ("exp", Op::Exp),
    ("ln", Op::Ln),
    ("log", Op::Ln),
    ("sqrt", Op::Sqrt),
    ("tanh", Op::Tanh),
    ("sigmoid", Op::Sigmoid),
    ("relu", Op::Relu),
    ("abs", Op::Abs),
    ("step", Op::Step),
    ("sign", Op::Sign),
    ("max", Op::Max),
    ("min", Op::Min),
    ("detach", Op::Detach),
    ("stop_gradient", Op::Detach),
];

impl Op {
    /// The op a function name calls, if it is one.
    pub fn function(name: &str) -> Option<Op> {
        FUNCTIONS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, op)| op)
    }

    /// How many operands the op takes.
    pub fn arity(self) -> usize {
        match self {
            Op::Input | Op::Const => 0,
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow | Op::Max | Op::Min => 2,
            _ => 1,
        }
    }

    /// The op's value from its operands' values (`args.len() == self.arity()`).
    pub fn eval(self, args: &[f64]) -> f64 {
        let a = args.first().copied().unwrap_or(f64::NAN);
        let b = args.get(1).copied().unwrap_or(f64::NAN);
        match self {
            Op::Input | Op::Const => f64::NAN,
            Op::Add => a + b,
            Op::Sub => a - b,
            Op::Mul => a * b,
            Op::Div => a / b,
            Op::Neg => -a,
            Op::Pow => a.powf(b),
            Op::Sin => a.sin(),
            Op::Cos => a.cos(),
            Op::Tan => a.tan(),
            Op::Exp => a.exp(),
            Op::Ln => a.ln(),
            Op::Sqrt => a.sqrt(),
            Op::Tanh => a.tanh(),
            Op::Sigmoid => 1.0 / (1.0 + (-a).exp()),
            Op::Relu => a.max(0.0),
            Op::Abs => a.abs(),
            Op::Step => step(a),
            Op::Sign => sign(a),
            // NaN-propagating, unlike f64::max.
            Op::Max if a.is_nan() || b.is_nan() => f64::NAN,
            Op::Max => a.max(b),
            Op::Min if a.is_nan() || b.is_nan() => f64::NAN,
            Op::Min => a.min(b),
            Op::Detach => a,
        }
    }

    /// Why the op's value is NaN or infinite at these operands, when the op itself is the
    /// cause (not an operand that already was).
    pub fn domain_issue(self, args: &[f64]) -> Option<&'static str> {
        let a = args.first().copied().unwrap_or(f64::NAN);
        let b = args.get(1).copied().unwrap_or(f64::NAN);
        if args.iter().any(|v| !v.is_finite()) {
            return None;
        }
        match self {
            Op::Ln if a < 0.0 => Some("ln of a negative number"),
            Op::Ln if a == 0.0 => Some("ln of zero is -inf"),
            Op::Sqrt if a < 0.0 => Some("square root of a negative number"),
            Op::Div if b == 0.0 && a == 0.0 => Some("0/0 is undefined"),
            Op::Div if b == 0.0 => Some("division by zero"),
            Op::Pow if a < 0.0 && b.fract() != 0.0 => {
                Some("a negative number to a non-integer power")
            }
            Op::Pow if a == 0.0 && b < 0.0 => Some("zero to a negative power"),
            _ if !self.eval(args).is_finite() => Some("the result overflows f64"),
            _ => None,
        }
    }

    /// The local partials d(value)/d(operand i), given the operands and the op's value.
    pub fn partials(self, args: &[f64], value: f64) -> [f64; 2] {
        let a = args.first().copied().unwrap_or(f64::NAN);
        let b = args.get(1).copied().unwrap_or(f64::NAN);
        match self {
            Op::Input | Op::Const => [0.0, 0.0],
            Op::Add => [1.0, 1.0],
            Op::Sub => [1.0, -1.0],
            Op::Mul => [b, a],
            Op::Div => [1.0 / b, -a / (b * b)],
            Op::Neg => [-1.0, 0.0],
            Op::Pow => [b * a.powf(b - 1.0), a.ln() * value],
            Op::Sin => [a.cos(), 0.0],
            Op::Cos => [-a.sin(), 0.0],
            Op::Tan => [1.0 / (a.cos() * a.cos()), 0.0],
            Op::Exp => [value, 0.0],
            // Outside its domain ln has no derivative either (1/a would hide the error).
            Op::Ln => [if a < 0.0 { f64::NAN } else { 1.0 / a }, 0.0],
            Op::Sqrt => [0.5 / value, 0.0],
            Op::Tanh => [1.0 - value * value, 0.0],
            Op::Sigmoid => [value * (1.0 - value), 0.0],
            Op::Relu => [step(a), 0.0],
            Op::Abs => [sign(a), 0.0],
            // Flat everywhere but at 0, where the convention (as for relu and abs) is 0.
            Op::Step | Op::Sign => [if a.is_nan() { f64::NAN } else { 0.0 }, 0.0],
            Op::Max => [half_step(a - b), half_step(b - a)],
            Op::Min => [half_step(b - a), half_step(a - b)],
            Op::Detach => [0.0, 0.0],
        }
    }

    /// The op applied to its operands, in any [`Algebra`]: a formula to show, a symbolic
    /// expression to differentiate.
    pub fn apply<A: Algebra>(self, alg: &mut A, args: &[A::E]) -> A::E {
        let Some(x) = args.first().cloned() else {
            return alg.num(f64::NAN);
        };
        let y = args.get(1).cloned();
        match (self, y) {
            (Op::Input | Op::Const, _) => x,
            (Op::Add, Some(y)) => alg.add(x, y),
            (Op::Sub, Some(y)) => alg.sub(x, y),
            (Op::Mul, Some(y)) => alg.mul(x, y),
            (Op::Div, Some(y)) => alg.div(x, y),
            (Op::Pow, Some(y)) => alg.pow(x, y),
            (Op::Neg, _) => alg.neg(x),
            (Op::Max | Op::Min, Some(y)) => alg.func2(self, x, y),
            (Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow | Op::Max | Op::Min, None) => {
                alg.num(f64::NAN)
            }
            (op, _) => alg.func(op, x),
        }
    }

    /// The local partial d(value)/d(operand `slot`) in any [`Algebra`], beside
    /// [`Op::partials`]' numbers: `cos(a)` for sin, `b` for the first operand of `a * b`.
    /// `value` is the op's own value (`exp(a)`, `tanh(a)`), which several partials reuse.
    /// The symbolic derivative and the formula the step panel shows are both this.
    pub fn partial_in<A: Algebra>(
        self,
        alg: &mut A,
        slot: usize,
        args: &[A::E],
        value: A::E,
    ) -> A::E {
        let (x, y) = match args {
            [x] => (x.clone(), x.clone()),
            [x, y, ..] => (x.clone(), y.clone()),
            [] => return alg.num(0.0),
        };
        match (self, slot) {
            (Op::Add, _) | (Op::Sub, 0) => alg.num(1.0),
            (Op::Sub, _) | (Op::Neg, _) => alg.num(-1.0),
            (Op::Mul, 0) => y,
            (Op::Mul, _) => x,
            (Op::Div, 0) => {
                let one = alg.num(1.0);
                alg.div(one, y)
            }
            (Op::Div, _) => {
                let two = alg.num(2.0);
                let y2 = alg.pow(y, two);
                let q = alg.div(x, y2);
                alg.neg(q)
            }
            (Op::Pow, 0) => {
                let one = alg.num(1.0);
                let e = alg.sub(y.clone(), one);
                let p = alg.pow(x, e);
                alg.mul(y, p)
            }
            (Op::Pow, _) => {
                let l = alg.func(Op::Ln, x);
                alg.mul(l, value)
            }
            (Op::Sin, _) => alg.func(Op::Cos, x),
            (Op::Cos, _) => {
                let s = alg.func(Op::Sin, x);
                alg.neg(s)
            }
            (Op::Tan, _) => {
                let one = alg.num(1.0);
                let c = alg.func(Op::Cos, x);
                let two = alg.num(2.0);
                let c2 = alg.pow(c, two);
                alg.div(one, c2)
            }
            (Op::Exp, _) => value,
            (Op::Ln, _) => {
                let one = alg.num(1.0);
                alg.div(one, x)
            }
            (Op::Sqrt, _) => {
                let (one, two) = (alg.num(1.0), alg.num(2.0));
                let d = alg.mul(two, value);
                alg.div(one, d)
            }
            (Op::Tanh, _) => {
                let (one, two) = (alg.num(1.0), alg.num(2.0));
                let t2 = alg.pow(value, two);
                alg.sub(one, t2)
            }
            (Op::Sigmoid, _) => {
                let one = alg.num(1.0);
                let rest = alg.sub(one, value.clone());
                alg.mul(value, rest)
            }
            // (1 + sign(a - b)) / 2: 1 to the larger, 0 to the other, half each at a tie.
            (Op::Max | Op::Min, _) => {
                let (larger, other) = match (self, slot) {
                    (Op::Max, 0) | (Op::Min, 1) => (x, y),
                    _ => (y, x),
                };
                let d = alg.sub(larger, other);
                let s = alg.func(Op::Sign, d);
                let one = alg.num(1.0);
                let top = alg.add(one, s);
                let two = alg.num(2.0);
                alg.div(top, two)
            }
            (Op::Relu, _) => alg.func(Op::Step, x),
            (Op::Abs, _) => alg.func(Op::Sign, x),
            (Op::Step | Op::Sign | Op::Detach | Op::Input | Op::Const, _) => alg.num(0.0),
        }
    }

    /// The differentiation rule behind [`Op::partial_formula`] for operand `slot`, by name
    /// (`constant_exponent`: whether a power's exponent is a constant).
    pub fn rule(self, slot: usize, constant_exponent: bool) -> &'static str {
        match (self, slot) {
            (Op::Add, _) => "sum rule",
            (Op::Sub, _) => "difference rule",
            (Op::Mul, _) => "product rule",
            (Op::Div, _) => "quotient rule",
            (Op::Neg, _) => "constant multiple rule",
            (Op::Pow, 0) if constant_exponent => "power rule",
            (Op::Pow, 0) => "general power rule",
            (Op::Pow, _) => "exponential rule",
            (Op::Sin, _) => "derivative of sin",
            (Op::Cos, _) => "derivative of cos",
            (Op::Tan, _) => "derivative of tan",
            (Op::Exp, _) => "derivative of exp",
            (Op::Ln, _) => "derivative of ln",
            (Op::Sqrt, _) => "derivative of sqrt",
            (Op::Tanh, _) => "derivative of tanh",
            (Op::Sigmoid, _) => "derivative of sigmoid",
            (Op::Relu, _) => "derivative of relu (0 at 0)",
            (Op::Abs, _) => "derivative of abs (0 at 0)",
            (Op::Step | Op::Sign, _) => "flat: derivative 0",
            (Op::Max, _) => "max routes: 1 to the larger operand (1/2 each at a tie)",
            (Op::Min, _) => "min routes: 1 to the smaller operand (1/2 each at a tie)",
            (Op::Detach, _) => "detach: the gradient stops here (0)",
            (Op::Input | Op::Const, _) => "no operands",
        }
    }

    /// The op's symbol or function name: `+`, `*`, `sin`.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Input => "input",
            Op::Const => "const",
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
            Op::Neg => "neg",
            Op::Pow => "^",
            Op::Sin => "sin",
            Op::Cos => "cos",
            Op::Tan => "tan",
            Op::Exp => "exp",
            Op::Ln => "ln",
            Op::Sqrt => "sqrt",
            Op::Tanh => "tanh",
            Op::Sigmoid => "sigmoid",
            Op::Relu => "relu",
            Op::Abs => "abs",
            Op::Step => "step",
            Op::Sign => "sign",
            Op::Max => "max",
            Op::Min => "min",
            Op::Detach => "detach",
        }
    }
}

/// The operations ops are written in: numbers, formulas to show ([`crate::formula::Written`]),
/// symbolic expressions ([`crate::symbolic::Arena`]). Each op's value and partials are
/// written once against it.
pub trait Algebra {
    /// An expression.
    type E: Clone;
    /// A number.
    fn num(&mut self, v: f64) -> Self::E;
    /// `a + b`
    fn add(&mut self, a: Self::E, b: Self::E) -> Self::E;
    /// `a - b`
    fn sub(&mut self, a: Self::E, b: Self::E) -> Self::E;
    /// `a * b`
    fn mul(&mut self, a: Self::E, b: Self::E) -> Self::E;
    /// `a / b`
    fn div(&mut self, a: Self::E, b: Self::E) -> Self::E;
    /// `-a`
    fn neg(&mut self, a: Self::E) -> Self::E;
    /// `a ^ b`
    fn pow(&mut self, a: Self::E, b: Self::E) -> Self::E;
    /// A function of one argument (`op` is one of [`FUNCTIONS`]' ops).
    fn func(&mut self, op: Op, a: Self::E) -> Self::E;
    /// `max(a, b)` or `min(a, b)`; by default written with abs, as
    /// `(a + b ± |a - b|) / 2`, whose derivative is the one [`Op::partials`] gives.
    fn func2(&mut self, op: Op, a: Self::E, b: Self::E) -> Self::E {
        let d = self.sub(a.clone(), b.clone());
        let m = self.func(Op::Abs, d);
        let s = self.add(a, b);
        let top = if op == Op::Min {
            self.sub(s, m)
        } else {
            self.add(s, m)
        };
        let two = self.num(2.0);
        self.div(top, two)
    }
}

/// 1 for a > 0, 1/2 at 0, 0 for a < 0, NaN for NaN: how max and min share a tie.
fn half_step(a: f64) -> f64 {
    if a == 0.0 {
        0.5
    } else {
        step(a)
    }
}

/// 1 for a > 0, 0 for a <= 0, NaN for NaN.
pub fn step(a: f64) -> f64 {
    if a > 0.0 {
        1.0
    } else if a.is_nan() {
        a
    } else {
        0.0
    }
}

/// -1, 0 or 1 by the sign of a (0 for ±0), NaN for NaN.
pub fn sign(a: f64) -> f64 {
    if a > 0.0 {
        1.0
    } else if a < 0.0 {
        -1.0
    } else {
        a * 0.0
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

#[cfg(test)]
mod tests;
