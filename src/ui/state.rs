//! What the view shows for a program text: the core's answer, keeping the last good one.

use std::sync::Arc;

use crate::analysis::Analysis;
use crate::formula::{mathml, name_text};
use crate::scene::{scene, Scene};
use crate::symbolic::{differentiate, Sizes};

/// A value shared by reference; two are equal when they are the same value, so a new
/// program always counts as a change (and comparing never walks a graph).
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Shared<T> {
    /// Its identity while it lives (its address), for state that belongs to it.
    pub fn id(&self) -> usize {
        Arc::as_ptr(&self.0) as *const () as usize
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The seed article's example, shown when the app opens.
pub const DEFAULT_PROGRAM: &str = "f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3";

/// The numbers of a program that went through the whole pipeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Result {
    /// The output's name, or "f" for an unnamed expression.
    pub output: String,
    /// The output's value.
    pub value: f64,
    /// Each input's name and the output's partial derivative with respect to it.
    pub gradient: Vec<(String, f64)>,
    /// Why the output is NaN or infinite, if it is (`ln of a negative number`, at which node).
    pub issue: Option<String>,
    /// Non-fatal remarks, each with its line and column.
    pub warnings: Vec<String>,
    /// The graph, laid out and ready to draw.
    pub scene: Shared<Scene>,
    /// Everything computed about the program, once.
    pub analysis: Shared<Analysis>,
}

/// The symbolic derivative of each input, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct SymbolicView {
    /// Per input (per output, then per input, when there are several outputs): the
    /// input's name, the derivative in chainrule syntax (None when too large to print), as
    /// MathML, and its value at the point (SymPy's `subs`).
    pub entries: Vec<(String, Option<String>, String, f64)>,
    /// With several outputs, each entry's output name (f₁, f₂...); empty with one.
    pub outputs: Vec<String>,
    /// The gradient's size as a tree, as a DAG, and the trace's.
    pub sizes: Sizes,
    /// For a program with loops or branches: that this is the derivative of the program
    /// as it ran at the point.
    pub note: Option<String>,
}

/// Up to this many inputs the symbolic panel offers ∂²f/∂xᵢ∂xⱼ (36 entries at most).
pub const SECOND_MAX_INPUTS: usize = 8;

/// One symbolic second derivative, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct SecondEntry {
    /// Its row and column in the Hessian (row ≤ column).
    pub at: (usize, usize),
    /// What it is by: `x₁²` or `x₁∂x₂` (after ∂²f/∂).
    pub by: String,
    /// In chainrule syntax, None when too large to print.
    pub text: Option<String>,
    /// As MathML.
    pub mathml: String,
    /// Its value at the point.
    pub value: f64,
}

/// The symbolic second derivatives of the first output, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub enum SecondView {
    /// ∂²f/∂xᵢ∂xⱼ for i ≤ j, with the sizes of them all.
    Shown(Vec<SecondEntry>, Sizes),
    /// The program has more inputs than [`SECOND_MAX_INPUTS`] (this many).
    TooManyInputs(usize),
}

impl SecondView {
    /// The second derivatives of an analysed program.
    pub fn of(analysis: &Analysis) -> SecondView {
        let graph = analysis.graph();
        let s = differentiate(graph);
        let Some(second) = s.second(SECOND_MAX_INPUTS) else {
            return SecondView::TooManyInputs(graph.inputs().len());
        };
        let values = second.values(&graph.point());
        let names = second.names();
        let entries = second
            .positions()
            .zip(values)
            .enumerate()
            .map(|(k, ((i, j), value))| SecondEntry {
                at: (i, j),
                by: if i == j {
                    format!("{}²", name_text(&names[i]))
                } else {
                    format!("{}∂{}", name_text(&names[i]), name_text(&names[j]))
                },
                text: second.text(k),
                mathml: second.formula(k).map(|f| mathml(&f)).unwrap_or_default(),
                value,
            })
            .collect();
        SecondView::Shown(entries, second.sizes(graph))
    }
}

