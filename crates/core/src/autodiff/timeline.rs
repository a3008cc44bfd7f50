//! The timeline: which step does what, as data, read from one analysis. The UI holds a
//! cursor; stepping back is moving it. What a step shows (its equation, rule, narration)
//! is built from its [`StepKind`] when the step is shown, so the timeline stays linear in
//! nodes + edges.

use crate::analysis::Analysis;
use crate::graph::{NodeId, Op};

/// Which story the timeline tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The primal values, then the adjoints (the seed article's story).
    ForwardThenReverse,
    /// Forward mode: values and tangents together, seeded on input `seed` (its index).
    Tangent {
        /// The input whose unit vector seeds the tangents.
        seed: usize,
    },
}

/// What a step does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// Nothing computed yet.
    Start,
    /// A node's value (and in forward mode its tangent) is computed; the forward pass's
    /// `k`th step (1-based).
    Value(NodeId, usize),
    /// The output's adjoint is set to 1.
    Seed(NodeId),
    /// One reverse contribution, by its index in [`crate::autodiff::Adjoints::contributions`].
    Contribution(usize),
    /// Everything is known.
    Done,
}

/// The whole animation, with per-node lookups of what is known at each step.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    mode: Mode,
    steps: Vec<StepKind>,
    forward_steps: usize,
    value_step: Vec<usize>,
    /// Per node, the steps that change its adjoint and the sum after each.
    adjoint_steps: Vec<Vec<(u32, f64)>>,
}

impl Timeline {
    /// The steps of `mode` over the analysed program.
    pub fn new(analysis: &Analysis, mode: Mode) -> Timeline {
        let graph = analysis.graph();
        let n = graph.node_count();
        let computed: Vec<NodeId> = graph
            .order()
            .iter()
            .copied()
            .filter(|&id| graph.node(id).op != Op::Const)
            .collect();
        let reverse = mode == Mode::ForwardThenReverse;
        let contributions = analysis.adjoints().contributions();
        let mut steps = Vec::with_capacity(computed.len() + 3 + contributions.len());
        let mut value_step = vec![0; n];
        steps.push(StepKind::Start);
        for (k, &id) in computed.iter().enumerate() {
            value_step[id.index()] = steps.len();
            steps.push(StepKind::Value(id, k + 1));
        }
        let mut adjoint_steps = vec![Vec::new(); n];
        if reverse {
            let out = graph.output();
            adjoint_steps[out.index()].push((steps.len() as u32, 1.0));
            steps.push(StepKind::Seed(out));
            for (k, c) in contributions.iter().enumerate() {
                adjoint_steps[c.to.index()].push((steps.len() as u32, c.running));
                steps.push(StepKind::Contribution(k));
            }
        }
        steps.push(StepKind::Done);
        Timeline {
            mode,
            steps,
            forward_steps: computed.len(),
            value_step,
            adjoint_steps,
        }
    }

    /// The mode it steps through.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Every step, in order.
    pub fn steps(&self) -> &[StepKind] {
        &self.steps
    }

    /// How many steps the forward pass takes.
    pub fn forward_steps(&self) -> usize {
        self.forward_steps
    }

    /// The reverse pass's first step (the seed), if this timeline has one.
    pub fn reverse_start(&self) -> Option<usize> {
        (self.mode == Mode::ForwardThenReverse).then_some(self.forward_steps + 1)
    }

    /// The step that computes node `id`'s value (0 for constants, known from the start).
    pub fn value_step(&self, id: NodeId) -> usize {
        self.value_step[id.index()]
    }

    /// Whether node `id`'s value is known once step `step` is done.
    pub fn value_known(&self, id: NodeId, step: usize) -> bool {
        self.value_step[id.index()] <= step
    }

    /// Node `id`'s adjoint as it stands once step `step` is done (None: nothing yet).
    pub fn adjoint_at(&self, id: NodeId, step: usize) -> Option<f64> {
        let steps = &self.adjoint_steps[id.index()];
        let known = steps.partition_point(|&(s, _)| s as usize <= step);
        known.checked_sub(1).map(|i| steps[i].1)
    }

    /// The bytes it holds: a kind per step, a step per node, the adjoint's steps per node.
    pub fn held_bytes(&self) -> usize {
        let per_node: usize = self
            .adjoint_steps
            .iter()
            .map(|v| std::mem::size_of::<Vec<(u32, f64)>>() + v.capacity() * 16)
            .sum();
        self.steps.capacity() * std::mem::size_of::<StepKind>()
            + self.value_step.capacity() * std::mem::size_of::<usize>()
            + per_node
    }

    /// The step that completes node `id`'s adjoint, if the reverse pass reaches it.
    pub fn adjoint_done(&self, id: NodeId) -> Option<usize> {
        self.adjoint_steps[id.index()]
            .last()
            .map(|&(s, _)| s as usize)
    }
}
