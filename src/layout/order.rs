//! Phase 2: the order of nodes within each layer, to reduce edge crossings.
//!
//! dot's recipe (Gansner et al. 1993, section 3) and a little more: several starting orders
//! (breadth-first from the sources, from the sink, and depth-first), each improved by
//! alternating weighted-median sweeps and transposition of neighbours (equal-cost swaps
//! allowed on alternate passes to escape plateaus); the best order seen is kept. Crossings
//! are counted with Barth, Jünger and Mutzel's accumulator tree (O(E log V) per gap).

mod starts;

use super::{keyed, Layered};

/// Iterations of sweep + transpose per starting order.
const MAX_ITER: usize = 24;
/// Graphs with at most this many nodes (dummies included) get twice the starting orders.
const SMALL: usize = 150;
/// How far (in places) sifting looks to either side of a node.
const SIFT_WINDOW: usize = 12;
/// Graphs with at most this many nodes (dummies included) also get random starts.
const MEDIUM: usize = 400;
/// How many.
const RANDOM_STARTS: usize = 16;
/// Stop a start after this many iterations without a 0.5% improvement.
const MIN_QUIT: usize = 4;

/// The layers, each a list of nodes left to right. `hint` gives the previous position of
/// nodes shared with the previous graph: those keep their relative order.
pub(super) fn order(l: &Layered, hint: Option<&Vec<Option<f64>>>) -> Vec<Vec<usize>> {
    let layers_n = l.layer.iter().max().map_or(0, |m| m + 1);
    let mut st = State {
        l,
        pos: vec![0; l.layer.len()],
        layers: vec![vec![]; layers_n],
        fixed: vec![false; l.layer.len()],
        targets: Vec::new(),
        tree: Vec::new(),
    };
    if let Some(hint) = hint {
        return st.warm(hint);
    }
    let mut starts = vec![st.bfs(false), st.bfs(true), st.dfs()];
    if l.layer.len() <= SMALL {
        // Small graphs can afford the mirror image of each start too.
        let mirrored: Vec<Vec<Vec<usize>>> = starts
            .iter()
            .map(|s| {
                s.iter()
                    .map(|layer| layer.iter().rev().copied().collect())
                    .collect()
            })
            .collect();
        starts.extend(mirrored);
    }
    if l.layer.len() <= MEDIUM {
        // And a few shuffles of the first, from a fixed seed (deterministic).
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..RANDOM_STARTS {
            let mut layers = starts[0].clone();
            for layer in &mut layers {
                for i in (1..layer.len()).rev() {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    layer.swap(i, (seed % (i as u64 + 1)) as usize);
                }
            }
            starts.push(layers);
        }
    }
    let mut best: Option<(usize, Vec<Vec<usize>>)> = None;
    let deterministic = starts.len()
        - if l.layer.len() <= MEDIUM {
            RANDOM_STARTS
        } else {
            0
        };
    for (k, start) in starts.into_iter().enumerate() {
        st.set(start);
        // Shuffled starts get a shorter run: many cheap tries beat a few long ones.
        let crossings = st.improve(if k < deterministic {
            MAX_ITER
        } else {
            MAX_ITER / 3
        });
        if best.as_ref().is_none_or(|(c, _)| crossings < *c) {
            best = Some((crossings, st.layers.clone()));
        }
        if crossings == 0 {
            break;
        }
    }
    let Some((mut crossings, layers)) = best else {
        return vec![];
    };
    st.set(layers);
    // Polish the winner: sift and transpose again while that still removes crossings.
    for _ in 0..4 {
        if crossings == 0 {
            break;
        }
        let before = st.layers.clone();
        st.sift();
        st.transpose(true);
        st.transpose(false);
        let after = st.crossings();
        if after >= crossings {
            st.set(before);
            break;
        }
        crossings = after;
    }
    st.layers
}

struct State<'a> {
    l: &'a Layered,
    pos: Vec<usize>,
    layers: Vec<Vec<usize>>,
    /// Nodes whose relative order must not change (warm start).
    fixed: Vec<bool>,
    /// Scratch space for crossing counts.
    targets: Vec<usize>,
    tree: Vec<usize>,
}

