//! Training: gradient descent on the program's output as a loss, over the parameters
//! chosen among its inputs. Each iteration is the forward pass, the reverse pass, then the
//! update w ← w − η·v with v ← μ·v + ∂L/∂w (plain gradient descent when μ = 0; PyTorch's SGD
//! with momentum otherwise). The other inputs keep their values. A program that decides
//! (branches, loops that check a condition) is built again at each new point, so every
//! iteration takes the branches its own point takes.

use super::{evaluate, reverse};
use crate::expr::{Expr, ExprKind, Program, Stmt};
use crate::graph::Graph;

/// The most iterations one run computes.
pub const MAX_ITERATIONS: usize = 100_000;

/// One iteration: where it started, what the passes gave, where it moved.
#[derive(Clone, Debug, PartialEq)]
pub struct Iteration {
    /// Its number, from 1.
    pub iteration: usize,
    /// The loss at the start of the iteration (before its update).
    pub loss: f64,
    /// Each parameter's value before the update, in the order asked for.
    pub params: Vec<f64>,
    /// ∂L/∂w for each parameter.
    pub gradient: Vec<f64>,
    /// Each parameter's value after the update.
    pub next: Vec<f64>,
    /// Each parameter's velocity after the update (its gradient when μ = 0).
    pub velocity: Vec<f64>,
}

/// How to descend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Descent {
    /// η.
    pub rate: f64,
    /// μ (0 for plain gradient descent).
    pub momentum: f64,
}

/// `iterations` iterations of gradient descent on output 0 from the program's point, over
/// the inputs numbered `params` (indices into [`Graph::inputs`]; others are ignored).
/// `program` (the graph's) is built again at each point when the graph has decisions.
/// Stops early, after the iteration that made them so, once a loss or a parameter is not
/// finite.
pub fn train(
    graph: &Graph,
    program: Option<&Program>,
    params: &[usize],
    descent: Descent,
    iterations: usize,
) -> Vec<Iteration> {
    let mut t = Trainer::new(graph, params, descent);
    let mut out = Vec::with_capacity(iterations.min(MAX_ITERATIONS));
    while out.len() < iterations.min(MAX_ITERATIONS) {
        let Some(it) = t.step(graph, program) else {
            break;
        };
        let stop = !it.loss.is_finite() || it.next.iter().any(|v| !v.is_finite());
        out.push(it);
        if stop {
            break;
        }
    }
    out
}

/// A run that goes on one iteration at a time (the page's Run button).
#[derive(Clone, Debug, PartialEq)]
pub struct Trainer {
    /// Every input's value now.
    pub point: Vec<f64>,
    /// The inputs trained (indices into [`Graph::inputs`]).
    pub params: Vec<usize>,
    /// The inputs' names, to find them in a graph built again.
    pub names: Vec<String>,
    velocity: Vec<f64>,
    descent: Descent,
    iteration: usize,
}

impl Trainer {
    /// At the program's point, nothing run yet.
    pub fn new(graph: &Graph, params: &[usize], descent: Descent) -> Trainer {
        let point = graph.point();
        let params: Vec<usize> = params
            .iter()
            .copied()
            .filter(|&i| i < point.len())
            .collect();
        Trainer {
            names: graph
                .inputs()
                .iter()
                .map(|&i| graph.node(i).label().to_string())
                .collect(),
            velocity: vec![0.0; params.len()],
            params,
            point,
            descent,
            iteration: 0,
        }
    }

    /// The program at the current point, when its graph decides (else the graph serves).
    pub fn program_now(&self, graph: &Graph, program: &Program) -> Option<Program> {
        (!graph.conditions().is_empty()).then(|| at_point(program, &self.names, &self.point))
    }

    /// One iteration from the current point: None once it cannot go on (past
    /// [`MAX_ITERATIONS`], or a program that no longer builds at its point).
    pub fn step(&mut self, graph: &Graph, program: Option<&Program>) -> Option<Iteration> {
        if self.iteration >= MAX_ITERATIONS {
            return None;
        }
        let built = match program.and_then(|p| self.program_now(graph, p)) {
            Some(p) if self.iteration > 0 => Some(Graph::build(&p).ok()?),
            _ => None,
        };
        let g = built.as_ref().unwrap_or(graph);
        let at: Vec<f64> = match &built {
            Some(b) => b.point(),
            None => self.point.clone(),
        };
        let trace = evaluate(g, &at);
        let adjoints = reverse(g, &trace);
        let loss = trace.value(g.output());
        let before: Vec<f64> = self.params.iter().map(|&i| self.point[i]).collect();
        // By name: a graph built again may order its inputs otherwise.
        let gradient: Vec<f64> = self
            .params
            .iter()
            .map(|&i| {
                g.inputs()
                    .iter()
                    .position(|&id| g.node(id).label() == self.names[i])
                    .map_or(0.0, |k| adjoints.gradient()[k])
            })
            .collect();
        for (k, &i) in self.params.iter().enumerate() {
            self.velocity[k] = self.descent.momentum * self.velocity[k] + gradient[k];
            self.point[i] -= self.descent.rate * self.velocity[k];
        }
        self.iteration += 1;
        Some(Iteration {
            iteration: self.iteration,
            loss,
            params: before,
            gradient,
            next: self.params.iter().map(|&i| self.point[i]).collect(),
            velocity: self.velocity.clone(),
        })
    }
}

/// `program` with each top-level binding of an input in `names` given its value in
/// `values` instead: the same program at another point.
pub fn at_point(program: &Program, names: &[String], values: &[f64]) -> Program {
    let mut p = program.clone();
    for stmt in &mut p.stmts {
        if let Stmt::Binding { name, body, .. } = stmt {
            if let Some(k) = names.iter().position(|n| n == name) {
                if let Some(&v) = values.get(k) {
                    *body = Expr {
                        kind: ExprKind::Number(v),
                        span: body.span.clone(),
                    };
                }
            }
        }
    }
    p
}
