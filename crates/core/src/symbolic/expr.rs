//! Expressions in the inputs, hash-consed: each distinct expression exists once, so a
//! derivative is a DAG however large the tree it stands for. The constructors simplify as
//! they build (constant folding, 0 and 1 identities, like terms and like factors collected),
//! which keeps every expression in one canonical form.

use rustc_hash::FxHashMap;

use crate::graph::Op;

/// A nested sum or product is merged into its parent only up to this many children: enough
/// for like terms and factors to meet in textbook-sized expressions, while a long chain of
/// products keeps its shared sub-products shared (the DAG stays linear in the program).
const FLATTEN: usize = 4;

/// An expression's index in its [`Arena`].
pub type Id = u32;

/// One expression node. Sums and products are n-ary and flat; a product's numeric
/// coefficient, if any, is its first factor; a difference is a sum with a −1 coefficient,
/// a quotient a product with a −1 power.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    /// A number (its f64 bits, so that it can be hashed).
    Num(u64),
    /// Input number `i`.
    Var(u32),
    /// A sum of at least two terms.
    Add(Box<[Id]>),
    /// A product of at least two factors.
    Mul(Box<[Id]>),
    /// A power.
    Pow(Id, Id),
    /// A one-argument function (`sin`, `ln`, `step`, ...).
    Func(Op, Id),
}

/// Every expression built so far, each once.
#[derive(Clone, Debug, Default)]
pub struct Arena {
    nodes: Vec<Node>,
    index: FxHashMap<Node, Id>,
}

impl Arena {
    /// The node `id`.
    pub fn node(&self, id: Id) -> &Node {
        &self.nodes[id as usize]
    }

