//! Expressions out: printed in chainrule's syntax with as few brackets as parse back the
//! same, evaluated at a point, and measured as a tree and as a DAG. Every walk is a loop
//! over the arena (children always come before parents), never a recursion as deep as
//! the expression, except printing, which is bounded by [`super::MAX_PRINTED_OPS`].

use super::expr::{Arena, Id, Node};
use crate::format::full;
use crate::formula::{Formula, Name, Sign};

/// Binding strength, loosest first: what needs brackets inside what.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Sum,
    Product,
    Power,
    Atom,
}

/// `id` in chainrule's syntax: `2*x1`, `1/x1 + x2`, `x1 - cos(x2)`, `x^2*sin(x)`.
pub fn syntax(a: &Arena, id: Id, names: &[String]) -> String {
    let mut out = String::new();
    write(a, id, names, &mut out);
    out
}

fn write(a: &Arena, id: Id, names: &[String], out: &mut String) {
    match a.node(id) {
        Node::Num(bits) => out.push_str(&full(f64::from_bits(*bits))),
        Node::Var(i) => out.push_str(names.get(*i as usize).map_or("?", String::as_str)),
        Node::Add(terms) => {
            for (k, &t) in terms.iter().enumerate() {
                let (negative, magnitude) = negated(a, t);
                match (k, negative) {
                    (0, true) => out.push('-'),
                    (0, false) => {}
                    (_, true) => out.push_str(" - "),
                    (_, false) => out.push_str(" + "),
                }
                // After a minus sign, a term that is itself a sum would need brackets.
                match magnitude {
                    Magnitude::Same => write_in(a, t, Prec::Product, names, out),
                    Magnitude::Num(v) => out.push_str(&full(v)),
                    Magnitude::Product(c, factors) => write_product(a, c, &factors, names, out),
                }
            }
        }
        Node::Mul(factors) => {
            let (c, rest) = match a.as_num(factors[0]) {
                Some(c) => (c, &factors[1..]),
                None => (1.0, &factors[..]),
            };
            if c < 0.0 {
                out.push('-');
            }
            write_product(a, c.abs(), rest, names, out);
        }
        // Alone, a negative power reads as a quotient: 1/x, 1/cos(x)^2.
        Node::Pow(_, e) if a.as_num(*e).is_some_and(|v| v < 0.0) => {
            write_product(a, 1.0, &[id], names, out);
        }
        Node::Pow(b, e) => {
            write_in(a, *b, Prec::Atom, names, out);
            out.push('^');
            write_in(a, *e, Prec::Atom, names, out);
        }
        Node::Func(op, x) => {
            out.push_str(op.symbol());
            out.push('(');
            write(a, *x, names, out);
            out.push(')');
        }
    }
}

/// A term's sign as printed in a sum, and what to print after the sign.
enum Magnitude {
    Same,
    Num(f64),
    Product(f64, Vec<Id>),
}

fn negated(a: &Arena, t: Id) -> (bool, Magnitude) {
    match a.node(t) {
        Node::Num(bits) if f64::from_bits(*bits) < 0.0 => {
            (true, Magnitude::Num(-f64::from_bits(*bits)))
        }
        Node::Mul(factors) => match a.as_num(factors[0]) {
            Some(c) if c < 0.0 => (true, Magnitude::Product(-c, factors[1..].to_vec())),
            _ => (false, Magnitude::Same),
        },
        _ => (false, Magnitude::Same),
    }
}

/// `c·f1·f2/(g1·g2)`: factors with a negative numeric power go under the line.
fn write_product(a: &Arena, c: f64, factors: &[Id], names: &[String], out: &mut String) {
    let mut over: Vec<Id> = Vec::new();
    let mut under: Vec<(Id, f64)> = Vec::new();
    for &f in factors {
        match a.node(f) {
            Node::Pow(b, e) if a.as_num(*e).is_some_and(|v| v < 0.0) => {
                under.push((*b, -a.as_num(*e).unwrap_or(1.0)));
            }
            _ => over.push(f),
        }
    }
    let mut first = true;
    if c != 1.0 || over.is_empty() {
        out.push_str(&full(c));
        first = false;
    }
    for f in over {
        if !first {
            out.push('*');
        }
        first = false;
        write_in(a, f, Prec::Power, names, out);
    }
    if under.is_empty() {
        return;
    }
    out.push('/');
    let bracket = under.len() > 1;
    if bracket {
        out.push('(');
    }
    for (k, (b, e)) in under.into_iter().enumerate() {
        if k > 0 {
            out.push('*');
        }
        write_in(
            a,
            b,
            if e == 1.0 { Prec::Power } else { Prec::Atom },
            names,
            out,
        );
        if e != 1.0 {
            out.push('^');
            out.push_str(&full(e));
        }
    }
    if bracket {
        out.push(')');
    }
}

/// Writes `id`, bracketed when it binds more loosely than `context` needs.
fn write_in(a: &Arena, id: Id, context: Prec, names: &[String], out: &mut String) {
    let own = match a.node(id) {
        Node::Num(bits) if f64::from_bits(*bits) < 0.0 => Prec::Sum,
        Node::Num(_) | Node::Var(_) | Node::Func(..) => Prec::Atom,
        Node::Add(_) => Prec::Sum,
        Node::Mul(f) if a.as_num(f[0]).is_some_and(|c| c < 0.0) => Prec::Sum,
        Node::Mul(_) => Prec::Product,
        Node::Pow(..) => Prec::Power,
    };
    // A product that prints as a quotient needs brackets as a factor too: a*(b/c) reads
    // the same, but x^(1/c) must keep them.
    if own < context || (own == Prec::Power && context == Prec::Atom) {
        out.push('(');
        write(a, id, names, out);
        out.push(')');
    } else {
        write(a, id, names, out);
    }
}