impl State<'_> {
    fn set(&mut self, layers: Vec<Vec<usize>>) {
        self.layers = layers;
        for layer in &self.layers {
            for (i, &v) in layer.iter().enumerate() {
                self.pos[v] = i;
            }
        }
    }

    /// Sweeps and transposes until no real progress; leaves the best order in place and
    /// returns its crossings.
    fn improve(&mut self, max_iter: usize) -> usize {
        let mut best = self.crossings();
        let mut best_layers = self.layers.clone();
        let mut trying = 0;
        for iter in 0..max_iter {
            if best == 0 {
                break;
            }
            self.median_sweep(iter % 2 == 0);
            self.transpose(iter % 4 >= 2);
            let c = self.crossings();
            if c <= best {
                if (c as f64) < 0.995 * best as f64 {
                    trying = 0;
                }
                best = c;
                best_layers.clone_from(&self.layers);
            } else {
                trying += 1;
                if trying >= MIN_QUIT {
                    break;
                }
            }
        }
        self.set(best_layers);
        if best > 0 {
            // Sifting polishes the best order; keep it only if it helped.
            let before = self.layers.clone();
            self.sift();
            self.transpose(false);
            let after = self.crossings();
            if after < best {
                return after;
            }
            self.set(before);
        }
        best
    }

    /// Reorders every layer by the weighted median of its neighbours in the layer below
    /// (`upward`) or above; nodes with no such neighbour keep their place.
    fn median_sweep(&mut self, upward: bool) {
        let n_layers = self.layers.len();
        let mut keyed: Vec<(u64, usize)> = Vec::new();
        let mut slots: Vec<usize> = Vec::new();
        let mut buf: Vec<usize> = Vec::new();
        for k in 0..n_layers.saturating_sub(1) {
            let r = if upward { k + 1 } else { n_layers - 2 - k };
            keyed.clear();
            slots.clear();
            for (i, &v) in self.layers[r].iter().enumerate() {
                let nbrs = if upward {
                    &self.l.down[v]
                } else {
                    &self.l.up[v]
                };
                if let Some(m) = median(&self.pos, nbrs, &mut buf) {
                    keyed.push((keyed::f64_key(m), i));
                    slots.push(i);
                }
            }
            keyed::sort(&mut keyed);
            let old = self.layers[r].clone();
            for (&slot, &(_, i)) in slots.iter().zip(&keyed) {
                let v = old[i];
                self.layers[r][slot] = v;
                self.pos[v] = slot;
            }
        }
    }

    /// Swaps neighbours while that lowers crossings (or, with `equal`, keeps them equal),
    /// never swapping two fixed nodes. Like dot, a layer is looked at again only when it
    /// or a neighbouring layer changed.
    fn transpose(&mut self, equal: bool) {
        let n_layers = self.layers.len();
        let mut candidate = vec![true; n_layers];
        let mut rounds = 0;
        while candidate.iter().any(|&c| c) && rounds < 16 {
            rounds += 1;
            for r in 0..n_layers {
                if !candidate[r] {
                    continue;
                }
                candidate[r] = false;
                let mut changed = false;
                for i in 1..self.layers[r].len() {
                    let (v, w) = (self.layers[r][i - 1], self.layers[r][i]);
                    if self.fixed[v] && self.fixed[w] {
                        continue;
                    }
                    let (now, swapped) = self.pair(v, w);
                    if swapped < now || (equal && swapped == now && now > 0) {
                        self.layers[r].swap(i - 1, i);
                        self.pos[v] = i;
                        self.pos[w] = i - 1;
                        if swapped < now {
                            changed = true;
                        }
                    }
                }
                if changed {
                    candidate[r] = true;
                    if r > 0 {
                        candidate[r - 1] = true;
                    }
                    if r + 1 < n_layers {
                        candidate[r + 1] = true;
                    }
                }
            }
        }
    }

    /// Crossings among the edges of `v` and `w` above and below: with v left of w, and
    /// with w left of v.
    fn pair(&self, v: usize, w: usize) -> (usize, usize) {
        let mut now = 0;
        let mut swapped = 0;
        for (a, b) in [
            (&self.l.up[v], &self.l.up[w]),
            (&self.l.down[v], &self.l.down[w]),
        ] {
            for &x in a {
                let px = self.pos[x];
                for &y in b {
                    let py = self.pos[y];
                    now += usize::from(px > py);
                    swapped += usize::from(px < py);
                }
            }
        }
        (now, swapped)
    }

    /// Total crossings between all neighbouring layers.
    fn crossings(&mut self) -> usize {
        let mut total = 0;
        for r in 0..self.layers.len().saturating_sub(1) {
            total += self.gap_crossings(r);
        }
        total
    }

    /// Crossings between layers r and r + 1 (Barth, Jünger, Mutzel 2004).
    fn gap_crossings(&mut self, r: usize) -> usize {
        let south = self.layers[r + 1].len();
        if south == 0 {
            return 0;
        }
        let targets = &mut self.targets;
        targets.clear();
        for &v in &self.layers[r] {
            let start = targets.len();
            targets.extend(self.l.up[v].iter().map(|&w| self.pos[w]));
            targets[start..].sort_unstable();
        }
        let mut first = 1;
        while first < south {
            first *= 2;
        }
        let tree = &mut self.tree;
        tree.clear();
        tree.resize(2 * first - 1, 0);
        let first = first - 1;
        let mut crossings = 0;
        for &t in targets.iter() {
            let mut index = t + first;
            tree[index] += 1;
            while index > 0 {
                if index % 2 == 1 {
                    crossings += tree[index + 1];
                }
                index = (index - 1) / 2;
                tree[index] += 1;
            }
        }
        crossings
    }

    /// Sifting: each node in turn (most edges first) moves to the place in its layer where
    /// its edges cross the fewest others, counted against both neighbouring layers.
    fn sift(&mut self) {
        for r in 0..self.layers.len() {
            let layer = &self.layers[r];
            let degree = |v: usize| (self.l.up[v].len() + self.l.down[v].len()) as u64;
            let by_degree: Vec<usize> =
                keyed::order_of(layer.iter().map(|&v| u64::MAX - degree(v)))
                    .into_iter()
                    .map(|i| layer[i])
                    .collect();
            for v in by_degree {
                if self.fixed[v] {
                    continue;
                }
                let i = self.pos[v];
                let layer = &self.layers[r];
                // The change in crossings of putting v at slot j instead of i.
                let (mut best, mut best_at, mut delta) = (0i64, i, 0i64);
                for j in (i.saturating_sub(SIFT_WINDOW)..i).rev() {
                    let (w_left, v_left) = self.pair(layer[j], v);
                    delta += v_left as i64 - w_left as i64;
                    if delta < best {
                        (best, best_at) = (delta, j);
                    }
                }
                delta = 0;
                for (j, &w) in layer.iter().enumerate().skip(i + 1).take(SIFT_WINDOW) {
                    let (v_left, w_left) = self.pair(v, w);
                    delta += w_left as i64 - v_left as i64;
                    if delta < best {
                        (best, best_at) = (delta, j);
                    }
                }
                if best_at != i {
                    let layer = &mut self.layers[r];
                    let node = layer.remove(i);
                    layer.insert(best_at, node);
                    for (k, &u) in layer.iter().enumerate() {
                        self.pos[u] = k;
                    }
                }
            }
        }
    }
}

/// dot's weighted median of the neighbours' positions (None without neighbours).
fn median(pos: &[usize], nbrs: &[usize], buf: &mut Vec<usize>) -> Option<f64> {
    buf.clear();
    buf.extend(nbrs.iter().map(|&w| pos[w]));
    if buf.is_empty() {
        return None;
    }
    buf.sort_unstable();
    let p = |i: usize| buf[i] as f64;
    let len = buf.len();
    let m = len / 2;
    Some(match len {
        1 => p(0),
        2 => (p(0) + p(1)) / 2.0,
        len if len % 2 == 1 => p(m),
        len => {
            let left = p(m - 1) - p(0);
            let right = p(len - 1) - p(m);
            if left + right == 0.0 {
                (p(m - 1) + p(m)) / 2.0
            } else {
                (p(m - 1) * right + p(m) * left) / (left + right)
            }
        }
    })
}
