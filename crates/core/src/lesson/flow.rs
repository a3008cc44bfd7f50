//! Gradient flow: what each edge carries back in the reverse pass, its contribution
//! w̄ · ∂w/∂u (the adjoint of its target times its local partial), for an overlay that
//! shows gradients vanishing or exploding through a deep chain.

use super::Lesson;

impl Lesson {
    /// Each edge's contribution (scene edge order: the graph's, then the gates'), from the
    /// reverse pass of the first output; `None` for an edge no gradient travels (from a
    /// constant, or inside a folded call).
    pub fn flows(&self) -> Vec<Option<f64>> {
        let g = self.graph();
        let trace = self.analysis.trace();
        let adjoints = self.analysis.adjoints();
        let mut out: Vec<Option<f64>> = g
            .dag()
            .edge_indices()
            .map(|e| {
                let (u, w, _) = g.edge(e);
                let hidden = self.folding().is_some_and(|f| !f.keeps(g, e));
                (!g.node(u).constant && !hidden).then(|| adjoints.adjoint(w) * trace.partial(e))
            })
            .collect();
        if let Some(f) = self.folding() {
            out.extend(
                f.edges.iter().map(|e| {
                    (!g.node(e.from).constant).then(|| adjoints.adjoint(e.to) * e.partial)
                }),
            );
        }
        out
    }
}
