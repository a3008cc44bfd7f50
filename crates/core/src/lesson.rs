//! A lesson: one program in one mode, stepped. It keeps what is linear in the graph (the
//! timeline, index maps); what a step shows (equation, rule, note, narration) and a table
//! row's formulas are built when asked for, so a jump to any step costs one step's work.
//!
//! The view holds a step number; every question it asks (what does node 3 show at step
//! 7, which edges are lit, what does the step panel say) is answered here. Indices are the
//! scene's: node `i` is `scene.nodes[i]` (Wengert order), edge `k` is `scene.edges[k]`.

use std::sync::Arc;

use petgraph::graph::EdgeIndex;

use crate::analysis::Analysis;
use crate::autodiff::{paths, Mode, StepKind, Timeline};
use crate::format::significant;
use crate::graph::{Graph, NodeId};
use crate::scene::Scene;

mod build;
mod checks;
mod row;
use build::{number, step_view};
pub use checks::{answer_matches, Cost};

/// How a node looks at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeState {
    /// Not reached yet.
    Pending,
    /// The current step is about it.
    Active,
    /// Reached earlier.
    Done,
}

impl NodeState {
    /// The `data-state` word.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeState::Pending => "pending",
            NodeState::Active => "active",
            NodeState::Done => "done",
        }
    }
}

/// What a node shows at a step: `None` for what is not known yet.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shown {
    /// Pending, active or done. Only the node a step computes is active.
    pub state: NodeState,
    /// The step passes this node's adjoint on (the `w` of `ū += w̄ · ∂w/∂u`).
    pub source: bool,
    /// Its value.
    pub value: Option<f64>,
    /// Its adjoint as summed so far (reverse pass).
    pub adjoint: Option<f64>,
    /// Its tangent (forward mode).
    pub tangent: Option<f64>,
}

impl Shown {
    /// Equal, with NaN equal to NaN (so a NaN node does not count as changed every step).
    pub fn same(&self, other: &Shown) -> bool {
        let bits = |v: Option<f64>| v.map(f64::to_bits);
        self.state == other.state
            && self.source == other.source
            && bits(self.value) == bits(other.value)
            && bits(self.adjoint) == bits(other.adjoint)
            && bits(self.tangent) == bits(other.tangent)
    }
}

/// One row of the trace table (Baydin's Tables 2 and 3).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The Wengert id, `v-1`, `v3`, `c0`.
    pub id: String,
    /// The name shown, with real subscripts.
    pub label: String,
    /// The name as typed (`x1`, `v-1`).
    pub raw_label: String,
    /// The definition in plain text: `ln(v-1)`, `input`, `2`.
    pub definition_text: String,
    /// The definition in operands' labels, as MathML: `ln(v₋₁)`.
    pub definition: String,
    /// The definition as LaTeX math.
    pub definition_latex: String,
    /// The name as LaTeX math.
    pub label_latex: String,
    /// The adjoint's formula as MathML: `v̄₃ · cos(v₀) + …` (empty for the output and constants).
    pub adjoint_formula: String,
    /// The tangent's formula as MathML: `v̇₋₁ · v₀ + v̇₀ · v₋₁` (empty for constants).
    pub tangent_formula: String,
}

/// One step, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct StepView {
    /// Where we are: "Forward pass 3/6".
    pub phase: String,
    /// The step's equation as MathML (empty at the start and the end).
    pub math: String,
    /// The same in plain text, for tooltips and exports.
    pub text: String,
    /// What a quiz asks at this step: the quantity's name and its value once the step is
    /// done (a node's value; in the reverse pass, an adjoint as summed so far).
    pub answer: Option<(String, f64)>,
    /// The step in words, for a screen reader: "Forward pass 3 of 7. v 1 equals log of ...".
    pub narration: String,
    /// A remark: "2 of 2 contributions into v̄₀: v̄₀ = 5.5".
    pub note: String,
    /// The question a quiz asks, as MathML: the equation with `?` for its result.
    pub question: String,
    /// The differentiation rules the step uses: each rule's name and its formula with the
    /// numbers in, as MathML ("product rule", ∂(x₁·x₂)/∂x₂ = x₁ = 2).
    pub rules: Vec<(&'static str, String)>,
    /// The same in plain text: "product rule: ∂(x₁ · x₂)/∂x₂ = x₁ = 2".
    pub rule_text: String,
    /// The nodes it lights up (scene indices), the first the one it computes.
    pub nodes: Vec<usize>,
    /// The edges it lights up (scene indices).
    pub edges: Vec<usize>,
}

