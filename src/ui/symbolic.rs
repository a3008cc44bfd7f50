//! The other two ways to the gradient, beside autodiff: the rule at each node (in the step
//! panel) and here the symbolic derivative, as SymPy's `diff` then `subs` would give it,
//! with the sizes that show expression swell.

use leptos::prelude::*;

use std::sync::Arc;
use std::time::Duration;

use super::sig;
use super::state::{
    Outcome, Result as StateResult, SecondView, Shared, SymbolicView, SECOND_MAX_INPUTS,
};
use crate::format::{full, significant};
use crate::formula::name_text;

/// A program whose derivative, written out as a tree, explodes: each line uses the one
/// before twice.
pub const SWELL_EXAMPLE: &str =
    "# each line uses the one before twice: the derivative's tree doubles each time\n\
a1 = x * sin(x)\na2 = a1 * sin(a1)\na3 = a2 * sin(a2)\na4 = a3 * sin(a3)\na5 = a4 * sin(a4)\n\
a6 = a5 * sin(a5)\na7 = a6 * sin(a6)\na8 = a7 * sin(a7)\na9 = a8 * sin(a8)\na10 = a9 * sin(a9)\n\
x = 2";

/// How many inputs' derivatives are drawn until the teacher asks for all (a network's
/// 83 parameters would be a long page of MathML to lay out after every edit).
const SHOWN: usize = 16;

