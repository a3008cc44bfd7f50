//! Forward mode: the tangent trace for one seed direction.

use super::Trace;
use crate::graph::{Graph, NodeId};

/// Each node's tangent (directional derivative along the seed).
#[derive(Clone, Debug, PartialEq)]
pub struct Tangents {
    tangents: Vec<f64>,
    seed: Vec<f64>,
}

impl Tangents {
    /// The tangent of node `id`.
    pub fn tangent(&self, id: NodeId) -> f64 {
        self.tangents[id.index()]
    }

    /// The seed direction, one entry per input.
    pub fn seed(&self) -> &[f64] {
        &self.seed
    }
}

/// Propagates the seed (one entry per input) forward: each node's tangent is the sum over
/// its operands of local partial times the operand's tangent. Constant operands carry no
/// tangent, so a partial that is NaN there (ln(x) of x^2 at x < 0) does not leak in.
pub fn tangents(graph: &Graph, trace: &Trace, seed: &[f64]) -> Tangents {
    super::count(|p| p.tangent += 1);
    let mut t = vec![0.0; graph.node_count()];
    for (&id, &s) in graph.inputs().iter().zip(seed) {
        t[id.index()] = s;
    }
    for &w in graph.order() {
        if graph.node(w).operands().is_empty() {
            continue;
        }
        t[w.index()] = graph
            .edges_into(w)
            .iter()
            .filter_map(|&e| {
                let (u, _, _) = graph.edge(e);
                (!graph.node(u).constant).then(|| trace.partial(e) * t[u.index()])
            })
            .sum();
    }
    Tangents {
        tangents: t,
        seed: seed.to_vec(),
    }
}
