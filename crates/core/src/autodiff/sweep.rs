//! Finite differences against their step size (Baydin et al. 2018, figure 3): for h from
//! 10⁻¹ down to 10⁻¹⁶, the forward difference (f(x + h) − f(x)) / h and the central one
//! (f(x + h) − f(x − h)) / 2h, evaluated in f64 and, the whole program, in f32 (each
//! operation's result rounded to f32; +, −, ×, ÷ exactly so, the functions correctly
//! rounded from f64). Truncation
//! error falls with h; round-off grows as h shrinks; the best h sits between.

use crate::graph::{Algebra, Graph, Op};

/// The step sizes swept: 10⁻¹ ... 10⁻¹⁶.
pub const STEPS: std::ops::RangeInclusive<i32> = 1..=16;

/// The derivative estimates at one step size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// The step, 10⁻ᵏ.
    pub h: f64,
    /// (f(x + h) − f(x)) / h in f64.
    pub forward: f64,
    /// (f(x + h) − f(x − h)) / 2h in f64.
    pub central: f64,
    /// The forward difference with every operation in f32.
    pub forward_f32: f64,
    /// The central difference with every operation in f32.
    pub central_f32: f64,
}

/// The estimates of ∂(output `j`)/∂(input `i`) at the program's point, one per step size.
pub fn sweep(graph: &Graph, i: usize, j: usize) -> Vec<Estimate> {
    let point = graph.point();
    let Some(&out) = graph.outputs().get(j) else {
        return Vec::new();
    };
    if i >= point.len() {
        return Vec::new();
    }
    let at = |x: f64| {
        let mut p = point.clone();
        p[i] = x;
        p
    };
    let f64_at = |x: f64| super::evaluate(graph, &at(x)).value(out);
    let f32_at = |x: f32| {
        let p: Vec<f32> = at(0.0)
            .iter()
            .enumerate()
            .map(|(k, &v)| if k == i { x } else { v as f32 })
            .collect();
        evaluate_f32(graph, &p)[out.index()]
    };
    let x = point[i];
    let (f0, g0) = (f64_at(x), f32_at(x as f32));
    STEPS
        .map(|k| {
            let h = 10f64.powi(-k);
            let h32 = h as f32;
            let x32 = x as f32;
            Estimate {
                h,
                forward: (f64_at(x + h) - f0) / h,
                central: (f64_at(x + h) - f64_at(x - h)) / (2.0 * h),
                forward_f32: f64::from((f32_at(x32 + h32) - g0) / h32),
                central_f32: f64::from((f32_at(x32 + h32) - f32_at(x32 - h32)) / (2.0 * h32)),
            }
        })
        .collect()
}

/// Every node's value at `point` with every operation in f32 (constants rounded to f32).
pub fn evaluate_f32(graph: &Graph, point: &[f32]) -> Vec<f32> {
    let mut values = vec![f32::NAN; graph.node_count()];
    for (&id, &v) in graph.inputs().iter().zip(point) {
        values[id.index()] = v;
    }
    for &id in graph.order() {
        let node = graph.node(id);
        values[id.index()] = match node.op {
            Op::Input => continue,
            Op::Const => node.given as f32,
            op => {
                let args: Vec<f32> = node.operands().iter().map(|u| values[u.index()]).collect();
                op.apply(&mut F32, &args)
            }
        };
    }
    values
}

/// Arithmetic in f32.
struct F32;

impl Algebra for F32 {
    type E = f32;
    fn num(&mut self, v: f64) -> f32 {
        v as f32
    }
    fn add(&mut self, a: f32, b: f32) -> f32 {
        a + b
    }
    fn sub(&mut self, a: f32, b: f32) -> f32 {
        a - b
    }
    fn mul(&mut self, a: f32, b: f32) -> f32 {
        a * b
    }
    fn div(&mut self, a: f32, b: f32) -> f32 {
        a / b
    }
    fn neg(&mut self, a: f32) -> f32 {
        -a
    }
    fn pow(&mut self, a: f32, b: f32) -> f32 {
        f64::from(a).powf(f64::from(b)) as f32
    }
    fn func(&mut self, op: Op, a: f32) -> f32 {
        // Computed in f64 and rounded: each function correctly rounded to f32, as IEEE 754
        // recommends (and without a second, f32 maths library in the page).
        op.eval(&[f64::from(a)]) as f32
    }
    fn func2(&mut self, op: Op, a: f32, b: f32) -> f32 {
        op.eval(&[f64::from(a), f64::from(b)]) as f32
    }
}
