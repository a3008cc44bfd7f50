//! The drawing of a computation graph, as data: boxes with their text and edges as SVG
//! paths, laid out by [`crate::layout`]. The view only turns this into elements.

use crate::analysis::Analysis;
use crate::autodiff::Folding;
use crate::graph::NodeId;
use crate::layout::{layout, Layout, LayoutGraph, Options, Size};

mod clusters;
mod describe;
pub use clusters::{svg as clusters_svg, SceneCluster};
pub use describe::BoxLines;
use describe::{box_size, condition_node, describe, keys};

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
    /// For a folded call's result, drawn as its gate: the call (`sig#1`); empty otherwise.
    pub gate: String,
    /// Inside a folded call: not drawn (it sits on its gate, for the fold's animation).
    pub hidden: bool,
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
    /// An operand's edge into a gate (it carries the gate's local partial).
    pub gate: bool,
    /// An edge inside or into a folded call: not drawn.
    pub hidden: bool,
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
    /// The calls folded (indices into [`crate::autodiff::clusters`]).
    pub folded: Vec<usize>,
}

/// Lays out and describes the analysed graph; `previous` keeps the picture steady while
/// typing.
pub fn scene(analysis: &Analysis, previous: Option<&Scene>) -> Scene {
    scene_folded(analysis, None, previous)
}

