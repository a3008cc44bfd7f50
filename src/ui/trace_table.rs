//! The Wengert list as a table (Baydin's Tables 2 and 3): each node's definition and
//! value, tangent in forward mode, adjoint formula and value in the reverse pass. The row
//! of the current step is highlighted; clicking a row jumps to its step.

use leptos::prelude::*;

use super::state::Shared;
use super::stepper::{node_states, Stepper};
use crate::autodiff::Mode;
use crate::format::{full, significant};
use crate::lesson::{Lesson, NodeState, Shown};

/// The trace table of the current lesson.
#[component]
pub fn TraceTable(stepper: Stepper) -> impl IntoView {
    let s = stepper;
    let wrap = NodeRef::<leptos::html::Div>::new();
    // Keep the current row in sight (the table scrolls inside its panel, never the page).
    Effect::new(move |_| {
        s.step.track();
        request_animation_frame(move || {
            let Some(el) = wrap.get_untracked() else {
                return;
            };
            if let Ok(Some(row)) = el.query_selector("tr.current") {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                row.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    });
    move || {
        s.lesson.get().map(|lesson| {
            let forward = matches!(lesson.mode, Mode::Tangent { .. });
            let shown = node_states(s, &lesson);
            let rows = (0..lesson.node_count())
                .map(|i| row(s, &lesson, i, forward, shown[i]))
                .collect_view();
            view! {
                <div class="trace-wrap" node_ref=wrap>
                    <table class="trace" class:forward=forward data-testid="trace" role="table">
                        <thead role="rowgroup">
                            <tr role="row">
                                <th role="columnheader" scope="col">"node"</th>
                                <th role="columnheader" scope="col">"definition"</th>
                                <th role="columnheader" scope="col" class="num">"value"</th>
                                {if forward {
                                    view! {
                                        <th role="columnheader" scope="col">"tangent v̇ ="</th>
                                        <th role="columnheader" scope="col" class="num">"v̇"</th>
                                    }.into_any()
                                } else {
                                    view! {
                                        <th role="columnheader" scope="col">"adjoint v̄ ="</th>
                                        <th role="columnheader" scope="col" class="num">"v̄"</th>
                                    }.into_any()
                                }}
                            </tr>
                        </thead>
                        <tbody role="rowgroup">{rows}</tbody>
                    </table>
                </div>
            }
        })
    }
}

fn row(
    s: Stepper,
    lesson: &Shared<Lesson>,
    i: usize,
    forward: bool,
    shown: RwSignal<Shown>,
) -> impl IntoView {
    let r = lesson.row(i);
    let cell = |v: Option<f64>| v.map_or("·".to_string(), |v| significant(v, 4));
    let exact = |v: Option<f64>| v.map(full);
    let click = {
        let lesson = lesson.clone();
        move |_| {
            s.playing.set(false);
            s.go(lesson.step_of(i, s.step.get_untracked()));
        }
    };
    let last_cells = if forward {
        view! {
            <td role="cell" class="formula" inner_html=r.tangent_formula.clone()></td>
            <td role="cell" class="num" data-tangent=move || exact(shown.get().tangent)
                title=move || exact(shown.get().tangent)>{move || cell(shown.get().tangent)}</td>
        }
        .into_any()
    } else {
        view! {
            <td role="cell" class="formula" inner_html=r.adjoint_formula.clone()></td>
            <td role="cell" class="num" data-adjoint=move || exact(shown.get().adjoint)
                title=move || exact(shown.get().adjoint)>{move || cell(shown.get().adjoint)}</td>
        }
        .into_any()
    };
    view! {
        <tr role="row" data-node=r.id.clone() on:click=click
            class:current=move || shown.get().state == NodeState::Active
            class:pending=move || shown.get().state == NodeState::Pending>
            <th role="rowheader" scope="row">{r.label.clone()}</th>
            <td role="cell" class="formula" inner_html=r.definition.clone()></td>
            <td role="cell" class="num" data-value=move || exact(shown.get().value)
                title=move || exact(shown.get().value)>{move || cell(shown.get().value)}</td>
            {last_cells}
        </tr>
    }
}
