//! Second derivatives symbolically: ∂²f/∂xᵢ∂xⱼ, each first derivative differentiated once
//! more, by the rules a student would apply to the printed expression (sum, product,
//! power and chain rules over the hash-consed DAG), so their sizes show how much further
//! the expressions swell.

use super::expr::{Arena, Id, Node};
use super::{print, Sizes, Symbolic, MAX_PRINTED_OPS};
use crate::graph::{Graph, Op};

/// ∂²f/∂xᵢ∂xⱼ of the first output for i ≤ j (the Hessian is symmetric), in their own arena.
#[derive(Clone, Debug)]
pub struct SecondDerivatives {
    arena: Arena,
    names: Vec<String>,
    /// `(i, j, expression)` for i ≤ j, row by row.
    entries: Vec<(usize, usize, Id)>,
}

impl Symbolic {
    /// The second derivatives of the first output, or None when it has more than
    /// `max_inputs` inputs (their number grows as the square of the inputs').
    pub fn second(&self, max_inputs: usize) -> Option<SecondDerivatives> {
        let n = self.names.len();
        if n > max_inputs {
            return None;
        }
        let mut arena = self.arena.clone();
        let gradient = &self.gradient[..n];
        let reached = reachable(&arena, gradient);
        let mut entries = Vec::with_capacity(n * (n + 1) / 2);
        let mut by = vec![Vec::new(); n];
        for (j, by_j) in by.iter_mut().enumerate() {
            *by_j = derivatives(&mut arena, &reached, j);
        }
        for (i, &g) in gradient.iter().enumerate() {
            for (j, by_j) in by.iter().enumerate().skip(i) {
                entries.push((i, j, by_j[g as usize]));
            }
        }
        Some(SecondDerivatives {
            arena,
            names: self.names.clone(),
            entries,
        })
    }
}

impl SecondDerivatives {
    /// `(i, j)` for each entry, i ≤ j, row by row.
    pub fn positions(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.entries.iter().map(|&(i, j, _)| (i, j))
    }

    /// How many entries there are: n(n + 1)/2.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none (a program without inputs).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The inputs' names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Entry `k` in chainrule's syntax, or None past [`MAX_PRINTED_OPS`].
    pub fn text(&self, k: usize) -> Option<String> {
        let id = self.entries.get(k)?.2;
        (print::tree_ops(&self.arena, &[id]) <= MAX_PRINTED_OPS)
            .then(|| print::syntax(&self.arena, id, &self.names))
    }

    /// Entry `k` as a typed formula, or None past [`MAX_PRINTED_OPS`].
    pub fn formula(&self, k: usize) -> Option<crate::formula::Formula> {
        let id = self.entries.get(k)?.2;
        (print::tree_ops(&self.arena, &[id]) <= MAX_PRINTED_OPS)
            .then(|| print::formula(&self.arena, id, &self.names))
    }

    /// Every entry's value at `point`.
    pub fn values(&self, point: &[f64]) -> Vec<f64> {
        let values = print::evaluate(&self.arena, point);
        self.entries
            .iter()
            .map(|&(_, _, id)| values[id as usize])
            .collect()
    }

    /// The sizes of all the entries together, as a tree and as a DAG, beside the trace's.
    pub fn sizes(&self, graph: &Graph) -> Sizes {
        let roots: Vec<Id> = self.entries.iter().map(|e| e.2).collect();
        Sizes {
            tree: print::tree_ops(&self.arena, &roots),
            dag: print::dag_ops(&self.arena, &roots),
            trace_nodes: graph.node_count(),
            trace_edges: graph.edge_count(),
        }
    }
}

/// Which expressions the roots depend on (a child's id is always below its parent's).
fn reachable(arena: &Arena, roots: &[Id]) -> Vec<bool> {
    let top = roots.iter().map(|&r| r as usize + 1).max().unwrap_or(0);
    let mut reached = vec![false; top];
    for &r in roots {
        reached[r as usize] = true;
    }
    for id in (0..top).rev() {
        if !reached[id] {
            continue;
        }
        for child in children(arena.node(id as Id)) {
            reached[child as usize] = true;
        }
    }
    reached
}

fn children(node: &Node) -> Vec<Id> {
    match node {
        Node::Num(_) | Node::Var(_) => vec![],
        Node::Add(items) | Node::Mul(items) => items.to_vec(),
        Node::Pow(b, e) => vec![*b, *e],
        Node::Func(_, a) => vec![*a],
    }
}

/// d/dxⱼ of every reached expression, in id order (children first), without recursion:
/// entry `id` is the derivative of expression `id` (0 where not reached).
fn derivatives(arena: &mut Arena, reached: &[bool], j: usize) -> Vec<Id> {
    let zero = arena.num(0.0);
    let one = arena.num(1.0);
    let mut d = vec![zero; reached.len()];
    for id in 0..reached.len() {
        if !reached[id] {
            continue;
        }
        d[id] = match arena.node(id as Id).clone() {
            Node::Num(_) => zero,
            Node::Var(k) => {
                if k as usize == j {
                    one
                } else {
                    zero
                }
            }
            Node::Add(terms) => {
                let ds: Vec<Id> = terms.iter().map(|&t| d[t as usize]).collect();
                arena.add(&ds)
            }
            Node::Mul(factors) => {
                // The product rule: one term per factor that depends on xⱼ.
                let mut terms = Vec::new();
                for (k, &f) in factors.iter().enumerate() {
                    if d[f as usize] == zero {
                        continue;
                    }
                    let mut term: Vec<Id> = factors.to_vec();
                    term[k] = d[f as usize];
                    terms.push(arena.mul(&term));
                }
                arena.add(&terms)
            }
            Node::Pow(b, e) => power(arena, id as Id, b, e, d[b as usize], d[e as usize]),
            Node::Func(op, a) => {
                if d[a as usize] == zero {
                    zero
                } else {
                    let partial = op.partial_in(arena, 0, &[a], id as Id);
                    arena.mul2(partial, d[a as usize])
                }
            }
        };
    }
    d
}

/// d(bᵉ): `e·b^(e−1)·db` for a constant exponent, `bᵉ·ln(b)·de` for a constant base,
/// `bᵉ·(de·ln b + e·db/b)` otherwise.
fn power(arena: &mut Arena, value: Id, b: Id, e: Id, db: Id, de: Id) -> Id {
    let zero = arena.num(0.0);
    match (db == zero, de == zero) {
        (true, true) => zero,
        (false, true) => {
            let minus_one = arena.num(-1.0);
            let e1 = arena.add2(e, minus_one);
            let p = arena.pow(b, e1);
            arena.mul(&[e, p, db])
        }
        (true, false) => {
            let ln = arena.func(Op::Ln, b);
            arena.mul(&[value, ln, de])
        }
        (false, false) => {
            let ln = arena.func(Op::Ln, b);
            let left = arena.mul2(de, ln);
            let right = arena.div(e, b);
            let right = arena.mul2(right, db);
            let sum = arena.add2(left, right);
            arena.mul2(value, sum)
        }
    }
}
