//! Phase 1: layers. Network simplex (Gansner et al. 1993, as in dot and dagre) finds the
//! layering with the least total edge span such that every edge goes up at least one
//! layer. Every walk is iterative.

/// The layer of every node: sources at 0, each edge at least one layer up, total span
/// minimal. Each weakly connected component is ranked on its own, its lowest node at 0.
pub(super) fn rank(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut ranks = vec![0usize; n];
    let comps = components(n, edges);
    // Each node's component and its index there; each component's edges, parallel
    // edges merged into one of higher weight.
    let (mut comp_of, mut local) = (vec![0usize; n], vec![0usize; n]);
    for (c, comp) in comps.iter().enumerate() {
        for (i, &v) in comp.iter().enumerate() {
            comp_of[v] = c;
            local[v] = i;
        }
    }
    let mut by_comp: Vec<Vec<(usize, usize)>> = vec![vec![]; comps.len()];
    for &(a, b) in edges {
        by_comp[comp_of[a]].push((local[a], local[b]));
    }
    for (comp, mut pairs) in comps.into_iter().zip(by_comp) {
        pairs.sort_unstable();
        let mut es: Vec<(usize, usize, i64)> = Vec::with_capacity(pairs.len());
        for (u, v) in pairs {
            match es.last_mut() {
                Some(last) if (last.0, last.1) == (u, v) => last.2 += 1,
                _ => es.push((u, v, 1)),
            }
        }
        let r = Simplex::new(comp.len(), es).solve();
        let min = r.iter().copied().min().unwrap_or(0);
        for (i, &v) in comp.iter().enumerate() {
            ranks[v] = (r[i] - min) as usize;
        }
    }
    ranks
}

/// Weakly connected components, each in ascending node order.
fn components(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut adj = vec![vec![]; n];
    for &(a, b) in edges {
        adj[a].push(b);
        adj[b].push(a);
    }
    let mut seen = vec![false; n];
    let mut out = Vec::new();
    for s in 0..n {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut comp = vec![s];
        let mut stack = vec![s];
        while let Some(v) = stack.pop() {
            for &w in &adj[v] {
                if !seen[w] {
                    seen[w] = true;
                    comp.push(w);
                    stack.push(w);
                }
            }
        }
        comp.sort_unstable();
        out.push(comp);
    }
    out
}

struct Simplex {
    n: usize,
    /// (tail, head, weight): the head's rank must exceed the tail's by at least 1.
    edges: Vec<(usize, usize, i64)>,
    incident: Vec<Vec<usize>>,
    rank: Vec<i64>,
    in_tree: Vec<bool>,
    cut: Vec<i64>,
    parent: Vec<Option<(usize, usize)>>,
    low: Vec<usize>,
    lim: Vec<usize>,
    /// The tree's nodes in post-order (children before parents), from `low_lim`.
    post: Vec<usize>,
}

impl Simplex {
    fn new(n: usize, edges: Vec<(usize, usize, i64)>) -> Simplex {
        let mut incident = vec![vec![]; n];
        for (i, &(u, v, _)) in edges.iter().enumerate() {
            incident[u].push(i);
            incident[v].push(i);
        }
        let m = edges.len();
        Simplex {
            n,
            edges,
            incident,
            rank: vec![0; n],
            in_tree: vec![false; m],
            cut: vec![0; m],
            parent: vec![None; n],
            low: vec![0; n],
            lim: vec![0; n],
            post: Vec::with_capacity(n),
        }
    }

    fn slack(&self, e: usize) -> i64 {
        let (u, v, _) = self.edges[e];
        self.rank[v] - self.rank[u] - 1
    }

    fn solve(mut self) -> Vec<i64> {
        if self.n <= 1 || self.edges.is_empty() {
            return self.rank;
        }
        self.longest_path();
        self.feasible_tree();
        self.low_lim();
        self.cut_values();
        // Bounded, in case of a degenerate cycle of exchanges (never seen; the bound is cheap).
        let budget = 20 * self.edges.len() + 100;
        for _ in 0..budget {
            let Some(leave) = (0..self.edges.len()).find(|&e| self.in_tree[e] && self.cut[e] < 0)
            else {
                break;
            };
            let Some(enter) = self.enter_edge(leave) else {
                break;
            };
            self.in_tree[leave] = false;
            self.in_tree[enter] = true;
            self.low_lim();
            self.cut_values();
            self.update_ranks();
        }
        self.rank
    }

    /// Sources at 0, every other node one above its highest operand (Kahn's order).
    fn longest_path(&mut self) {
        let mut indeg = vec![0usize; self.n];
        for &(_, v, _) in &self.edges {
            indeg[v] += 1;
        }
        let mut queue: Vec<usize> = (0..self.n).filter(|&v| indeg[v] == 0).collect();
        let mut head = 0;
        while head < queue.len() {
            let u = queue[head];
            head += 1;
            for &e in &self.incident[u] {
                let (t, v, _) = self.edges[e];
                if t != u {
                    continue;
                }
                self.rank[v] = self.rank[v].max(self.rank[u] + 1);
                indeg[v] -= 1;
                if indeg[v] == 0 {
                    queue.push(v);
                }
            }
        }
    }

