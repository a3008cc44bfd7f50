//! The other two ways to the gradient, beside autodiff: the rule at each node (in the step
//! panel) and here the symbolic derivative, as SymPy's `diff` then `subs` would give it,
//! with the sizes that show expression swell.

use leptos::prelude::*;

use std::sync::Arc;
use std::time::Duration;

use super::state::{Outcome, Shared, SymbolicView};
use crate::format::{full, significant};
use crate::formula::name_text;

/// A program whose derivative, written out as a tree, explodes: each line uses the one
/// before twice.
pub const SWELL_EXAMPLE: &str =
    "# each line uses the one before twice: the derivative's tree doubles each time\n\
a1 = x * sin(x)\na2 = a1 * sin(a1)\na3 = a2 * sin(a2)\na4 = a3 * sin(a3)\na5 = a4 * sin(a4)\n\
a6 = a5 * sin(a5)\na7 = a6 * sin(a6)\na8 = a7 * sin(a7)\na9 = a8 * sin(a8)\na10 = a9 * sin(a9)\n\
x = 2";

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
        let Some(r) = outcome.with(|o| o.last_good.clone()) else {
            return;
        };
        request_animation_frame(move || {
            set_timeout(
                move || {
                    let current = outcome.with_untracked(|o| {
                        o.last_good.as_ref().map(|now| now.analysis == r.analysis)
                    });
                    if current == Some(true) {
                        let view = SymbolicView::of(&r.analysis);
                        shown.set(Some((r.output.clone(), Shared(Arc::new(view)))));
                    }
                },
                Duration::ZERO,
            );
        });
    });
    move || {
        shown.get().map(|(output, symbolic)| {
            let output = name_text(&output);
            let entries = symbolic
                .entries
                .clone()
                .into_iter()
                .map(|(name, text, mathml, value)| {
                    let shown = if text.is_some() {
                        view! { <span class="symbolic-expr" inner_html=mathml></span> }.into_any()
                    } else {
                        view! { <span class="symbolic-expr too-big">"too large to print"</span> }.into_any()
                    };
                    view! {
                        <li data-input=name.clone() data-expr=text.clone().unwrap_or_default()
                            data-value=full(value) title=text.unwrap_or_default()>
                            <span class="output-name">"∂" {output.clone()} "/∂" {name_text(&name)} " = "</span>
                            {shown}
                            <span class="subs" title=full(value)>" → " {significant(value, 4)}</span>
                        </li>
                    }
                })
                .collect_view();
            let s = symbolic.sizes;
            let tree = if s.tree == u128::MAX {
                "more than 3.4e38".to_string()
            } else {
                s.tree.to_string()
            };
            view! {
                <section class="symbolic-panel">
                    <h2>"Symbolic, as SymPy's diff then subs"</h2>
                    <ul class="symbolic" data-testid="symbolic">{entries}</ul>
                    <p class="swell" data-testid="swell" data-tree=tree.clone() data-dag=s.dag
                        data-trace-nodes=s.trace_nodes data-trace-edges=s.trace_edges>
                        "The gradient written out as a tree (what SymPy prints) has " <b>{tree.clone()}</b>
                        " operations; sharing repeated parts (a DAG) leaves " <b>{s.dag}</b>
                        "; autodiff needs only its trace, " <b>{s.trace_nodes}</b> " nodes and "
                        <b>{s.trace_edges}</b> " edges, and one backward pass."
                    </p>
                    <button class="swell-example" data-testid="swell-example"
                        on:click=move |_| load.run(SWELL_EXAMPLE.to_string())>
                        "Load an example where the tree explodes"
                    </button>
                </section>
            }
        })
    }
}
