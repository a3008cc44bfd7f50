//! The output's value: rounded for the class, full precision on hover and in `data-value`.

use leptos::prelude::*;

use super::state::Outcome;
use crate::format::{full, significant};

/// Shows `name = value` for the last good program; dimmed while the text is bad.
#[component]
pub fn OutputValue(
    /// The current outcome of the program text.
    #[prop(into)]
    outcome: Signal<Outcome>,
) -> impl IntoView {
    let stale = move || outcome.with(|o| o.error.is_some());
    move || {
        outcome.with(|o| o.last_good.clone()).map(|eval| {
            let name = eval.output.unwrap_or_else(|| "value".to_string());
            let exact = full(eval.value);
            view! {
                <section class="output" class:stale=stale>
                    <span class="output-name">{name}" = "</span>
                    <output data-testid="output-value" data-value=exact.clone() title=exact>
                        {significant(eval.value, 4)}
                    </output>
                </section>
            }
        })
    }
}