/// Every expression's value at `point` (indexed by id).
pub fn evaluate(a: &Arena, point: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = Vec::with_capacity(a.len());
    for id in 0..a.len() as Id {
        let x = match a.node(id) {
            Node::Num(bits) => f64::from_bits(*bits),
            Node::Var(i) => point.get(*i as usize).copied().unwrap_or(f64::NAN),
            Node::Add(t) => t.iter().map(|&t| v[t as usize]).sum(),
            Node::Mul(f) => f.iter().map(|&f| v[f as usize]).product(),
            Node::Pow(b, e) => v[*b as usize].powf(v[*e as usize]),
            Node::Func(op, x) => op.eval(&[v[*x as usize]]),
        };
        v.push(x);
    }
    v
}

/// Operations a node performs itself: k − 1 for a sum or product of k, 1 for a power or
/// a function, 0 for a number or a variable.
fn own_ops(n: &Node) -> u128 {
    match n {
        Node::Num(_) | Node::Var(_) => 0,
        Node::Add(t) | Node::Mul(t) => t.len() as u128 - 1,
        Node::Pow(..) | Node::Func(..) => 1,
    }
}

/// Operations in `roots` written out as trees (each use of a shared part counted again).
pub fn tree_ops(a: &Arena, roots: &[Id]) -> u128 {
    let mut size: Vec<u128> = Vec::with_capacity(a.len());
    for id in 0..a.len() as Id {
        let n = a.node(id);
        let children: u128 = match n {
            Node::Add(t) | Node::Mul(t) => t
                .iter()
                .fold(0u128, |s, &c| s.saturating_add(size[c as usize])),
            Node::Pow(b, e) => size[*b as usize].saturating_add(size[*e as usize]),
            Node::Func(_, x) => size[*x as usize],
            _ => 0,
        };
        size.push(own_ops(n).saturating_add(children));
    }
    roots
        .iter()
        .fold(0u128, |s, &r| s.saturating_add(size[r as usize]))
}

/// Operations in `roots` with every shared part counted once.
pub fn dag_ops(a: &Arena, roots: &[Id]) -> usize {
    let mut reached = vec![false; a.len()];
    let mut stack: Vec<Id> = roots.to_vec();
    let mut total = 0usize;
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut reached[id as usize], true) {
            continue;
        }
        let n = a.node(id);
        total += own_ops(n) as usize;
        match n {
            Node::Add(t) | Node::Mul(t) => stack.extend_from_slice(t),
            Node::Pow(b, e) => stack.extend([*b, *e]),
            Node::Func(_, x) => stack.push(*x),
            _ => {}
        }
    }
    total
}

/// `id` as a typed formula for the page (MathML, speech): the same shape as [`syntax`]
/// (signs pulled out of sums, negative powers under a fraction line), so what the page
/// shows and what SymPy is checked against agree. Bounded like printing.
pub fn formula(a: &Arena, id: Id, names: &[String]) -> Formula {
    match a.node(id) {
        Node::Num(bits) => Formula::Exact(f64::from_bits(*bits)),
        Node::Var(i) => Formula::name(Name::User(
            names.get(*i as usize).cloned().unwrap_or_default(),
        )),
        Node::Add(terms) => Formula::Sum(
            terms
                .iter()
                .map(|&t| {
                    let (negative, magnitude) = negated(a, t);
                    let f = match magnitude {
                        Magnitude::Same => formula(a, t, names),
                        Magnitude::Num(v) => Formula::Exact(v),
                        Magnitude::Product(c, factors) => product(a, c, &factors, names),
                    };
                    (if negative { Sign::Minus } else { Sign::Plus }, f)
                })
                .collect(),
        ),
        Node::Mul(factors) => {
            let (c, rest) = match a.as_num(factors[0]) {
                Some(c) => (c, &factors[1..]),
                None => (1.0, &factors[..]),
            };
            let p = product(a, c.abs(), rest, names);
            if c < 0.0 {
                Formula::Neg(Box::new(p))
            } else {
                p
            }
        }
        Node::Pow(_, e) if a.as_num(*e).is_some_and(|v| v < 0.0) => product(a, 1.0, &[id], names),
        Node::Pow(b, e) => Formula::Power(
            Box::new(formula(a, *b, names)),
            Box::new(formula(a, *e, names)),
        ),
        Node::Func(op, x) => Formula::Call(*op, vec![formula(a, *x, names)]),
    }
}

/// `c·f1·f2 / (g1·g2)` as a formula.
fn product(a: &Arena, c: f64, factors: &[Id], names: &[String]) -> Formula {
    let mut over: Vec<Formula> = Vec::new();
    let mut under: Vec<Formula> = Vec::new();
    for &f in factors {
        match a.node(f) {
            Node::Pow(b, e) if a.as_num(*e).is_some_and(|v| v < 0.0) => {
                let e = -a.as_num(*e).unwrap_or(1.0);
                let base = formula(a, *b, names);
                under.push(if e == 1.0 {
                    base
                } else {
                    Formula::Power(Box::new(base), Box::new(Formula::Exact(e)))
                });
            }
            _ => over.push(formula(a, f, names)),
        }
    }
    if c != 1.0 || over.is_empty() {
        over.insert(0, Formula::Exact(c));
    }
    let join = |mut v: Vec<Formula>| {
        if v.len() == 1 {
            v.pop().unwrap_or(Formula::Exact(1.0))
        } else {
            Formula::Product(v)
        }
    };
    let top = join(over);
    if under.is_empty() {
        top
    } else {
        Formula::Quotient(Box::new(top), Box::new(join(under)))
    }
}
