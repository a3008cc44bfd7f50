//! The drawing of a computation graph, as data: boxes with their text and edges as SVG
//! paths, laid out by [`crate::layout`]. The view only turns this into elements.

use crate::analysis::Analysis;
use crate::format::significant;
use crate::formula::{text, Role};
use crate::graph::{Graph, NodeId, Op, Pass};
use crate::layout::{layout, Layout, LayoutGraph, Options, Size};

mod clusters;
pub use clusters::{svg as clusters_svg, SceneCluster};

/// Margin around the drawing, in pixels.
const MARGIN: f64 = 12.0;
/// Approximate width of one character of a node's label and detail fonts, in pixels.
const LABEL_CHAR_W: f64 = 9.2;
const DETAIL_CHAR_W: f64 = 7.3;
/// Height of a node's box: three lines (name; operation and value; adjoint or tangent).
const NODE_H: f64 = 58.0;
/// The characters a box keeps for a value: `-1.234e-10`, `-0.0001234`.
const NUMBER_CHARS: usize = 10;
/// Each line's baseline below the box's centre: the label, the detail, the adjoint.
pub const LINE_DY: [f64; 3] = [-10.0, 7.0, 22.0];

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
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

/// One node as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneNode {
    /// The node's Wengert id (`v3`, `c0`): stable hooks for tests and the animation.
    pub id: String,
    /// An identity that survives edits (the user's name, else the definition; unique in
    /// the scene): the view keeps a node's elements while its key stays.
    pub key: String,
    /// Its label with real subscripts (x₁, v₋₁) or the user's name.
    pub label: String,
    /// What it does, for the second line: `sin`, `×`, `input`, or a constant's value.
    pub op: String,
    /// Why its value is NaN or infinite, if it is.
    pub issue: Option<String>,
    /// Its adjoint's name, `v̄₃`, and its tangent's, `v̇₃`.
    pub adjoint_label: String,
    /// Its tangent's name.
    pub tangent_label: String,
    /// Kind, for styling: "input", "const", "op" or "output".
    pub kind: &'static str,
    /// Which assignment to its name made it (1, 2, ...; 0 for no name).
    pub version: u32,
    /// The loop passes it was made in: `i = 2`; empty outside loops.
    pub pass: String,
    /// The loop counters' values, `0,2` (for `data-iteration`).
    pub iteration: String,
    /// For a condition (kind "cond"): whether it held.
    pub holds: Option<bool>,
    /// The call of a function that made it: `neuron#2`; empty otherwise.
    pub call: String,
    /// Box centre and size.
    pub x: f64,
    /// Box centre y.
    pub y: f64,
    /// Box width.
    pub w: f64,
    /// Box height.
    pub h: f64,
}

/// One edge as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneEdge {
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// The route, from the source's box edge to the target's, through one point per layer.
    pub points: Vec<(f64, f64)>,
    /// The route smoothed into an SVG path (`d` attribute).
    pub path: String,
    /// A control edge (into or out of a condition): no gradient flows along it.
    pub control: bool,
}

/// A whole drawing, and what is needed to keep the next one steady.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    /// The nodes.
    pub nodes: Vec<SceneNode>,
    /// The edges.
    pub edges: Vec<SceneEdge>,
    /// Each function call's frame.
    pub clusters: Vec<SceneCluster>,
    /// The drawing's size including margins.
    pub width: f64,
    /// The drawing's height including margins.
    pub height: f64,
    /// The layout input and result, for the next layout's warm start.
    pub laid_out: Option<(LayoutGraph, Layout)>,
}

