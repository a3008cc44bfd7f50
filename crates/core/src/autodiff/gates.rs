//! A function's call as one gate (CS231n's "backprop in practice"): the nodes a call made
//! form a cluster; its result's derivatives by the values flowing in from outside are the
//! gate's local partials, computed by the function's own backward pass at this point
//! (σ'(z) = σ(z)(1 − σ(z)) for the sigmoid). The chain rule through the gate gives each
//! operand the same contribution as the pass through every node inside it.

use super::folding::{wires, Folding};
use super::{reverse_folded, Trace};
use crate::graph::{Graph, NodeId};

/// The nodes one call made (with those of the calls inside it), as one gate.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// The call's index in [`Graph::calls`].
    pub call: usize,
    /// `neuron#2`.
    pub label: String,
    /// The function's name.
    pub function: String,
    /// Its nodes (not constants), in Wengert order.
    pub nodes: Vec<NodeId>,
    /// The node it returns: the last of its nodes that none of its nodes uses.
    pub result: NodeId,
    /// The values flowing in from outside (not constants), in Wengert order.
    pub operands: Vec<NodeId>,
    /// Whether only its result is used outside it: then it folds into one gate without
    /// losing an edge.
    pub foldable: bool,
}

/// Every call that made at least one node, outermost first.
pub fn clusters(graph: &Graph) -> Vec<Cluster> {
    let calls = graph.calls();
    let n = graph.node_count();
    // Each node belongs to its call and every call around it.
    let mut members: Vec<Vec<NodeId>> = vec![Vec::new(); calls.len()];
    for &id in graph.order() {
        let node = graph.node(id);
        if node.constant && node.operands().is_empty() {
            continue;
        }
        let mut at = node.call;
        while let Some(k) = at {
            members[k as usize].push(id);
            at = calls[k as usize].parent;
        }
    }
    let mut users: Vec<Vec<NodeId>> = vec![Vec::new(); n];
    let mut pos = vec![0usize; n];
    for (k, &w) in graph.order().iter().enumerate() {
        pos[w.index()] = k;
        for &u in graph.node(w).operands() {
            users[u.index()].push(w);
        }
    }
    let mut out = Vec::new();
    let mut inside = vec![false; n];
    for (k, nodes) in members.into_iter().enumerate() {
        if nodes.is_empty() {
            continue;
        }
        for &id in &nodes {
            inside[id.index()] = true;
        }
        let used_inside = |id: NodeId| users[id.index()].iter().any(|&w| inside[w.index()]);
        let used_outside = |id: NodeId| {
            graph.outputs().contains(&id) || users[id.index()].iter().any(|&w| !inside[w.index()])
        };
        let result = nodes
            .iter()
            .rev()
            .copied()
            .find(|&id| !used_inside(id))
            .unwrap_or(nodes[nodes.len() - 1]);
        let mut operands: Vec<NodeId> = nodes
            .iter()
            .flat_map(|&w| graph.node(w).operands().to_vec())
            .filter(|&u| !inside[u.index()] && !graph.node(u).constant)
            .collect();
        operands.sort_by_key(|u| pos[u.index()]);
        operands.dedup();
        let foldable = nodes.iter().all(|&id| id == result || !used_outside(id));
        for &id in &nodes {
            inside[id.index()] = false;
        }
        let site = &calls[k];
        out.push(Cluster {
            call: k,
            label: site.label(),
            function: site.function.clone(),
            nodes,
            result,
            operands,
            foldable,
        });
    }
    out
}

/// The gate's local partials: ∂result/∂operand for each of `cluster`'s operands, by a
/// backward pass over its own nodes only (seed 1 at its result).
pub fn gate_partials(graph: &Graph, trace: &Trace, cluster: &Cluster) -> Vec<f64> {
    let adj = local_adjoints(graph, trace, &cluster.nodes, cluster.result);
    cluster.operands.iter().map(|u| adj[u.index()]).collect()
}

/// The backward pass over `nodes` only (in Wengert order), seeded with 1 at `result`:
/// ∂result/∂node for each of them and the operands they read (0 elsewhere), by node index.
pub fn local_adjoints(graph: &Graph, trace: &Trace, nodes: &[NodeId], result: NodeId) -> Vec<f64> {
    let mut adj = vec![0.0; graph.node_count()];
    let mut reached = vec![false; graph.node_count()];
    adj[result.index()] = 1.0;
    reached[result.index()] = true;
    for &w in nodes.iter().rev() {
        if !reached[w.index()] {
            continue;
        }
        let wbar = adj[w.index()];
        for &e in graph.edges_into(w) {
            let (u, _, _) = graph.edge(e);
            if !graph.node(u).constant {
                adj[u.index()] += wbar * trace.partial(e);
                reached[u.index()] = true;
            }
        }
    }
    adj
}

/// One edge of a folded graph: a graph edge between kept nodes, or an operand's edge into a
/// gate (the folded call's result) carrying the gate's local partial.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FoldedEdge {
    /// The operand.
    pub from: NodeId,
    /// The operation, or the gate.
    pub to: NodeId,
    /// ∂to/∂from: the op's local partial, or the gate's (its own backward pass).
    pub partial: f64,
    /// The folded cluster (an index into the clusters folded) when this is a gate's edge.
    pub gate: Option<usize>,
}

/// The graph with some calls folded into gates: the nodes kept (in Wengert order; a folded
/// call keeps only its result, which stands for the gate), their edges, and the adjoints of
/// the reverse pass over them (one per graph node; 0 for hidden ones).
#[derive(Clone, Debug, PartialEq)]
pub struct Folded {
    /// The nodes drawn and stepped.
    pub kept: Vec<NodeId>,
    /// Their edges, by target in Wengert order.
    pub edges: Vec<FoldedEdge>,
    /// Each node's adjoint by the reverse pass over `edges` (seed 1 at the output).
    pub adjoints: Vec<f64>,
}

/// Folds the foldable clusters among `fold` (indices into `clusters`): their inner nodes
/// leave, their operands feed their result directly through the gate's local partials.
/// Values are the trace's; adjoints are recomputed over the folded edges and equal the
/// unfolded pass's (the chain rule through a gate sums the same paths).
pub fn fold(graph: &Graph, trace: &Trace, clusters: &[Cluster], fold: &[usize]) -> Folded {
    let folding = Folding::new(graph, trace, clusters, fold);
    let kept: Vec<NodeId> = graph
        .order()
        .iter()
        .copied()
        .filter(|&id| !folding.hidden(id))
        .collect();
    let mut edges = Vec::new();
    let mut into = Vec::new();
    for &w in &kept {
        wires(graph, trace, Some(&folding), w, &mut into);
        edges.extend(into.iter().map(|wire| {
            FoldedEdge {
                from: wire.from,
                to: w,
                partial: wire.partial,
                gate: folding
                    .edge(wire.edge)
                    .map(|e| folding.gates[e.gate].cluster),
            }
        }));
    }
    let pass = reverse_folded(graph, trace, Some(&folding), &[(graph.output(), 1.0)]);
    Folded {
        adjoints: graph
            .dag()
            .node_indices()
            .map(|id| pass.adjoint(id))
            .collect(),
        kept,
        edges,
    }
}
