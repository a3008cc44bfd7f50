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
/// How far (in places) sifting looks to either side of a node.
const SIFT_WINDOW: usize = 12;
/// Graphs with at most this many nodes (dummies included) also get random starts.
const MEDIUM: usize = 400;
/// How many.
const RANDOM_STARTS: usize = 16;
/// Iterations per random start.
const RANDOM_ITER: usize = MAX_ITER / 3;
/// A trial start is dropped after its second sweep if it has more than this many
/// percent of the best crossings so far (it rarely catches up; most trials end here).
const TRIAL_BAR: usize = 120;
/// Above [`MEDIUM`], iterations per start shrink so that iterations x nodes stays near
/// `MAX_ITER * WORK` (a 500-node graph has 1,500-2,300 with its dummies)...
const WORK: usize = 1200;
/// ...but never below this.
const MIN_ITER: usize = 8;
/// Stop a start after this many iterations without a 0.5% improvement.
const MIN_QUIT: usize = 4;

/// The layers, each a list of nodes left to right. `hint` gives the previous position of
/// nodes shared with the previous graph: those keep their relative order.
pub(super) fn order(l: &Layered, hint: Option<&Vec<Option<f64>>>) -> Vec<Vec<usize>> {
    let mut st = State::new(l);
    if let Some(hint) = hint {
        return st.warm(hint);
    }
    // Graphs small enough for random starts treat every start after the first as a trial.
    let medium = l.layer.len() <= MEDIUM;
    let mut best: Option<usize> = None;
    let mut best_order = Vec::new();
    let mut keep = |st: &mut State, crossings: Option<usize>, best: &mut Option<usize>| {
        if let Some(c) = crossings {
            if best.is_none_or(|b| c < b) {
                *best = Some(c);
                best_order.clone_from(&st.order);
            }
        }
    };
    // Larger graphs skip the depth-first start (it never won on the 200- to 1000-node
    // benchmark graphs) and run fewer iterations, to stay within a frame.
    let starts = if medium {
        vec![st.bfs(false), st.bfs(true), st.dfs()]
    } else {
        vec![st.bfs(false), st.bfs(true)]
    };
    let iterations = if medium {
        MAX_ITER
    } else {
        (MAX_ITER * WORK / l.layer.len()).clamp(MIN_ITER, MAX_ITER)
    };
    for (k, start) in starts.iter().enumerate() {
        if best == Some(0) {
            break;
        }
        st.set(start);
        let bar = if k > 0 && medium { best } else { None };
        let crossings = st.improve(iterations, bar);
        keep(&mut st, crossings, &mut best);
    }
    if medium {
        // Shuffles of the first start, from a fixed seed (deterministic).
        st.set(&starts[0]);
        let first = st.order.clone();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..RANDOM_STARTS {
            if best == Some(0) {
                break;
            }
            st.order.copy_from_slice(&first);
            for r in 0..st.layers_n() {
                let layer = &mut st.order[st.start[r]..st.start[r + 1]];
                for i in (1..layer.len()).rev() {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    layer.swap(i, (seed % (i as u64 + 1)) as usize);
                }
            }
            st.reindex();
            let crossings = st.improve(RANDOM_ITER, best);
            keep(&mut st, crossings, &mut best);
        }
    }
    let Some(mut crossings) = best else {
        return vec![];
    };
    st.restore(&best_order);
    // Polish the winner: sift and transpose again while that still removes crossings.
    let mut before = Vec::new();
    for _ in 0..4 {
        if crossings == 0 {
            break;
        }
        before.clone_from(&st.order);
        st.sift();
        st.transpose(true);
        st.transpose(false);
        let after = st.crossings();
        if after >= crossings {
            st.restore(&before);
            break;
        }
        crossings = after;
    }
    st.layers()
}