/// The same with the calls of `folding` folded: each drawn as one gate box (its result's,
/// labelled with the function's name) fed by its operands' edges; what it hides has no
/// place of its own. Scene indices stay the unfolded scene's (nodes in Wengert order, then
/// the decisions; edges the graph's, then the gates', then the decisions').
pub fn scene_folded(
    analysis: &Analysis,
    folding: Option<&Folding>,
    previous: Option<&Scene>,
) -> Scene {
    let graph = analysis.graph();
    let folding = folding.filter(|f| !f.is_empty());
    let hidden = |id: NodeId| folding.is_some_and(|f| f.hidden(id));
    // Room above the top boxes for their call's frame label.
    let top = MARGIN + if graph.calls().is_empty() { 0.0 } else { 16.0 };
    let ids: Vec<NodeId> = graph.order().to_vec();
    let mut at = vec![0usize; graph.node_count()];
    for (i, id) in ids.iter().enumerate() {
        at[id.index()] = i;
    }
    let mut nodes: Vec<SceneNode> = ids.iter().map(|&id| describe(analysis, id)).collect();
    // Each folded call's result is drawn as its gate; the nodes inside are hidden.
    let mut covers = vec![usize::MAX; graph.node_count()];
    for gate in folding.map_or(&[][..], |f| &f.gates) {
        let n = &mut nodes[at[gate.result.index()]];
        // Its function's name, after the name its result is given (`f = sig`).
        n.label = match graph.node(gate.result).name {
            Some(_) => format!("{} = {}", n.label, gate.function),
            None => gate.function.clone(),
        };
        n.op = "gate".into();
        n.gate = gate.label.clone();
        for id in &gate.nodes {
            if *id != gate.result {
                covers[id.index()] = at[gate.result.index()];
                nodes[at[id.index()]].hidden = true;
            }
        }
    }
    // The boxes laid out: those not hidden, numbered in order.
    let mut place = vec![usize::MAX; ids.len()];
    let mut sizes: Vec<Size> = Vec::with_capacity(ids.len());
    for (i, &id) in ids.iter().enumerate() {
        if hidden(id) {
            continue;
        }
        place[i] = sizes.len();
        sizes.push(box_size(analysis, &nodes[i], id));
    }
    // The edges laid out, each with its scene index: the graph's kept, then the gates'.
    let graph_edges = graph.edge_count();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut scene_edge: Vec<usize> = Vec::new();
    let mut slot_of: Vec<(usize, usize)> = Vec::new();
    for e in graph.dag().edge_indices() {
        if folding.is_some_and(|f| !f.keeps(graph, e)) {
            continue;
        }
        let (u, w, slot) = graph.edge(e);
        edges.push((place[at[u.index()]], place[at[w.index()]]));
        scene_edge.push(e.index());
        slot_of.push((slot, graph.node(w).operands().len()));
    }
    let gate_edges = folding.map_or(&[][..], |f| &f.edges);
    for (k, e) in gate_edges.iter().enumerate() {
        edges.push((place[at[e.from.index()]], place[at[e.to.index()]]));
        scene_edge.push(graph_edges + k);
        let arity = folding.map_or(1, |f| f.gates[e.gate].operands.len());
        slot_of.push((e.slot, arity));
    }
    let data_edges = graph_edges + gate_edges.len();
    // The decisions, after the nodes: each reads values and guards what its branch made
    // (a folded call's node stands for what it hides).
    let visible = |id: NodeId| match covers[id.index()] {
        usize::MAX => at[id.index()],
        gate => gate,
    };
    let mut control = data_edges;
    let mut control_ends: Vec<(usize, usize)> = Vec::new();
    for (k, c) in graph.conditions().iter().enumerate() {
        let i = nodes.len();
        let n = condition_node(k, c);
        let chars = |s: &str| s.chars().count() as f64;
        let lines = n.lines(None, None, None);
        let width = (chars(&lines.label) * LABEL_CHAR_W)
            .max(chars(&lines.detail) * DETAIL_CHAR_W)
            .max(30.0);
        place.push(sizes.len());
        sizes.push(Size {
            w: (width + 20.0).round(),
            h: NODE_H,
        });
        nodes.push(n);
        let ends = c
            .reads
            .iter()
            .map(|&u| (visible(u), i))
            .chain(c.guards.iter().map(|&w| (i, visible(w))));
        for (a, b) in ends {
            edges.push((place[a], place[b]));
            scene_edge.push(control);
            slot_of.push((0, 0));
            control_ends.push((a, b));
            control += 1;
        }
    }
    let mut seen = rustc_hash::FxHashSet::default();
    let mut all_keys = keys(graph, &ids);
    all_keys.extend(nodes[ids.len()..].iter().map(|n| n.key.clone()));
    let all_keys: Vec<String> = all_keys
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
    let keys: Vec<String> = (0..nodes.len())
        .filter(|&i| place[i] != usize::MAX)
        .map(|i| all_keys[i].clone())
        .collect();
    let lg = LayoutGraph { sizes, edges, keys };
    let folded: Vec<usize> =
        folding.map_or_else(Vec::new, |f| f.gates.iter().map(|g| g.cluster).collect());
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
    let mut nodes: Vec<SceneNode> = nodes
        .into_iter()
        .zip(all_keys)
        .enumerate()
        .map(|(i, (n, key))| match l.nodes.get(place[i]) {
            Some(p) => SceneNode {
                key,
                x: p.x + MARGIN,
                y: p.y + top,
                w: p.w,
                h: p.h,
                ..n
            },
            None => SceneNode { key, ..n },
        })
        .collect();
    // What a fold hides sits on its gate, with no size.
    for i in 0..ids.len() {
        if let Some(&gate) = covers.get(ids[i].index()).filter(|&&g| g != usize::MAX) {
            let (x, y) = (nodes[gate].x, nodes[gate].y);
            let n = &mut nodes[i];
            (n.x, n.y, n.w, n.h) = (x, y, 0.0, 0.0);
        }
    }
    // The same layout and the same ids: the same routes (smoothing thousands of points
    // costs more than the rest of the scene).
    if let Some(p) = previous.filter(|p| {
        reused
            && p.folded == folded
            && p.nodes.len() == nodes.len()
            && p.nodes.iter().zip(&nodes).all(|(a, b)| a.id == b.id)
    }) {
        return Scene {
            edges: p.edges.clone(),
            clusters: clusters::frames(analysis, &nodes),
            nodes,
            width: l.width + 2.0 * MARGIN,
            height: l.height + MARGIN + top,
            laid_out: Some((lg, l)),
            folded,
        };
    }
    // Every edge has its scene index; those not laid out are hidden.
    let blank = |a: usize, b: usize, control: bool, gate: bool| SceneEdge {
        from: nodes[a].id.clone(),
        to: nodes[b].id.clone(),
        points: Vec::new(),
        path: String::new(),
        control,
        gate,
        hidden: true,
    };
    let mut out: Vec<SceneEdge> = Vec::with_capacity(control);
    for e in graph.dag().edge_indices() {
        let (u, w, _) = graph.edge(e);
        out.push(blank(at[u.index()], at[w.index()], false, false));
    }
    for e in gate_edges {
        out.push(blank(at[e.from.index()], at[e.to.index()], false, true));
    }
    for &(a, b) in &control_ends {
        out.push(blank(a, b, true, false));
    }
    let node_at: Vec<usize> = {
        let mut v = vec![0; l.nodes.len()];
        for (i, &p) in place.iter().enumerate() {
            if p != usize::MAX {
                v[p] = i;
            }
        }
        v
    };
    for (index, r) in l.edges.iter().enumerate() {
        let k = scene_edge[index];
        let (a, b) = (&nodes[node_at[r.from]], &nodes[node_at[r.to]]);
        let mut points: Vec<(f64, f64)> = r
            .points
            .iter()
            .map(|&(x, y)| (x + MARGIN, y + top))
            .collect();
        // From the top of the operand's box to the bottom of the operation's.
        if let Some(first) = points.first_mut() {
            first.1 -= a.h / 2.0;
        }
        if let Some(last) = points.last_mut() {
            // Operands arrive side by side, in slot order, so `a - b` reads left to right.
            if k < data_edges {
                let (slot, arity) = slot_of[index];
                last.0 += (slot as f64 - (arity as f64 - 1.0) / 2.0) * (b.w / 4.0).min(22.0);
            }
            last.1 += b.h / 2.0 + 3.0;
        }
        let edge = &mut out[k];
        edge.path = smooth(&points);
        edge.points = points;
        edge.hidden = false;
    }
    Scene {
        clusters: clusters::frames(analysis, &nodes),
        nodes,
        edges: out,
        width: l.width + 2.0 * MARGIN,
        height: l.height + MARGIN + top,
        laid_out: Some((lg, l)),
        folded,
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
