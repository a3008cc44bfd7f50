//! "Break the engine": the reverse pass as students write it wrong, beside the right one.
//! Each engine is a list of `ū ← …` steps along the graph's edges, so the stepper can
//! animate it and the readout can mark each input it gets wrong.
//!
//! - `overwrite`: each contribution is assigned, `ū = w̄·∂w/∂u`, instead of added (nodes in
//!   reverse Wengert order, operands in slot order): a node used twice keeps only its last
//!   contribution.
//! - `recursive`: no topological order: a node passes its current adjoint to each operand,
//!   edge by edge, then recurses into each operand, edge by edge (micrograd's first
//!   `backward`): a node reached along two edges is visited twice and passes its adjoint on
//!   each time, sometimes before all of it has arrived.
//! - `twice`: the reverse pass run twice without zeroing the gradients in between; as in
//!   PyTorch (and micrograd, whose second forward pass builds new nodes), the intermediate
//!   adjoints start again from 0 and only the inputs' gradients accumulate: twice the truth.

use petgraph::graph::EdgeIndex;

use super::Trace;
use crate::graph::{Graph, NodeId};

/// A reverse-pass engine, right or wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Engine {
    /// `ū += w̄·∂w/∂u` in reverse Wengert order.
    #[default]
    Correct,
    /// `ū = w̄·∂w/∂u`: each contribution replaces the last.
    Overwrite,
    /// Depth first from the output, without a topological order.
    Recursive,
    /// The correct pass run twice, the gradients not zeroed in between.
    Twice,
}

impl Engine {
    /// Every engine, the correct one first.
    pub const ALL: [Engine; 4] = [
        Engine::Correct,
        Engine::Overwrite,
        Engine::Recursive,
        Engine::Twice,
    ];

    /// Its name in the link, the command line and the page's menu.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Correct => "correct",
            Engine::Overwrite => "overwrite",
            Engine::Recursive => "recursive",
            Engine::Twice => "twice",
        }
    }

    /// The engine of that name.
    pub fn parse(name: &str) -> Option<Engine> {
        Engine::ALL.into_iter().find(|e| e.name() == name)
    }

    /// The bug in two sentences (empty for the correct engine).
    pub fn note(self) -> &'static str {
        match self {
            Engine::Correct => "",
            Engine::Overwrite => "This engine assigns each contribution (ū = w̄·∂w/∂u) instead of adding it (ū += w̄·∂w/∂u). A node used more than once keeps only the last contribution it receives, so every path but one is lost.",
            Engine::Recursive => "This engine passes a node's adjoint to its operands and then recurses into each one, with no topological order. A node reached along two edges is visited twice and passes its adjoint on each time (sometimes before all of it has arrived), so shared paths are counted more than once.",
            Engine::Twice => "This engine runs the backward pass twice without zeroing the gradients in between (no zero_grad). Each input's gradient accumulates both passes, so every gradient is doubled.",
        }
    }
}

/// One step of an engine: u's adjoint set or increased along the edge u -> w.
#[derive(Clone, Debug, PartialEq)]
pub struct EngineStep {
    /// The edge travelled back.
    pub edge: EdgeIndex<u32>,
    /// The node passing its adjoint back (w).
    pub from: NodeId,
    /// The operand receiving it (u).
    pub to: NodeId,
    /// w̄ when it was passed.
    pub upstream: f64,
    /// ∂w/∂u.
    pub partial: f64,
    /// ū before the step.
    pub before: f64,
    /// ū after it.
    pub after: f64,
    /// Which run of the pass (1, or 2 for the second run of `twice`).
    pub round: u8,
}

/// What an engine did: its steps and the adjoints it ended with.
#[derive(Clone, Debug, PartialEq)]
pub struct EngineRun {
    /// The engine.
    pub engine: Engine,
    /// Its steps in order.
    pub steps: Vec<EngineStep>,
    /// Every node's adjoint at the end.
    pub adjoints: Vec<f64>,
    /// The inputs' adjoints, in input order.
    pub gradient: Vec<f64>,
    /// Whether it stopped at the step limit (the recursive engine's steps grow with the
    /// number of paths, which can be exponential).
    pub truncated: bool,
}

/// Runs `engine` from the first output, stopping after `limit` steps.
pub fn run_engine(graph: &Graph, trace: &Trace, engine: Engine, limit: usize) -> EngineRun {
    let n = graph.node_count();
    let out = graph.output();
    let mut adjoints = vec![0.0; n];
    let mut steps = Vec::new();
    let mut truncated = false;
    adjoints[out.index()] = 1.0;
    let pass = |w: NodeId, adjoints: &mut Vec<f64>, steps: &mut Vec<EngineStep>, round: u8| {
        for &e in graph.edges_into(w) {
            let (u, _, _) = graph.edge(e);
            if graph.node(u).constant {
                continue;
            }
            if steps.len() >= limit {
                return false;
            }
            let upstream = adjoints[w.index()];
            let partial = trace.partial(e);
            let before = adjoints[u.index()];
            let after = match engine {
                Engine::Overwrite => upstream * partial,
                _ => before + upstream * partial,
            };
            adjoints[u.index()] = after;
            steps.push(EngineStep {
                edge: e,
                from: w,
                to: u,
                upstream,
                partial,
                before,
                after,
                round,
            });
        }
        true
    };
    match engine {
        Engine::Correct | Engine::Overwrite | Engine::Twice => {
            let rounds = if engine == Engine::Twice { 2 } else { 1 };
            'rounds: for round in 1..=rounds {
                if round == 2 {
                    // A fresh graph's intermediate adjoints; the inputs keep theirs.
                    for (k, a) in adjoints.iter_mut().enumerate() {
                        if graph.node(NodeId::new(k)).op != crate::graph::Op::Input {
                            *a = 0.0;
                        }
                    }
                    adjoints[out.index()] = 1.0;
                }
                let mut reached = vec![false; n];
                reached[out.index()] = true;
                for &w in graph.order().iter().rev() {
                    if !reached[w.index()] {
                        continue;
                    }
                    if !pass(w, &mut adjoints, &mut steps, round) {
                        truncated = true;
                        break 'rounds;
                    }
                    for &e in graph.edges_into(w) {
                        reached[graph.edge(e).0.index()] = true;
                    }
                }
            }
        }
        Engine::Recursive => {
            // The recursion as an explicit stack (a deep graph must not overflow the
            // page's stack): visiting w passes its adjoint to every operand, then visits
            // each operand in slot order, depth first.
            let mut stack = vec![out];
            while let Some(w) = stack.pop() {
                if !pass(w, &mut adjoints, &mut steps, 1) {
                    truncated = true;
                    break;
                }
                for &e in graph.edges_into(w).iter().rev() {
                    let u = graph.edge(e).0;
                    if !graph.node(u).constant {
                        stack.push(u);
                    }
                }
            }
        }
    }
    let gradient = graph.inputs().iter().map(|i| adjoints[i.index()]).collect();
    EngineRun {
        engine,
        steps,
        adjoints,
        gradient,
        truncated,
    }
}
