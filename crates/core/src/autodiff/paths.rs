//! Chain-rule paths: every directed path from an input to the output, each with the
//! product of its edge partials. Their sum is the input's adjoint (Olah's sum over paths).

use petgraph::graph::EdgeIndex;

use super::folding::{edge_end, edges_out, wires, Folding};
use super::Trace;
use crate::graph::{Graph, NodeId};

/// Most paths listed one by one; the rest are counted.
pub const MAX_LISTED_PATHS: usize = 1_000;

/// One path from an input to the output.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// Its edges, from the input to the output (numbered as in [`Folding`] when folded).
    pub edges: Vec<EdgeIndex<u32>>,
    /// The product of their local partials.
    pub product: f64,
}

/// The paths from one input to the output.
#[derive(Clone, Debug, PartialEq)]
pub struct Paths {
    /// How many paths there are, exactly, unless `saturated`.
    pub count: u128,
    /// True when there are more than `u128::MAX` paths.
    pub saturated: bool,
    /// The first paths in depth-first order, at most [`MAX_LISTED_PATHS`].
    pub listed: Vec<Path>,
}

impl Paths {
    /// How many paths were not listed.
    pub fn left_out(&self) -> u128 {
        self.count.saturating_sub(self.listed.len() as u128)
    }
}

/// The paths from `input` to the output: counted by dynamic programming over the reverse
/// Wengert order, listed by an iterative depth-first walk that only enters nodes with a
/// path onward, so listing costs at most [`MAX_LISTED_PATHS`] times the path length.
pub fn paths(graph: &Graph, trace: &Trace, input: NodeId) -> Paths {
    paths_to(graph, trace, input, graph.output())
}

/// The paths from `input` to `output` (one of the program's outputs).
pub fn paths_to(graph: &Graph, trace: &Trace, input: NodeId, output: NodeId) -> Paths {
    paths_folded(graph, trace, None, input, output)
}

/// The same through the gates of `folding`: a gate's edge stands for all the paths inside
/// it (its local partial is their sum), so there are fewer paths with the same sum.
pub fn paths_folded(
    graph: &Graph,
    trace: &Trace,
    folding: Option<&Folding>,
    input: NodeId,
    output: NodeId,
) -> Paths {
    let n = graph.node_count();
    let mut count = vec![0u128; n];
    let mut saturated = false;
    count[output.index()] = 1;
    let mut into = Vec::new();
    for &w in graph.order().iter().rev() {
        if count[w.index()] == 0 {
            continue;
        }
        wires(graph, trace, folding, w, &mut into);
        for wire in &into {
            let u = wire.from;
            let (sum, overflow) = count[u.index()].overflowing_add(count[w.index()]);
            saturated |= overflow;
            count[u.index()] = if overflow { u128::MAX } else { sum };
        }
    }
    let listed = list(graph, trace, folding, (input, output), &count);
    Paths {
        count: count[input.index()],
        saturated,
        listed,
    }
}

fn list(
    graph: &Graph,
    trace: &Trace,
    folding: Option<&Folding>,
    (input, output): (NodeId, NodeId),
    count: &[u128],
) -> Vec<Path> {
    let mut listed = Vec::new();
    if count[input.index()] == 0 {
        return listed;
    }
    // The edges out of a node that lead on to the output.
    let onward = |u: NodeId| -> Vec<usize> {
        let mut edges = edges_out(graph, folding, u);
        edges.retain(|&k| count[edge_end(graph, trace, folding, k).0.index()] > 0);
        edges
    };
    // Each frame: a node, its outgoing edges, and the next one to try.
    let mut stack: Vec<(Vec<usize>, usize)> = vec![(onward(input), 0)];
    let mut path: Vec<usize> = Vec::new();
    if input == output {
        listed.push(Path {
            edges: vec![],
            product: 1.0,
        });
        return listed;
    }
    while let Some((edges, next)) = stack.last_mut() {
        let Some(&e) = edges.get(*next) else {
            stack.pop();
            path.pop();
            continue;
        };
        *next += 1;
        path.push(e);
        let (w, _) = edge_end(graph, trace, folding, e);
        if w == output {
            let product = path
                .iter()
                .map(|&e| edge_end(graph, trace, folding, e).1)
                .product();
            listed.push(Path {
                edges: path.iter().map(|&k| EdgeIndex::new(k)).collect(),
                product,
            });
            path.pop();
            if listed.len() >= MAX_LISTED_PATHS {
                break;
            }
        } else {
            stack.push((onward(w), 0));
        }
    }
    listed
}
