//! Formulas as typed trees: what the step panel, the trace table, the rules, the symbolic
//! panel and the exports show. A symbol knows its role (a value, an adjoint, a tangent),
//! its name and its subscript as fields, so a user's `xbar` is a name and never an accent,
//! and nothing ever parses formula text back. Renderers read the tree: [`mathml`], [`text`],
//! [`speech`] and [`latex`].

mod latex;
mod mathml;
mod name;
mod speech;
mod text;

pub use latex::latex;
pub use mathml::escape as xml_escape;
pub use mathml::{mathml, mathml_equation};
pub use name::{greek, superscript, Name};
pub use speech::{speech, speech_equation};
pub use text::{text, text_equation};

use crate::graph::{Algebra, Op};

/// A name the user typed, as text: `x1` -> x₁, `alpha` -> α, `xbar` -> xbar.
pub fn name_text(raw: &str) -> String {
    text(&Formula::name(Name::User(raw.to_string())))
}

/// What a symbol stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The node's value: `v₃`, `x₁`.
    Value,
    /// Its adjoint, ∂output/∂node: `v̄₃`.
    Adjoint,
    /// Its tangent along the seed: `v̇₃`.
    Tangent,
}

/// A name in a role.
#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    /// Whose: a user's name or a Wengert id.
    pub name: Name,
    /// Value, adjoint or tangent.
    pub role: Role,
}

impl Symbol {
    /// `name` as a value.
    pub fn value(name: Name) -> Symbol {
        Symbol {
            name,
            role: Role::Value,
        }
    }

    /// The same name in another role.
    pub fn as_role(&self, role: Role) -> Symbol {
        Symbol {
            name: self.name.clone(),
            role,
        }
    }
}

/// Whether a term of a sum is added or subtracted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    /// `+ t`
    Plus,
    /// `- t`
    Minus,
}

/// A formula.
#[derive(Clone, Debug, PartialEq)]
pub enum Formula {
    /// A name in a role.
    Symbol(Symbol),
    /// A number as shown: 4 significant digits.
    Number(f64),
    /// A number in full (symbolic derivatives: the constants of the program).
    Exact(f64),
    /// A word in upright type: `seed`.
    Word(&'static str),
    /// `-a`
    Neg(Box<Formula>),
    /// Terms with their signs (the first one's sign is written only when it is a minus).
    Sum(Vec<(Sign, Formula)>),
    /// Factors.
    Product(Vec<Formula>),
    /// `a / b`
    Quotient(Box<Formula>, Box<Formula>),
    /// `a ^ b`
    Power(Box<Formula>, Box<Formula>),
    /// A function applied to its arguments: `sin(a)`, `max(a, b)`.
    Call(Op, Vec<Formula>),
    /// A function of the program applied to its arguments, as one gate: `sig(z)`.
    Apply(std::sync::Arc<str>, Vec<Formula>),
    /// ∂of/∂wrt.
    Partial(Box<Formula>, Box<Formula>),
}

/// How strongly a formula binds, loosest first: what needs brackets inside what.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Prec {
    Sum,
    Neg,
    Product,
    Power,
    Atom,
}

impl Formula {
    /// A symbol as a value.
    pub fn name(name: Name) -> Formula {
        Formula::Symbol(Symbol::value(name))
    }

    /// How strongly it binds (a negative number binds like a minus sign).
    pub(crate) fn prec(&self) -> Prec {
        match self {
            Formula::Sum(_) => Prec::Sum,
            Formula::Neg(_) => Prec::Neg,
            Formula::Number(v) | Formula::Exact(v) if v.is_sign_negative() && *v != 0.0 => {
                Prec::Neg
            }
            Formula::Product(_) | Formula::Quotient(..) => Prec::Product,
            Formula::Power(..) => Prec::Power,
            _ => Prec::Atom,
        }
    }

    /// Whether this formula, as term `k` of a sum with `sign`, is written in brackets: a
    /// sum always; a minus (or negative number) after a sign (`a + (−1)`, `−(−a)`).
    pub(crate) fn needs_brackets_in_sum(&self, k: usize, sign: Sign) -> bool {
        self.prec() == Prec::Sum || ((k > 0 || sign == Sign::Minus) && self.prec() <= Prec::Neg)
    }

    /// The sum of `terms`, all added.
    pub fn sum(terms: Vec<Formula>) -> Formula {
        match terms.len() {
            1 => terms.into_iter().next().unwrap_or(Formula::Number(0.0)),
            _ => Formula::Sum(terms.into_iter().map(|t| (Sign::Plus, t)).collect()),
        }
    }

    /// `a · b`
    pub fn times(a: Formula, b: Formula) -> Formula {
        Formula::Product(vec![a, b])
    }

    /// ∂of/∂wrt.
    pub fn partial(of: Formula, wrt: Formula) -> Formula {
        Formula::Partial(Box::new(of), Box::new(wrt))
    }
}

/// An equation as the step panel shows it: `lhs op part = part = part`.
#[derive(Clone, Debug, PartialEq)]
pub struct Equation {
    /// What is set: v₃, v̄₀, v̇₂.
    pub lhs: Formula,
    /// `=`, or `+=` for a contribution to a sum already started.
    pub accumulate: bool,
    /// The right side, step by step: symbols, numbers substituted, the result.
    pub parts: Vec<Formula>,
}

/// Formulas are an algebra, so each op writes its partials once ([`Op::partial_in`]) for
/// display and for symbolic differentiation alike. Display keeps what is written: no
/// simplification.
pub struct Written;

impl Algebra for Written {
    type E = Formula;
    fn num(&mut self, v: f64) -> Formula {
        Formula::Number(v)
    }
    fn add(&mut self, a: Formula, b: Formula) -> Formula {
        Formula::Sum(vec![(Sign::Plus, a), (Sign::Plus, b)])
    }
    fn sub(&mut self, a: Formula, b: Formula) -> Formula {
        Formula::Sum(vec![(Sign::Plus, a), (Sign::Minus, b)])
    }
    fn mul(&mut self, a: Formula, b: Formula) -> Formula {
        Formula::times(a, b)
    }
    fn div(&mut self, a: Formula, b: Formula) -> Formula {
        Formula::Quotient(Box::new(a), Box::new(b))
    }
    fn neg(&mut self, a: Formula) -> Formula {
        Formula::Neg(Box::new(a))
    }
    fn pow(&mut self, a: Formula, b: Formula) -> Formula {
        Formula::Power(Box::new(a), Box::new(b))
    }
    fn func(&mut self, op: Op, a: Formula) -> Formula {
        Formula::Call(op, vec![a])
    }
    fn func2(&mut self, op: Op, a: Formula, b: Formula) -> Formula {
        Formula::Call(op, vec![a, b])
    }
}

#[cfg(test)]
mod tests;
