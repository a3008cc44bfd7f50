//! Layered (Sugiyama) layout of a DAG, built for computation graphs: inputs at the bottom
//! (or left), the output at the top (or right), every edge flowing one way.
//!
//! Four phases, each a module: [`rank`] assigns layers minimising total edge span
//! (network simplex, Gansner et al., "A Technique for Drawing Directed Graphs", 1993),
//! long edges get one dummy node per layer they cross; [`order`] reduces crossings (weighted
//! median sweeps with transposition from several starting orders, keeping the best, as dot
//! does); [`coords`] places nodes (Brandes & Köpf, "Fast and Simple Horizontal Coordinate
//! Assignment", 2001: straight long edges, parents centred over their operands); edge routes
//! are polylines through the dummies' positions. Deterministic: the same input gives the
//! same layout, bit for bit. Given the previous layout, the nodes two graphs share keep
//! their relative order in each layer, so the picture does not jump while the user types.

mod coords;
mod edges_file;
mod keyed;
mod order;
mod quality;
mod rank;

pub use edges_file::read_edges;
pub use quality::{quality, Quality};

use rustc_hash::FxHashMap;

/// A box size, in the caller's units (pixels in the app).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// Which way edges flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Orientation {
    /// Sources at the bottom, the sink at the top (Olah's figures).
    #[default]
    BottomToTop,
    /// Sources on the left, the sink on the right.
    LeftToRight,
}

/// Spacing and direction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Which way edges flow.
    pub orientation: Orientation,
    /// Gap between neighbouring boxes in a layer.
    pub node_sep: f64,
    /// Gap between layers.
    pub rank_sep: f64,
}

impl Default for Options {
    /// Graphviz dot's defaults in points: nodesep 18, ranksep 36.
    fn default() -> Self {
        Options {
            orientation: Orientation::BottomToTop,
            node_sep: 18.0,
            rank_sep: 36.0,
        }
    }
}

/// A graph to lay out: box sizes, edges `(from, to)` by node index, and a stable key per
/// node (used to keep the picture steady between two versions of a graph).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayoutGraph {
    /// One size per node.
    pub sizes: Vec<Size>,
    /// Edges as (source, target) node indices; parallel edges are allowed.
    pub edges: Vec<(usize, usize)>,
    /// One key per node, e.g. its id in the program.
    pub keys: Vec<String>,
}

/// A placed node: its centre, size and layer (0 = the sources' end).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Layer index.
    pub layer: usize,
}

/// An edge's route: from the source's centre, one point per intermediate layer, to the
/// target's centre.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// Source node index.
    pub from: usize,
    /// Target node index.
    pub to: usize,
    /// The polyline.
    pub points: Vec<(f64, f64)>,
}

/// The result: every node placed, every edge routed, and the drawing's extent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// One per node, in the input's order.
    pub nodes: Vec<Placed>,
    /// One per edge, in the input's order.
    pub edges: Vec<Route>,
    /// Width of the drawing (x runs from 0 to this).
    pub width: f64,
    /// Height of the drawing (y runs from 0 to this, downwards).
    pub height: f64,
}

/// The layered graph the phases share: real nodes, then one dummy per layer a long edge
/// crosses; each node's layer; the edges between neighbouring layers.
#[derive(Clone, Debug, Default)]
struct Layered {
    /// Real nodes come first.
    real: usize,
    layer: Vec<usize>,
    /// Size across the layer (width in bottom-to-top).
    breadth: Vec<f64>,
    /// Neighbours one layer down (towards the sources) and up, with repeats for multi-edges.
    down: Vec<Vec<usize>>,
    up: Vec<Vec<usize>>,
    /// For each input edge, its chain of nodes from source to target.
    chains: Vec<Vec<usize>>,
}

/// Lays out `g`. With `previous` (the graph and layout shown before), nodes whose key the
/// two graphs share keep their relative order within each layer.
pub fn layout(
    g: &LayoutGraph,
    options: &Options,
    previous: Option<(&LayoutGraph, &Layout)>,
) -> Layout {
    let n = g.sizes.len();
    if n == 0 {
        return Layout::default();
    }
    let lr = options.orientation == Orientation::LeftToRight;
    let edges: Vec<(usize, usize)> = g
        .edges
        .iter()
        .copied()
        .filter(|&(a, b)| a < n && b < n && a != b)
        .collect();
    let ranks = rank::rank(n, &edges);
    let layered = split_long_edges(g, &ranks, lr);
    let hint = previous.map(|(pg, pl)| warm_hint(g, pg, pl, lr));
    let layers = order::order(&layered, hint.as_ref());
    let xs = coords::place(&layered, &layers, options.node_sep);
    assemble(g, &layered, &layers, &xs, options)
}

