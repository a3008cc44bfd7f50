//! Symbolic differentiation, as SymPy's `diff` then `subs` would do it, beside autodiff:
//! ∂f/∂xᵢ for every input as an expression in the inputs, simplified to read like a
//! textbook, printed in chainrule's own syntax (it parses back) and evaluated at the point.
//!
//! The derivative is built by the chain rule over the computation graph (reverse
//! accumulation with the graph's own local partials, so it agrees with autodiff by
//! construction), into a hash-consed [`Arena`]: shared subexpressions exist once. Its size
//! as a tree (what SymPy prints) and as a DAG (what the arena holds) show expression swell.

mod expr;
mod print;
mod second;
#[cfg(test)]
mod tests;

pub use expr::{Arena, Id, Node};
pub use second::SecondDerivatives;

use crate::graph::{Graph, NodeId, Op};

/// Expressions printed in full up to this many operations as a tree; past it, only sizes.
pub const MAX_PRINTED_OPS: u128 = 2_000;

/// The gradient of a program's output (the Jacobian of its outputs), symbolically.
#[derive(Clone, Debug)]
pub struct Symbolic {
    arena: Arena,
    names: Vec<String>,
    /// Output j's derivative by input i at `j * inputs + i`: the first output's gradient
    /// first, so with one output this is the gradient.
    gradient: Vec<Id>,
    output: Id,
}

/// How big the derivative is, three ways (the gradient of every input together).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sizes {
    /// Operations in the derivative written as a tree, without sharing (what SymPy
    /// prints); saturates at `u128::MAX`.
    pub tree: u128,
    /// Operations in the derivative with shared subexpressions counted once (a DAG).
    pub dag: usize,
    /// The autodiff trace: the graph's nodes and edges.
    pub trace_nodes: usize,
    /// The graph's edges.
    pub trace_edges: usize,
}

/// Differentiates each output of `graph` with respect to every input.
pub fn differentiate(graph: &Graph) -> Symbolic {
    let mut arena = Arena::default();
    let n = graph.node_count();
    let mut primal: Vec<Id> = vec![0; n];
    for (k, &i) in graph.inputs().iter().enumerate() {
        primal[i.index()] = arena.var(k);
    }
    for &id in graph.order() {
        let node = graph.node(id);
        let args: Vec<Id> = node.operands().iter().map(|u| primal[u.index()]).collect();
        primal[id.index()] = match node.op {
            Op::Input => primal[id.index()],
            Op::Const => arena.num(node.given),
            op => op.apply(&mut arena, &args),
        };
    }
    let mut gradient = Vec::with_capacity(graph.outputs().len() * graph.inputs().len());
    for &out in graph.outputs() {
        gradient.extend(reverse(graph, &mut arena, &primal, out));
    }
    Symbolic {
        output: primal[graph.output().index()],
        names: graph
            .inputs()
            .iter()
            .map(|&i| graph.node(i).label().to_string())
            .collect(),
        gradient,
        arena,
    }
}

/// The symbolic gradient of one output, by reverse accumulation: each node's adjoint is
/// the sum of its contributions, built once all have arrived (every user of a node comes
/// after it in Wengert order).
fn reverse(graph: &Graph, arena: &mut Arena, primal: &[Id], out: NodeId) -> Vec<Id> {
    let n = graph.node_count();
    let mut terms: Vec<Vec<Id>> = vec![vec![]; n];
    let one = arena.num(1.0);
    terms[out.index()].push(one);
    let mut adjoint: Vec<Option<Id>> = vec![None; n];
    for &w in graph.order().iter().rev() {
        if terms[w.index()].is_empty() {
            continue;
        }
        let wbar = arena.add(&terms[w.index()]);
        adjoint[w.index()] = Some(wbar);
        let node = graph.node(w);
        let args: Vec<Id> = node.operands().iter().map(|u| primal[u.index()]).collect();
        for &e in graph.edges_into(w) {
            let (u, _, slot) = graph.edge(e);
            if graph.node(u).constant {
                continue;
            }
            let partial = node.op.partial_in(arena, slot, &args, primal[w.index()]);
            let term = arena.mul2(wbar, partial);
            terms[u.index()].push(term);
        }
    }
    let zero = arena.num(0.0);
    graph
        .inputs()
        .iter()
        .map(|i| adjoint[i.index()].unwrap_or(zero))
        .collect()
}

