//! Everything computed about one program text, once: the program's graph, its primal
//! trace, its adjoints, and tangents per seed on demand (each seed's pass run once, then
//! kept). Scenes, timelines, lessons, the symbolic panel, checks and exports read it;
//! none of them runs a pass of its own.

use std::sync::{Arc, OnceLock};

use crate::autodiff::{evaluate, reverse, reverse_seeded, tangents, Adjoints, Tangents, Trace};
use crate::expr::{parse, ParseError};
use crate::graph::{Graph, NodeId};

/// A program text, analysed.
#[derive(Debug)]
pub struct Analysis {
    graph: Graph,
    trace: Trace,
    adjoints: Arc<Adjoints>,
    /// Per output after the first, the adjoints of its own reverse pass (a row of the
    /// Jacobian), computed the first time they are asked for.
    more_adjoints: Vec<OnceLock<Arc<Adjoints>>>,
    /// Per input, the tangents seeded on it, computed the first time they are asked for.
    tangents: Vec<OnceLock<Arc<Tangents>>>,
}

impl Analysis {
    /// Parses, builds and evaluates `src`, then runs the reverse pass.
    pub fn new(src: &str) -> Result<Analysis, ParseError> {
        let program = parse(src)?;
        let graph = Graph::build(&program)?;
        Ok(Analysis::of(graph))
    }

    /// The analysis of a built graph at its own point.
    pub fn of(graph: Graph) -> Analysis {
        let trace = evaluate(&graph, &graph.point());
        let adjoints = Arc::new(reverse(&graph, &trace));
        let tangents = (0..graph.inputs().len()).map(|_| OnceLock::new()).collect();
        let more_adjoints = (1..graph.outputs().len())
            .map(|_| OnceLock::new())
            .collect();
        Analysis {
            graph,
            trace,
            adjoints,
            more_adjoints,
            tangents,
        }
    }

    /// The computation graph.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The primal trace at the program's point.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The adjoint trace (reverse mode) of the first output.
    pub fn adjoints(&self) -> &Adjoints {
        &self.adjoints
    }

    /// The adjoint trace of output number `j`'s own reverse pass (row j of the Jacobian),
    /// None past the outputs.
    pub fn adjoints_of(&self, j: usize) -> Option<Arc<Adjoints>> {
        if j == 0 {
            return Some(Arc::clone(&self.adjoints));
        }
        let cell = self.more_adjoints.get(j - 1)?;
        Some(Arc::clone(cell.get_or_init(|| {
            let out = self.graph.outputs()[j];
            Arc::new(reverse_seeded(&self.graph, &self.trace, &[(out, 1.0)]))
        })))
    }

    /// The Jacobian of the outputs by the inputs (a row per output, from its reverse pass).
    pub fn jacobian(&self) -> Vec<Vec<f64>> {
        (0..self.graph.outputs().len())
            .filter_map(|j| Some(self.adjoints_of(j)?.gradient().to_vec()))
            .collect()
    }

    /// The tangents seeded on input number `seed` (forward mode), None past the inputs.
    pub fn tangents(&self, seed: usize) -> Option<Arc<Tangents>> {
        let cell = self.tangents.get(seed)?;
        Some(Arc::clone(cell.get_or_init(|| {
            let dir: Vec<f64> = (0..self.graph.inputs().len())
                .map(|i| if i == seed { 1.0 } else { 0.0 })
                .collect();
            Arc::new(tangents(&self.graph, &self.trace, &dir))
        })))
    }

    /// The outputs' names as shown: f₁, f₂... for a list, or the names given.
    pub fn output_names(&self) -> Vec<String> {
        let g = &self.graph;
        match g.outputs() {
            [_] => vec![self.output_name().to_string()],
            outs => outs
                .iter()
                .map(|&o| g.node(o).label().to_string())
                .collect(),
        }
    }

    /// The output's value.
    pub fn value(&self) -> f64 {
        self.trace.value(self.graph.output())
    }

    /// The output's name as shown: the program's (`f`, `loss`), else `f`.
    pub fn output_name(&self) -> &str {
        self.graph.output_name().unwrap_or("f")
    }

    /// The first node, in Wengert order, whose value went bad by itself, and why.
    pub fn first_issue(&self) -> Option<(NodeId, &str)> {
        self.graph.order().iter().find_map(|&id| {
            let issue = self.trace.issue(id)?;
            (!issue.starts_with("carried")).then_some((id, issue))
        })
    }
}
