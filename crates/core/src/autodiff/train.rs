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
    let mut point = graph.point();
    let params: Vec<usize> = params
        .iter()
        .copied()
        .filter(|&i| i < point.len())
        .collect();
    let names: Vec<String> = graph
        .inputs()
        .iter()
        .map(|&i| graph.node(i).label().to_string())
        .collect();
    let rebuild = program.filter(|_| !graph.conditions().is_empty());
    let mut velocity = vec![0.0; params.len()];
    let mut out = Vec::with_capacity(iterations.min(MAX_ITERATIONS));
    for iteration in 1..=iterations.min(MAX_ITERATIONS) {
        let built;
        let (g, at) = match rebuild {
            Some(p) if iteration > 1 => match Graph::build(&at_point(p, &names, &point)) {
                Ok(g) => {
                    built = g;
                    let at = built.point();
                    (&built, at)
                }
                Err(_) => break,
            },
            _ => (graph, point.clone()),
        };
        let trace = evaluate(g, &at);
        let adjoints = reverse(g, &trace);
        let loss = trace.value(g.output());
        let before: Vec<f64> = params.iter().map(|&i| point[i]).collect();
        // By name: a graph built again may order its inputs otherwise.
        let gradient: Vec<f64> = params
            .iter()
            .map(|&i| {
                g.inputs()
                    .iter()
                    .position(|&id| g.node(id).label() == names[i])
                    .map_or(0.0, |k| adjoints.gradient()[k])
            })
            .collect();
        for (k, &i) in params.iter().enumerate() {
            velocity[k] = descent.momentum * velocity[k] + gradient[k];
            point[i] -= descent.rate * velocity[k];
        }
        let next: Vec<f64> = params.iter().map(|&i| point[i]).collect();
        let stop = !loss.is_finite() || next.iter().any(|v| !v.is_finite());
        out.push(Iteration {
            iteration,
            loss,
            params: before,
            gradient,
            next,
            velocity: velocity.clone(),
        });
        if stop {
            break;
        }
    }
    out
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
