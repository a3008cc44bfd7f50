//! Calls folded into gates, as the wiring the lesson steps over: a folded call keeps only
//! its result, which stands for the gate; its other nodes are hidden; its operands feed the
//! gate through edges of their own, numbered after the graph's, each carrying the gate's
//! local partial (the function's own backward pass at this point). Values are the trace's:
//! folding changes which steps are shown, never a number.

use petgraph::graph::EdgeIndex;

use super::gates::{gate_partials, Cluster};
use super::Trace;
use crate::graph::{Graph, NodeId};

/// One folded call.
#[derive(Clone, Debug, PartialEq)]
pub struct Gate {
    /// The cluster it folds (an index into [`super::clusters`]).
    pub cluster: usize,
    /// `sig#1`.
    pub label: String,
    /// The function's name: the gate's label.
    pub function: String,
    /// The node it returns, which stands for the gate.
    pub result: NodeId,
    /// Every node it made (with the calls inside it), in Wengert order.
    pub nodes: Vec<NodeId>,
    /// The values flowing in, in Wengert order: its operands.
    pub operands: Vec<NodeId>,
    /// ∂result/∂operand, one per operand.
    pub partials: Vec<f64>,
    /// The number of its first edge (see [`Folding::edge`]).
    pub first_edge: usize,
}

/// An operand's edge into a gate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GateEdge {
    /// The operand.
    pub from: NodeId,
    /// The gate (the call's result).
    pub to: NodeId,
    /// The gate's local partial by this operand.
    pub partial: f64,
    /// Its gate (an index into [`Folding::gates`]).
    pub gate: usize,
    /// Which operand of the gate it is.
    pub slot: usize,
}

/// An edge into a node as the lesson steps it: a graph edge or a gate's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wire {
    /// Its number: the graph's edge index, or a gate edge's number after those.
    pub edge: usize,
    /// The operand.
    pub from: NodeId,
    /// The local partial.
    pub partial: f64,
    /// The operand's slot.
    pub slot: usize,
}

/// Which calls are folded, and the gates they make.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Folding {
    /// The gates, outermost first.
    pub gates: Vec<Gate>,
    /// Their edges, gate by gate: edge `graph.edge_count() + k` is `edges[k]`.
    pub edges: Vec<GateEdge>,
    hidden: Vec<bool>,
    gate_of: Vec<Option<u32>>,
    graph_edges: usize,
}

impl Folding {
    /// Folds the foldable clusters among `fold` (indices into `clusters`); a call inside
    /// one folded already is covered by it.
    pub fn new(graph: &Graph, trace: &Trace, clusters: &[Cluster], fold: &[usize]) -> Folding {
        let n = graph.node_count();
        let graph_edges = graph.edge_count();
        let mut hidden = vec![false; n];
        let mut gate_of = vec![None; n];
        let (mut gates, mut edges) = (Vec::new(), Vec::new());
        let mut order: Vec<usize> = fold.to_vec();
        order.sort_unstable();
        order.dedup();
        for k in order {
            let Some(c) = clusters.get(k).filter(|c| c.foldable) else {
                continue;
            };
            if hidden[c.result.index()] || gate_of[c.result.index()].is_some() {
                continue;
            }
            for &id in &c.nodes {
                hidden[id.index()] = id != c.result;
            }
            let g = gates.len();
            gate_of[c.result.index()] = Some(g as u32);
            let partials = gate_partials(graph, trace, c);
            let first_edge = graph_edges + edges.len();
            edges.extend(c.operands.iter().zip(&partials).enumerate().map(
                |(slot, (&from, &partial))| GateEdge {
                    from,
                    to: c.result,
                    partial,
                    gate: g,
                    slot,
                },
            ));
            gates.push(Gate {
                cluster: k,
                label: c.label.clone(),
                function: c.function.clone(),
                result: c.result,
                nodes: c.nodes.clone(),
                operands: c.operands.clone(),
                partials,
                first_edge,
            });
        }
        Folding {
            gates,
            edges,
            hidden,
            gate_of,
            graph_edges,
        }
    }

    /// Whether nothing is folded.
    pub fn is_empty(&self) -> bool {
        self.gates.is_empty()
    }

    /// Whether node `id` is inside a folded call (not its result).
    pub fn hidden(&self, id: NodeId) -> bool {
        self.hidden.get(id.index()).copied().unwrap_or(false)
    }

    /// The gate node `id` stands for, if it is a folded call's result.
    pub fn gate_of(&self, id: NodeId) -> Option<&Gate> {
        let g = (*self.gate_of.get(id.index())?)?;
        self.gates.get(g as usize)
    }

    /// Whether graph edge `e` is drawn and stepped (neither end hidden, not into a gate).
    pub fn keeps(&self, graph: &Graph, e: EdgeIndex<u32>) -> bool {
        let (u, w, _) = graph.edge(e);
        !self.hidden(u) && !self.hidden(w) && self.gate_of(w).is_none()
    }

    /// Gate edge number `k` (numbered after the graph's edges), if it is one.
    pub fn edge(&self, k: usize) -> Option<&GateEdge> {
        self.edges.get(k.checked_sub(self.graph_edges)?)
    }

    /// How many edges the lesson numbers: the graph's, then the gates'.
    pub fn edge_count(&self) -> usize {
        self.graph_edges + self.edges.len()
    }
}

/// The edges into node `w` as stepped under `folding` (the graph's own without one), in
/// slot order, constants' included, written into `out` (emptied first).
pub fn wires(
    graph: &Graph,
    trace: &Trace,
    folding: Option<&Folding>,
    w: NodeId,
    out: &mut Vec<Wire>,
) {
    out.clear();
    if let Some(f) = folding {
        if let Some(gate) = f.gate_of(w) {
            let first = gate.first_edge - f.graph_edges;
            out.extend(
                f.edges[first..first + gate.operands.len()]
                    .iter()
                    .enumerate()
                    .map(|(k, e)| Wire {
                        edge: gate.first_edge + k,
                        from: e.from,
                        partial: e.partial,
                        slot: e.slot,
                    }),
            );
            return;
        }
    }
    out.extend(graph.edges_into(w).iter().map(|&e| {
        let (u, _, slot) = graph.edge(e);
        Wire {
            edge: e.index(),
            from: u,
            partial: trace.partial(e),
            slot,
        }
    }));
}

/// Edge number `k`'s target and local partial under `folding` (a graph edge's, or a gate's).
pub fn edge_end(
    graph: &Graph,
    trace: &Trace,
    folding: Option<&Folding>,
    k: usize,
) -> (NodeId, f64) {
    match folding.and_then(|f| f.edge(k)) {
        Some(e) => (e.to, e.partial),
        None => {
            let e = EdgeIndex::new(k);
            (graph.edge(e).1, trace.partial(e))
        }
    }
}

/// The edges out of `u` as stepped under `folding`, by number: its graph edges that stay,
/// then its edges into gates.
pub fn edges_out(graph: &Graph, folding: Option<&Folding>, u: NodeId) -> Vec<usize> {
    let mut out: Vec<usize> = graph
        .edges_from(u)
        .into_iter()
        .filter(|&e| folding.is_none_or(|f| f.keeps(graph, e)))
        .map(|e| e.index())
        .collect();
    if let Some(f) = folding {
        out.extend(
            f.edges
                .iter()
                .enumerate()
                .filter(|(_, e)| e.from == u)
                .map(|(k, _)| f.graph_edges + k),
        );
    }
    out
}
