//! Starting orders for the crossing reduction: breadth-first from either end,
//! depth-first from the top, and the warm start from the previous layout.

use super::super::keyed;
use super::State;

impl State<'_> {
    /// Breadth-first from the sources (layer 0 upwards) or from the top layer down.
    pub(super) fn bfs(&self, from_top: bool) -> Vec<Vec<usize>> {
        let n = self.l.layer.len();
        let mut layers = vec![vec![]; self.layers_n()];
        let mut seen = vec![false; n];
        let top = self.layers_n().saturating_sub(1);
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
                for &w in self.l.up.of(v).iter().chain(self.l.down.of(v)) {
                    let w = w as usize;
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
    pub(super) fn dfs(&self) -> Vec<Vec<usize>> {
        let n = self.l.layer.len();
        let mut layers = vec![vec![]; self.layers_n()];
        let mut seen = vec![false; n];
        let mut roots: Vec<usize> = (0..n).filter(|&v| self.l.up.of(v).is_empty()).collect();
        roots.extend(0..n);
        for r in roots {
            if seen[r] {
                continue;
            }
            seen[r] = true;
            let mut stack = vec![r];
            while let Some(v) = stack.pop() {
                layers[self.l.layer[v]].push(v);
                for &w in self
                    .l
                    .down
                    .of(v)
                    .iter()
                    .rev()
                    .chain(self.l.up.of(v).iter().rev())
                {
                    let w = w as usize;
                    if !seen[w] {
                        seen[w] = true;
                        stack.push(w);
                    }
                }
            }
        }
        layers
    }

    /// Warm start: the previous positions of shared nodes order each layer; new nodes go
    /// where their neighbours are; only moves that keep shared nodes' order are made.
    pub(super) fn warm(&mut self, hint: &[Option<f64>]) -> Vec<Vec<usize>> {
        let n = self.l.layer.len();
        let mut key: Vec<Option<f64>> = (0..n).map(|v| hint.get(v).copied().flatten()).collect();
        let real = self.l.real.min(n);
        for (fixed, k) in self.fixed.iter_mut().zip(&key).take(real) {
            *fixed = k.is_some();
        }
        // Unknown nodes take the mean key of known neighbours, spreading outwards.
        for _ in 0..4 {
            for v in 0..n {
                if key[v].is_some() {
                    continue;
                }
                let known: Vec<f64> = self
                    .l
                    .up
                    .of(v)
                    .iter()
                    .chain(self.l.down.of(v))
                    .filter_map(|&w| key[w as usize])
                    .collect();
                if !known.is_empty() {
                    key[v] = Some(known.iter().sum::<f64>() / known.len() as f64);
                }
            }
        }
        let mut layers = self.bfs(false);
        for layer in &mut layers {
            let order = keyed::order_of(
                layer
                    .iter()
                    .map(|&v| keyed::f64_key(key[v].unwrap_or(f64::MAX))),
            );
            *layer = order.into_iter().map(|i| layer[i]).collect();
        }
        self.set(&layers);
        self.transpose(false);
        self.layers()
    }
}
