//! Formulas as LaTeX math (inside `$...$`): `\bar{v}_{3} \cdot \cos(v_{0})`.

use super::name::Subscript;
use super::{Formula, Prec, Role, Sign, Symbol};
use crate::format::{full, significant};
use crate::graph::Op;

/// The formula as LaTeX math-mode source.
pub fn latex(f: &Formula) -> String {
    let mut out = String::new();
    write(f, &mut out);
    out
}

fn symbol(s: &Symbol, out: &mut String) {
    let (stem, sub) = s.name.parts();
    let greek = stem.chars().count() == 1 && !stem.is_ascii();
    let base = match s.name.raw() {
        _ if greek => greek_command(&stem),
        _ if stem.chars().count() > 1 => format!("\\mathrm{{{}}}", escape(&stem)),
        _ => escape(&stem),
    };
    let single = stem.chars().count() == 1;
    // A version's superscript is braced with its symbol, so a power of it stays valid.
    let version = s.name.version();
    if version.is_some() {
        out.push('{');
    }
    let core = match (s.role, single) {
        (Role::Value, _) => base,
        (Role::Adjoint, true) => format!("\\bar{{{base}}}"),
        (Role::Adjoint, false) => format!("\\overline{{{base}}}"),
        (Role::Tangent, _) => format!("\\dot{{{base}}}"),
    };
    out.push_str(&core);
    match sub {
        Some(Subscript::Index(negative, digits)) => {
            let minus = if negative { "-" } else { "" };
            out.push_str(&format!("_{{{minus}{digits}}}"));
        }
        Some(Subscript::Text(t)) => out.push_str(&format!("_{{\\mathrm{{{}}}}}", escape(t))),
        None => {}
    }
    if let Some(v) = version {
        out.push_str(&format!("^{{({v})}}}}"));
    }
}

/// `α` -> `\alpha` (the letters [`super::greek`] makes).
fn greek_command(letter: &str) -> String {
    super::name::greek_name(letter).map_or_else(|| escape(letter), |n| format!("\\{n}"))
}

fn write(f: &Formula, out: &mut String) {
    match f {
        Formula::Symbol(s) => symbol(s, out),
        Formula::Number(v) => out.push_str(&number(&significant(*v, 4))),
        Formula::Exact(v) => out.push_str(&number(&full(*v))),
        Formula::Word(w) => out.push_str(&format!("\\text{{{}}}", escape(w))),
        Formula::Neg(a) => {
            out.push('-');
            bracketed(a, a.prec() <= Prec::Neg, out);
        }
        Formula::Sum(terms) => {
            for (k, (sign, t)) in terms.iter().enumerate() {
                match (k, sign) {
                    (0, Sign::Plus) => {}
                    (0, Sign::Minus) => out.push('-'),
                    (_, Sign::Plus) => out.push_str(" + "),
                    (_, Sign::Minus) => out.push_str(" - "),
                }
                let inner = t.needs_brackets_in_sum(k, *sign);
                bracketed(t, inner, out);
            }
        }
        Formula::Product(factors) => {
            for (k, x) in factors.iter().enumerate() {
                if k > 0 {
                    out.push_str(" \\cdot ");
                }
                bracketed(x, x.prec() < Prec::Product, out);
            }
        }
        Formula::Quotient(a, b) => {
            out.push_str("\\frac{");
            write(a, out);
            out.push_str("}{");
            write(b, out);
            out.push('}');
        }
        Formula::Power(a, b) => {
            bracketed(a, a.prec() < Prec::Atom, out);
            out.push_str("^{");
            write(b, out);
            out.push('}');
        }
        Formula::Call(_, args) | Formula::Apply(_, args) => {
            match f {
                Formula::Apply(name, _) => {
                    out.push_str(&format!("\\operatorname{{{}}}", name.replace('_', "\\_")))
                }
                Formula::Call(op, _) => out.push_str(&function(*op)),
                _ => {}
            }
            out.push_str("\\left(");
            for (k, a) in args.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                write(a, out);
            }
            out.push_str("\\right)");
        }
        Formula::Partial(of, wrt) => {
            out.push_str("\\frac{\\partial ");
            bracketed(of, !matches!(**of, Formula::Symbol(_)), out);
            out.push_str("}{\\partial ");
            write(wrt, out);
            out.push('}');
        }
    }
}

fn function(op: Op) -> String {
    match op {
        Op::Sin | Op::Cos | Op::Tan | Op::Exp | Op::Ln | Op::Tanh => format!("\\{}", op.symbol()),
        _ => format!("\\operatorname{{{}}}", op.symbol()),
    }
}

fn number(s: &str) -> String {
    match s {
        "inf" => "\\infty".into(),
        "-inf" => "-\\infty".into(),
        "NaN" => "\\mathrm{NaN}".into(),
        s => s.to_string(),
    }
}

fn bracketed(f: &Formula, brackets: bool, out: &mut String) {
    if brackets {
        out.push_str("\\left(");
        write(f, out);
        out.push_str("\\right)");
    } else {
        write(f, out);
    }
}

/// Text for LaTeX: the special characters escaped.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str(r"\backslash{}"),
            '{' | '}' | '%' | '$' | '&' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str(r"\hat{}"),
            '~' => out.push_str(r"\sim{}"),
            c => out.push(c),
        }
    }
    out
}
