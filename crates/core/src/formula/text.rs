//! Formulas as plain text with real subscripts and accents: `v̄₃ · cos(v₀)`. For tooltips,
//! the graph's boxes (SVG text), narration's source and copies.

use super::name::Subscript;
use super::{Equation, Formula, Prec, Role, Sign, Symbol};
use crate::format::{full, significant};

/// The formula as text.
pub fn text(f: &Formula) -> String {
    let mut out = String::new();
    write(f, &mut out);
    out
}

/// The equation as text: `v̄₀ += v̄₃ · ∂v₃/∂v₀ = (−1) · cos(5) = −0.2837`.
pub fn text_equation(eq: &Equation) -> String {
    let mut out = text(&eq.lhs);
    out.push_str(if eq.accumulate { " += " } else { " = " });
    let parts: Vec<String> = eq.parts.iter().map(text).collect();
    out.push_str(&parts.join(" = "));
    out
}

/// A symbol as text: x₁, v̄₋₁, ẋ, α₀, and for a longer stem an overline across it.
pub fn symbol(s: &Symbol) -> String {
    let (stem, sub) = s.name.parts();
    let mut out = String::new();
    let single = stem.chars().count() == 1;
    match s.role {
        Role::Value => out.push_str(&stem),
        // A bar over one letter is a macron; over a word, an overline across every letter.
        Role::Adjoint => {
            for c in stem.chars() {
                out.push(c);
                if single {
                    out.push('\u{0304}');
                } else {
                    out.push('\u{0305}');
                }
            }
        }
        Role::Tangent => {
            out.push_str(&stem);
            out.push('\u{0307}');
        }
    }
    match sub {
        Some(Subscript::Index(negative, digits)) => {
            if negative {
                out.push('₋');
            }
            out.extend(
                digits
                    .chars()
                    .filter_map(|c| c.to_digit(10))
                    .filter_map(|d| char::from_u32(0x2080 + d)),
            );
        }
        Some(Subscript::Text(t)) => {
            out.push('_');
            out.push_str(t);
        }
        None => {}
    }
    if let Some(v) = s.name.version() {
        out.push_str(&super::superscript(v));
    }
    out
}

fn write(f: &Formula, out: &mut String) {
    match f {
        Formula::Symbol(s) => out.push_str(&symbol(s)),
        Formula::Number(v) => out.push_str(&minus(&significant(*v, 4))),
        Formula::Exact(v) => out.push_str(&minus(&full(*v))),
        Formula::Word(w) => out.push_str(w),
        Formula::Neg(a) => {
            out.push('−');
            bracketed(a, a.prec() <= Prec::Neg, out);
        }
        Formula::Sum(terms) => {
            for (k, (sign, t)) in terms.iter().enumerate() {
                match (k, sign) {
                    (0, Sign::Plus) => {}
                    (0, Sign::Minus) => out.push('−'),
                    (_, Sign::Plus) => out.push_str(" + "),
                    (_, Sign::Minus) => out.push_str(" − "),
                }
                let inner = t.needs_brackets_in_sum(k, *sign);
                bracketed(t, inner, out);
            }
        }
        Formula::Product(factors) => {
            for (k, x) in factors.iter().enumerate() {
                if k > 0 {
                    out.push_str(" · ");
                }
                let quotient = matches!(x, Formula::Quotient(..)) && factors.len() > 1;
                bracketed(x, x.prec() < Prec::Product || quotient, out);
            }
        }
        Formula::Quotient(a, b) => {
            bracketed(a, a.prec() < Prec::Product, out);
            out.push_str(" / ");
            bracketed(b, b.prec() <= Prec::Product, out);
        }
        Formula::Power(a, b) => {
            bracketed(a, a.prec() < Prec::Atom, out);
            out.push('^');
            bracketed(b, b.prec() < Prec::Atom, out);
        }
        Formula::Call(_, args) | Formula::Apply(_, args) => {
            out.push_str(match f {
                Formula::Apply(name, _) => name,
                Formula::Call(op, _) => op.symbol(),
                _ => "",
            });
            out.push('(');
            for (k, a) in args.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                write(a, out);
            }
            out.push(')');
        }
        Formula::Partial(of, wrt) => {
            out.push('∂');
            bracketed(of, !matches!(**of, Formula::Symbol(_)), out);
            out.push_str("/∂");
            write(wrt, out);
        }
    }
}

fn bracketed(f: &Formula, brackets: bool, out: &mut String) {
    if brackets {
        out.push('(');
        write(f, out);
        out.push(')');
    } else {
        write(f, out);
    }
}

/// A number's minus sign as the typographic minus.
fn minus(s: &str) -> String {
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s.to_string(),
    }
}