/// The search's state: every layer is a fixed range of one flat array, so saving and
/// restoring an order is one copy, with no allocation.
struct State<'a> {
    l: &'a Layered,
    /// Each node's place in its layer.
    pos: Vec<u32>,
    /// Layer r is `order[start[r]..start[r + 1]]`.
    start: Vec<usize>,
    order: Vec<u32>,
    /// Nodes whose relative order must not change (warm start).
    fixed: Vec<bool>,
    /// Scratch space.
    targets: Vec<u32>,
    tree: Vec<u32>,
    keyed: Vec<(u64, usize)>,
    slots: Vec<usize>,
    buf: Vec<u32>,
    old: Vec<u32>,
    saved: Vec<u32>,
    candidate: Vec<bool>,
}

impl<'a> State<'a> {
    fn new(l: &'a Layered) -> State<'a> {
        let n = l.layer.len();
        let layers_n = l.layer.iter().max().map_or(0, |m| m + 1);
        let mut start = vec![0usize; layers_n + 1];
        for &r in &l.layer {
            start[r + 1] += 1;
        }
        for r in 0..layers_n {
            start[r + 1] += start[r];
        }
        State {
            l,
            pos: vec![0; n],
            start,
            order: vec![0; n],
            fixed: vec![false; n],
            targets: Vec::new(),
            tree: Vec::new(),
            keyed: Vec::new(),
            slots: Vec::new(),
            buf: Vec::new(),
            old: Vec::new(),
            saved: Vec::new(),
            candidate: Vec::new(),
        }
    }

    fn layers_n(&self) -> usize {
        self.start.len() - 1
    }

    fn layer(&self, r: usize) -> &[u32] {
        &self.order[self.start[r]..self.start[r + 1]]
    }

    /// The order as one list per layer.
    fn layers(&self) -> Vec<Vec<usize>> {
        (0..self.layers_n())
            .map(|r| self.layer(r).iter().map(|&v| v as usize).collect())
            .collect()
    }

    /// Takes `layers` (each layer holding exactly its nodes) as the current order.
    fn set(&mut self, layers: &[Vec<usize>]) {
        for (r, layer) in layers.iter().enumerate() {
            for (i, &v) in layer.iter().enumerate() {
                self.order[self.start[r] + i] = v as u32;
                self.pos[v] = i as u32;
            }
        }
    }

    /// Goes back to an order saved from `self.order`.
    fn restore(&mut self, saved: &[u32]) {
        self.order.copy_from_slice(saved);
        self.reindex();
    }

    /// Each node's place from `self.order`.
    fn reindex(&mut self) {
        for r in 0..self.layers_n() {
            for i in self.start[r]..self.start[r + 1] {
                self.pos[self.order[i] as usize] = (i - self.start[r]) as u32;
            }
        }
    }

    /// Sweeps and transposes until no real progress; leaves the best order in place and
    /// returns its crossings. With `bar` (the best count so far) the start is a trial: its
    /// first sweep goes without transposition or count, and it is dropped (None) if after
    /// two sweeps it has more than [`TRIAL_BAR`] percent of `bar`.
    fn improve(&mut self, max_iter: usize, bar: Option<usize>) -> Option<usize> {
        // A trial's starting order is never the best: no need to count it.
        let mut best = if bar.is_some() {
            usize::MAX
        } else {
            self.crossings()
        };
        let mut best_order = std::mem::take(&mut self.saved);
        best_order.clone_from(&self.order);
        let mut trying = 0;
        for iter in 0..max_iter {
            if best == 0 {
                break;
            }
            self.median_sweep(iter % 2 == 0);
            if bar.is_some() && iter == 0 {
                // A trial's first sweep is neither transposed nor counted: it only
                // brings the shuffle near a sensible order.
                continue;
            }
            self.transpose(iter % 4 >= 2);
            let c = self.crossings();
            if iter == 1 && bar.is_some_and(|bar| c * 100 > bar.saturating_mul(TRIAL_BAR)) {
                self.saved = best_order;
                return None;
            }
            if c <= best {
                if (c as f64) < 0.995 * best as f64 {
                    trying = 0;
                }
                best = c;
                best_order.copy_from_slice(&self.order);
            } else {
                trying += 1;
                if trying >= MIN_QUIT {
                    break;
                }
            }
        }
        self.restore(&best_order);
        // Sifting polishes the best order (of a trial, only one that has caught up with the
        // best so far); keep it only if it helped.
        if best > 0 && bar.is_none_or(|bar| best <= bar) {
            self.sift();
            self.transpose(false);
            let after = self.crossings();
            if after < best {
                best = after;
            } else {
                self.restore(&best_order);
            }
        }
        self.saved = best_order;
        Some(best)
    }

    /// Reorders every layer by the weighted median of its neighbours in the layer below
    /// (`upward`) or above; nodes with no such neighbour keep their place.
    fn median_sweep(&mut self, upward: bool) {
        let n_layers = self.layers_n();
        for k in 0..n_layers.saturating_sub(1) {
            let r = if upward { k + 1 } else { n_layers - 2 - k };
            let (from, to) = (self.start[r], self.start[r + 1]);
            self.keyed.clear();
            self.slots.clear();
            for i in 0..to - from {
                let v = self.order[from + i] as usize;
                let nbrs = if upward {
                    self.l.down.of(v)
                } else {
                    self.l.up.of(v)
                };
                if let Some(m) = median(&self.pos, nbrs, &mut self.buf) {
                    self.keyed.push((keyed::f64_key(m), i));
                    self.slots.push(i);
                }
            }
            keyed::sort(&mut self.keyed);
            self.old.clear();
            self.old.extend_from_slice(&self.order[from..to]);
            for (&slot, &(_, i)) in self.slots.iter().zip(&self.keyed) {
                let v = self.old[i];
                self.order[from + slot] = v;
                self.pos[v as usize] = slot as u32;
            }
        }
    }

    /// Swaps neighbours while that lowers crossings (or, with `equal`, keeps them equal),
    /// never swapping two fixed nodes. Like dot, a layer is looked at again only when it
    /// or a neighbouring layer changed.
    fn transpose(&mut self, equal: bool) {
        let n_layers = self.layers_n();
        let mut candidate = std::mem::take(&mut self.candidate);
        candidate.clear();
        candidate.resize(n_layers, true);
        let mut rounds = 0;
        while candidate.iter().any(|&c| c) && rounds < 16 {
            rounds += 1;
            for r in 0..n_layers {
                if !candidate[r] {
                    continue;
                }
                candidate[r] = false;
                let mut changed = false;
                for i in self.start[r] + 1..self.start[r + 1] {
                    let (v, w) = (self.order[i - 1] as usize, self.order[i] as usize);
                    if self.fixed[v] && self.fixed[w] {
                        continue;
                    }
                    let (now, swapped) = self.pair(v, w);
                    if swapped < now || (equal && swapped == now && now > 0) {
                        self.order.swap(i - 1, i);
                        let p = i - self.start[r];
                        self.pos[v] = p as u32;
                        self.pos[w] = (p - 1) as u32;
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
        self.candidate = candidate;
    }

    /// Crossings among the edges of `v` and `w` above and below: with v left of w, and
    /// with w left of v.
    #[inline(always)]
    fn pair(&self, v: usize, w: usize) -> (usize, usize) {
        let mut now = 0;
        let mut swapped = 0;
        for (a, b) in [
            (self.l.up.of(v), self.l.up.of(w)),
            (self.l.down.of(v), self.l.down.of(w)),
        ] {
            for &x in a {
                let px = self.pos[x as usize];
                for &y in b {
                    let py = self.pos[y as usize];
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
        for r in 0..self.layers_n().saturating_sub(1) {
            total += self.gap_crossings(r);
        }
        total
    }

    /// Crossings between layers r and r + 1: inversions among the edges' upper ends, read
    /// in the order of their lower ends. Small gaps are counted pair by pair; larger ones
    /// with Barth, Jünger and Mutzel's accumulator tree (2004).
    fn gap_crossings(&mut self, r: usize) -> usize {
        let south = self.start[r + 2] - self.start[r + 1];
        if south == 0 {
            return 0;
        }
        let targets = &mut self.targets;
        targets.clear();
        for &v in &self.order[self.start[r]..self.start[r + 1]] {
            let from = targets.len();
            targets.extend(
                self.l
                    .up
                    .of(v as usize)
                    .iter()
                    .map(|&w| self.pos[w as usize]),
            );
            if targets.len() - from > 1 {
                targets[from..].sort_unstable();
            }
        }
        let mut crossings = 0usize;
        if targets.len() <= 48 {
            for (i, &a) in targets.iter().enumerate() {
                for &b in &targets[i + 1..] {
                    crossings += usize::from(b < a);
                }
            }
            return crossings;
        }
        let mut first = 1;
        while first < south {
            first *= 2;
        }
        let tree = &mut self.tree;
        tree.clear();
        tree.resize(2 * first - 1, 0);
        let first = first - 1;
        for &t in targets.iter() {
            let mut index = t as usize + first;
            tree[index] += 1;
            while index > 0 {
                if index % 2 == 1 {
                    crossings += tree[index + 1] as usize;
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
        for r in 0..self.layers_n() {
            let from = self.start[r];
            let degree =
                |v: u32| (self.l.up.of(v as usize).len() + self.l.down.of(v as usize).len()) as u64;
            // Most edges first (ties left to right).
            let mut by_degree = std::mem::take(&mut self.keyed);
            by_degree.clear();
            by_degree.extend(
                self.layer(r)
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| (u64::MAX - degree(v), i)),
            );
            keyed::sort(&mut by_degree);
            let mut nodes = std::mem::take(&mut self.old);
            nodes.clear();
            nodes.extend(by_degree.iter().map(|&(_, i)| self.order[from + i]));
            self.keyed = by_degree;
            for &v in &nodes {
                let v = v as usize;
                if self.fixed[v] {
                    continue;
                }
                let i = self.pos[v] as usize;
                let layer = self.layer(r);
                // The change in crossings of putting v at slot j instead of i.
                let (mut best, mut best_at, mut delta) = (0i64, i, 0i64);
                for j in (i.saturating_sub(SIFT_WINDOW)..i).rev() {
                    let (w_left, v_left) = self.pair(layer[j] as usize, v);
                    delta += v_left as i64 - w_left as i64;
                    if delta < best {
                        (best, best_at) = (delta, j);
                    }
                }
                delta = 0;
                for (j, &w) in layer.iter().enumerate().skip(i + 1).take(SIFT_WINDOW) {
                    let (v_left, w_left) = self.pair(v, w as usize);
                    delta += w_left as i64 - v_left as i64;
                    if delta < best {
                        (best, best_at) = (delta, j);
                    }
                }
                if best_at != i {
                    let to = self.start[r + 1];
                    let layer = &mut self.order[from..to];
                    if best_at < i {
                        layer[best_at..=i].rotate_right(1);
                    } else {
                        layer[i..=best_at].rotate_left(1);
                    }
                    for k in best_at.min(i)..=best_at.max(i) {
                        self.pos[self.order[from + k] as usize] = k as u32;
                    }
                }
            }
            self.old = nodes;
        }
    }
}

/// dot's weighted median of the neighbours' positions (None without neighbours).
fn median(pos: &[u32], nbrs: &[u32], buf: &mut Vec<u32>) -> Option<f64> {
    // Most nodes are dummies, with one neighbour each way.
    match *nbrs {
        [] => return None,
        [w] => return Some(pos[w as usize] as f64),
        [a, b] => return Some((pos[a as usize] as f64 + pos[b as usize] as f64) / 2.0),
        _ => {}
    }
    buf.clear();
    buf.extend(nbrs.iter().map(|&w| pos[w as usize]));
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