/// Lays out and describes the analysed graph; `previous` keeps the picture steady while
/// typing.
pub fn scene(analysis: &Analysis, previous: Option<&Scene>) -> Scene {
    let graph = analysis.graph();
    let trace = analysis.trace();
    let ids: Vec<NodeId> = graph.order().to_vec();
    let mut at = vec![0usize; graph.node_count()];
    for (i, id) in ids.iter().enumerate() {
        at[id.index()] = i;
    }
    let index = |id: NodeId| at[id.index()];
    let mut nodes: Vec<SceneNode> = ids.iter().map(|&id| describe(analysis, id)).collect();
    let mut sizes: Vec<Size> = nodes
        .iter()
        .zip(&ids)
        .map(|(n, &id)| {
            // The widest the box gets: its value and, once the reverse pass reaches it, its
            // adjoint (a tangent is as wide).
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
        })
        .collect();
    let edge_ids: Vec<_> = graph.dag().edge_indices().collect();
    let mut edges: Vec<(usize, usize)> = edge_ids
        .iter()
        .map(|&e| {
            let (u, w, _) = graph.edge(e);
            (index(u), index(w))
        })
        .collect();
    // The decisions, after the nodes: each reads values and guards what its branch made.
    for (k, c) in graph.conditions().iter().enumerate() {
        let at = nodes.len();
        let n = condition_node(k, c);
        let chars = |s: &str| s.chars().count() as f64;
        let lines = n.lines(None, None, None);
        let width = (chars(&lines.label) * LABEL_CHAR_W)
            .max(chars(&lines.detail) * DETAIL_CHAR_W)
            .max(30.0);
        sizes.push(Size {
            w: (width + 20.0).round(),
            h: NODE_H,
        });
        nodes.push(n);
        edges.extend(c.reads.iter().map(|&u| (index(u), at)));
        edges.extend(c.guards.iter().map(|&w| (at, index(w))));
    }
    let mut seen = rustc_hash::FxHashSet::default();
    let mut all_keys = keys(graph, &ids);
    all_keys.extend(nodes[ids.len()..].iter().map(|n| n.key.clone()));
    let keys: Vec<String> = all_keys
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            if seen.insert(k.clone()) {
                k
            } else {
                format!("{k}#{i}")
            }
        })
        .collect();
    let lg = LayoutGraph { sizes, edges, keys };
    let prev = previous
        .and_then(|p| p.laid_out.as_ref())
        .map(|(g, l)| (g, l));
    // An edit that keeps the graph's shape (a number changed: boxes are sized to hold any
    // value, so their sizes stay) keeps the layout as it is.
    let reused = prev.is_some_and(|(pg, _)| *pg == lg);
    let l = match prev {
        Some((_, pl)) if reused => pl.clone(),
        _ => layout(
            &lg,
            &Options {
                node_sep: 24.0,
                rank_sep: 34.0,
                ..Options::default()
            },
            prev,
        ),
    };
    let nodes: Vec<SceneNode> = nodes
        .into_iter()
        .zip(&l.nodes)
        .zip(&lg.keys)
        .map(|((n, p), key)| SceneNode {
            key: key.clone(),
            x: p.x + MARGIN,
            y: p.y + MARGIN,
            w: p.w,
            h: p.h,
            ..n
        })
        .collect();
    // The same layout and the same ids: the same routes (smoothing thousands of points
    // costs more than the rest of the scene).
    if let Some(p) = previous.filter(|p| {
        reused
            && p.nodes.len() == nodes.len()
            && p.nodes.iter().zip(&nodes).all(|(a, b)| a.id == b.id)
    }) {
        return Scene {
            edges: p.edges.clone(),
            clusters: clusters::frames(analysis, &nodes),
            nodes,
            width: l.width + 2.0 * MARGIN,
            height: l.height + 2.0 * MARGIN,
            laid_out: Some((lg, l)),
        };
    }
    let edges = l
        .edges
        .iter()
        .enumerate()
        .map(|(index, r)| {
            let r = RouteRef {
                index,
                to: r.to,
                from: r.from,
                points: &r.points,
            };
            let (a, b) = (&nodes[r.from], &nodes[r.to]);
            let mut points: Vec<(f64, f64)> = r
                .points
                .iter()
                .map(|&(x, y)| (x + MARGIN, y + MARGIN))
                .collect();
            // From the top of the operand's box to the bottom of the operation's.
            if let Some(first) = points.first_mut() {
                first.1 -= a.h / 2.0;
            }
            let data = edge_ids.get(r.index).filter(|_| r.to < ids.len());
            if let Some(last) = points.last_mut() {
                // Operands arrive side by side, in slot order, so `a - b` reads left to right.
                if let Some(&e) = data {
                    let arity = graph.node(ids[r.to]).operands().len() as f64;
                    let slot = graph.edge(e).2 as f64;
                    last.0 += (slot - (arity - 1.0) / 2.0) * (b.w / 4.0).min(22.0);
                }
                last.1 += b.h / 2.0 + 3.0;
            }
            SceneEdge {
                from: a.id.clone(),
                to: b.id.clone(),
                path: smooth(&points),
                points,
                control: data.is_none(),
            }
        })
        .collect();
    Scene {
        clusters: clusters::frames(analysis, &nodes),
        nodes,
        edges,
        width: l.width + 2.0 * MARGIN,
        height: l.height + 2.0 * MARGIN,
        laid_out: Some((lg, l)),
    }
}

/// A decision's node: its condition as written, whether it held, the pass it was checked in.
fn condition_node(k: usize, c: &crate::graph::Condition) -> SceneNode {
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
        x: 0.0,
        y: 0.0,
        w: 0.0,
        h: 0.0,
    }
}

/// A node's text and kind, before it has a place.
fn describe(analysis: &Analysis, id: NodeId) -> SceneNode {
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
fn keys(graph: &Graph, ids: &[NodeId]) -> Vec<String> {
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

/// The polyline as cubic Béziers with vertical tangents at every point: the S-curves of
/// a layered drawing, still passing through each layer's point.
fn smooth(points: &[(f64, f64)]) -> String {
    let Some(&(x0, y0)) = points.first() else {
        return String::new();
    };
    let mut d = format!("M{x0:.1},{y0:.1}");
    for w in points.windows(2) {
        let ((ax, ay), (bx, by)) = (w[0], w[1]);
        let my = (ay + by) / 2.0;
        d.push_str(&format!(
            " C{ax:.1},{my:.1} {bx:.1},{my:.1} {bx:.1},{by:.1}"
        ));
    }
    d
}

/// A route with its index among the edges.
struct RouteRef<'a> {
    index: usize,
    from: usize,
    to: usize,
    points: &'a [(f64, f64)],
}