/// One chain-rule path from an input to the output, by scene indices.
#[derive(Clone, Debug, PartialEq)]
pub struct PathView {
    /// Its edges, from the input up.
    pub edges: Vec<usize>,
    /// The nodes along it, input first.
    pub nodes: Vec<usize>,
    /// The product of its edge partials.
    pub product: f64,
    /// The product written out: `2 · 1 · 1.5 = 3`.
    pub text: String,
}

/// All paths from one input.
#[derive(Clone, Debug, PartialEq)]
pub struct PathList {
    /// How many there are (exact unless `saturated`).
    pub count: u128,
    /// More than `u128::MAX`.
    pub saturated: bool,
    /// The first ones, at most [`crate::autodiff::MAX_LISTED_PATHS`].
    pub listed: Vec<PathView>,
    /// The sum of the listed products (the gradient entry when all are listed).
    pub sum: f64,
    /// The gradient entry, from the reverse pass.
    pub adjoint: f64,
}

/// What a step lights up, by scene indices: at most two nodes (the first the one it
/// computes) and two edges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lit {
    nodes: [usize; 2],
    node_count: u8,
    edges: [usize; 2],
    edge_count: u8,
}

impl Lit {
    /// The nodes, the first the one the step computes.
    pub fn nodes(&self) -> &[usize] {
        &self.nodes[..usize::from(self.node_count)]
    }

    /// The edges.
    pub fn edges(&self) -> &[usize] {
        &self.edges[..usize::from(self.edge_count)]
    }
}

/// A program in one mode, stepped.
#[derive(Clone, Debug)]
pub struct Lesson {
    analysis: Arc<Analysis>,
    /// The drawing.
    pub scene: Arc<Scene>,
    /// The mode this lesson steps through.
    pub mode: Mode,
    /// Each input's name (as typed) and scene index.
    pub inputs: Vec<(String, usize)>,
    /// The output's name ("f" when unnamed).
    pub output: String,
    /// The step from which the readout shows the gradient (the end of the reverse pass; in
    /// forward mode the last step, which gives only the seeded entry).
    pub gradient_step: usize,
    timeline: Timeline,
    /// Scene index of each graph node.
    at: Vec<usize>,
    /// Scene index of each edge's target.
    edge_to: Vec<usize>,
}

impl Lesson {
    /// The lesson of an analysed program in `mode`, drawn as `scene`. A seed past the
    /// inputs falls back to the first input, and forward mode without inputs to
    /// forward-then-reverse.
    pub fn new(analysis: Arc<Analysis>, scene: Arc<Scene>, mode: Mode) -> Lesson {
        let graph = analysis.graph();
        let n_inputs = graph.inputs().len();
        let mode = match mode {
            Mode::Tangent { .. } if n_inputs == 0 => Mode::ForwardThenReverse,
            Mode::Tangent { seed } if seed >= n_inputs => Mode::Tangent { seed: 0 },
            m => m,
        };
        let mut at = vec![0; graph.node_count()];
        for (i, id) in graph.order().iter().enumerate() {
            at[id.index()] = i;
        }
        let timeline = Timeline::new(&analysis, mode);
        let steps = timeline.steps().len();
        let gradient_step = match mode {
            Mode::ForwardThenReverse => steps.saturating_sub(2),
            Mode::Tangent { .. } => steps.saturating_sub(1),
        };
        Lesson {
            inputs: graph
                .inputs()
                .iter()
                .map(|&i| (graph.node(i).label().to_string(), at[i.index()]))
                .collect(),
            output: analysis.output_name().to_string(),
            edge_to: graph
                .dag()
                .edge_indices()
                .map(|e| at[graph.edge(e).1.index()])
                .collect(),
            scene,
            mode,
            gradient_step,
            timeline,
            at,
            analysis,
        }
    }