/// Symbolic expressions are an algebra: each op's value and partials are written once, in
/// [`Op::apply`] and [`Op::partial_in`], for the step panel's formulas and for these.
impl crate::graph::Algebra for Arena {
    type E = Id;
    fn num(&mut self, v: f64) -> Id {
        Arena::num(self, v)
    }
    fn add(&mut self, a: Id, b: Id) -> Id {
        self.add2(a, b)
    }
    fn sub(&mut self, a: Id, b: Id) -> Id {
        Arena::sub(self, a, b)
    }
    fn mul(&mut self, a: Id, b: Id) -> Id {
        self.mul2(a, b)
    }
    fn div(&mut self, a: Id, b: Id) -> Id {
        Arena::div(self, a, b)
    }
    fn neg(&mut self, a: Id) -> Id {
        Arena::neg(self, a)
    }
    fn pow(&mut self, a: Id, b: Id) -> Id {
        Arena::pow(self, a, b)
    }
    fn func(&mut self, op: Op, a: Id) -> Id {
        Arena::func(self, op, a)
    }
}

impl Symbolic {
    /// The inputs' names, in input order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// ∂f/∂(input `i`) as an expression id; with several outputs, `i = j * inputs + i'`
    /// is output j's derivative by input i'.
    pub fn derivative(&self, i: usize) -> Option<Id> {
        self.gradient.get(i).copied()
    }

    /// The expressions built.
    pub fn arena(&self) -> &Arena {
        &self.arena
    }

    /// ∂f/∂(input `i`) in chainrule's syntax, or None past [`MAX_PRINTED_OPS`].
    pub fn text(&self, i: usize) -> Option<String> {
        let id = self.derivative(i)?;
        (print::tree_ops(&self.arena, &[id]) <= MAX_PRINTED_OPS)
            .then(|| print::syntax(&self.arena, id, &self.names))
    }

    /// ∂f/∂(input `i`) as a typed formula for the page, or None past [`MAX_PRINTED_OPS`].
    pub fn formula(&self, i: usize) -> Option<crate::formula::Formula> {
        let id = self.derivative(i)?;
        (print::tree_ops(&self.arena, &[id]) <= MAX_PRINTED_OPS)
            .then(|| print::formula(&self.arena, id, &self.names))
    }

    /// The output itself in chainrule's syntax, or None past [`MAX_PRINTED_OPS`].
    pub fn output_text(&self) -> Option<String> {
        (print::tree_ops(&self.arena, &[self.output]) <= MAX_PRINTED_OPS)
            .then(|| print::syntax(&self.arena, self.output, &self.names))
    }

    /// How many derivatives there are: outputs times inputs.
    pub fn len(&self) -> usize {
        self.gradient.len()
    }

    /// Whether there are none (a program without inputs).
    pub fn is_empty(&self) -> bool {
        self.gradient.is_empty()
    }

    /// SymPy's `subs`: every derivative's value at `point` (one value per input, per
    /// output).
    pub fn values(&self, point: &[f64]) -> Vec<f64> {
        let values = print::evaluate(&self.arena, point);
        self.gradient
            .iter()
            .map(|&id| values[id as usize])
            .collect()
    }

    /// The output's own value at `point`, from its expression.
    pub fn output_value(&self, point: &[f64]) -> f64 {
        print::evaluate(&self.arena, point)[self.output as usize]
    }

    /// The sizes of the whole gradient as a tree and as a DAG, beside the trace's.
    pub fn sizes(&self, graph: &Graph) -> Sizes {
        Sizes {
            tree: print::tree_ops(&self.arena, &self.gradient),
            dag: print::dag_ops(&self.arena, &self.gradient),
            trace_nodes: graph.node_count(),
            trace_edges: graph.edge_count(),
        }
    }
}
