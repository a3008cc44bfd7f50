//! Finite differences against step size (issue 15): Baydin's ∂y/∂x₁ = 5.5 at (2, 5), in f64
//! and f32, checked against the same differences computed here by hand.

use chainrule::autodiff::{sweep, Estimate};
use chainrule::expr::parse;
use chainrule::graph::Graph;

const BAYDIN: &str = "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5";

fn estimates() -> Vec<Estimate> {
    let g = parse(BAYDIN)
        .and_then(|p| Graph::build(&p))
        .expect("builds");
    sweep(&g, 0, 0)
}

/// The step (as k in 10⁻ᵏ) with the smallest error, of `pick`'s estimates.
fn best(e: &[Estimate], pick: fn(&Estimate) -> f64) -> (i32, f64) {
    e.iter()
        .enumerate()
        .map(|(k, x)| (k as i32 + 1, (pick(x) - 5.5).abs()))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .expect("16 steps")
}

#[test]
fn the_sweep_is_the_differences_written_by_hand() {
    let f = |x1: f64, x2: f64| x1.ln() + x1 * x2 - x2.sin();
    // In f32: each operation rounded to f32 (ln and sin correctly rounded, from f64).
    let r = |v: f64| v as f32;
    let g = |x1: f32, x2: f32| r(f64::from(x1).ln()) + x1 * x2 - r(f64::from(x2).sin());
    let e = estimates();
    assert_eq!(e.len(), 16);
    for (k, x) in e.iter().enumerate() {
        let h = 10f64.powi(-(k as i32 + 1));
        assert_eq!(x.h, h);
        assert_eq!(
            x.forward.to_bits(),
            ((f(2.0 + h, 5.0) - f(2.0, 5.0)) / h).to_bits()
        );
        assert_eq!(
            x.central.to_bits(),
            ((f(2.0 + h, 5.0) - f(2.0 - h, 5.0)) / (2.0 * h)).to_bits()
        );
        let h32 = h as f32;
        let fwd32 = (g(2.0 + h32, 5.0) - g(2.0, 5.0)) / h32;
        let cen32 = (g(2.0 + h32, 5.0) - g(2.0 - h32, 5.0)) / (2.0 * h32);
        assert_eq!(
            x.forward_f32.to_bits(),
            f64::from(fwd32).to_bits(),
            "h = {h}"
        );
        assert_eq!(
            x.central_f32.to_bits(),
            f64::from(cen32).to_bits(),
            "h = {h}"
        );
    }
}

#[test]
fn the_error_falls_then_rises_with_the_minima_where_baydin_puts_them() {
    let e = estimates();
    // h = 0.1: the forward difference is 5.48790, 1.21e-2 off.
    assert!((e[0].forward - 5.48790).abs() < 5e-6, "{}", e[0].forward);
    assert!(((e[0].forward - 5.5).abs() - 1.21e-2).abs() < 5e-5);
    let (k, err) = best(&e, |x| x.forward);
    println!("f64 forward: best h = 1e-{k}, error {err:e}");
    assert!(
        k == 7 && (2e-8..3e-8).contains(&err),
        "forward f64 best at 1e-{k}: {err:e}"
    );
    let (k, err) = best(&e, |x| x.central);
    println!("f64 central: best h = 1e-{k}, error {err:e}");
    assert!(
        k == 5 && (2e-11..4e-11).contains(&err),
        "central f64 best at 1e-{k}: {err:e}"
    );
    let (k, err) = best(&e, |x| x.forward_f32);
    println!("f32 forward: best h = 1e-{k}, error {err:e}");
    assert!(
        k == 3 && (5e-4..2e-3).contains(&err),
        "forward f32 best at 1e-{k}: {err:e}"
    );
    let (k, err) = best(&e, |x| x.central_f32);
    println!("f32 central: best h = 1e-{k}, error {err:e}");
    assert!(
        k == 2 && (2e-5..4e-5).contains(&err),
        "central f32 best at 1e-{k}: {err:e}"
    );
    // Below 1e-7, x₁ + h rounds to x₁ in f32: the forward difference is 0.
    for x in &e[6..] {
        assert_eq!(x.forward_f32, 0.0, "h = {}", x.h);
    }
    // Round-off: at 1e-16 the f64 differences are far off again.
    assert!((e[15].forward - 5.5).abs() > 1e-2);
}

#[test]
fn the_fd_plot_has_four_series_of_sixteen_points_and_marks_each_best_h() {
    let e = estimates();
    let svg = chainrule::plot::svg(&chainrule::charts::fd(&e, 5.5, "∂f/∂x₁"));
    for id in ["forward", "central", "forward_f32", "central_f32"] {
        let at = svg
            .find(&format!("data-series=\"{id}\""))
            .unwrap_or_else(|| panic!("{id}"));
        let group = &svg[at..at + svg[at..].find("</g>").expect("closed")];
        assert_eq!(group.matches("data-point").count(), 16, "{id}");
        assert!(svg.contains(&format!("data-mark=\"{id}\"")), "{id}");
    }
    assert!(svg.contains("data-log-x=\"true\" data-log-y=\"true\""));
    let note = chainrule::charts::fd_note(&e, 5.5);
    assert!(note.contains("forward h = 1e-7"), "{note}");
    assert!(note.contains("central h = 1e-5"), "{note}");
}
