//! Phase 2: the order of nodes within each layer, to reduce edge crossings.
//!
//! dot's recipe (Gansner et al. 1993, section 3) and a little more: several starting orders
//! (breadth-first from the sources, from the sink, and depth-first), each improved by
//! alternating weighted-median sweeps and transposition of neighbours (equal-cost swaps
//! allowed on alternate passes to escape plateaus); the best order seen is kept. Crossings
//! are counted with Barth, Jünger and Mutzel's accumulator tree (O(E log V) per gap).

use super::Layered;

/// Iterations of sweep + transpose per starting order.
const MAX_ITER: usize = 24;
/// Stop a start after this many iterations without a 0.5% improvement.
const MIN_QUIT: usize = 8;

/// The layers, each a list of nodes left to right. `hint` gives the previous position of
/// nodes shared with the previous graph: those keep their relative order.
pub(super) fn order(l: &Layered, hint: Option<&Vec<Option<f64>>>) -> Vec<Vec<usize>> {
    let layers_n = l.layer.iter().max().map_or(0, |m| m + 1);
    let mut st = State {
        l,
        pos: vec![0; l.layer.len()],
        layers: vec![vec![]; layers_n],
        fixed: vec![false; l.layer.len()],
    };
    if let Some(hint) = hint {
        return st.warm(hint);
    }
    let starts = [st.bfs(false), st.bfs(true), st.dfs()];
    let mut best: Option<(usize, Vec<Vec<usize>>)> = None;
    for start in starts {
        st.set(start);
        let crossings = st.improve();
        if best.as_ref().is_none_or(|(c, _)| crossings < *c) {
            best = Some((crossings, st.layers.clone()));
        }
        if crossings == 0 {
            break;
        }
    }
    best.map(|(_, layers)| layers).unwrap_or_default()
}

