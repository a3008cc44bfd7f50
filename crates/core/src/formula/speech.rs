//! Formulas read out for a screen reader: `v̄₃ · cos(v₀)` reads "v bar 3 times cosine of
//! v 0".

use super::name::Subscript;
use super::{Equation, Formula, Role, Sign, Symbol};
use crate::format::{full, significant};
use crate::graph::Op;

/// The formula in words.
pub fn speech(f: &Formula) -> String {
    let mut words = Vec::new();
    say(f, &mut words);
    words.join(" ")
}

/// The equation in words: "v bar 0 gains v bar 3 times ... equals minus 0.2837".
pub fn speech_equation(eq: &Equation) -> String {
    let mut words = Vec::new();
    say(&eq.lhs, &mut words);
    words.push(if eq.accumulate { "gains" } else { "equals" }.into());
    for (k, p) in eq.parts.iter().enumerate() {
        if k > 0 {
            words.push("equals".into());
        }
        say(p, &mut words);
    }
    words.join(" ")
}

fn symbol(s: &Symbol) -> String {
    let (stem, sub) = s.name.parts();
    // A Greek letter is read by its name, as it was typed.
    let stem = super::name::greek_name(&stem).map_or_else(|| stem.to_string(), str::to_string);
    let accent = match s.role {
        Role::Value => "",
        Role::Adjoint => " bar",
        Role::Tangent => " dot",
    };
    let sub = match sub {
        Some(Subscript::Index(negative, digits)) => {
            format!(" {}{digits}", if negative { "minus " } else { "" })
        }
        Some(Subscript::Text(t)) => format!(" sub {t}"),
        None => String::new(),
    };
    let version = s
        .name
        .version()
        .map_or_else(String::new, |v| format!(" version {v}"));
    format!("{stem}{accent}{sub}{version}")
}

fn number(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) => format!("minus {rest}"),
        None => s,
    }
}

fn say(f: &Formula, w: &mut Vec<String>) {
    match f {
        Formula::Symbol(s) => w.push(symbol(s)),
        Formula::Number(v) => w.push(number(significant(*v, 4))),
        Formula::Exact(v) => w.push(number(full(*v))),
        Formula::Word(x) => w.push((*x).into()),
        Formula::Neg(a) => {
            w.push("minus".into());
            say(a, w);
        }
        Formula::Sum(terms) => {
            for (k, (sign, t)) in terms.iter().enumerate() {
                match (k, sign) {
                    (0, Sign::Plus) => {}
                    (_, Sign::Plus) => w.push("plus".into()),
                    (_, Sign::Minus) => w.push("minus".into()),
                }
                say(t, w);
            }
        }
        Formula::Product(factors) => {
            for (k, x) in factors.iter().enumerate() {
                if k > 0 {
                    w.push("times".into());
                }
                say(x, w);
            }
        }
        Formula::Quotient(a, b) => {
            say(a, w);
            w.push("over".into());
            say(b, w);
        }
        Formula::Power(a, b) => {
            say(a, w);
            w.push("to the power".into());
            say(b, w);
        }
        Formula::Call(_, args) | Formula::Apply(_, args) => {
            w.push(match f {
                Formula::Apply(name, _) => name.to_string(),
                Formula::Call(op, _) => function(*op).into(),
                _ => String::new(),
            });
            for (k, a) in args.iter().enumerate() {
                if k > 0 {
                    w.push("and".into());
                }
                say(a, w);
            }
        }
        Formula::Partial(of, wrt) => {
            w.push("partial".into());
            say(of, w);
            w.push("over partial".into());
            say(wrt, w);
        }
    }
}

fn function(op: Op) -> &'static str {
    match op {
        Op::Sin => "sine of",
        Op::Cos => "cosine of",
        Op::Tan => "tangent of",
        Op::Exp => "exp of",
        Op::Ln => "log of",
        Op::Sqrt => "square root of",
        Op::Tanh => "tanh of",
        Op::Sigmoid => "sigmoid of",
        Op::Relu => "relu of",
        Op::Abs => "absolute value of",
        Op::Step => "step of",
        Op::Sign => "sign of",
        Op::Max => "the larger of",
        Op::Min => "the smaller of",
        Op::Detach => "detached",
        _ => op.symbol(),
    }
}