/// Splits each edge spanning k > 1 layers into a chain through k - 1 dummies.
fn split_long_edges(g: &LayoutGraph, ranks: &[usize], lr: bool) -> Layered {
    let n = g.sizes.len();
    let across = |s: &Size| if lr { s.h } else { s.w };
    let mut l = Layered {
        real: n,
        layer: ranks.to_vec(),
        breadth: g.sizes.iter().map(across).collect(),
        down: vec![vec![]; n],
        up: vec![vec![]; n],
        chains: Vec::with_capacity(g.edges.len()),
    };
    for &(a, b) in &g.edges {
        if a >= n || b >= n || a == b {
            l.chains.push(vec![]);
            continue;
        }
        let (lo, hi) = if ranks[a] <= ranks[b] { (a, b) } else { (b, a) };
        let mut chain = vec![lo];
        let mut prev = lo;
        for r in ranks[lo] + 1..ranks[hi] {
            let d = l.layer.len();
            l.layer.push(r);
            l.breadth.push(0.0);
            l.down.push(vec![prev]);
            l.up.push(vec![]);
            l.up[prev].push(d);
            chain.push(d);
            prev = d;
        }
        l.up[prev].push(hi);
        l.down[hi].push(prev);
        chain.push(hi);
        if lo != a {
            chain.reverse();
        }
        l.chains.push(chain);
    }
    l
}

/// The previous layout's order of the nodes both graphs share, as a position per node
/// (None for new nodes).
fn warm_hint(g: &LayoutGraph, pg: &LayoutGraph, pl: &Layout, lr: bool) -> Vec<Option<f64>> {
    let old: FxHashMap<&str, usize> = pg
        .keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    (0..g.sizes.len())
        .map(|i| {
            let key = g.keys.get(i)?;
            let &j = old.get(key.as_str())?;
            let p = pl.nodes.get(j)?;
            Some(if lr { p.y } else { p.x })
        })
        .collect()
}

/// Turns layers and positions across them into boxes and routes.
fn assemble(
    g: &LayoutGraph,
    l: &Layered,
    layers: &[Vec<usize>],
    xs: &[f64],
    o: &Options,
) -> Layout {
    let lr = o.orientation == Orientation::LeftToRight;
    let depth = |s: &Size| if lr { s.w } else { s.h };
    // Each layer is as deep as its deepest box; layer 0 is drawn last (bottom or left).
    let mut thick = vec![0.0f64; layers.len()];
    for (i, s) in g.sizes.iter().enumerate() {
        thick[l.layer[i]] = thick[l.layer[i]].max(depth(s));
    }
    let mut centre = vec![0.0; layers.len()];
    let mut at = 0.0;
    for r in (0..layers.len()).rev() {
        centre[r] = at + thick[r] / 2.0;
        at += thick[r] + o.rank_sep;
    }
    let along_extent = (at - o.rank_sep).max(0.0);
    let min_x = (0..l.layer.len())
        .map(|v| xs[v] - l.breadth[v] / 2.0)
        .fold(f64::INFINITY, f64::min);
    let max_x = (0..l.layer.len())
        .map(|v| xs[v] + l.breadth[v] / 2.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let point = |v: usize| {
        let (across, along) = (xs[v] - min_x, centre[l.layer[v]]);
        if lr {
            (along_extent - along, across)
        } else {
            (across, along)
        }
    };
    let nodes = g
        .sizes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (x, y) = point(i);
            Placed {
                x,
                y,
                w: s.w,
                h: s.h,
                layer: l.layer[i],
            }
        })
        .collect();
    let edges = g
        .edges
        .iter()
        .zip(&l.chains)
        .map(|(&(from, to), chain)| Route {
            from,
            to,
            points: chain.iter().map(|&v| point(v)).collect(),
        })
        .collect();
    let across_extent = max_x - min_x;
    let (width, height) = if lr {
        (along_extent, across_extent)
    } else {
        (across_extent, along_extent)
    };
    Layout {
        nodes,
        edges,
        width,
        height,
    }
}

#[cfg(test)]
mod tests;