struct State<'a> {
    l: &'a Layered,
    pos: Vec<usize>,
    layers: Vec<Vec<usize>>,
    /// Nodes whose relative order must not change (warm start).
    fixed: Vec<bool>,
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

    /// Breadth-first from the sources (layer 0 upwards) or from the top layer down.
    fn bfs(&self, from_top: bool) -> Vec<Vec<usize>> {
        let n = self.l.layer.len();
        let mut layers = vec![vec![]; self.layers.len()];
        let mut seen = vec![false; n];
        let top = self.layers.len().saturating_sub(1);
        let mut roots: Vec<usize> = (0..n)
            .filter(|&v| self.l.layer[v] == if from_top { top } else { 0 })
            .collect();
        roots.extend(0..n);
        let mut queue = std::collections::VecDeque::new();
        for r in roots {
            if seen[r] {
                continue;
            }
            seen[r] = true;
            queue.push_back(r);
            while let Some(v) = queue.pop_front() {
                layers[self.l.layer[v]].push(v);
                for &w in self.l.up[v].iter().chain(&self.l.down[v]) {
                    if !seen[w] {
                        seen[w] = true;
                        queue.push_back(w);
                    }
                }
            }
        }
        layers
    }

    /// Depth-first from the top, operands in order: the tree-like reading of an expression.
    fn dfs(&self) -> Vec<Vec<usize>> {
        let n = self.l.layer.len();
        let mut layers = vec![vec![]; self.layers.len()];
        let mut seen = vec![false; n];
        let mut roots: Vec<usize> = (0..n).filter(|&v| self.l.up[v].is_empty()).collect();
        roots.extend(0..n);
        for r in roots {
            if seen[r] {
                continue;
            }
            seen[r] = true;
            let mut stack = vec![r];
            while let Some(v) = stack.pop() {
                layers[self.l.layer[v]].push(v);
                for &w in self.l.down[v].iter().rev().chain(self.l.up[v].iter().rev()) {
                    if !seen[w] {
                        seen[w] = true;
                        stack.push(w);
                    }
                }
            }
        }
        layers
    }

    /// Sweeps and transposes until no real progress; leaves the best order in place and
    /// returns its crossings.
    fn improve(&mut self) -> usize {
        let mut best = self.crossings();
        let mut best_layers = self.layers.clone();
        let mut trying = 0;
        for iter in 0..MAX_ITER {
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
        best
    }

    /// Reorders every layer by the weighted median of its neighbours in the layer below
    /// (`upward`) or above; nodes with no such neighbour keep their place.
    fn median_sweep(&mut self, upward: bool) {
        let n_layers = self.layers.len();
        let rs: Vec<usize> = if upward {
            (1..n_layers).collect()
        } else {
            (0..n_layers.saturating_sub(1)).rev().collect()
        };
        for r in rs {
            let mut keyed: Vec<(f64, usize, usize)> = Vec::with_capacity(self.layers[r].len());
            let mut free_slots = Vec::new();
            for (i, &v) in self.layers[r].iter().enumerate() {
                let nbrs = if upward {
                    &self.l.down[v]
                } else {
                    &self.l.up[v]
                };
                if let Some(m) = self.median(nbrs) {
                    keyed.push((m, i, v));
                    free_slots.push(i);
                }
            }
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for (slot, (_, _, v)) in free_slots.into_iter().zip(keyed) {
                self.layers[r][slot] = v;
                self.pos[v] = slot;
            }
        }
    }

    /// dot's weighted median of neighbour positions.
    fn median(&self, nbrs: &[usize]) -> Option<f64> {
        let mut p: Vec<f64> = nbrs.iter().map(|&w| self.pos[w] as f64).collect();
        if p.is_empty() {
            return None;
        }
        p.sort_by(f64::total_cmp);
        let m = p.len() / 2;
        Some(match p.len() {
            1 => p[0],
            2 => (p[0] + p[1]) / 2.0,
            len if len % 2 == 1 => p[m],
            len => {
                let left = p[m - 1] - p[0];
                let right = p[len - 1] - p[m];
                if left + right == 0.0 {
                    (p[m - 1] + p[m]) / 2.0
                } else {
                    (p[m - 1] * right + p[m] * left) / (left + right)
                }
            }
        })
    }

    /// Swaps neighbours while that lowers crossings (or, with `equal`, keeps them equal),
    /// never swapping two fixed nodes.
    fn transpose(&mut self, equal: bool) {
        let mut improved = true;
        let mut rounds = 0;
        while improved && rounds < 8 {
            improved = false;
            rounds += 1;
            for r in 0..self.layers.len() {
                for i in 1..self.layers[r].len() {
                    let (v, w) = (self.layers[r][i - 1], self.layers[r][i]);
                    if self.fixed[v] && self.fixed[w] {
                        continue;
                    }
                    let (now, swapped) = (self.pair(v, w), self.pair(w, v));
                    if swapped < now || (equal && swapped == now && now > 0) {
                        self.layers[r].swap(i - 1, i);
                        self.pos[v] = i;
                        self.pos[w] = i - 1;
                        if swapped < now {
                            improved = true;
                        }
                    }
                }
            }
        }
    }

    /// Crossings among the edges of `v` and `w` (v left of w), above and below.
    fn pair(&self, v: usize, w: usize) -> usize {
        let count = |a: &[usize], b: &[usize]| {
            let mut c = 0;
            for &x in a {
                for &y in b {
                    if self.pos[x] > self.pos[y] {
                        c += 1;
                    }
                }
            }
            c
        };
        count(&self.l.up[v], &self.l.up[w]) + count(&self.l.down[v], &self.l.down[w])
    }

    /// Total crossings between all neighbouring layers.
    fn crossings(&self) -> usize {
        (0..self.layers.len().saturating_sub(1))
            .map(|r| self.gap_crossings(r))
            .sum()
    }

    /// Crossings between layers r and r + 1 (Barth, Jünger, Mutzel 2004).
    fn gap_crossings(&self, r: usize) -> usize {
        let south = self.layers[r + 1].len();
        if south == 0 {
            return 0;
        }
        let mut targets: Vec<usize> = Vec::new();
        for &v in &self.layers[r] {
            let start = targets.len();
            targets.extend(self.l.up[v].iter().map(|&w| self.pos[w]));
            targets[start..].sort_unstable();
        }
        let mut first = 1;
        while first < south {
            first *= 2;
        }
        let mut tree = vec![0usize; 2 * first - 1];
        let first = first - 1;
        let mut crossings = 0;
        for t in targets {
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

    /// Warm start: the previous positions of shared nodes order each layer; new nodes go
    /// where their neighbours are; only moves that keep shared nodes' order are made.
    fn warm(&mut self, hint: &[Option<f64>]) -> Vec<Vec<usize>> {
        let n = self.l.layer.len();
        let mut key: Vec<Option<f64>> = (0..n).map(|v| hint.get(v).copied().flatten()).collect();
        for v in 0..self.l.real.min(n) {
            self.fixed[v] = key[v].is_some();
        }
        // Unknown nodes take the mean key of known neighbours, spreading outwards.
        for _ in 0..4 {
            for v in 0..n {
                if key[v].is_some() {
                    continue;
                }
                let known: Vec<f64> = self.l.up[v]
                    .iter()
                    .chain(&self.l.down[v])
                    .filter_map(|&w| key[w])
                    .collect();
                if !known.is_empty() {
                    key[v] = Some(known.iter().sum::<f64>() / known.len() as f64);
                }
            }
        }
        let mut layers = self.bfs(false);
        for layer in &mut layers {
            let index: Vec<(f64, usize)> = layer
                .iter()
                .enumerate()
                .map(|(i, &v)| (key[v].unwrap_or(f64::MAX), i))
                .collect();
            let mut order: Vec<usize> = (0..layer.len()).collect();
            order.sort_by(|&a, &b| {
                index[a]
                    .0
                    .total_cmp(&index[b].0)
                    .then(index[a].1.cmp(&index[b].1))
            });
            *layer = order.into_iter().map(|i| layer[i]).collect();
        }
        self.set(layers);
        self.transpose(false);
        self.layers.clone()
    }
}
