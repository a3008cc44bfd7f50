//! The forward primal trace: each node's value, and each edge's local partial.

use crate::graph::{Graph, NodeId, Op};

/// Values at a point: one per node, one local partial per edge.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    values: Vec<f64>,
    issues: Vec<Option<String>>,
    partials: Vec<f64>,
    point: Vec<f64>,
}

impl Trace {
    /// The value of node `id`.
    pub fn value(&self, id: NodeId) -> f64 {
        self.values[id.index()]
    }

    /// Why node `id`'s value is NaN or infinite, if it is: its own domain error
    /// (`ln of a negative number`) or the operand it came from.
    pub fn issue(&self, id: NodeId) -> Option<&str> {
        self.issues[id.index()].as_deref()
    }

    /// The local partial d(target)/d(source) of edge `e` (by edge index).
    pub fn partial(&self, e: petgraph::graph::EdgeIndex<u32>) -> f64 {
        self.partials[e.index()]
    }

    /// The point the trace was evaluated at, one value per input.
    pub fn point(&self) -> &[f64] {
        &self.point
    }
}

/// Evaluates every node at `point` (one value per input, in the graph's input order),
/// in Wengert order. Domain errors give NaN or infinities, flagged with a reason.
pub fn evaluate(graph: &Graph, point: &[f64]) -> Trace {
    super::count(|p| p.forward += 1);
    let n = graph.node_count();
    let mut values = vec![f64::NAN; n];
    let mut issues: Vec<Option<String>> = vec![None; n];
    for (&id, &v) in graph.inputs().iter().zip(point) {
        values[id.index()] = v;
    }
    for &id in graph.order() {
        let node = graph.node(id);
        match node.op {
            Op::Input => {}
            Op::Const => values[id.index()] = node.given,
            op => {
                let args = operand_values(node.operands(), &values);
                let args = &args[..node.operands().len()];
                let v = op.eval(args);
                values[id.index()] = v;
                issues[id.index()] = match op.domain_issue(args) {
                    Some(reason) => Some(reason.to_string()),
                    None if !v.is_finite() => node
                        .operands()
                        .iter()
                        .find(|u| !values[u.index()].is_finite())
                        .map(|&u| format!("carried from {}", graph.node(u).label())),
                    None => None,
                };
            }
        }
    }
    let mut partials = vec![0.0; graph.edge_count()];
    for e in graph.dag().edge_indices() {
        let (_, w, slot) = graph.edge(e);
        let node = graph.node(w);
        let args = operand_values(node.operands(), &values);
        let args = &args[..node.operands().len()];
        partials[e.index()] = node.op.partials(args, values[w.index()])[slot];
    }
    Trace {
        values,
        issues,
        partials,
        point: point.to_vec(),
    }
}

/// The values of up to two operands, without allocating.
fn operand_values(operands: &[NodeId], values: &[f64]) -> [f64; 2] {
    let mut args = [f64::NAN; 2];
    for (slot, u) in operands.iter().enumerate().take(2) {
        args[slot] = values[u.index()];
    }
    args
}
