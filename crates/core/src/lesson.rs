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
use crate::autodiff::{
    run_engine, wires, Adjoints, Contribution, Engine, EngineStep, Folding, Mode, Pass, StepKind,
    Timeline,
};
use crate::graph::{Graph, NodeId};
use crate::scene::Scene;

mod build;
mod checks;
mod dual;
mod engine;
mod flow;
mod fold;
mod jacobian;
mod paths;
mod phase;
mod row;
mod update;
mod views;
use build::{number, step_view};
pub use checks::{answer_matches, Cost};
pub use dual::dual_text;
pub use jacobian::{JacobianView, Line};
pub use update::Update;
pub use views::{Lit, NodeState, PathList, PathView, Row, Shown, StepView};

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
    /// The output's name ("f" when unnamed; the first output's when there are several).
    pub output: String,
    /// Every output's name (f₁, f₂... for a list).
    pub outputs: Vec<String>,
    /// The step from which the readout shows the gradient (the end of the reverse pass; in
    /// forward mode the last step, which gives only the seeded entry).
    pub gradient_step: usize,
    timeline: Timeline,
    /// Scene index of each graph node.
    at: Vec<usize>,
    /// Scene index of each edge's target (the graph's edges, then the gates').
    edge_to: Vec<usize>,
    /// The calls folded into gates, if any.
    folding: Option<Arc<Folding>>,
    /// Training's update, stepped after the reverse pass, if any.
    update: Option<Arc<Update>>,
    /// A broken engine's own steps, the first reverse pass's contributions one for one.
    engine: Option<(Engine, Arc<[EngineStep]>)>,
}

impl Lesson {
    /// The lesson of an analysed program in `mode`, drawn as `scene` (the vector modes
    /// seeded with ones).
    pub fn new(analysis: Arc<Analysis>, scene: Arc<Scene>, mode: Mode) -> Lesson {
        Lesson::seeded(analysis, scene, mode, &[])
    }

    /// The lesson in `mode` with `vector` the direction v (one number per input) or the
    /// cotangent u (one per output) of the vector modes, 1 where missing. A seed past the
    /// inputs falls back to the first input, and forward mode without inputs to
    /// forward-then-reverse.
    pub fn seeded(
        analysis: Arc<Analysis>,
        scene: Arc<Scene>,
        mode: Mode,
        vector: &[f64],
    ) -> Lesson {
        Lesson::build(analysis, scene, mode, vector, None, None)
    }

    /// How many steps a broken engine may take in a lesson (the recursive engine's grow with
    /// the number of paths).
    pub const ENGINE_STEPS: usize = 20_000;

    /// Forward then reverse with a broken engine's reverse pass ("break the engine"): its
    /// own steps, adjoints and gradient (stopped at the timeline's step limit).
    pub fn with_engine(analysis: Arc<Analysis>, scene: Arc<Scene>, engine: Engine) -> Lesson {
        let graph = analysis.graph();
        let run = run_engine(graph, analysis.trace(), engine, Lesson::ENGINE_STEPS);
        let adjoints = Arc::new(Adjoints::of_engine(&run, graph.node_count()));
        let timeline = Timeline::with_engine(&analysis, adjoints);
        let mut lesson = Lesson::build_with(
            analysis,
            scene,
            Mode::ForwardThenReverse,
            None,
            None,
            timeline,
        );
        if engine != Engine::Correct {
            lesson.engine = Some((engine, run.steps.into()));
        }
        lesson
    }

    fn build(
        analysis: Arc<Analysis>,
        scene: Arc<Scene>,
        mode: Mode,
        vector: &[f64],
        folding: Option<Arc<Folding>>,
        update: Option<Arc<Update>>,
    ) -> Lesson {
        let graph = analysis.graph();
        let n_inputs = graph.inputs().len();
        let mode = match mode {
            m if m.forward() && n_inputs == 0 => Mode::ForwardThenReverse,
            Mode::Tangent { seed } if seed >= n_inputs => Mode::Tangent { seed: 0 },
            m => m,
        };
        let updates = update.as_ref().map_or(0, |u| u.params.len());
        let timeline = Timeline::with_updates(&analysis, mode, vector, folding.as_deref(), updates);
        Lesson::build_with(analysis, scene, mode, folding, update, timeline)
    }