    /// Grows a spanning tree of tight edges, shifting the tree's ranks to make the
    /// cheapest incident edge tight whenever growth stops.
    fn feasible_tree(&mut self) {
        let mut in_tree_node = vec![false; self.n];
        in_tree_node[0] = true;
        let mut size = 1;
        let mut stack = vec![0usize];
        loop {
            while let Some(v) = stack.pop() {
                for i in 0..self.incident[v].len() {
                    let e = self.incident[v][i];
                    let (a, b, _) = self.edges[e];
                    let w = if a == v { b } else { a };
                    if !in_tree_node[w] && self.slack(e) == 0 {
                        in_tree_node[w] = true;
                        self.in_tree[e] = true;
                        size += 1;
                        stack.push(w);
                    }
                }
            }
            if size == self.n {
                return;
            }
            let best = (0..self.edges.len())
                .filter(|&e| {
                    let (a, b, _) = self.edges[e];
                    in_tree_node[a] != in_tree_node[b]
                })
                .min_by_key(|&e| (self.slack(e), e));
            let Some(e) = best else { return };
            let (a, _, _) = self.edges[e];
            let delta = if in_tree_node[a] {
                self.slack(e)
            } else {
                -self.slack(e)
            };
            for (rank, _) in self.rank.iter_mut().zip(&in_tree_node).filter(|(_, &t)| t) {
                *rank += delta;
            }
            stack.extend((0..self.n).filter(|&v| in_tree_node[v]));
        }
    }

    /// Post-order numbers of the tree rooted at node 0: `low..=lim` spans a subtree.
    fn low_lim(&mut self) {
        self.parent.iter_mut().for_each(|p| *p = None);
        self.post.clear();
        let mut visited = vec![false; self.n];
        let mut next = 1;
        let mut stack: Vec<(usize, usize, usize)> = vec![(0, 0, next)];
        visited[0] = true;
        while let Some(&mut (v, ref mut i, low)) = stack.last_mut() {
            if let Some(&e) = self.incident[v].get(*i) {
                *i += 1;
                if !self.in_tree[e] {
                    continue;
                }
                let (a, b, _) = self.edges[e];
                let w = if a == v { b } else { a };
                if !visited[w] {
                    visited[w] = true;
                    self.parent[w] = Some((v, e));
                    stack.push((w, 0, next));
                }
            } else {
                self.low[v] = low;
                self.lim[v] = next;
                self.post.push(v);
                next += 1;
                stack.pop();
            }
        }
    }

    /// Cut values of all tree edges, from the leaves up (dagre's calcCutValue).
    fn cut_values(&mut self) {
        for i in 0..self.post.len() {
            let child = self.post[i];
            let Some((_, pe)) = self.parent[child] else {
                continue;
            };
            let (pt, _, pw) = self.edges[pe];
            let child_is_tail = pt == child;
            let mut cut = pw;
            for &e in &self.incident[child] {
                if e == pe {
                    continue;
                }
                let (a, b, w) = self.edges[e];
                let is_out = a == child;
                let other = if is_out { b } else { a };
                let points_to_head = is_out == child_is_tail;
                cut += if points_to_head { w } else { -w };
                if self.in_tree[e] && self.parent[other].is_some_and(|(p, _)| p == child) {
                    cut += if points_to_head {
                        -self.cut[e]
                    } else {
                        self.cut[e]
                    };
                }
            }
            self.cut[pe] = cut;
        }
    }

    fn descends(&self, v: usize, root: usize) -> bool {
        self.low[root] <= self.lim[v] && self.lim[v] <= self.lim[root]
    }

    /// The non-tree edge with least slack that reconnects the two halves the leaving edge
    /// splits, crossing from the head side to the tail side.
    fn enter_edge(&self, leave: usize) -> Option<usize> {
        let (mut v, mut w, _) = self.edges[leave];
        // Make `v` the child in the tree (the subtree side).
        let flip = self.lim[v] > self.lim[w];
        if flip {
            std::mem::swap(&mut v, &mut w);
        }
        let tail_root = v;
        (0..self.edges.len())
            .filter(|&e| {
                let (a, b, _) = self.edges[e];
                !self.in_tree[e]
                    && flip == self.descends(a, tail_root)
                    && flip != self.descends(b, tail_root)
            })
            .min_by_key(|&e| (self.slack(e), e))
    }

    /// Re-derives ranks from the tree: every tree edge tight, the root where it was.
    fn update_ranks(&mut self) {
        // Parents before children: the post-order backwards.
        for i in (0..self.post.len()).rev() {
            let v = self.post[i];
            let Some((p, e)) = self.parent[v] else {
                continue;
            };
            let (a, _, _) = self.edges[e];
            self.rank[v] = if a == v {
                self.rank[p] - 1
            } else {
                self.rank[p] + 1
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(ranks: &[usize], edges: &[(usize, usize)]) -> usize {
        edges.iter().map(|&(a, b)| ranks[b] - ranks[a]).sum()
    }

    #[test]
    fn every_edge_goes_up_and_constants_sit_just_below_their_use() {
        // x -> sq -> plus; c(2) -> mul; y -> mul -> plus: the constant is pulled up.
        let edges = [(0, 2), (2, 5), (3, 4), (1, 4), (4, 5)];
        let r = rank(6, &edges);
        assert!(edges.iter().all(|&(a, b)| r[b] > r[a]));
        assert_eq!(span(&r, &edges), 5);
    }

    #[test]
    fn network_simplex_beats_longest_path_where_it_should() {
        // A long chain and a source feeding its top: longest path puts the source at 0
        // (span 5 for that edge); simplex lifts it to just below its user.
        let edges = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (6, 5)];
        let r = rank(7, &edges);
        assert_eq!(r[6], 4);
        assert_eq!(span(&r, &edges), 6);
    }

    #[test]
    fn disconnected_parts_are_ranked_each_from_zero() {
        let r = rank(4, &[(0, 1), (2, 3)]);
        assert_eq!(r, [0, 1, 0, 1]);
    }
}