    /// How many distinct expressions exist.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether no expression was built yet.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn intern(&mut self, node: Node) -> Id {
        if let Some(&id) = self.index.get(&node) {
            return id;
        }
        let id = self.nodes.len() as Id;
        self.nodes.push(node.clone());
        self.index.insert(node, id);
        id
    }

    /// The number `v` (−0 is 0).
    pub fn num(&mut self, v: f64) -> Id {
        let v = if v == 0.0 { 0.0 } else { v };
        self.intern(Node::Num(v.to_bits()))
    }

    /// Input number `i`.
    pub fn var(&mut self, i: usize) -> Id {
        self.intern(Node::Var(i as u32))
    }

    /// The value of `id` if it is a number.
    pub fn as_num(&self, id: Id) -> Option<f64> {
        match self.node(id) {
            Node::Num(bits) => Some(f64::from_bits(*bits)),
            _ => None,
        }
    }

    /// `a + b`.
    pub fn add2(&mut self, a: Id, b: Id) -> Id {
        self.add(&[a, b])
    }

    /// `a - b`.
    pub fn sub(&mut self, a: Id, b: Id) -> Id {
        let nb = self.neg(b);
        self.add(&[a, nb])
    }

    /// `-a`.
    pub fn neg(&mut self, a: Id) -> Id {
        let m = self.num(-1.0);
        self.mul(&[m, a])
    }

    /// `a * b`.
    pub fn mul2(&mut self, a: Id, b: Id) -> Id {
        self.mul(&[a, b])
    }

    /// `a / b`.
    pub fn div(&mut self, a: Id, b: Id) -> Id {
        let m = self.num(-1.0);
        let inv = self.pow(b, m);
        self.mul(&[a, inv])
    }

    /// A sum: small nested sums flattened, numbers folded, like terms collected (`2·x + 3·x`
    /// → `5·x`), zeros dropped; terms in a canonical order (numbers last).
    pub fn add(&mut self, terms: &[Id]) -> Id {
        let mut flat = Vec::with_capacity(terms.len());
        for &t in terms {
            match self.node(t) {
                Node::Add(inner) if inner.len() <= FLATTEN => flat.extend_from_slice(inner),
                _ => flat.push(t),
            }
        }
        let mut constant = 0.0;
        // (rest, coefficient), in order of first appearance.
        let mut like: Vec<(Id, f64)> = Vec::new();
        let mut seen: FxHashMap<Id, usize> = FxHashMap::default();
        for t in flat {
            if let Some(v) = self.as_num(t) {
                constant += v;
                continue;
            }
            let (c, rest) = self.split_coefficient(t);
            match seen.get(&rest) {
                Some(&k) => like[k].1 += c,
                None => {
                    seen.insert(rest, like.len());
                    like.push((rest, c));
                }
            }
        }
        let mut out: Vec<Id> = Vec::with_capacity(like.len() + 1);
        for (rest, c) in like {
            if c != 0.0 {
                out.push(self.scale(c, rest));
            }
        }
        out.sort_unstable();
        // Start with a positive term when there is one: `y - x`, not `-x + y`.
        if let Some(k) = out.iter().position(|&t| self.split_coefficient(t).0 > 0.0) {
            out[..=k].rotate_right(1);
        }
        if constant != 0.0 || out.is_empty() {
            // A positive number leads when every other term is negative: `2 - x`.
            let c = self.num(constant);
            let leads =
                constant > 0.0 && (out.is_empty() || self.split_coefficient(out[0]).0 < 0.0);
            if leads {
                out.insert(0, c);
            } else {
                out.push(c);
            }
        }
        match out.len() {
            1 => out[0],
            _ => self.intern(Node::Add(out.into())),
        }
    }

    /// A product: small nested products flattened, numbers folded into one leading coefficient,
    /// like bases collected (`x·x` → `x²`, `x²/x` → `x`), ones dropped, zero absorbing.
    pub fn mul(&mut self, factors: &[Id]) -> Id {
        let mut flat = Vec::with_capacity(factors.len());
        for &f in factors {
            match self.node(f) {
                Node::Mul(inner) if inner.len() <= FLATTEN => flat.extend_from_slice(inner),
                _ => flat.push(f),
            }
        }
        let mut coefficient = 1.0;
        // (base, exponents), in order of first appearance.
        let mut bases: Vec<(Id, Vec<Id>)> = Vec::new();
        let mut seen: FxHashMap<Id, usize> = FxHashMap::default();
        for f in flat {
            if let Some(v) = self.as_num(f) {
                coefficient *= v;
                continue;
            }
            let (base, exponent) = match *self.node(f) {
                Node::Pow(b, e) => (b, e),
                _ => (f, self.num(1.0)),
            };
            match seen.get(&base) {
                Some(&k) => bases[k].1.push(exponent),
                None => {
                    seen.insert(base, bases.len());
                    bases.push((base, vec![exponent]));
                }
            }
        }
        if coefficient == 0.0 {
            return self.num(0.0);
        }
        let mut out: Vec<Id> = Vec::with_capacity(bases.len() + 1);
        for (base, exponents) in bases {
            let e = self.add(&exponents);
            let p = self.pow(base, e);
            if let Some(v) = self.as_num(p) {
                coefficient *= v;
            } else {
                out.push(p);
            }
        }
        // Factors in the order of their bases: `x^2*y`, as x comes before y.
        out.sort_unstable_by_key(|&f| match *self.node(f) {
            Node::Pow(b, _) => (b, f),
            _ => (f, f),
        });
        if coefficient != 1.0 || out.is_empty() {
            out.insert(0, self.num(coefficient));
        }
        match out.len() {
            1 => out[0],
            _ => self.intern(Node::Mul(out.into())),
        }
    }

    /// `b ^ e`: `x^0` → 1, `x^1` → x, `1^x` → 1, numbers folded, `(x^a)^n` → `x^(a·n)`
    /// for an integer n.
    pub fn pow(&mut self, b: Id, e: Id) -> Id {
        match (self.as_num(b), self.as_num(e)) {
            (_, Some(0.0)) | (Some(1.0), _) => return self.num(1.0),
            (_, Some(1.0)) => return b,
            (Some(bv), Some(ev)) if bv.powf(ev).is_finite() => return self.num(bv.powf(ev)),
            _ => {}
        }
        if let (Node::Pow(inner, a), Some(n)) = (self.node(b).clone(), self.as_num(e)) {
            if n.fract() == 0.0 {
                let ne = self.num(n);
                let product = self.mul(&[a, ne]);
                return self.pow(inner, product);
            }
        }
        self.intern(Node::Pow(b, e))
    }

    /// `op(a)`, with the exact values folded: `ln(1)` → 0, `exp(0)` → 1, `sin(0)` → 0,
    /// `cos(0)` → 1, `step` and `sign` of a number.
    pub fn func(&mut self, op: Op, a: Id) -> Id {
        if let Some(v) = self.as_num(a) {
            let exact = match op {
                Op::Step | Op::Sign | Op::Abs | Op::Relu => true,
                Op::Ln => v == 1.0,
                Op::Exp | Op::Sin | Op::Cos | Op::Tan | Op::Tanh | Op::Sqrt => v == 0.0,
                Op::Sigmoid => false,
                _ => false,
            } || (op == Op::Sqrt && v == 1.0);
            if exact {
                return self.num(op.eval(&[v]));
            }
        }
        self.intern(Node::Func(op, a))
    }

    /// `c · t` as a canonical product.
    fn scale(&mut self, c: f64, t: Id) -> Id {
        if c == 1.0 {
            return t;
        }
        let n = self.num(c);
        self.mul(&[n, t])
    }

    /// A term as (numeric coefficient, the rest): `3·x·y` → (3, `x·y`).
    pub fn split_coefficient(&mut self, t: Id) -> (f64, Id) {
        if let Node::Mul(factors) = self.node(t) {
            if let Some(c) = self.as_num(factors[0]) {
                let rest: Vec<Id> = factors[1..].to_vec();
                let rest = match rest.len() {
                    1 => rest[0],
                    _ => self.intern(Node::Mul(rest.into())),
                };
                return (c, rest);
            }
        }
        (1.0, t)
    }
}
