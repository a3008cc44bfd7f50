//! The timeline: which step does what, as data, read from one analysis. The UI holds a
//! cursor; stepping back is moving it. What a step shows (its equation, rule, narration)
//! is built from its [`StepKind`] when the step is shown, so the timeline stays linear in
//! nodes + edges (times the passes).
//!
//! A timeline runs one or more derivative passes: reverse mode one per output (each fills a
//! row of the Jacobian) or one seeded with a cotangent u (uᵀ·J); forward mode one seeded on
//! an input (a column), one per input (every column), or one along a direction v (J·v).

use std::sync::Arc;

use super::{reverse_folded, tangents, Adjoints, Folding, Tangents};
use crate::analysis::Analysis;
use crate::graph::{NodeId, Op};

/// The most steps a timeline holds: a mode with a pass per input or per output steps only
/// as many passes as fit (at least one); the rest of the Jacobian is not stepped.
pub const MAX_STEPS: usize = 400_000;

/// Which story the timeline tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The primal values, then one reverse pass per output (the seed article's story).
    ForwardThenReverse,
    /// Forward mode: values and tangents together, seeded on input `seed` (its index).
    Tangent {
        /// The input whose unit vector seeds the tangents.
        seed: usize,
    },
    /// Forward mode, one pass per input: the whole Jacobian, a column per pass.
    Tangents,
    /// Forward mode, one pass along the lesson's direction v: J·v.
    Direction,
    /// The primal values, then one reverse pass seeded with the lesson's cotangent u: uᵀ·J.
    Cotangent,
}

impl Mode {
    /// Whether the derivative passes run forward (tangents) rather than in reverse.
    pub fn forward(self) -> bool {
        matches!(
            self,
            Mode::Tangent { .. } | Mode::Tangents | Mode::Direction
        )
    }

    /// Whether the mode is seeded by a vector the user types (v or u).
    pub fn vector(self) -> bool {
        matches!(self, Mode::Direction | Mode::Cotangent)
    }
}

/// What a derivative pass is seeded with.
#[derive(Clone, Debug, PartialEq)]
pub enum Seed {
    /// The unit vector on input or output number k.
    Unit(usize),
    /// A vector: a direction over the inputs (forward) or a cotangent over the outputs.
    Vector(Vec<f64>),
}

/// One derivative pass and its numbers.
#[derive(Clone, Debug)]
pub enum Pass {
    /// A forward pass: values and tangents along the seed.
    Forward {
        /// Over the inputs.
        seed: Seed,
        /// Every node's tangent.
        tangents: Arc<Tangents>,
    },
    /// A reverse pass from the outputs, seeded with weights.
    Reverse {
        /// Over the outputs.
        seed: Seed,
        /// Its contributions and adjoints.
        adjoints: Arc<Adjoints>,
    },
}

impl Pass {
    /// The pass's seed.
    pub fn seed(&self) -> &Seed {
        match self {
            Pass::Forward { seed, .. } | Pass::Reverse { seed, .. } => seed,
        }
    }
}

/// What a step does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// Nothing computed yet.
    Start,
    /// A node's value (and in forward mode its tangent) is computed; the forward pass's
    /// `k`th step (1-based).
    Value(NodeId, usize),
    /// An output's adjoint is seeded (1, or its cotangent weight).
    Seed(NodeId),
    /// One reverse contribution: number `k` of reverse pass `pass`'s
    /// [`crate::autodiff::Adjoints::contributions`].
    Contribution {
        /// The derivative pass (an index into [`Timeline::passes`]).
        pass: usize,
        /// The contribution's index in that pass.
        k: usize,
    },
    /// Training: parameter number `k` of the update is moved against its gradient (after
    /// the reverse pass).
    Update(usize),
    /// Everything is known.
    Done,
}

/// The whole animation, with per-node lookups of what is known at each step.
#[derive(Clone, Debug)]
pub struct Timeline {
    mode: Mode,
    steps: Vec<StepKind>,
    forward_steps: usize,
    value_step: Vec<usize>,
    /// Per node, the steps that change its adjoint and the sum after each.
    adjoint_steps: Vec<Vec<(u32, f64)>>,
    passes: Vec<Pass>,
    /// The first step of each pass (in forward mode, its first value; in reverse, its seed).
    pass_start: Vec<usize>,
    /// The first step after the passes: the first update, or the last step.
    passes_end: usize,
}

impl Timeline {
    /// The steps of `mode` over the analysed program; `vector` is the direction (one number
    /// per input) or cotangent (one per output) of the vector modes, 1 where missing.
    pub fn new(analysis: &Analysis, mode: Mode, vector: &[f64]) -> Timeline {
        Timeline::folded(analysis, mode, vector, None)
    }

    /// The same with some calls folded into gates: a gate's value is one step (its inner
    /// nodes are known with it), and the reverse passes go through its edges.
    pub fn folded(
        analysis: &Analysis,
        mode: Mode,
        vector: &[f64],
        folding: Option<&Folding>,
    ) -> Timeline {
        Timeline::with_updates(analysis, mode, vector, folding, 0)
    }