    /// The analysis it steps through.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    fn graph(&self) -> &Graph {
        self.analysis.graph()
    }

    /// The graph node at scene index `i`.
    fn id(&self, i: usize) -> NodeId {
        self.graph().order()[i]
    }

    /// How many nodes (table rows) there are.
    pub fn node_count(&self) -> usize {
        self.at.len()
    }

    /// How many steps there are.
    pub fn len(&self) -> usize {
        self.timeline.steps().len()
    }

    /// Whether there are no steps (never: there is always a start and an end).
    pub fn is_empty(&self) -> bool {
        self.timeline.steps().is_empty()
    }

    /// The last step's number.
    pub fn last(&self) -> usize {
        self.len().saturating_sub(1)
    }

    /// Edge `k`'s local partial.
    pub fn partial(&self, k: usize) -> f64 {
        self.analysis.trace().partial(EdgeIndex::new(k))
    }

    /// How many edges there are.
    pub fn edge_count(&self) -> usize {
        self.edge_to.len()
    }

    /// The gradient, one entry per input (from the reverse pass, in every mode).
    pub fn gradient(&self) -> &[f64] {
        self.analysis.adjoints().gradient()
    }

    /// Step `step`, built now: its phase, equation, rules, note and narration.
    pub fn step(&self, step: usize) -> Option<StepView> {
        let kind = *self.timeline.steps().get(step)?;
        Some(step_view(self, step, kind))
    }

    /// What step `step` lights up.
    pub fn lit(&self, step: usize) -> Lit {
        let g = self.graph();
        let mut lit = Lit::default();
        let mut node = |id: NodeId| {
            lit.nodes[usize::from(lit.node_count)] = self.at[id.index()];
            lit.node_count += 1;
        };
        let mut edges: [Option<EdgeIndex<u32>>; 2] = [None; 2];
        match self.timeline.steps().get(step) {
            Some(&StepKind::Value(id, _)) => {
                node(id);
                for (k, &e) in g.edges_into(id).iter().enumerate().take(2) {
                    edges[k] = Some(e);
                }
            }
            Some(&StepKind::Seed(id)) => node(id),
            Some(&StepKind::Contribution(k)) => {
                let c = &self.analysis.adjoints().contributions()[k];
                node(c.to);
                node(c.from);
                edges[0] = Some(c.edge);
            }
            _ => {}
        }
        for e in edges.into_iter().flatten() {
            lit.edges[usize::from(lit.edge_count)] = e.index();
            lit.edge_count += 1;
        }
        lit
    }

    /// What a quiz asks at step `step`: the quantity's name and its value once the step is
    /// done (a node's value; in the reverse pass, an adjoint as summed so far).
    pub fn answer(&self, step: usize) -> Option<(String, f64)> {
        build::answer(self, *self.timeline.steps().get(step)?)
    }

    /// What node `i` shows once step `step` is done.
    pub fn shown(&self, i: usize, step: usize) -> Shown {
        self.shown_lit(i, step, &self.lit(step))
    }

    /// The same, with the step's [`Lit`] already at hand (a loop over every node asks it once).
    pub fn shown_lit(&self, i: usize, step: usize, lit: &Lit) -> Shown {
        let id = self.id(i);
        let known = self.timeline.value_known(id, step);
        let nodes = lit.nodes();
        let active = nodes.first() == Some(&i);
        let state = if active {
            NodeState::Active
        } else if known && step > 0 {
            NodeState::Done
        } else {
            NodeState::Pending
        };
        let value = (known && step > 0).then(|| self.analysis.trace().value(id));
        let tangent = match self.mode {
            Mode::Tangent { seed } => self.analysis.tangents(seed).map(|t| t.tangent(id)),
            Mode::ForwardThenReverse => None,
        };
        Shown {
            state,
            source: nodes[1.min(nodes.len())..].contains(&i),
            value,
            adjoint: self.timeline.adjoint_at(id, step),
            tangent: value.and(tangent),
        }
    }

    /// Whether edge `k` is lit at `step`, and whether its partial is known by then (once
    /// the operation it feeds has its value).
    pub fn edge_at(&self, k: usize, step: usize) -> (bool, bool) {
        self.edge_lit(k, step, &self.lit(step))
    }

    /// The same, with the step's [`Lit`] at hand.
    pub fn edge_lit(&self, k: usize, step: usize, lit: &Lit) -> (bool, bool) {
        let active = lit.edges().contains(&k);
        let known = self
            .edge_to
            .get(k)
            .is_some_and(|&to| step > 0 && self.timeline.value_known(self.id(to), step));
        (active, known)
    }

    /// The step to jump to when node `i` is clicked at step `now`: in the reverse pass,
    /// the step that completes its adjoint; otherwise the step that computes its value.
    pub fn step_of(&self, i: usize, now: usize) -> usize {
        let id = self.id(i);
        let value_step = self.timeline.value_step(id).max(1).min(self.last());
        match self.timeline.reverse_start() {
            Some(r) if now >= r => self.timeline.adjoint_done(id).unwrap_or(value_step),
            _ => value_step,
        }
    }

    /// The work of the full gradient by forward and by reverse mode.
    pub fn cost(&self) -> Cost {
        let g = self.graph();
        Cost {
            inputs: g.inputs().len(),
            primal_ops: g
                .order()
                .iter()
                .filter(|&&id| !g.node(id).operands().is_empty())
                .count(),
            derivative_ops: g
                .dag()
                .edge_indices()
                .filter(|&e| !g.node(g.edge(e).0).constant)
                .count(),
        }
    }

    /// A central difference for each gradient entry (step `h` relative to the input's size).
    pub fn finite_differences(&self) -> Vec<f64> {
        let g = self.graph();
        let point = self.analysis.trace().point().to_vec();
        (0..point.len())
            .map(|i| {
                let h = 1e-6 * point[i].abs().max(1.0);
                let (mut up, mut down) = (point.clone(), point.clone());
                up[i] += h;
                down[i] -= h;
                let f = |p: &[f64]| crate::autodiff::evaluate(g, p).value(g.output());
                (f(&up) - f(&down)) / (2.0 * h)
            })
            .collect()
    }

    /// The chain-rule paths from input number `input` to the output.
    pub fn paths(&self, input: usize) -> Option<PathList> {
        let g = self.graph();
        let trace = self.analysis.trace();
        let &id = g.inputs().get(input)?;
        let p = paths(g, trace, id);
        let listed: Vec<PathView> = p
            .listed
            .iter()
            .map(|path| {
                let mut nodes = vec![self.at[id.index()]];
                let mut factors = Vec::new();
                for &e in &path.edges {
                    nodes.push(self.at[g.edge(e).1.index()]);
                    factors.push(number(trace.partial(e)));
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
            adjoint: self.gradient()[input],
        })
    }

    /// The bytes the lesson holds of its own (the analysis and scene are shared): its
    /// timeline and index maps, linear in nodes + edges + steps.
    pub fn held_bytes(&self) -> usize {
        let words = std::mem::size_of::<usize>();
        let inputs: usize = self.inputs.iter().map(|(n, _)| n.len() + 4 * words).sum();
        std::mem::size_of::<Lesson>()
            + self.timeline.held_bytes()
            + inputs
            + (self.at.len() + self.edge_to.len()) * words
    }

    pub(crate) fn timeline(&self) -> &Timeline {
        &self.timeline
    }
}