impl SymbolicView {
    /// The symbolic gradient of an analysed program.
    pub fn of(analysis: &Analysis) -> SymbolicView {
        let graph = analysis.graph();
        let s = differentiate(graph);
        let values = s.values(&graph.point());
        let names = s.names();
        let entries = (0..s.len())
            .map(|k| {
                let text = s.text(k);
                let shown = s.formula(k).map(|f| mathml(&f)).unwrap_or_default();
                (names[k % names.len()].clone(), text, shown, values[k])
            })
            .collect();
        let outs = analysis.output_names();
        let outputs = if outs.len() > 1 {
            (0..s.len())
                .map(|k| outs[k / names.len()].clone())
                .collect()
        } else {
            Vec::new()
        };
        let flow = graph.flow();
        let note = (flow.passes + flow.branches > 0).then(|| {
            let mut ran = Vec::new();
            if flow.passes > 0 {
                ran.push(format!("its loops unrolled ({} passes)", flow.passes));
            }
            if flow.branches > 0 {
                ran.push("its branches as taken".to_string());
            }
            format!(
                "This is the derivative of the program as it ran at this point: {}. It holds \
                 only where the same branches are taken and the loops run as often.",
                ran.join(", ")
            )
        });
        SymbolicView {
            note,
            entries,
            outputs,
            sizes: s.sizes(graph),
        }
    }
}

/// The outcome of the latest text, with the last good result kept for display.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Outcome {
    /// The result of the last program that went through, if any did.
    pub last_good: Option<Result>,
    /// What is wrong with the current text, if it is bad.
    pub error: Option<ErrorView>,
}

/// A parse error ready to show: a sentence, then the source line with a caret under it.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorView {
    /// "line 1, column 5: expected ..."
    pub headline: String,
    /// The offending source line and the caret line.
    pub snippet: String,
}

impl Result {
    /// What is shown of `analysis` (of the program `src`), drawn as `scene`.
    pub fn of(analysis: Shared<Analysis>, scene: Shared<Scene>, src: &str) -> Result {
        let a = &analysis.0;
        let graph = a.graph();
        let gradient = graph
            .inputs()
            .iter()
            .zip(a.adjoints().gradient())
            .map(|(&i, &d)| (graph.node(i).label().to_string(), d))
            .collect();
        let issue = a.first_issue().map(|(id, why)| {
            let at = crate::formula::text(&graph.symbol(id, crate::formula::Role::Value));
            format!("{why} at {at}")
        });
        Result {
            output: a.output_name().to_string(),
            value: a.value(),
            gradient,
            issue,
            warnings: graph.warnings().iter().map(|w| w.headline(src)).collect(),
            scene,
            analysis,
        }
    }
}

impl Outcome {
    /// The outcome of `src`, falling back to `prev`'s last good result on error.
    pub fn next(src: &str, prev: Option<&Outcome>) -> Outcome {
        match Analysis::new(src) {
            Ok(analysis) => {
                let previous = prev.and_then(|p| p.last_good.as_ref()).map(|r| &*r.scene);
                let scene = scene(&analysis, previous);
                Outcome {
                    last_good: Some(Result::of(
                        Shared(Arc::new(analysis)),
                        Shared(Arc::new(scene)),
                        src,
                    )),
                    error: None,
                }
            }
            Err(err) => Outcome {
                last_good: prev.and_then(|p| p.last_good.clone()),
                error: Some(ErrorView {
                    headline: err.headline(src),
                    snippet: windowed(&err.snippet(src)),
                }),
            },
        }
    }
}

/// Characters kept before the caret: a long line is cut on the left so that the caret is
/// always in sight in the narrow error box.
const BEFORE_CARET: usize = 20;

/// The snippet (source line, caret line) cut to start shortly before the caret.
fn windowed(snippet: &str) -> String {
    let Some((line, caret)) = snippet.split_once('\n') else {
        return snippet.to_string();
    };
    let col = caret.chars().take_while(|&c| c == ' ').count();
    if col <= BEFORE_CARET + 4 {
        return snippet.to_string();
    }
    let cut = col - BEFORE_CARET;
    let line: String = line.chars().skip(cut).collect();
    format!("…{line}\n {}", &caret[cut..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_so_the_caret_shows() {
        let src = "c = a + b; d = b + 1; e = c * d; a = 2; b = 1 + (";
        let out = Outcome::next(src, None);
        let snippet = out.error.map(|e| e.snippet).unwrap_or_default();
        let (line, caret) = snippet.split_once('\n').unwrap_or_default();
        assert!(
            line.starts_with('…') && line.ends_with("b = 1 + ("),
            "{snippet}"
        );
        assert_eq!(caret.chars().count(), line.chars().count() + 1, "{snippet}");
        assert!(caret.ends_with('^'));
    }

    #[test]
    fn a_bad_program_keeps_the_last_good_result() {
        let good = Outcome::next(DEFAULT_PROGRAM, None);
        assert_eq!(good.last_good.as_ref().map(|e| e.value), Some(10.0));
        let bad = Outcome::next("f(x1, x2) = x1^2 + ", Some(&good));
        assert_eq!(bad.last_good, good.last_good);
        assert!(bad.error.is_some_and(|e| e.snippet.ends_with('^')));
    }
}
