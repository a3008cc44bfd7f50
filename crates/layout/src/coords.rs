//! Phase 3: positions across the layers (Brandes & Köpf 2001).
//!
//! Four alignments (towards the neighbours above or below, packing to the left or right):
//! each node is aligned with a median neighbour unless that would cross an alignment made
//! before or an inner segment (between two dummies, which keeps long edges straight); blocks
//! of aligned nodes are packed by a longest-path pass over the "must be left of" relation
//! (iterative, no recursion). The four results are aligned to the narrowest and averaged
//! (mean of the two medians), then every layer is swept once to guarantee the separation.

use super::{keyed, Csr, Layered};

/// The centre position across the layers of every node, dummies included.
pub(super) fn place(l: &Layered, layers: &[Vec<usize>], node_sep: f64) -> Vec<f64> {
    let n = l.layer.len();
    if n == 0 {
        return vec![];
    }
    let marked = type1_conflicts(l, layers);
    let mut results: Vec<Vec<f64>> = Vec::with_capacity(4);
    for towards_top in [true, false] {
        for from_left in [true, false] {
            // Processing order: the layer the alignment looks to comes first; within a
            // layer, the side packed from first. One flat list, layer after layer.
            let mut order = Csr {
                off: Vec::with_capacity(layers.len() + 1),
                items: Vec::with_capacity(n),
            };
            order.off.push(0);
            for k in 0..layers.len() {
                let layer = &layers[if towards_top { layers.len() - 1 - k } else { k }];
                if from_left {
                    order.items.extend(layer.iter().map(|&v| v as u32));
                } else {
                    order.items.extend(layer.iter().rev().map(|&v| v as u32));
                }
                order.off.push(order.items.len() as u32);
            }
            let nbrs = |v: usize| {
                if towards_top {
                    l.up.of(v)
                } else {
                    l.down.of(v)
                }
            };
            let mut x = align_and_pack(l, &order, &nbrs, &marked, node_sep);
            if !from_left {
                x.iter_mut().for_each(|x| *x = -*x);
            }
            results.push(x);
        }
    }
    let mut x = balance(l, &results);
    enforce_separation(l, layers, &mut x, node_sep);
    x
}

fn sep(l: &Layered, a: usize, b: usize, node_sep: f64) -> f64 {
    (l.breadth[a] + l.breadth[b]) / 2.0 + node_sep
}

/// Edges that cross an inner segment (dummy to dummy) without being one: such an edge
/// never gets aligned, so long edges stay straight.
fn type1_conflicts(l: &Layered, layers: &[Vec<usize>]) -> Marked {
    let mut pos = vec![0usize; l.layer.len()];
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    let dummy = |v: usize| v >= l.real;
    let mut marked = Marked::default();
    // Gap between layer r (lower) and r + 1 (upper), scanning the lower layer.
    for r in 0..layers.len().saturating_sub(1) {
        let (lower, upper_len) = (&layers[r], layers[r + 1].len());
        let mut k0 = 0usize;
        let mut scan = 0usize;
        for (l1, &v) in lower.iter().enumerate() {
            let inner = if dummy(v) {
                l.up.of(v).iter().map(|&u| u as usize).find(|&u| dummy(u))
            } else {
                None
            };
            if l1 + 1 == lower.len() || inner.is_some() {
                let k1 = inner.map_or(upper_len.saturating_sub(1), |u| pos[u]);
                while scan <= l1 {
                    let w = lower[scan];
                    for &u in l.up.of(w) {
                        let u = u as usize;
                        let k = pos[u];
                        let is_inner = dummy(w) && dummy(u);
                        if (k < k0 || k > k1) && !is_inner {
                            marked.insert((w.min(u), w.max(u)));
                        }
                    }
                    scan += 1;
                }
                k0 = k1;
            }
        }
    }
    marked.0.sort_unstable();
    marked
}

/// Segments (as ordered node pairs) that must not be aligned, sorted for lookup.
#[derive(Default)]
struct Marked(Vec<(usize, usize)>);

impl Marked {
    fn insert(&mut self, pair: (usize, usize)) {
        self.0.push(pair);
    }

    fn contains(&self, pair: &(usize, usize)) -> bool {
        self.0.binary_search(pair).is_ok()
    }
}

