//! Formulas as MathML, the browser's own math notation: subscripts, bars, dots, fractions
//! and superscripts. Every piece of text is escaped, so a name can never inject markup.

use super::name::Subscript;
use super::{Equation, Formula, Prec, Role, Sign, Symbol};
use crate::format::{full, significant};
use crate::graph::Op;

/// The formula as an inline `<math>` element.
pub fn mathml(f: &Formula) -> String {
    let mut out = String::from("<math>");
    write(f, &mut out);
    out.push_str("</math>");
    out
}

/// The equation as one `<math>` element: `lhs = part = part`.
pub fn mathml_equation(eq: &Equation) -> String {
    let mut out = String::from("<math><mrow>");
    write(&eq.lhs, &mut out);
    out.push_str(if eq.accumulate {
        "<mo>+=</mo>"
    } else {
        "<mo>=</mo>"
    });
    for (k, p) in eq.parts.iter().enumerate() {
        if k > 0 {
            out.push_str("<mo>=</mo>");
        }
        write(p, &mut out);
    }
    out.push_str("</mrow></math>");
    out
}

fn symbol(s: &Symbol, out: &mut String) {
    let (stem, sub) = s.name.parts();
    let mut core = format!("<mi>{}</mi>", escape(&stem));
    let accent = match s.role {
        Role::Value => None,
        Role::Adjoint => Some("¯"),
        Role::Tangent => Some("˙"),
    };
    if let Some(a) = accent {
        core = format!("<mover accent=\"true\">{core}<mo>{a}</mo></mover>");
    }
    let sub = match sub {
        Some(Subscript::Index(negative, digits)) => {
            let minus = if negative { "−" } else { "" };
            Some(format!("<mn>{minus}{digits}</mn>"))
        }
        Some(Subscript::Text(t)) => Some(format!("<mi>{}</mi>", escape(t))),
        None => None,
    };
    let version = s
        .name
        .version()
        .map(|v| format!("<mrow><mo>(</mo><mn>{v}</mn><mo>)</mo></mrow>"));
    match (sub, version) {
        (Some(sub), Some(v)) => out.push_str(&format!("<msubsup>{core}{sub}{v}</msubsup>")),
        (Some(sub), None) => out.push_str(&format!("<msub>{core}{sub}</msub>")),
        (None, Some(v)) => out.push_str(&format!("<msup>{core}{v}</msup>")),
        (None, None) => out.push_str(&core),
    }
}

fn number(s: &str, out: &mut String) {
    match s.strip_prefix('-') {
        Some(rest) => out.push_str(&format!("<mrow><mo>−</mo><mn>{}</mn></mrow>", escape(rest))),
        None => out.push_str(&format!("<mn>{}</mn>", escape(s))),
    }
}

fn write(f: &Formula, out: &mut String) {
    match f {
        Formula::Symbol(s) => symbol(s, out),
        Formula::Number(v) => number(&significant(*v, 4), out),
        Formula::Exact(v) => number(&full(*v), out),
        Formula::Word(w) => out.push_str(&format!("<mtext>{}</mtext>", escape(w))),
        Formula::Neg(a) => {
            out.push_str("<mrow><mo>−</mo>");
            bracketed(a, a.prec() <= Prec::Neg, out);
            out.push_str("</mrow>");
        }
        Formula::Sum(terms) => {
            out.push_str("<mrow>");
            for (k, (sign, t)) in terms.iter().enumerate() {
                match (k, sign) {
                    (0, Sign::Plus) => {}
                    (_, Sign::Plus) => out.push_str("<mo>+</mo>"),
                    (_, Sign::Minus) => out.push_str("<mo>−</mo>"),
                }
                let inner = t.needs_brackets_in_sum(k, *sign);
                bracketed(t, inner, out);
            }
            out.push_str("</mrow>");
        }
        Formula::Product(factors) => {
            out.push_str("<mrow>");
            for (k, x) in factors.iter().enumerate() {
                if k > 0 {
                    out.push_str("<mo>·</mo>");
                }
                bracketed(x, x.prec() < Prec::Product, out);
            }
            out.push_str("</mrow>");
        }
        Formula::Quotient(a, b) => {
            out.push_str("<mfrac>");
            grouped(a, out);
            grouped(b, out);
            out.push_str("</mfrac>");
        }
        Formula::Power(a, b) => {
            out.push_str("<msup>");
            if a.prec() < Prec::Atom {
                bracketed(a, true, out);
            } else {
                grouped(a, out);
            }
            grouped(b, out);
            out.push_str("</msup>");
        }
        Formula::Call(_, args) | Formula::Apply(_, args) => {
            let name = match f {
                Formula::Apply(name, _) => name,
                Formula::Call(op, _) => function(*op),
                _ => "",
            };
            out.push_str(&format!(
                "<mrow><mi>{name}</mi><mo>&#x2061;</mo><mrow><mo>(</mo>"
            ));
            for (k, a) in args.iter().enumerate() {
                if k > 0 {
                    out.push_str("<mo>,</mo>");
                }
                write(a, out);
            }
            out.push_str("<mo>)</mo></mrow></mrow>");
        }
        Formula::Partial(of, wrt) => {
            out.push_str("<mfrac><mrow><mo rspace=\"0\">∂</mo>");
            bracketed(of, !matches!(**of, Formula::Symbol(_)), out);
            out.push_str("</mrow><mrow><mo rspace=\"0\">∂</mo>");
            write(wrt, out);
            out.push_str("</mrow></mfrac>");
        }
    }
}

/// A function's name as written (`ln`, `sqrt`: MathML has no upright multi-letter rule
/// for the browser's fonts to get wrong).
fn function(op: Op) -> &'static str {
    op.symbol()
}

/// One child of a fraction or power: a single element.
fn grouped(f: &Formula, out: &mut String) {
    out.push_str("<mrow>");
    write(f, out);
    out.push_str("</mrow>");
}

fn bracketed(f: &Formula, brackets: bool, out: &mut String) {
    if brackets {
        out.push_str("<mrow><mo>(</mo>");
        write(f, out);
        out.push_str("<mo>)</mo></mrow>");
    } else {
        write(f, out);
    }
}

/// Text for XML (HTML, SVG, MathML): `& < > "` escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
