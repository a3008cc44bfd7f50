//! The app's plots from its numbers: the loss over training iterations, each parameter's
//! trajectory, and finite differences' error against their step size.

use crate::autodiff::{Estimate, Iteration};
use crate::plot::{Plot, Series};

/// The loss at the start of each iteration: one point per iteration.
pub fn loss(run: &[Iteration], output: &str) -> Plot {
    Plot {
        testid: "loss-plot".into(),
        title: format!("The loss {output} over the iterations"),
        x_label: "iteration".into(),
        y_label: output.to_string(),
        log_x: false,
        log_y: None,
        series: vec![Series {
            name: output.to_string(),
            id: "loss".into(),
            points: run.iter().map(|i| (i.iteration as f64, i.loss)).collect(),
            dashed: false,
            segments: false,
        }],
        marks: vec![],
    }
}

/// Each parameter's value after each iteration (from its starting value at iteration 0).
pub fn params(run: &[Iteration], names: &[String]) -> Plot {
    let series = names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let start = run.first().and_then(|i| i.params.get(k)).copied();
            Series {
                name: name.clone(),
                id: name.clone(),
                points: start
                    .map(|v| (0.0, v))
                    .into_iter()
                    .chain(
                        run.iter()
                            .filter_map(|i| Some((i.iteration as f64, *i.next.get(k)?))),
                    )
                    .collect(),
                dashed: false,
                segments: false,
            }
        })
        .collect();
    Plot {
        testid: "param-plot".into(),
        title: "Each parameter over the iterations".into(),
        x_label: "iteration".into(),
        y_label: "value".into(),
        log_x: false,
        log_y: Some(false),
        series,
        marks: vec![],
    }
}

/// A series of the sweep: its name, id, which estimate, whether dashed.
type Kind = (&'static str, &'static str, fn(&Estimate) -> f64, bool);

/// |estimate − truth| against h on log-log axes: forward and central differences in f64
/// (solid) and f32 (dashed), each one's best h marked.
pub fn fd(estimates: &[Estimate], truth: f64, of: &str) -> Plot {
    let kinds: [Kind; 4] = [
        ("forward", "forward", |e| e.forward, false),
        ("central", "central", |e| e.central, false),
        ("forward f32", "forward_f32", |e| e.forward_f32, true),
        ("central f32", "central_f32", |e| e.central_f32, true),
    ];
    let mut series = Vec::new();
    let mut marks = Vec::new();
    for (name, id, pick, dashed) in kinds {
        let points: Vec<(f64, f64)> = estimates
            .iter()
            .map(|e| (e.h, (pick(e) - truth).abs()))
            .collect();
        if let Some(&(h, err)) = points
            .iter()
            .filter(|p| p.1.is_finite() && p.1 > 0.0)
            .min_by(|a, b| a.1.total_cmp(&b.1))
        {
            marks.push((h, err, id.to_string(), format!("best h {}", power(h))));
        }
        series.push(Series {
            name: name.into(),
            id: id.into(),
            points,
            dashed,
            segments: false,
        });
    }
    Plot {
        testid: "fd-plot".into(),
        title: format!("Error of finite differences for {of} against the step h"),
        x_label: "step h".into(),
        y_label: "|difference − autodiff|".into(),
        log_x: true,
        log_y: Some(true),
        series,
        marks,
    }
}

/// The sentence under the plot: why the error is a V.
pub fn fd_note(estimates: &[Estimate], truth: f64) -> String {
    let best = |pick: fn(&Estimate) -> f64| {
        estimates
            .iter()
            .map(|e| (e.h, (pick(e) - truth).abs()))
            .filter(|p| p.1.is_finite())
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(String::from("?"), |(h, err)| {
                format!("h = {} (error {err:.1e})", power(h))
            })
    };
    format!(
        "Truncation error falls with h; round-off error grows as h shrinks (f(x + h) − f(x) \
         loses digits), so the error is a V. Best in f64: forward {}, central {}; in f32: \
         forward {}, central {}.",
        best(|e| e.forward),
        best(|e| e.central),
        best(|e| e.forward_f32),
        best(|e| e.central_f32)
    )
}

/// A power of ten as `1e-7`.
fn power(h: f64) -> String {
    format!("1e{}", h.log10().round() as i32)
}