/// One of the four alignments, then compaction: `order` lists layers starting with the
/// one aligned to, each left to right in packing order.
fn align_and_pack<'a>(
    l: &'a Layered,
    order: &Csr,
    nbrs: &dyn Fn(usize) -> &'a [u32],
    marked: &Marked,
    node_sep: f64,
) -> Vec<f64> {
    let n = l.layer.len();
    let layers_n = order.off.len() - 1;
    let mut pos = vec![0usize; n];
    for k in 0..layers_n {
        for (i, &v) in order.of(k).iter().enumerate() {
            pos[v as usize] = i;
        }
    }
    let mut root: Vec<usize> = (0..n).collect();
    let mut align: Vec<usize> = (0..n).collect();
    let mut us: Vec<(u64, usize)> = Vec::new();
    for k in 1..layers_n {
        let mut r: isize = -1;
        for &v in order.of(k) {
            let v = v as usize;
            let all = nbrs(v);
            if all.is_empty() {
                continue;
            }
            // The neighbours left to right (a node's place is unique in its layer).
            us.clear();
            us.extend(all.iter().map(|&u| (pos[u as usize] as u64, u as usize)));
            keyed::sort(&mut us);
            us.dedup();
            let d = us.len();
            let medians = if d % 2 == 1 {
                d / 2..d / 2 + 1
            } else {
                d / 2 - 1..d / 2 + 1
            };
            for m in medians {
                if align[v] != v {
                    break;
                }
                let u = us[m].1;
                if !marked.contains(&(u.min(v), u.max(v))) && r < pos[u] as isize {
                    align[u] = v;
                    root[v] = root[u];
                    align[v] = root[v];
                    r = pos[u] as isize;
                }
            }
        }
    }
    pack(l, order, &root, &pos, node_sep)
}

/// Longest-path packing of blocks from the left: a block sits right of every block that
/// holds a left neighbour of one of its nodes, by the boxes' separation.
fn pack(l: &Layered, order: &Csr, root: &[usize], pos: &[usize], node_sep: f64) -> Vec<f64> {
    let n = l.layer.len();
    // "Block a sits left of block b by s", as flat lists per block.
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(n);
    let mut gaps: Vec<f64> = Vec::with_capacity(n);
    let mut target: Vec<u32> = Vec::with_capacity(n);
    let mut indeg = vec![0usize; n];
    for k in 0..order.off.len() - 1 {
        for w in order.of(k).windows(2) {
            let (v, u) = (w[0] as usize, w[1] as usize);
            let (a, b) = (root[v], root[u]);
            pairs.push((a as u32, gaps.len() as u32));
            gaps.push(sep(l, v, u, node_sep));
            target.push(b as u32);
            indeg[b] += 1;
        }
    }
    let succ = Csr::from_pairs(n, &pairs);
    let mut bx = vec![0.0f64; n];
    let queue: Vec<usize> = (0..n).filter(|&v| root[v] == v && indeg[v] == 0).collect();
    let queue_order = keyed::order_of(queue.iter().map(|&v| pos[v] as u64));
    let mut queue: Vec<usize> = queue_order.into_iter().map(|i| queue[i]).collect();
    let mut head = 0;
    while head < queue.len() {
        let a = queue[head];
        head += 1;
        for &g in succ.of(a) {
            let (b, s) = (target[g as usize] as usize, gaps[g as usize]);
            bx[b] = bx[b].max(bx[a] + s);
            indeg[b] -= 1;
            if indeg[b] == 0 {
                queue.push(b);
            }
        }
    }
    (0..n).map(|v| bx[root[v]]).collect()
}

/// Aligns the four layouts to the narrowest and takes the mean of the two medians.
fn balance(l: &Layered, results: &[Vec<f64>]) -> Vec<f64> {
    let n = l.layer.len();
    let extent = |x: &Vec<f64>| {
        let lo = (0..n)
            .map(|v| x[v] - l.breadth[v] / 2.0)
            .fold(f64::INFINITY, f64::min);
        let hi = (0..n)
            .map(|v| x[v] + l.breadth[v] / 2.0)
            .fold(f64::NEG_INFINITY, f64::max);
        (lo, hi)
    };
    let extents: Vec<(f64, f64)> = results.iter().map(extent).collect();
    let narrowest = (0..results.len())
        .min_by(|&a, &b| (extents[a].1 - extents[a].0).total_cmp(&(extents[b].1 - extents[b].0)))
        .unwrap_or(0);
    let (lo, hi) = extents[narrowest];
    let shifted: Vec<Vec<f64>> = results
        .iter()
        .enumerate()
        .map(|(i, x)| {
            // Results 0 and 2 were packed from the left, 1 and 3 from the right.
            let shift = if i % 2 == 0 {
                lo - extents[i].0
            } else {
                hi - extents[i].1
            };
            x.iter().map(|v| v + shift).collect()
        })
        .collect();
    (0..n)
        .map(|v| {
            // The mean of the two middle values of four (a sorting network).
            let mm = |a: f64, b: f64| (a.min(b), a.max(b));
            let (a, b) = mm(shifted[0][v], shifted[1][v]);
            let (c, d) = mm(shifted[2][v], shifted[3][v]);
            let (_, c) = mm(a, c);
            let (b, _) = mm(b, d);
            let (b, c) = mm(b, c);
            (b + c) / 2.0
        })
        .collect()
}

/// Pushes nodes apart where averaging left two closer than their separation.
fn enforce_separation(l: &Layered, layers: &[Vec<usize>], x: &mut [f64], node_sep: f64) {
    for layer in layers {
        for w in layer.windows(2) {
            let min = x[w[0]] + sep(l, w[0], w[1], node_sep);
            if x[w[1]] < min {
                x[w[1]] = min;
            }
        }
    }
}
