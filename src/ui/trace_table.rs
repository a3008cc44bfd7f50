//! The Wengert list as a table (Baydin's Tables 2 and 3): each node's definition and
//! value, tangent in forward mode, adjoint formula and value in the reverse pass. The row
//! of the current step is highlighted; clicking a row jumps to its step.
//!
//! Rows have one fixed height, so only the rows in sight are rendered (a 10,000-node
//! program has 10,000 rows; about twenty are in the DOM), each built from the lesson when
//! it scrolls into view and keyed by its index, so a new number updates rows in place.

use leptos::prelude::*;

use super::stepper::Stepper;
use crate::format::{full, significant};
use crate::lesson::{NodeState, Row, Shown};

/// Rows rendered above and below the ones in sight, so a scroll shows no blank.
const SPARE_ROWS: usize = 6;

/// The trace table of the current lesson.
#[component]
pub fn TraceTable(stepper: Stepper) -> impl IntoView {
    let s = stepper;
    let wrap = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let view_height = RwSignal::new(600.0f64);
    // One row's height in pixels (1.75rem), read from the header row once it is drawn.
    let row_px = RwSignal::new(28.0f64);
    let measure = move || {
        let Some(el) = wrap.get_untracked() else {
            return;
        };
        scroll_top.set(f64::from(el.scroll_top()));
        view_height.set(f64::from(el.client_height()));
        if let Ok(Some(head)) = el.query_selector("thead tr") {
            let h = f64::from(head.client_height());
            if h > 0.0 && (h - row_px.get_untracked()).abs() > 0.5 {
                row_px.set(h);
            }
        }
    };
    let count = Memo::new(move |_| s.lesson.with(|l| l.as_ref().map_or(0, |l| l.node_count())));
    let forward = Memo::new(move |_| s.mode.get().forward());
    let window = Memo::new(move |_| {
        let (row, top, height) = (row_px.get(), scroll_top.get(), view_height.get());
        let first = ((top / row).floor() as usize).saturating_sub(SPARE_ROWS);
        let shown = (height / row).ceil() as usize + 2 * SPARE_ROWS;
        let n = count.get();
        (first.min(n), (first + shown).min(n))
    });
    // Keep the current row in sight (the table scrolls inside its panel, never the page).
    Effect::new(move |_| {
        let step = s.step.get();
        let active = s.lesson.with(|l| {
            l.as_ref()
                .and_then(|l| l.lit(step).nodes().first().copied())
        });
        let Some(i) = active else {
            return;
        };
        request_animation_frame(move || {
            let Some(el) = wrap.get_untracked() else {
                return;
            };
            let row = row_px.get_untracked();
            let (top, height) = (f64::from(el.scroll_top()), f64::from(el.client_height()));
            // Rows sit under the sticky header, one row high.
            let (y0, y1) = (row * (i as f64 + 1.0), row * (i as f64 + 2.0));
            if y0 - row < top {
                el.set_scroll_top((y0 - row) as i32);
            } else if y1 > top + height {
                el.set_scroll_top((y1 - height) as i32);
            }
            measure();
        });
    });
    Effect::new(move |_| {
        s.lesson.track();
        request_animation_frame(measure);
    });
    let body_height = move || format!("height: {:.0}px", count.get() as f64 * row_px.get());
    view! {
        <div class="trace-wrap" node_ref=wrap on:scroll=move |_| measure()>
            <table class="trace" class:forward=forward data-testid="trace" role="table"
                class:passes=move || s.lesson.with(|l| l.as_ref().is_some_and(|l| l.has_passes()))
                aria-rowcount=move || (count.get() + 1).to_string()>
                <thead role="rowgroup">
                    <tr role="row">
                        <th role="columnheader" scope="col">"node"</th>
                        <th role="columnheader" scope="col">"definition"</th>
                        <th role="columnheader" scope="col" class="num">"value"</th>
                        <th role="columnheader" scope="col">{move || if forward.get() { "tangent v̇ =" } else { "adjoint v̄ =" }}</th>
                        <th role="columnheader" scope="col" class="num">{move || if forward.get() { "v̇" } else { "v̄" }}</th>
                    </tr>
                </thead>
                <tbody role="rowgroup" class="virtual" style=body_height>
                    // Rebuilt when the window moves (a few dozen rows); a new lesson updates the
                    // rows in place through their memos.
                    {move || {
                        let (a, b) = window.get();
                        (a..b).map(|i| view! { <TraceRow stepper=s index=i row_px=row_px forward=forward /> }).collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// Row `index` of the table, at its place in the scrolled list.
#[component]
fn TraceRow(
    /// The stepper's state.
    stepper: Stepper,
    /// The node's index in Wengert order.
    index: usize,
    /// One row's height in pixels.
    row_px: RwSignal<f64>,
    /// Whether the lesson is in forward mode (tangents instead of adjoints).
    forward: Memo<bool>,
) -> impl IntoView {
    let s = stepper;
    let i = index;
    // Built from the lesson when the row comes into sight, again only for a new lesson.
    let row = Memo::new(move |_| {
        s.lesson
            .with(|l| l.as_ref().filter(|l| i < l.node_count()).map(|l| l.row(i)))
    });
    let shown = Memo::new(move |_| {
        let step = s.shown_step();
        s.lesson
            .with(|l| {
                l.as_ref()
                    .filter(|l| i < l.node_count())
                    .map(|l| l.shown(i, step))
            })
            .unwrap_or(Shown {
                state: NodeState::Pending,
                source: false,
                value: None,
                adjoint: None,
                tangent: None,
            })
    });
    let cell = |v: Option<f64>| v.map_or("·".to_string(), |v| significant(v, 4));
    let exact = |v: Option<f64>| v.map(full);
    let field = move |f: fn(&Row) -> &String| {
        move || row.with(|r| r.as_ref().map(|r| f(r).clone()).unwrap_or_default())
    };
    let click = move |_| {
        s.pause();
        let to = s
            .lesson
            .with_untracked(|l| l.as_ref().map(|l| l.step_of(i, s.step.get_untracked())));
        if let Some(to) = to {
            s.go(to);
        }
    };
    let third = move || {
        let sh = shown.get();
        if forward.get() {
            sh.tangent
        } else {
            sh.adjoint
        }
    };
    view! {
        <tr role="row" aria-rowindex=(i + 2).to_string() data-node=field(|r| &r.id) on:click=click
            data-iteration=field(|r| &r.iteration) data-version=field(|r| &r.version)
            style=move || format!("top: {:.0}px", i as f64 * row_px.get())
            class:current=move || shown.get().state == NodeState::Active
            class:pending=move || shown.get().state == NodeState::Pending
            class:folded=move || row.with(|r| r.as_ref().is_some_and(|r| !r.folded_into.is_empty()))
            data-folded-into=field(|r| &r.folded_into)
            title=move || row.with(|r| r.as_ref().filter(|r| !r.folded_into.is_empty())
                .map(|r| format!("inside {}, folded into one gate: not stepped", r.folded_into)))>
            <th role="rowheader" scope="row">
                {field(|r| &r.label)}
                <span class="pass" title="the loop pass that made it">{field(|r| &r.pass)}</span>
            </th>
            <td role="cell" class="formula" inner_html=field(|r| &r.definition)></td>
            <td role="cell" class="num" data-value=move || exact(shown.get().value)
                title=move || exact(shown.get().value)>{move || cell(shown.get().value)}</td>
            <td role="cell" class="formula" inner_html=move || {
                if forward.get() { field(|r| &r.tangent_formula)() } else { field(|r| &r.adjoint_formula)() }
            }></td>
            <td role="cell" class="num"
                data-adjoint=move || (!forward.get()).then(|| exact(third())).flatten()
                data-tangent=move || forward.get().then(|| exact(third())).flatten()
                title=move || exact(third())>{move || cell(third())}</td>
        </tr>
    }
}
