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
    down: Csr,
    up: Csr,
    /// For each input edge (as the list's index), its chain of nodes from source to target.
    chains: Csr,
}

/// Lists in one flat array: list v is `items[off[v]..off[v + 1]]`. Adjacency this way
/// costs two allocations instead of one per node, and reads from one block of memory.
#[derive(Clone, Debug, Default)]
struct Csr {
    off: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    /// `n` lists from (list, item) pairs; each list keeps its items in the pairs' order.
    fn from_pairs(n: usize, pairs: &[(u32, u32)]) -> Csr {
        let mut off = vec![0u32; n + 1];
        for &(v, _) in pairs {
            off[v as usize + 1] += 1;
        }
        for v in 0..n {
            off[v + 1] += off[v];
        }
        let mut next = off.clone();
        let mut items = vec![0u32; pairs.len()];
        for &(v, w) in pairs {
            items[next[v as usize] as usize] = w;
            next[v as usize] += 1;
        }
        Csr { off, items }
    }

    /// List v.
    #[inline(always)]
    fn of(&self, v: usize) -> &[u32] {
        &self.items[self.off[v] as usize..self.off[v + 1] as usize]
    }
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

/// Dummies allowed per real node and edge. A node used on every line of a long program
/// (the `x` of `a_i = sin(a_{i-1})*x + a_{i-2}`) has edges spanning every layer, and their
/// dummies grow with the square of the depth (166,000 for 1,000 nodes). Past this budget
/// the longest edges get no dummies: they are drawn straight and left out of crossing
/// reduction. Every graph of the benchmark set stays under it (at most 2.5 per node and
/// edge), so their layouts are unchanged; so does any graph needing fewer than
/// [`DUMMIES_FLOOR`].
const DUMMIES_PER_ELEMENT: usize = 4;
/// Dummies every graph may have whatever its size: a class-sized network (inputs feeding
/// every block) keeps all its routes.
const DUMMIES_FLOOR: usize = 16_000;

/// The longest span that still gets dummies: all of them while the total fits the budget.
fn span_limit(g: &LayoutGraph, ranks: &[usize]) -> usize {
    let n = g.sizes.len();
    let mut spans: Vec<usize> = g
        .edges
        .iter()
        .filter(|&&(a, b)| a < n && b < n && a != b)
        .map(|&(a, b)| ranks[a].abs_diff(ranks[b]))
        .collect();
    let budget = (DUMMIES_PER_ELEMENT * (n + g.edges.len())).max(DUMMIES_FLOOR);
    if spans.iter().map(|s| s - 1).sum::<usize>() <= budget {
        return usize::MAX;
    }
    spans.sort_unstable();
    let mut used = 0;
    let mut limit = 1;
    for s in spans {
        used += s - 1;
        if used > budget {
            break;
        }
        limit = s;
    }
    limit
}

/// Splits each edge spanning k > 1 layers into a chain through k - 1 dummies (up to the
/// budget of [`span_limit`]; a longer edge is one segment from end to end, outside the
/// layered graph).
fn split_long_edges(g: &LayoutGraph, ranks: &[usize], lr: bool) -> Layered {
    let n = g.sizes.len();
    let limit = span_limit(g, ranks);
    let across = |s: &Size| if lr { s.h } else { s.w };
    let mut layer = ranks.to_vec();
    let mut breadth: Vec<f64> = g.sizes.iter().map(across).collect();
    // Segments between neighbouring layers as (lower, upper), and the chains.
    let mut segments: Vec<(u32, u32)> = Vec::with_capacity(g.edges.len());
    let mut chain_off = Vec::with_capacity(g.edges.len() + 1);
    let mut chain = Vec::with_capacity(2 * g.edges.len());
    chain_off.push(0u32);
    for &(a, b) in &g.edges {
        if a < n && b < n && a != b {
            let (lo, hi) = if ranks[a] <= ranks[b] { (a, b) } else { (b, a) };
            let first = chain.len();
            let mut prev = lo as u32;
            chain.push(prev);
            if ranks[hi] - ranks[lo] > limit {
                chain.push(hi as u32);
            } else {
                for r in ranks[lo] + 1..ranks[hi] {
                    let d = layer.len() as u32;
                    layer.push(r);
                    breadth.push(0.0);
                    segments.push((prev, d));
                    chain.push(d);
                    prev = d;
                }
                segments.push((prev, hi as u32));
                chain.push(hi as u32);
            }
            if lo != a {
                chain[first..].reverse();
            }
        }
        chain_off.push(chain.len() as u32);
    }
    let total = layer.len();
    let up = Csr::from_pairs(total, &segments);
    let flipped: Vec<(u32, u32)> = segments.iter().map(|&(lo, hi)| (hi, lo)).collect();
    Layered {
        real: n,
        layer,
        breadth,
        down: Csr::from_pairs(total, &flipped),
        up,
        chains: Csr {
            off: chain_off,
            items: chain,
        },
    }
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
        .enumerate()
        .map(|(i, &(from, to))| Route {
            from,
            to,
            points: l.chains.of(i).iter().map(|&v| point(v as usize)).collect(),
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
