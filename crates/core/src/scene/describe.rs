//! A node's text before it has a place: its label, operation, kind and the key that keeps
//! it steady across edits.

use super::{is_combining, SceneNode, DETAIL_CHAR_W, LABEL_CHAR_W, NODE_H, NUMBER_CHARS};
use crate::analysis::Analysis;
use crate::format::significant;
use crate::formula::{text, Role};
use crate::graph::{Graph, NodeId, Op, Pass};
use crate::layout::Size;

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

/// The text of a node's box at a step: one description for the live graph, the exports
/// and the layout's sizing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoxLines {
    /// The label: x₁, v₃, loss.
    pub label: String,
    /// Operation and value: `sin · -0.9589`, `input`, `constant`.
    pub detail: String,
    /// The adjoint or tangent once known: `v̄₃ = 1`.
    pub third: String,
}

impl SceneNode {
    /// The box's lines once it shows `value`, `adjoint` and `tangent` (None: not yet).
    pub fn lines(
        &self,
        value: Option<f64>,
        adjoint: Option<f64>,
        tangent: Option<f64>,
    ) -> BoxLines {
        let is_const = self.kind == "const";
        let detail = match (is_const, value) {
            _ if self.holds.is_some() => {
                let held = if self.holds == Some(true) {
                    "true"
                } else {
                    "false"
                };
                format!("{} · {held}", self.op)
            }
            (true, _) => "constant".to_string(),
            (false, Some(v)) => format!("{} · {}", self.op, significant(v, 4)),
            (false, None) => self.op.clone(),
        };
        let third = match (adjoint, tangent) {
            _ if is_const => String::new(),
            (Some(a), _) => format!("{} = {}", self.adjoint_label, significant(a, 4)),
            (None, Some(t)) => format!("{} = {}", self.tangent_label, significant(t, 4)),
            _ => String::new(),
        };
        // A node made in a loop says which pass: `v⁽³⁾ · i = 1`.
        let label = if self.pass.is_empty() {
            self.label.clone()
        } else {
            format!("{} · {}", self.label, self.pass)
        };
        BoxLines {
            label,
            detail,
            third,
        }
    }
}

/// The widest a node's box gets: its value and, once the reverse pass reaches it, its
/// adjoint (a tangent is as wide).
pub(super) fn box_size(analysis: &Analysis, n: &SceneNode, id: NodeId) -> Size {
    let trace = analysis.trace();
    let lines = n.lines(
        Some(trace.value(id)),
        Some(analysis.adjoints().adjoint(id)),
        None,
    );
    // A value takes at least NUMBER_CHARS, so a new number rarely changes the size.
    let pad = |s: &str, v: f64| {
        let shown = s.chars().filter(|c| !is_combining(*c)).count();
        if n.kind == "const" || shown == 0 {
            return shown;
        }
        shown + NUMBER_CHARS.saturating_sub(significant(v, 4).chars().count())
    };
    let chars = |s: &str| s.chars().filter(|c| !is_combining(*c)).count() as f64;
    // Monospace text: 15 px bold labels, 12 px details (see style/main.css).
    let width = (chars(&lines.label) * LABEL_CHAR_W)
        .max(pad(&lines.detail, trace.value(id)) as f64 * DETAIL_CHAR_W)
        .max(pad(&lines.third, analysis.adjoints().adjoint(id)) as f64 * DETAIL_CHAR_W)
        .max(30.0);
    Size {
        w: (width + 20.0).round(),
        h: NODE_H,
    }
}
