//! A node's text before it has a place: its label, operation, kind and the key that keeps
//! it steady across edits.

use super::SceneNode;
use crate::analysis::Analysis;
use crate::formula::{text, Role};
use crate::graph::{Graph, NodeId, Op, Pass};

/// A decision's node: its condition as written, whether it held, the pass it was checked in.
pub(super) fn condition_node(k: usize, c: &crate::graph::Condition) -> SceneNode {
    SceneNode {
        id: format!("k{k}"),
        key: format!("{}:{}:{}", c.branch, c.text, Pass::values(&c.iteration)),
        label: c.text.clone(),
        op: "cond".to_string(),
        issue: None,
        adjoint_label: String::new(),
        tangent_label: String::new(),
        kind: "cond",
        version: 0,
        pass: Pass::text(&c.iteration),
        iteration: Pass::values(&c.iteration),
        holds: Some(c.holds),
        call: String::new(),
        gate: String::new(),
        hidden: false,
        x: 0.0,
        y: 0.0,
        w: 0.0,
        h: 0.0,
    }
}

/// A node's text and kind, before it has a place.
pub(super) fn describe(analysis: &Analysis, id: NodeId) -> SceneNode {
    let graph = analysis.graph();
    let trace = analysis.trace();
    let node = graph.node(id);
    let kind = match node.op {
        _ if graph.outputs().contains(&id) => "output",
        Op::Input => "input",
        Op::Const => "const",
        _ => "op",
    };
    SceneNode {
        id: node.id.clone(),
        key: String::new(),
        label: text(&graph.symbol(id, Role::Value)),
        op: op_text(graph, id),
        adjoint_label: text(&graph.symbol(id, Role::Adjoint)),
        tangent_label: text(&graph.symbol(id, Role::Tangent)),
        issue: trace.issue(id).map(str::to_string),
        kind,
        version: node.version,
        pass: graph.pass_text(id),
        iteration: graph.iteration_values(id),
        holds: None,
        call: graph.call_label(id).unwrap_or_default(),
        gate: String::new(),
        hidden: false,
        x: 0.0,
        y: 0.0,
        w: 0.0,
        h: 0.0,
    }
}

/// Keys that survive edits, for `ids` in Wengert (topological) order: the user's name;
/// else the operation over its operands' keys, hashed. A term typed elsewhere renumbers
/// every Wengert id but leaves these alone, so the view keeps those nodes' elements and
/// the layout their places.
pub(super) fn keys(graph: &Graph, ids: &[NodeId]) -> Vec<String> {
    use std::hash::{Hash, Hasher};
    let mut hashes: rustc_hash::FxHashMap<NodeId, u64> = rustc_hash::FxHashMap::default();
    hashes.reserve(ids.len());
    ids.iter()
        .map(|&id| {
            let node = graph.node(id);
            let mut h = rustc_hash::FxHasher::default();
            let key = match &node.name {
                Some(name) if node.version > 1 => {
                    name.hash(&mut h);
                    node.version.hash(&mut h);
                    format!("{name}#{}", node.version)
                }
                Some(name) => {
                    name.hash(&mut h);
                    name.clone()
                }
                None => {
                    node.op.hash(&mut h);
                    if node.op == Op::Const {
                        node.given.to_bits().hash(&mut h);
                    }
                    for u in node.operands() {
                        hashes.get(u).copied().unwrap_or_default().hash(&mut h);
                    }
                    format!("{}{:x}", node.op.symbol(), h.finish())
                }
            };
            hashes.insert(id, h.finish());
            key
        })
        .collect()
}

fn op_text(graph: &Graph, id: NodeId) -> String {
    match graph.node(id).op {
        Op::Input => "input".into(),
        Op::Const => "constant".into(),
        Op::Mul => "×".into(),
        Op::Sub => "−".into(),
        Op::Neg => "negate".into(),
        Op::Div => "÷".into(),
        op => op.symbol().into(),
    }
}