    /// The same, then in reverse mode `updates` training steps (one per parameter).
    pub fn with_updates(
        analysis: &Analysis,
        mode: Mode,
        vector: &[f64],
        folding: Option<&Folding>,
        updates: usize,
    ) -> Timeline {
        Timeline::build(analysis, mode, vector, folding, updates, None)
    }

    /// Forward then reverse, the first reverse pass being `engine`'s (a broken engine's
    /// steps: see [`super::run_engine`]).
    pub fn with_engine(analysis: &Analysis, engine: Arc<Adjoints>) -> Timeline {
        Timeline::build(
            analysis,
            Mode::ForwardThenReverse,
            &[],
            None,
            0,
            Some(engine),
        )
    }

    fn build(
        analysis: &Analysis,
        mode: Mode,
        vector: &[f64],
        folding: Option<&Folding>,
        updates: usize,
        engine: Option<Arc<Adjoints>>,
    ) -> Timeline {
        let graph = analysis.graph();
        let n = graph.node_count();
        let folding = folding.filter(|f| !f.is_empty());
        let computed: Vec<NodeId> = graph
            .order()
            .iter()
            .copied()
            .filter(|&id| graph.node(id).op != Op::Const && !folding.is_some_and(|f| f.hidden(id)))
            .collect();
        let reverse = |seeds: &[(NodeId, f64)]| {
            Arc::new(reverse_folded(graph, analysis.trace(), folding, seeds))
        };
        let filled = |len: usize| -> Vec<f64> {
            (0..len)
                .map(|k| vector.get(k).copied().unwrap_or(1.0))
                .collect()
        };
        let passes: Vec<Pass> = match mode {
            Mode::ForwardThenReverse => (0..graph.outputs().len())
                .filter_map(|j| {
                    Some(Pass::Reverse {
                        seed: Seed::Unit(j),
                        adjoints: match (folding, &engine) {
                            (_, Some(e)) if j == 0 => Arc::clone(e),
                            (Some(_), _) => reverse(&[(*graph.outputs().get(j)?, 1.0)]),
                            _ => analysis.adjoints_of(j)?,
                        },
                    })
                })
                .collect(),
            Mode::Cotangent => {
                let u = filled(graph.outputs().len());
                let seeds: Vec<_> = graph.outputs().iter().copied().zip(u.clone()).collect();
                vec![Pass::Reverse {
                    seed: Seed::Vector(u),
                    adjoints: reverse(&seeds),
                }]
            }
            Mode::Tangent { seed } => analysis
                .tangents(seed)
                .map(|tangents| Pass::Forward {
                    seed: Seed::Unit(seed),
                    tangents,
                })
                .into_iter()
                .collect(),
            // Only the passes that can fit are computed (each steps every operation again).
            Mode::Tangents => (0..graph.inputs().len())
                .take((MAX_STEPS.saturating_sub(computed.len()) / computed.len().max(1)).max(1))
                .filter_map(|i| {
                    Some(Pass::Forward {
                        seed: Seed::Unit(i),
                        tangents: analysis.tangents(i)?,
                    })
                })
                .collect(),
            Mode::Direction => {
                let v = filled(graph.inputs().len());
                let t = tangents(graph, analysis.trace(), &v);
                vec![Pass::Forward {
                    seed: Seed::Vector(v),
                    tangents: Arc::new(t),
                }]
            }
        };
        // Only as many passes as fit in MAX_STEPS (each forward pass steps every operation
        // again; each reverse pass, its seeds and contributions).
        let mut passes = passes;
        let mut budget = MAX_STEPS.saturating_sub(computed.len());
        let keep = passes
            .iter()
            .take_while(|p| {
                let cost = match p {
                    Pass::Forward { .. } => computed.len(),
                    Pass::Reverse { adjoints, .. } => adjoints.contributions().len() + 1,
                };
                let fits = cost <= budget;
                budget = budget.saturating_sub(cost);
                fits
            })
            .count();
        passes.truncate(keep.max(1));
        let mut steps = vec![StepKind::Start];
        let mut value_step = vec![0; n];
        let mut adjoint_steps = vec![Vec::new(); n];
        let mut pass_start = Vec::with_capacity(passes.len());
        let forward_pass = |steps: &mut Vec<StepKind>, value_step: &mut Vec<usize>, first| {
            for (k, &id) in computed.iter().enumerate() {
                if first {
                    value_step[id.index()] = steps.len();
                }
                steps.push(StepKind::Value(id, k + 1));
            }
        };
        // A folded call's inner nodes are known once its gate is.
        let inner_known = |value_step: &mut Vec<usize>| {
            for gate in folding.map_or(&[][..], |f| &f.gates) {
                let at = value_step[gate.result.index()];
                for id in &gate.nodes {
                    value_step[id.index()] = at;
                }
            }
        };
        if mode.forward() {
            for p in 0..passes.len().max(1) {
                pass_start.push(steps.len());
                forward_pass(&mut steps, &mut value_step, p == 0);
            }
            pass_start.truncate(passes.len());
            inner_known(&mut value_step);
        } else {
            forward_pass(&mut steps, &mut value_step, true);
            inner_known(&mut value_step);
            for (p, pass) in passes.iter().enumerate() {
                let Pass::Reverse { seed, adjoints } = pass else {
                    continue;
                };
                pass_start.push(steps.len());
                for (j, &out) in graph.outputs().iter().enumerate() {
                    let weight = match seed {
                        Seed::Unit(k) if *k == j => 1.0,
                        Seed::Unit(_) => continue,
                        Seed::Vector(u) => u[j],
                    };
                    adjoint_steps[out.index()].push((steps.len() as u32, weight));
                    steps.push(StepKind::Seed(out));
                }
                for (k, c) in adjoints.contributions().iter().enumerate() {
                    adjoint_steps[c.to.index()].push((steps.len() as u32, c.running));
                    steps.push(StepKind::Contribution { pass: p, k });
                }
            }
        }
        let passes_end = steps.len();
        if !mode.forward() {
            steps.extend((0..updates).map(StepKind::Update));
        }
        steps.push(StepKind::Done);
        Timeline {
            passes_end,
            mode,
            steps,
            forward_steps: computed.len(),
            value_step,
            adjoint_steps,
            passes,
            pass_start,
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

    /// The derivative passes, in order.
    pub fn passes(&self) -> &[Pass] {
        &self.passes
    }

    /// The derivative pass step `step` belongs to: None before the first (the start, and
    /// in reverse mode the primal values); the last pass for the final step.
    pub fn pass_of(&self, step: usize) -> Option<usize> {
        self.pass_start
            .partition_point(|&s| s <= step)
            .checked_sub(1)
    }

    /// The first step of pass `p`.
    pub fn pass_start(&self, p: usize) -> usize {
        self.pass_start.get(p).copied().unwrap_or(usize::MAX)
    }

    /// The last step of pass `p` (the step before the next pass, or before what follows the
    /// passes: the updates or the end).
    pub fn pass_end(&self, p: usize) -> usize {
        self.pass_start
            .get(p + 1)
            .copied()
            .unwrap_or(self.passes_end)
            - 1
    }

    /// The first step after the passes (the first training update, or the last step).
    pub fn passes_end(&self) -> usize {
        self.passes_end
    }

    /// How many steps the forward pass takes.
    pub fn forward_steps(&self) -> usize {
        self.forward_steps
    }

    /// The reverse passes' first step (the first seed), if this timeline has one.
    pub fn reverse_start(&self) -> Option<usize> {
        (!self.mode.forward() && !self.pass_start.is_empty()).then_some(self.forward_steps + 1)
    }

    /// The step that computes node `id`'s value (0 for constants, known from the start).
    pub fn value_step(&self, id: NodeId) -> usize {
        self.value_step[id.index()]
    }

    /// Whether node `id`'s value is known once step `step` is done.
    pub fn value_known(&self, id: NodeId, step: usize) -> bool {
        self.value_step[id.index()] <= step
    }

    /// The step that computes node `id`'s tangent in forward pass `p` (0 for constants).
    pub fn tangent_step(&self, id: NodeId, p: usize) -> usize {
        match self.value_step[id.index()] {
            0 => 0,
            s => self.pass_start(p).saturating_add(s - 1),
        }
    }

    /// Node `id`'s adjoint in the pass of step `step`, as it stands once that step is done
    /// (None: nothing yet in this pass).
    pub fn adjoint_at(&self, id: NodeId, step: usize) -> Option<f64> {
        let steps = &self.adjoint_steps[id.index()];
        let known = steps.partition_point(|&(s, _)| s as usize <= step);
        let (s, v) = steps[known.checked_sub(1)?];
        let start = self.pass_of(step).map_or(0, |p| self.pass_start(p));
        (s as usize >= start).then_some(v)
    }

    /// The bytes it holds: a kind per step, a step per node, the adjoint's steps per node
    /// (the passes' numbers are shared with the analysis, or counted by the lesson).
    pub fn held_bytes(&self) -> usize {
        let per_node: usize = self
            .adjoint_steps
            .iter()
            .map(|v| std::mem::size_of::<Vec<(u32, f64)>>() + v.capacity() * 16)
            .sum();
        self.steps.capacity() * std::mem::size_of::<StepKind>()
            + self.value_step.capacity() * std::mem::size_of::<usize>()
            + self.pass_start.capacity() * std::mem::size_of::<usize>()
            + per_node
    }

    /// The step that completes node `id`'s adjoint in the pass of step `now` (or the first
    /// reverse pass), if that pass reaches it.
    pub fn adjoint_done(&self, id: NodeId, now: usize) -> Option<usize> {
        self.adjoint_done_in(id, self.pass_of(now).unwrap_or(0))
    }

    /// The step that completes node `id`'s adjoint in reverse pass `p`, if it reaches it.
    pub fn adjoint_done_in(&self, id: NodeId, p: usize) -> Option<usize> {
        let (start, end) = (self.pass_start(p), self.pass_end(p));
        self.adjoint_steps[id.index()]
            .iter()
            .rev()
            .map(|&(s, _)| s as usize)
            .find(|&s| s >= start && s <= end)
    }
}
