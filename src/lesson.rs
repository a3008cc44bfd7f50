//! A lesson: one program in one mode, everything the stepper shows, computed up front.
//!
//! The view holds a step number; every question it asks (what does node 3 show at step
//! 7, which edges are lit, what does the step panel say) is a lookup here. Indices are the
//! scene's: node `i` is `scene.nodes[i]` (Wengert order), edge `k` is `scene.edges[k]`.

use crate::autodiff::{paths, tangents, Mode, Timeline, Trace};
use crate::format::significant;
use crate::graph::{Graph, NodeId};
use crate::scene::Scene;

mod build;
mod checks;
use build::{number, row, step_view};
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
    /// The differentiation rules the step uses, as HTML with MathML: "product rule:
    /// ∂(x₁·x₂)/∂x₂ = x₁ = 2" (empty when it uses none).
    pub rule: String,
    /// The same in plain text.
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

/// A program in one mode, stepped.
#[derive(Clone, Debug)]
pub struct Lesson {
    graph: Graph,
    trace: Trace,
    /// The drawing.
    pub scene: Scene,
    /// The mode this lesson steps through.
    pub mode: Mode,
    /// One row per node, in scene order.
    pub rows: Vec<Row>,
    /// Every step.
    pub steps: Vec<StepView>,
    /// Each input's name and scene index.
    pub inputs: Vec<(String, usize)>,
    /// The output's name ("f" when unnamed).
    pub output: String,
    /// Each edge's local partial, in scene order.
    pub partials: Vec<f64>,
    /// The gradient, one entry per input (from the reverse pass, in every mode).
    pub gradient: Vec<f64>,
    /// The step from which the readout shows the gradient (the end of the reverse pass; in
    /// forward mode the last step, which gives only the seeded entry).
    pub gradient_step: usize,
    /// Each node's value, and tangent in forward mode.
    values: Vec<f64>,
    tangents: Vec<f64>,
    timeline: Timeline,
    /// Scene index of each graph node.
    at: Vec<usize>,
    /// Graph node of each scene index.
    ids: Vec<NodeId>,
    /// Scene index of each edge's target.
    edge_to: Vec<usize>,
}

impl Lesson {
    /// Builds the lesson of `graph` at the point of `trace`, drawn as `scene`.
    pub fn new(graph: &Graph, trace: &Trace, scene: Scene, mode: Mode) -> Lesson {
        let ids: Vec<NodeId> = graph.order().to_vec();
        let mut at = vec![0; graph.node_count()];
        for (i, id) in ids.iter().enumerate() {
            at[id.index()] = i;
        }
        let timeline = Timeline::new(graph, trace, mode);
        let adjoints = crate::autodiff::reverse(graph, trace);
        let tangents = match mode {
            Mode::Tangent { seed } => {
                let dir: Vec<f64> = (0..graph.inputs().len())
                    .map(|i| f64::from(u8::from(i == seed)))
                    .collect();
                let t = tangents(graph, trace, &dir);
                ids.iter().map(|&id| t.tangent(id)).collect()
            }
            Mode::ForwardThenReverse => vec![],
        };
        let steps: Vec<StepView> = timeline
            .steps()
            .iter()
            .map(|s| step_view(graph, trace, &timeline, &at, s))
            .collect();
        let gradient_step = match mode {
            Mode::ForwardThenReverse => steps.len().saturating_sub(2),
            Mode::Tangent { .. } => steps.len().saturating_sub(1),
        };
        let rows = ids.iter().map(|&id| row(graph, id)).collect();
        Lesson {
            graph: graph.clone(),
            trace: trace.clone(),
            partials: graph
                .dag()
                .edge_indices()
                .map(|e| trace.partial(e))
                .collect(),
            inputs: graph
                .inputs()
                .iter()
                .map(|&i| (graph.node(i).label().to_string(), at[i.index()]))
                .collect(),
            output: graph.output_name().unwrap_or("f").to_string(),
            gradient: adjoints.gradient().to_vec(),
            values: ids.iter().map(|&id| trace.value(id)).collect(),
            scene,
            mode,
            rows,
            steps,
            gradient_step,
            tangents,
            timeline,
            edge_to: graph
                .dag()
                .edge_indices()
                .map(|e| at[graph.edge(e).1.index()])
                .collect(),
            at,
            ids,
        }
    }

    /// The last step's number.
    pub fn last(&self) -> usize {
        self.steps.len().saturating_sub(1)
    }

    /// What node `i` shows once step `step` is done.
    pub fn shown(&self, i: usize, step: usize) -> Shown {
        let id = self.ids[i];
        let known = self.timeline.value_known(id, step);
        let lit = self.steps.get(step).map_or(&[][..], |s| &s.nodes[..]);
        let active = lit.first() == Some(&i);
        let state = if active {
            NodeState::Active
        } else if known && step > 0 {
            NodeState::Done
        } else {
            NodeState::Pending
        };
        let value = (known && step > 0).then(|| self.values[i]);
        Shown {
            state,
            source: lit[1.min(lit.len())..].contains(&i),
            value,
            adjoint: self.timeline.adjoint_at(id, step),
            tangent: value.and(self.tangents.get(i).copied()),
        }
    }

    /// Whether edge `k` is lit at `step`, and whether its partial is known by then (once
    /// the operation it feeds has its value).
    pub fn edge_at(&self, k: usize, step: usize) -> (bool, bool) {
        let active = self.steps.get(step).is_some_and(|s| s.edges.contains(&k));
        let known = self
            .edge_to
            .get(k)
            .is_some_and(|&to| step > 0 && self.timeline.value_known(self.ids[to], step));
        (active, known)
    }

    /// The step to jump to when node `i` is clicked at step `now`: in the reverse pass,
    /// the step that completes its adjoint; otherwise the step that computes its value.
    pub fn step_of(&self, i: usize, now: usize) -> usize {
        let value_step = (1..self.steps.len())
            .find(|&s| self.timeline.value_known(self.ids[i], s))
            .unwrap_or(0);
        let reverse_from = self
            .steps
            .iter()
            .position(|s| s.phase.starts_with("Reverse"));
        match reverse_from {
            Some(r) if now >= r => (r..self.steps.len())
                .rev()
                .find(|&s| self.steps[s].nodes.first() == Some(&i))
                .unwrap_or(value_step),
            _ => value_step,
        }
    }

    /// The work of the full gradient by forward and by reverse mode.
    pub fn cost(&self) -> Cost {
        let g = &self.graph;
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
        let g = &self.graph;
        let point = self.trace.point().to_vec();
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
        let &id = self.graph.inputs().get(input)?;
        let p = paths(&self.graph, &self.trace, id);
        let edge_at: std::collections::HashMap<_, _> = self
            .graph
            .dag()
            .edge_indices()
            .enumerate()
            .map(|(k, e)| (e, k))
            .collect();
        let listed: Vec<PathView> = p
            .listed
            .iter()
            .map(|path| {
                let mut nodes = vec![self.at[id.index()]];
                let mut factors = Vec::new();
                for &e in &path.edges {
                    nodes.push(self.at[self.graph.edge(e).1.index()]);
                    factors.push(number(self.trace.partial(e)));
                }
                let text = if factors.is_empty() {
                    "1".to_string()
                } else {
                    format!("{} = {}", factors.join(" · "), significant(path.product, 4))
                };
                PathView {
                    edges: path.edges.iter().map(|e| edge_at[e]).collect(),
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
            adjoint: self.gradient[input],
        })
    }
}
