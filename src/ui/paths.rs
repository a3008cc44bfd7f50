//! Chain-rule paths: pick an input; every path from it to the output lights up in its own
//! colour, listed with the product of its edge partials; their sum is the gradient entry.

use leptos::prelude::*;

use super::graph_view::path_colour;
use super::stepper::Stepper;
use crate::autodiff::MAX_LISTED_PATHS;
use crate::format::{full, significant};
use crate::formula::name_text;

/// How many input buttons show until the teacher asks for all.
const SHOWN: usize = 16;

/// The input picker and the list of paths with their products and sum.
#[component]
pub fn PathsPanel(stepper: Stepper) -> impl IntoView {
    let s = stepper;
    // A memo: the buttons are rebuilt when the inputs change, not on every new number.
    let inputs = Memo::new(move |_| {
        s.lesson
            .with(|l| l.as_ref().map(|l| l.inputs.clone()).unwrap_or_default())
    });
    let inputs = move || inputs.get();
    // A network's 83 inputs: the first 16 buttons until asked for all (the chosen one stays).
    let all = RwSignal::new(false);
    let count = move || inputs().len();
    let list = s.paths;
    view! {
        <section class="paths-panel">
            <h2>"Chain-rule paths"</h2>
            <div class="path-inputs" role="group" aria-label="input">
                {move || inputs().into_iter().enumerate()
                    .filter(|(k, _)| all.get() || *k < SHOWN || s.path_input.get() == Some(*k))
                    .map(|(k, (name, _))| view! {
                    <button data-path-input=name.clone()
                        aria-pressed=move || (s.path_input.get() == Some(k)).to_string()
                        on:click=move |_| s.path_input.update(|p| *p = if *p == Some(k) { None } else { Some(k) })>
                        {name_text(&name)}
                    </button>
                }).collect_view()}
                {move || (count() > SHOWN).then(|| view! {
                    <button class="show-all" data-testid="paths-show-all" aria-expanded=move || all.get().to_string()
                        on:click=move |_| all.update(|a| *a = !*a)>
                        {move || if all.get() { format!("show the first {SHOWN}") } else { format!("show all ({})", count()) }}
                    </button>
                })}
            </div>
            {move || list.get().map(|l| {
                let input = s.path_choice().unwrap_or(0);
                let output = l.output.clone();
                let output = move || output.clone();
                let name = inputs().get(input).map(|(n, _)| name_text(n)).unwrap_or_default();
                let count = if l.saturated { "more than 3.4e38".to_string() } else { l.count.to_string() };
                let more = (l.count > l.listed.len() as u128).then(|| format!(
                    "showing the first {} of {count}; the sum below is of those", MAX_LISTED_PATHS));
                let items = l.listed.iter().enumerate().map(|(k, p)| {
                    let colour = path_colour(input, k);
                    view! {
                        <li data-path=k.to_string() data-product=full(p.product) title=full(p.product)
                            on:mouseenter=move |_| s.hovered_path.set(Some(k))
                            on:mouseleave=move |_| s.hovered_path.set(None)>
                            <span class="swatch" style=format!("background: {colour}")></span>
                            {p.text.clone()}
                        </li>
                    }
                }).collect_view();
                view! {
                    <p class="paths-count">{format!("{count} path{} from {name} to {}", if l.count == 1 { "" } else { "s" }, name_text(&output()))}</p>
                    {more.map(|m| view! { <p class="paths-more">{m}</p> })}
                    <ol class="path-list" data-testid="paths">{items}</ol>
                    <p class="paths-sum" data-testid="paths-sum" data-value=full(l.sum) title=full(l.sum)>
                        "sum = " {significant(l.sum, 4)} " = ∂" {name_text(&output())} "/∂" {name.clone()}
                        " = " {significant(l.adjoint, 4)}
                    </p>
                }
            })}
        </section>
    }
}
