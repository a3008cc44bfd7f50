//! Each call's frame: a rounded, labelled box around the nodes the call made (CS231n's
//! gate), with the gate's local partials (its own backward pass at this point) for the
//! frame's tooltip. Drawn as one SVG string behind the edges.

use super::SceneNode;
use crate::analysis::Analysis;
use crate::autodiff::{clusters, gate_partials};
use crate::format::significant;
use crate::formula::{text, Role};

/// One call's frame.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneCluster {
    /// The call, `neuron#2` (`data-cluster`).
    pub id: String,
    /// The function's name.
    pub function: String,
    /// The frame's outline: per layer of the drawing, the span of the call's boxes, stacked
    /// top to bottom (left, right, top, bottom each), so a box of another layer between
    /// two of its boxes stays outside.
    pub rows: Vec<(f64, f64, f64, f64)>,
    /// The gate in words: its local partials at this point.
    pub gate: String,
    /// Whether only its result leaves it (it could fold into one gate).
    pub foldable: bool,
    /// Whether it is folded into its gate.
    pub folded: bool,
}

/// The frames of `analysis`'s calls around `nodes` (the scene's, in Wengert order), inner
/// calls' frames inside their callers'.
pub fn frames(analysis: &Analysis, nodes: &[SceneNode]) -> Vec<SceneCluster> {
    let graph = analysis.graph();
    if graph.calls().is_empty() {
        return Vec::new();
    }
    let mut at = vec![0usize; graph.node_count()];
    for (i, id) in graph.order().iter().enumerate() {
        at[id.index()] = i;
    }
    let all = clusters(graph);
    let depth = |call: usize| {
        let mut d = 0;
        let mut k = graph.calls()[call].parent;
        while let Some(p) = k {
            d += 1;
            k = graph.calls()[p as usize].parent;
        }
        d
    };
    let deepest = all.iter().map(|c| depth(c.call)).max().unwrap_or(0);
    all.iter()
        .filter_map(|c| {
            // A folded call's frame holds only its gate; a call inside one has none.
            let folded = nodes[at[c.result.index()]].gate == c.label;
            if !folded && c.nodes.iter().any(|id| nodes[at[id.index()]].hidden) {
                return None;
            }
            // Outer frames leave room for the frames inside them.
            let pad = match folded {
                true => 6.0,
                false => 6.0 + 8.0 * (deepest - depth(c.call)) as f64,
            };
            let mut rows: Vec<(f64, f64, f64, f64)> = Vec::new();
            for id in &c.nodes {
                let n = &nodes[at[id.index()]];
                if n.hidden {
                    continue;
                }
                let (l, r, t, b) = (
                    n.x - n.w / 2.0,
                    n.x + n.w / 2.0,
                    n.y - n.h / 2.0,
                    n.y + n.h / 2.0,
                );
                match rows.iter_mut().find(|row| (row.2 - t).abs() < n.h / 2.0) {
                    Some(row) => *row = (row.0.min(l), row.1.max(r), row.2.min(t), row.3.max(b)),
                    None => rows.push((l, r, t, b)),
                }
            }
            rows.sort_by(|a, b| a.2.total_cmp(&b.2));
            for row in &mut rows {
                *row = (
                    (row.0 - pad).max(1.0),
                    row.1 + pad,
                    row.2 - pad,
                    row.3 + pad,
                );
            }
            if let Some(top) = rows.first_mut() {
                top.2 = (top.2 - 14.0).max(1.0);
            }
            let partials = gate_partials(graph, analysis.trace(), c);
            let out = text(&graph.symbol(c.result, Role::Value));
            let terms: Vec<String> = c
                .operands
                .iter()
                .zip(partials)
                .map(|(&u, p)| {
                    let u = text(&graph.symbol(u, Role::Value));
                    format!("∂{out}/∂{u} = {}", significant(p, 4))
                })
                .collect();
            Some(SceneCluster {
                id: c.label.clone(),
                function: c.function.clone(),
                folded,
                rows,
                gate: format!(
                    "{} as one gate: its local partials, by its own backward pass: {}. {}",
                    c.label,
                    terms.join(", "),
                    match (c.foldable, folded) {
                        (true, true) => "Click the label to unfold it.",
                        (true, false) => "Click the label to fold it into one box.",
                        _ => "It cannot fold: a value made inside it is used outside it.",
                    }
                ),
                foldable: c.foldable,
            })
        })
        .collect()
}

/// The outline through `rows`: down the right side, across, up the left side; between two
/// layers the outline steps halfway down the gap.
fn outline(rows: &[(f64, f64, f64, f64)]) -> String {
    let mut right = Vec::new();
    let mut left = Vec::new();
    for (k, &(l, r, t, b)) in rows.iter().enumerate() {
        let top = if k == 0 { t } else { (rows[k - 1].3 + t) / 2.0 };
        let bottom = rows.get(k + 1).map_or(b, |next| (b + next.2) / 2.0);
        right.push(format!("{r:.1},{top:.1} {r:.1},{bottom:.1}"));
        left.push(format!("{l:.1},{bottom:.1} {l:.1},{top:.1}"));
    }
    left.reverse();
    format!("M{} {}Z", right.join(" "), left.join(" "))
}

/// The frames as SVG: an outline and a label per call (`data-cluster`, `data-function`,
/// `data-folded`), the gate's partials in its title.
pub fn svg(frames: &[SceneCluster]) -> String {
    let mut out = String::new();
    for f in frames {
        let Some(&(x, _, y, _)) = f.rows.first() else {
            continue;
        };
        out.push_str(&format!(
            "<g class=\"cluster\" data-cluster=\"{id}\" data-function=\"{fun}\" data-folded=\"{folded}\" \
             data-foldable=\"{fold}\"><title>{gate}</title><path d=\"{d}\"/>\
             <text x=\"{tx:.1}\" y=\"{ty:.1}\" class=\"cluster-label\">{label}{mark}</text></g>",
            id = f.id,
            fun = f.function,
            fold = f.foldable,
            folded = f.folded,
            mark = match (f.foldable, f.folded) {
                (true, true) => " ▸",
                (true, false) => " ▾",
                _ => "",
            },
            gate = f.gate,
            d = outline(&f.rows),
            tx = x + 7.0,
            ty = y + 11.0,
            label = f.id.replace('#', " #"),
        ));
    }
    out
}
