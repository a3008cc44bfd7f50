//! The chain-rule paths a lesson lights up: from an input to the output of the reverse pass
//! being stepped, through the gates when calls are folded.

use super::{number, Lesson, PathList, PathView};
use crate::autodiff::{edge_end, paths_folded, Pass, Seed};
use crate::format::significant;

impl Lesson {
    /// The chain-rule paths from input number `input` to the output.
    pub fn paths(&self, input: usize) -> Option<PathList> {
        self.paths_to(input, 0)
    }

    /// The output whose paths step `step` is about: in reverse mode, the output its pass
    /// is seeded on; otherwise the first.
    pub fn paths_output(&self, step: usize) -> usize {
        match self.pass_at(step) {
            Some((
                _,
                Pass::Reverse {
                    seed: Seed::Unit(j),
                    ..
                },
            )) => *j,
            _ => 0,
        }
    }

    /// The chain-rule paths from input number `input` to output number `output`.
    pub fn paths_to(&self, input: usize, output: usize) -> Option<PathList> {
        let g = self.graph();
        let trace = self.analysis.trace();
        let &id = g.inputs().get(input)?;
        let &out = g.outputs().get(output)?;
        let p = paths_folded(g, trace, self.folding(), id, out);
        let listed: Vec<PathView> = p
            .listed
            .iter()
            .map(|path| {
                let mut nodes = vec![self.at[id.index()]];
                let mut factors = Vec::new();
                for &e in &path.edges {
                    let (w, partial) = edge_end(g, trace, self.folding(), e.index());
                    nodes.push(self.at[w.index()]);
                    factors.push(number(partial));
                }
                let text = if factors.is_empty() {
                    "1".to_string()
                } else {
                    format!("{} = {}", factors.join(" · "), significant(path.product, 4))
                };
                PathView {
                    edges: path.edges.iter().map(|e| e.index()).collect(),
                    nodes,
                    product: path.product,
                    text,
                }
            })
            .collect();
        Some(PathList {
            count: p.count,
            saturated: p.saturated,
            sum: listed.iter().map(|p| p.product).sum(),
            listed,
            adjoint: self.analysis.adjoints_of(output)?.gradient()[input],
            output: self.outputs.get(output).cloned().unwrap_or_default(),
        })
    }
}
