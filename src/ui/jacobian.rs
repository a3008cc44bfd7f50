//! The Jacobian panel: the m x n matrix of the outputs by the inputs, filled as the passes
//! complete it (forward mode a column per pass, reverse mode a row), the line the current
//! pass fills highlighted; seeded with a vector, the product its one pass computes.

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
    let view_now = Memo::new(move |_| {
        let step = s.shown_step();
        s.lesson.with(|l| {
            let l = l.as_ref()?;
            let wanted = l.outputs.len() > 1
                || matches!(l.mode, Mode::Tangents | Mode::Direction | Mode::Cotangent);
            wanted.then(|| l.jacobian_at(step))
        })
    });
    move || view_now.get().map(|j| table(&j))
}

fn cell(v: Option<f64>, row: usize, col: usize, active: bool) -> impl IntoView {
    let value = v.map(full);
    let title = value.clone().unwrap_or_else(|| "not computed yet".into());
    view! {
        <td data-row=row data-col=col data-value=value class:active=active class:pending=v.is_none() title=title>
            {v.map_or_else(|| "?".to_string(), |v| significant(v, 4))}
        </td>
    }
}

fn table(j: &JacobianView) -> impl IntoView {
    let (m, n) = (j.outputs.len(), j.inputs.len());
    let in_line = |row: usize, col: usize| match j.active {
        Some(Line::Row(r)) => r == row,
        Some(Line::Column(c)) => c == col,
        None => false,
    };
    let head = j
        .inputs
        .iter()
        .map(|x| view! { <th scope="col">"∂/∂" {name_text(x)}</th> })
        .collect_view();
    let rows = (0..m)
        .map(|r| {
            let cells = (0..n)
                .map(|c| cell(j.cells[r][c], r, c, in_line(r, c)))
                .collect_view();
            view! { <tr><th scope="row">{name_text(&j.outputs[r])}</th>{cells}</tr> }
        })
        .collect_view();
    let product = j.product.clone().map(|(what, entries)| {
        let items = entries
            .iter()
            .enumerate()
            .map(|(k, &v)| {
                let value = v.map(full);
                view! {
                    <output data-index=k data-value=value.clone() title=value.unwrap_or_default()>
                        {v.map_or_else(|| "?".to_string(), |v| significant(v, 4))}
                    </output>
                }
            })
            .collect_view();
        view! { <p class="jacobian-product" data-testid="jacobian-product" data-kind=what>{what} " = (" {items} ")"</p> }
    });
    view! {
        <section class="jacobian" data-testid="jacobian" data-rows=m data-cols=n aria-label="Jacobian">
            <h2>"Jacobian J (" {m} " × " {n} ")"</h2>
            <table>
                <thead><tr><th></th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {product}
        </section>
    }
}
