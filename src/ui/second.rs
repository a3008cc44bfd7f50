//! Beyond the first gradient: the backward pass shown as a graph of its own, the Hessian
//! (forward over reverse) with its cost and a check against differences of the gradient,
//! and the "break the engine" lab's menu and note.

use std::fmt::Write;

use leptos::prelude::*;

use super::state::Outcome;
use crate::autodiff::{evaluate, hessian, reverse, Engine};
use crate::format::{full, significant};
use crate::formula::name_text;
use crate::graph::Graph;

/// Past this many node evaluations (nodes x inputs) the Hessian is not computed in the page.
const HESSIAN_BUDGET: usize = 4_000_000;

/// Up to this many inputs each Hessian column gets a button to step its pass.
const COLUMN_BUTTONS: usize = 12;

/// The panel.
#[component]
pub fn SecondOrder(
    outcome: Memo<Outcome>,
    engine: RwSignal<Engine>,
    backward: RwSignal<bool>,
    /// The Hessian shown.
    hessian: RwSignal<bool>,
    /// Why the backward graph cannot be shown, when it cannot.
    #[prop(into)]
    backward_error: Signal<Option<String>>,
    /// The Hessian column being stepped (forward mode over the backward graph), if any.
    #[prop(into)]
    stepping: Signal<Option<usize>>,
    /// Steps column j's pass.
    step_column: Callback<usize>,
) -> impl IntoView {
    let open = hessian;
    let graph = move || {
        outcome.with(|o| {
            o.last_good
                .as_ref()
                .map(|r| (r.analysis.0.clone(), r.output.clone()))
        })
    };
    let panel = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        let (a, name) = graph()?;
        Some(hessian_html(a.graph(), &name))
    });
    // The inputs, for the buttons that step a column's pass.
    let inputs = Memo::new(move |_| {
        if !open.get() {
            return vec![];
        }
        graph().map_or(vec![], |(a, _)| {
            let g = a.graph();
            let n = g.inputs().len();
            if n.saturating_mul(g.node_count()) > HESSIAN_BUDGET || n > COLUMN_BUTTONS {
                return vec![];
            }
            g.inputs()
                .iter()
                .map(|&i| name_text(g.node(i).label()))
                .collect()
        })
    });
    let columns = move || {
        let names = inputs.get();
        (!names.is_empty()).then(|| {
            let buttons = names
                .into_iter()
                .enumerate()
                .map(|(j, x)| {
                    view! {
                        <button data-testid="hessian-step-column" data-col=j
                            class:active=move || stepping.get() == Some(j)
                            aria-pressed=move || (stepping.get() == Some(j)).to_string()
                            on:click=move |_| step_column.run(j)>{x}</button>
                    }
                })
                .collect_view();
            view! {
                <p class="hessian-columns">"Step a column's pass: " {buttons}</p>
                {move || stepping.get().map(|j| {
                    let x = inputs.with(|n| n.get(j).cloned().unwrap_or_default());
                    view! {
                        <p class="note" data-testid="hessian-stepping" data-col=j>
                            "Column " {j + 1} ": forward mode over the backward graph with "
                            {x.clone()} "̇ = 1. Step it: each adjoint node's tangent is its derivative by "
                            {x.clone()} ", and at the end the outputs' tangents (x̄ᵢ)̇ are ∂²f/∂xᵢ∂" {x} ", this column."
                        </p>
                    }
                })}
            }
        })
    };
    let note = move || {
        let e = engine.get();
        (e != Engine::Correct)
            .then(|| view! { <p class="engine-note" data-testid="engine-note">{e.note()}</p> })
    };
    let pick = move |ev| {
        if let Some(e) = Engine::parse(&event_target_value(&ev)) {
            engine.set(e);
        }
    };
    view! {
        <section class="second-order" aria-label="Beyond the gradient">
            <h2>"Beyond the gradient"</h2>
            <label class="toggle">
                <input type="checkbox" data-testid="backward-graph"
                    prop:checked=move || backward.get()
                    on:change=move |ev| backward.set(event_target_checked(&ev)) />
                " Show the backward graph"
            </label>
            {move || backward_error.get().map(|why| view! {
                <p class="backward-note too-big" data-testid="backward-error" role="status">{why}</p>
            })}
            {move || (backward.get() && backward_error.get().is_none()).then(|| view! {
                <p class="backward-note" data-testid="backward-note">
                    "The graph is now the backward pass written as a program: each adjoint x̄ is a node (x_bar, purple), "
                    "the sum of its contributions, built on the forward values. Its outputs are the gradient, "
                    "so its Jacobian is the Hessian: choose “a pass per input” to fill it column by column, "
                    "forward mode over the backward pass."
                </p>
            })}
            <label class="engine">
                "Engine "
                <select data-testid="engine" on:change=pick prop:value=move || engine.get().name()>
                    {Engine::ALL.iter().map(|e| view! { <option value=e.name()>{e.name()}</option> }).collect_view()}
                </select>
            </label>
            {note}
            <label class="toggle">
                <input type="checkbox" data-testid="hessian-toggle"
                    prop:checked=move || open.get()
                    on:change=move |ev| open.set(event_target_checked(&ev)) />
                " Show the Hessian (second derivatives)"
            </label>
            {move || panel.get().map(|h| view! { <div class="hessian" data-testid="hessian" inner_html=h></div> })}
            {columns}
        </section>
    }
}

