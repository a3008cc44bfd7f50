//! The Jacobian panel: the m x n matrix of the outputs by the inputs, filled as the passes
//! complete it (forward mode a column per pass, reverse mode a row), the line the current
//! pass fills highlighted; seeded with a vector, the product its one pass computes. Written
//! as one HTML string per step (names are identifiers, numbers digits: nothing to escape),
//! which costs the page far less than a view per cell.

use std::fmt::Write;

use leptos::prelude::*;

use super::stepper::Stepper;
use crate::autodiff::Mode;
use crate::format::{full, significant};
use crate::formula::name_text;
use crate::lesson::{JacobianView, Line};

/// Shown when there are several outputs, or when the mode runs a pass per input or is
/// seeded with a vector.
#[component]
pub fn JacobianPanel(stepper: Stepper) -> impl IntoView {
    let s = stepper;
    let html = Memo::new(move |_| {
        let step = s.shown_step();
        s.lesson.with(|l| {
            let l = l.as_ref()?;
            let wanted = l.outputs.len() > 1
                || matches!(l.mode, Mode::Tangents | Mode::Direction | Mode::Cotangent);
            wanted.then(|| html(&l.jacobian_at(step)))
        })
    });
    move || {
        html.get().map(|h| {
            view! { <section class="jacobian" data-testid="jacobian" aria-label="Jacobian" inner_html=h></section> }
        })
    }
}

/// A number's cell text and attributes: 4 digits shown, all of them in `data-value`.
fn number(out: &mut String, tag: &str, attrs: &str, v: Option<f64>) {
    let _ = match v {
        Some(v) => write!(
            out,
            "<{tag} {attrs} data-value=\"{f}\" title=\"{f}\">{}</{tag}>",
            significant(v, 4),
            f = full(v)
        ),
        None => write!(
            out,
            "<{tag} {attrs} class=\"pending\" title=\"not computed yet\">?</{tag}>"
        ),
    };
}

/// The panel's HTML.
fn html(j: &JacobianView) -> String {
    let (m, n) = (j.outputs.len(), j.inputs.len());
    let mut out = format!(
        "<h2 data-rows=\"{m}\" data-cols=\"{n}\">Jacobian J ({m} × {n})</h2><table><thead><tr><th></th>"
    );
    for x in &j.inputs {
        let _ = write!(out, "<th scope=\"col\">∂/∂{}</th>", name_text(x));
    }
    out.push_str("</tr></thead><tbody>");
    for (r, row) in j.cells.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th>",
            name_text(&j.outputs[r])
        );
        for (c, &v) in row.iter().enumerate() {
            let active = match j.active {
                Some(Line::Row(k)) => k == r,
                Some(Line::Column(k)) => k == c,
                None => false,
            };
            let attrs = format!(
                "data-row=\"{r}\" data-col=\"{c}\"{}",
                if active { " data-active=\"true\"" } else { "" }
            );
            number(&mut out, "td", &attrs, v);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if let Some((what, entries)) = &j.product {
        let _ = write!(
            out,
            "<p class=\"jacobian-product\" data-testid=\"jacobian-product\" data-kind=\"{what}\">{what} = ("
        );
        for (k, &v) in entries.iter().enumerate() {
            number(&mut out, "output", &format!("data-index=\"{k}\""), v);
        }
        let note = if *what == "J·v" {
            "One forward pass along v gives J·v, a mix of J's columns, not J itself."
        } else {
            "One reverse pass from u gives uᵀ·J, a mix of J's rows, not J itself."
        };
        let _ = write!(out, ")</p><p class=\"jacobian-note\">{note}</p>");
    }
    out
}