/// ∂f/∂xᵢ symbolically for every input, its value at the point, and the three sizes.
#[component]
pub fn SymbolicPanel(
    /// The current outcome of the program text.
    #[prop(into)]
    outcome: Signal<Outcome>,
    /// Called with a program to load (the swell example).
    load: Callback<String>,
) -> impl IntoView {
    // Computed after the keystroke's frame is painted (a task after the next animation
    // frame), for the latest program only: typing never waits for it.
    let shown = RwSignal::new(None::<(String, Shared<SymbolicView>)>);
    Effect::new(move |_| {
        when_painted(outcome, move |r| {
            let view = SymbolicView::of(&r.analysis);
            shown.set(Some((r.output.clone(), Shared(Arc::new(view)))));
        });
    });
    // The list is rebuilt only when its formulas change: a new number (the usual edit)
    // changes only the values, so the formulas keep their elements and layout.
    let output = Memo::new(move |_| {
        shown.with(|s| s.as_ref().map(|(o, _)| name_text(o)).unwrap_or_default())
    });
    let all = RwSignal::new(false);
    let count = Memo::new(move |_| shown.with(|s| s.as_ref().map_or(0, |(_, v)| v.entries.len())));
    let entries = Memo::new(move |_| {
        let cap = if all.get() { usize::MAX } else { SHOWN };
        shown.with(|s| {
            s.as_ref().map_or(vec![], |(_, v)| {
                v.entries
                    .iter()
                    .take(cap)
                    .enumerate()
                    .map(|(i, (name, text, mathml, _))| {
                        let of = v.outputs.get(i).map(|o| name_text(o));
                        (i, name.clone(), text.clone(), mathml.clone(), of)
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let value = move |i: usize| {
        shown.with(|s| {
            s.as_ref()
                .and_then(|(_, v)| v.entries.get(i).map(|e| e.3))
                .unwrap_or(f64::NAN)
        })
    };
    let sizes = Memo::new(move |_| shown.with(|s| s.as_ref().map(|(_, v)| v.sizes)));
    // One backward pass per output.
    let outputs =
        Memo::new(move |_| shown.with(|s| s.as_ref().map_or(0, |(_, v)| v.outputs.len())));
    let passes = move || {
        let m = outputs.get();
        if m > 1 {
            format!("{m} backward passes, one per output")
        } else {
            "one backward pass".to_string()
        }
    };
    let note = Memo::new(move |_| shown.with(|s| s.as_ref().and_then(|(_, v)| v.note.clone())));
    // The second derivatives, computed (after the frame, like the first) only when asked.
    let second_on = RwSignal::new(false);
    let second = RwSignal::new(None::<Shared<SecondView>>);
    Effect::new(move |_| {
        if !second_on.get() {
            second.set(None);
            return;
        }
        when_painted(outcome, move |r| {
            if second_on.get_untracked() {
                second.set(Some(Shared(Arc::new(SecondView::of(&r.analysis)))));
            }
        });
    });
    let second_list = move || {
        let s = second.get()?;
        let f = output.get();
        Some(match &*s.0 {
            SecondView::Shown(entries, sizes) => {
                let items = entries
                    .iter()
                    .map(|e| {
                        let (i, j) = e.at;
                        let (text, v) = (e.text.clone(), e.value);
                        let shown = if text.is_some() {
                            view! { <span class="symbolic-expr" inner_html=e.mathml.clone()></span> }.into_any()
                        } else {
                            view! { <span class="symbolic-expr too-big">"too large to print"</span> }.into_any()
                        };
                        view! {
                            <li data-row=i data-col=j data-expr=text.clone().unwrap_or_default()
                                data-value=full(v) title=text.clone().unwrap_or_default()>
                                <span class="output-name">"∂²" {f.clone()} "/∂" {e.by.clone()} " = "</span>
                                {shown}
                                <span class="subs" title=full(v)>" → " {significant(v, 4)}</span>
                            </li>
                        }
                    })
                    .collect_view();
                let tree = if sizes.tree == u128::MAX {
                    "more than 3.4e38".to_string()
                } else {
                    sizes.tree.to_string()
                };
                view! {
                    <ul class="symbolic second" data-testid="symbolic-second">{items}</ul>
                    <p class="swell" data-testid="second-swell" data-tree=tree.clone() data-dag=sizes.dag>
                        "Written out as trees, these " {entries.len()} " second derivatives have "
                        <b>{tree.clone()}</b> " operations; as a DAG " <b>{sizes.dag}</b>
                        ". The Hessian panel (Beyond the gradient) gets their values from one forward pass per input over the backward pass."
                    </p>
                }
                .into_any()
            }
            SecondView::TooManyInputs(n) => view! {
                <p class="note" data-testid="symbolic-second">
                    "Second derivatives are written out for up to " {SECOND_MAX_INPUTS} " inputs; this program has " {*n}
                    ": the Hessian panel (Beyond the gradient) gives their values."
                </p>
            }
            .into_any(),
        })
    };
    move || {
        let s = sizes.get()?;
        let tree = if s.tree == u128::MAX {
            "more than 3.4e38".to_string()
        } else {
            s.tree.to_string()
        };
        // Rebuilt when the formulas change; a new number only updates the values.
        let list = move || {
            entries
                .get()
                .into_iter()
                .map(|(i, name, text, mathml, of)| {
                    let shown = if text.is_some() {
                        view! { <span class="symbolic-expr" inner_html=mathml></span> }.into_any()
                    } else {
                        view! { <span class="symbolic-expr too-big">"too large to print"</span> }.into_any()
                    };
                    let of_attr = of.clone();
                    view! {
                        <li data-input=name.clone() data-output=of_attr data-expr=text.clone().unwrap_or_default()
                            data-value=sig(move || full(value(i))) title=text.unwrap_or_default()>
                            <span class="output-name">"∂" {sig(move || of.clone().unwrap_or_else(|| output.get()))} "/∂" {name_text(&name)} " = "</span>
                            {shown}
                            <span class="subs" title=sig(move || full(value(i)))>" → " {sig(move || significant(value(i), 4))}</span>
                        </li>
                    }
                })
                .collect_view()
        };
        let more = move || {
            (count.get() > SHOWN).then(|| {
                let label = if all.get() {
                    format!("Show the first {SHOWN}")
                } else {
                    format!("Show all {}", count.get())
                };
                view! {
                    <button class="symbolic-all" data-testid="symbolic-all"
                        on:click=move |_| all.update(|a| *a = !*a)>{label}</button>
                }
            })
        };
        Some(view! {
            <section class="symbolic-panel">
                <h2>"Symbolic, as SymPy's diff then subs"</h2>
                {move || note.get().map(|n| view! { <p class="note" data-testid="symbolic-unrolled">{n}</p> })}
                <ul class="symbolic" data-testid="symbolic">{list}</ul>
                {more}
                <p class="swell" data-testid="swell" data-tree=tree.clone() data-dag=s.dag
                    data-trace-nodes=s.trace_nodes data-trace-edges=s.trace_edges>
                    "The gradient written out as a tree (what SymPy prints) has " <b>{tree.clone()}</b>
                    " operations; sharing repeated parts (a DAG) leaves " <b>{s.dag}</b>
                    "; autodiff needs only its trace, " <b>{s.trace_nodes}</b> " nodes and "
                    <b>{s.trace_edges}</b> " edges, and " {passes} "."
                </p>
                <button class="swell-example" data-testid="swell-example"
                    on:click=move |_| load.run(SWELL_EXAMPLE.to_string())>
                    "Load an example where the tree explodes"
                </button>
                <label class="second-toggle">
                    <input type="checkbox" data-testid="symbolic-second-toggle" prop:checked=second_on
                        on:change=move |ev| second_on.set(event_target_checked(&ev))/>
                    " Second derivatives ∂²f/∂xᵢ∂xⱼ"
                </label>
                {second_list}
            </section>
        })
    }
}

/// Runs `then` on the latest good program once the current frame is painted (a task after
/// the next animation frame), if it is still the latest: typing never waits for it. Reads
/// `outcome`, so an effect calling it runs again for each new program.
fn when_painted(outcome: Signal<Outcome>, then: impl FnOnce(&StateResult) + 'static) {
    let Some(r) = outcome.with(|o| o.last_good.clone()) else {
        return;
    };
    request_animation_frame(move || {
        set_timeout(
            move || {
                let current = outcome
                    .with_untracked(|o| o.last_good.as_ref().map(|now| now.analysis == r.analysis));
                if current == Some(true) {
                    then(&r);
                }
            },
            Duration::ZERO,
        );
    });
}
