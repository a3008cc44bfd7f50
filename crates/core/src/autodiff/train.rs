//! Training: gradient descent on the program's output as a loss, over the parameters
//! chosen among its inputs. Each iteration is the forward pass, the reverse pass, then the
//! update w ← w − η·v with v ← μ·v + ∂L/∂w (plain gradient descent when μ = 0; PyTorch's SGD
//! with momentum otherwise). The other inputs keep their values.

use super::{evaluate, reverse};
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
/// Stops early, after the iteration that made them so, once a loss or a parameter is not
/// finite.
pub fn train(
    graph: &Graph,
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
    let mut velocity = vec![0.0; params.len()];
    let mut out = Vec::with_capacity(iterations.min(MAX_ITERATIONS));
    for iteration in 1..=iterations.min(MAX_ITERATIONS) {
        let trace = evaluate(graph, &point);
        let adjoints = reverse(graph, &trace);
        let loss = trace.value(graph.output());
        let before: Vec<f64> = params.iter().map(|&i| point[i]).collect();
        let gradient: Vec<f64> = params.iter().map(|&i| adjoints.gradient()[i]).collect();
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
        });
        if stop {
            break;
        }
    }
    out
}
