//! Second derivatives, forward over reverse: the reverse pass run in dual numbers
//! `a + bε` whose ε parts carry a tangent along one input. The adjoints' ε parts are then
//! the directional derivative of the gradient, H·v; with v = eᵢ, column i of the Hessian.
//!
//! The reverse pass here is the same loop as [`super::reverse`] (every operation in reverse
//! Wengert order, every operand slot in order, `ū += w̄ · ∂w/∂u`), with each local partial
//! written by [`Op::partial_in`], the formula the symbolic panel differentiates: running it
//! over duals *is* forward mode over the backward program.

use crate::graph::{Algebra, Graph, Op};

/// A dual number `v + d·ε` with ε² = 0: a value and its tangent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dual {
    /// The value.
    pub v: f64,
    /// The tangent (the ε part).
    pub d: f64,
}

impl Dual {
    fn new(v: f64, d: f64) -> Dual {
        Dual { v, d }
    }
}

/// Arithmetic over dual numbers. A tangent of 0 stays exactly 0 whatever the value (a
/// constant exponent of a negative base has no NaN tangent).
struct Duals;

/// `p · d`, or 0 when d is 0 (so that a NaN or infinite partial along a direction that
/// does not move stays out).
fn along(p: f64, d: f64) -> f64 {
    if d == 0.0 {
        0.0
    } else {
        p * d
    }
}

impl Algebra for Duals {
    type E = Dual;
    fn num(&mut self, v: f64) -> Dual {
        Dual::new(v, 0.0)
    }
    fn add(&mut self, a: Dual, b: Dual) -> Dual {
        Dual::new(a.v + b.v, a.d + b.d)
    }
    fn sub(&mut self, a: Dual, b: Dual) -> Dual {
        Dual::new(a.v - b.v, a.d - b.d)
    }
    fn mul(&mut self, a: Dual, b: Dual) -> Dual {
        Dual::new(a.v * b.v, along(b.v, a.d) + along(a.v, b.d))
    }
    fn div(&mut self, a: Dual, b: Dual) -> Dual {
        let v = a.v / b.v;
        Dual::new(v, along(1.0 / b.v, a.d) - along(v / b.v, b.d))
    }
    fn neg(&mut self, a: Dual) -> Dual {
        Dual::new(-a.v, -a.d)
    }
    fn pow(&mut self, a: Dual, b: Dual) -> Dual {
        self.func2(Op::Pow, a, b)
    }
    fn func(&mut self, op: Op, a: Dual) -> Dual {
        let v = op.eval(&[a.v, f64::NAN]);
        let p = op.partials(&[a.v, f64::NAN], v);
        Dual::new(v, along(p[0], a.d))
    }
    fn func2(&mut self, op: Op, a: Dual, b: Dual) -> Dual {
        let v = op.eval(&[a.v, b.v]);
        let p = op.partials(&[a.v, b.v], v);
        Dual::new(v, along(p[0], a.d) + along(p[1], b.d))
    }
}

/// The value, the gradient and the Hessian-vector product H·v of the first output at the
/// graph's point, by one dual forward pass and one dual reverse pass.
pub fn hessian_vector(graph: &Graph, point: &[f64], v: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
    super::count(|p| p.tangent += 1);
    let n = graph.node_count();
    let mut values = vec![Dual::new(f64::NAN, 0.0); n];
    for (k, &id) in graph.inputs().iter().enumerate() {
        let x = point.get(k).copied().unwrap_or(f64::NAN);
        values[id.index()] = Dual::new(x, v.get(k).copied().unwrap_or(0.0));
    }
    let mut args = Vec::with_capacity(2);
    for &id in graph.order() {
        let node = graph.node(id);
        values[id.index()] = match node.op {
            Op::Input => continue,
            Op::Const => Dual::new(node.given, 0.0),
            op => {
                args.clear();
                args.extend(node.operands().iter().map(|u| values[u.index()]));
                op.apply(&mut Duals, &args)
            }
        };
    }
    let out = graph.output();
    let mut adjoints = vec![Dual::new(0.0, 0.0); n];
    let mut reached = vec![false; n];
    adjoints[out.index()] = Dual::new(1.0, 0.0);
    reached[out.index()] = true;
    for &w in graph.order().iter().rev() {
        if !reached[w.index()] {
            continue;
        }
        let node = graph.node(w);
        args.clear();
        args.extend(node.operands().iter().map(|u| values[u.index()]));
        let bar = adjoints[w.index()];
        for (slot, &u) in node.operands().iter().enumerate() {
            if graph.node(u).constant {
                continue;
            }
            let partial = node
                .op
                .partial_in(&mut Duals, slot, &args, values[w.index()]);
            let delta = Duals.mul(bar, partial);
            let a = &mut adjoints[u.index()];
            *a = Duals.add(*a, delta);
            reached[u.index()] = true;
        }
    }
    let inputs = graph.inputs();
    (
        values[out.index()].v,
        inputs.iter().map(|i| adjoints[i.index()].v).collect(),
        inputs.iter().map(|i| adjoints[i.index()].d).collect(),
    )
}

/// The Hessian of the first output at the graph's point, a column per input (one dual
/// reverse pass each: n passes). Symmetric up to rounding.
pub fn hessian(graph: &Graph, point: &[f64]) -> Vec<Vec<f64>> {
    let n = graph.inputs().len();
    let columns: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let e: Vec<f64> = (0..n).map(|k| if k == i { 1.0 } else { 0.0 }).collect();
            hessian_vector(graph, point, &e).2
        })
        .collect();
    (0..n)
        .map(|r| columns.iter().map(|c| c[r]).collect())
        .collect()
}
