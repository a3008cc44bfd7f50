//! Chain-rule paths: every directed path from an input to the output, each with the
//! product of its edge partials. Their sum is the input's adjoint (Olah's sum over paths).

use petgraph::graph::EdgeIndex;

use super::Trace;
use crate::graph::{Graph, NodeId};

/// Most paths listed one by one; the rest are counted.
pub const MAX_LISTED_PATHS: usize = 1_000;

/// One path from an input to the output.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// Its edges, from the input to the output.
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
    let n = graph.node_count();
    let mut count = vec![0u128; n];
    let mut saturated = false;
    count[output.index()] = 1;
    for &w in graph.order().iter().rev() {
        if count[w.index()] == 0 {
            continue;
        }
        for &e in graph.edges_into(w) {
            let (u, _, _) = graph.edge(e);
            let (sum, overflow) = count[u.index()].overflowing_add(count[w.index()]);
            saturated |= overflow;
            count[u.index()] = if overflow { u128::MAX } else { sum };
        }
    }
    let listed = list(graph, trace, input, output, &count);
    Paths {
        count: count[input.index()],
        saturated,
        listed,
    }
}

fn list(graph: &Graph, trace: &Trace, input: NodeId, output: NodeId, count: &[u128]) -> Vec<Path> {
    let mut listed = Vec::new();
    if count[input.index()] == 0 {
        return listed;
    }
    // Each frame: a node, its outgoing edges, and the next one to try.
    let mut stack: Vec<(Vec<EdgeIndex<u32>>, usize)> = vec![(onward(graph, input, count), 0)];
    let mut path: Vec<EdgeIndex<u32>> = Vec::new();
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
        let (_, w, _) = graph.edge(e);
        if w == output {
            let product = path.iter().map(|&e| trace.partial(e)).product();
            listed.push(Path {
                edges: path.clone(),
                product,
            });
            path.pop();
            if listed.len() >= MAX_LISTED_PATHS {
                break;
            }
        } else {
            stack.push((onward(graph, w, count), 0));
        }
    }
    listed
}

/// The edges out of `u` that lead on to the output.
fn onward(graph: &Graph, u: NodeId, count: &[u128]) -> Vec<EdgeIndex<u32>> {
    let mut edges = graph.edges_from(u);
    edges.retain(|&e| count[graph.edge(e).1.index()] > 0);
    edges
}