/// The Hessian as an HTML table with its cost and a check against central differences of
/// the gradient (names are identifiers, numbers digits: nothing to escape).
fn hessian_html(g: &Graph, output: &str) -> String {
    let n = g.inputs().len();
    let nodes = g.node_count();
    if n == 0 {
        return "<p>No inputs: nothing to differentiate.</p>".into();
    }
    if n.saturating_mul(nodes) > HESSIAN_BUDGET {
        return format!(
            "<p class=\"too-big\">{n} inputs over {nodes} nodes: {} dual passes of {nodes} nodes each is past what the page computes ({HESSIAN_BUDGET} node evaluations).</p>",
            n
        );
    }
    let point = g.point();
    let h = hessian(g, &point);
    let names: Vec<String> = g
        .inputs()
        .iter()
        .map(|&i| name_text(g.node(i).label()))
        .collect();
    let f = name_text(output);
    let mut out = format!(
        "<table class=\"matrix\" data-rows=\"{n}\" data-cols=\"{n}\"><caption>H = ∂²{f}/∂xᵢ∂xⱼ at the point</caption><thead><tr><th></th>"
    );
    for x in &names {
        let _ = write!(out, "<th scope=\"col\">∂/∂{x}</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for (r, row) in h.iter().enumerate() {
        let _ = write!(out, "<tr><th scope=\"row\">∂/∂{}</th>", names[r]);
        for (c, &v) in row.iter().enumerate() {
            let _ = write!(
                out,
                "<td data-row=\"{r}\" data-col=\"{c}\" data-value=\"{v}\" title=\"{v}\">{}</td>",
                significant(v, 4),
                v = full(v)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    // Central differences of the gradient, a column per input.
    let step = 1e-5;
    let grad_at = |p: &[f64]| reverse(g, &evaluate(g, p)).gradient().to_vec();
    let mut worst = 0.0f64;
    for c in 0..n {
        let (mut up, mut down) = (point.clone(), point.clone());
        up[c] += step;
        down[c] -= step;
        let (gu, gd) = (grad_at(&up), grad_at(&down));
        for r in 0..n {
            let fd = (gu[r] - gd[r]) / (2.0 * step);
            let d = (fd - h[r][c]).abs();
            if d.is_finite() {
                worst = worst.max(d);
            }
        }
    }
    let symmetric =
        (0..n).all(|r| (0..r).all(|c| (h[r][c] - h[c][r]).abs() <= 1e-9 * (1.0 + h[r][c].abs())));
    let _ = write!(
        out,
        "<p class=\"cost\" data-testid=\"hessian-cost\" data-passes=\"{n}\">Cost: {n} pass{} of forward over reverse (each a forward and a reverse pass over {nodes} nodes in dual numbers), against 1 reverse pass for the gradient.</p>\
         <p class=\"check\" data-testid=\"hessian-check\" data-error=\"{}\">{} Central differences of the gradient (h = 10⁻⁵) agree to {}.</p>",
        if n == 1 { "" } else { "es" },
        full(worst),
        if symmetric { "Symmetric, as second derivatives of a smooth function are." } else { "Not symmetric: the function is not twice differentiable here." },
        significant(worst, 2)
    );
    out
}