    fn build_with(
        analysis: Arc<Analysis>,
        scene: Arc<Scene>,
        mode: Mode,
        folding: Option<Arc<Folding>>,
        update: Option<Arc<Update>>,
        timeline: Timeline,
    ) -> Lesson {
        let graph = analysis.graph();
        let mut at = vec![0; graph.node_count()];
        for (i, id) in graph.order().iter().enumerate() {
            at[id.index()] = i;
        }
        let steps = timeline.steps().len();
        let gradient_step = match mode {
            Mode::ForwardThenReverse => timeline.pass_end(0),
            _ if mode.forward() => steps.saturating_sub(1),
            _ => steps.saturating_sub(2),
        };
        Lesson {
            inputs: graph
                .inputs()
                .iter()
                .map(|&i| (graph.node(i).label().to_string(), at[i.index()]))
                .collect(),
            output: analysis.output_name().to_string(),
            outputs: analysis.output_names(),
            edge_to: graph
                .dag()
                .edge_indices()
                .map(|e| at[graph.edge(e).1.index()])
                .chain(
                    folding
                        .iter()
                        .flat_map(|f| f.edges.iter().map(|e| at[e.to.index()])),
                )
                .collect(),
            folding,
            update,
            engine: None,
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

    /// Whether the program ran loop passes (its rows and boxes then say which pass).
    pub fn has_passes(&self) -> bool {
        self.graph().flow().passes > 0
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
        if let Some((_, e)) = self.gate_edge(k) {
            return e.partial;
        }
        if k >= self.graph().edge_count() {
            return f64::NAN;
        }
        self.analysis.trace().partial(EdgeIndex::new(k))
    }

    /// How many edges there are.
    pub fn edge_count(&self) -> usize {
        self.edge_to.len()
    }

    /// The gradient, one entry per input (from the reverse pass, in every mode; a broken
    /// engine's, when the lesson steps one).
    pub fn gradient(&self) -> &[f64] {
        match self.timeline.passes().first() {
            Some(Pass::Reverse { adjoints, .. }) => adjoints.gradient(),
            _ => self.analysis.adjoints().gradient(),
        }
    }

    /// What step `step` does.
    pub fn steps_kind(&self, step: usize) -> Option<StepKind> {
        self.timeline.steps().get(step).copied()
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
            lit.push_node(self.at[id.index()]);
        };
        let mut edges: Vec<usize> = Vec::new();
        match self.timeline.steps().get(step) {
            Some(&StepKind::Value(id, _)) => {
                node(id);
                let mut into = Vec::new();
                wires(g, self.analysis.trace(), self.folding(), id, &mut into);
                edges.extend(into.iter().map(|w| w.edge));
            }
            Some(&StepKind::Seed(id)) => node(id),
            Some(&StepKind::Update(k)) => {
                if let Some(id) = self.update_node(k) {
                    node(id);
                }
            }
            Some(&StepKind::Contribution { pass, k }) => {
                let Some(c) = self.contribution(pass, k) else {
                    return lit;
                };
                node(c.to);
                node(c.from);
                edges.push(c.edge.index());
            }
            _ => {}
        }
        for e in edges {
            lit.push_edge(e);
        }
        lit
    }

    /// What a quiz asks at step `step`: the quantity's name and its value once the step is
    /// done (a node's value; in the reverse pass, an adjoint as summed so far).
    pub fn answer(&self, step: usize) -> Option<(String, f64)> {
        build::answer(self, step, *self.timeline.steps().get(step)?)
    }

    /// What node `i` shows once step `step` is done.
    pub fn shown(&self, i: usize, step: usize) -> Shown {
        self.shown_lit(i, step, &self.lit(step))
    }

    /// The same, with the step's [`Lit`] already at hand (a loop over every node asks it once).
    pub fn shown_lit(&self, i: usize, step: usize, lit: &Lit) -> Shown {
        // A condition's node (drawn after the graph's): decided once the pass starts.
        if i >= self.node_count() {
            return Shown {
                state: if step > 0 {
                    NodeState::Done
                } else {
                    NodeState::Pending
                },
                source: false,
                value: None,
                adjoint: None,
                tangent: None,
            };
        }
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
        let value = (known && step > 0).then(|| {
            self.updated_value(id, step)
                .unwrap_or_else(|| self.analysis.trace().value(id))
        });
        let tangent = match self.pass_at(step) {
            Some((p, Pass::Forward { tangents, .. }))
                if step > 0 && self.timeline.tangent_step(id, p) <= step =>
            {
                Some(tangents.tangent(id))
            }
            _ => None,
        };
        Shown {
            state,
            source: nodes[1.min(nodes.len())..].contains(&i),
            value,
            adjoint: self.timeline.adjoint_at(id, step),
            tangent,
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
        if i >= self.node_count() {
            return now;
        }
        let id = self.id(i);
        let value_step = self.timeline.value_step(id).max(1).min(self.last());
        match self.timeline.reverse_start() {
            Some(r) if now >= r => self.timeline.adjoint_done(id, now).unwrap_or(value_step),
            _ => value_step,
        }
    }

    /// The scene index of output number `j`.
    pub fn output_index(&self, j: usize) -> Option<usize> {
        let &out = self.graph().outputs().get(j)?;
        Some(self.at[out.index()])
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

    /// The derivative passes (one per output or per input, or one seeded by a vector).
    pub fn passes(&self) -> &[Pass] {
        self.timeline.passes()
    }

    /// The derivative pass step `step` belongs to, and its number (None before the first).
    pub fn pass_at(&self, step: usize) -> Option<(usize, &Pass)> {
        let p = self.timeline.pass_of(step)?;
        Some((p, self.timeline.passes().get(p)?))
    }

    /// The broken engine's step behind contribution `k` of pass `pass` (its first).
    pub(crate) fn engine_step(&self, pass: usize, k: usize) -> Option<(Engine, &EngineStep)> {
        let (engine, steps) = self.engine.as_ref()?;
        (pass == 0).then(|| steps.get(k).map(|s| (*engine, s)))?
    }

    /// Contribution `k` of derivative pass `pass`.
    pub(crate) fn contribution(&self, pass: usize, k: usize) -> Option<&Contribution> {
        match self.timeline.passes().get(pass)? {
            Pass::Reverse { adjoints, .. } => adjoints.contributions().get(k),
            Pass::Forward { .. } => None,
        }
    }
}
