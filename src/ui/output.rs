//! The output's value and gradient: rounded for the class, full precision on hover and in
//! `data-value`.

use leptos::prelude::*;

use super::state::Outcome;
use crate::format::{full, significant, subscripted};

/// Shows `f = value` and `∂f/∂x = ...` for the last good program; dimmed while the text is bad.
#[component]
pub fn OutputValue(
    /// The current outcome of the program text.
    #[prop(into)]
    outcome: Signal<Outcome>,
) -> impl IntoView {
    let stale = move || outcome.with(|o| o.error.is_some());
    move || {
        outcome.with(|o| o.last_good.clone()).map(|result| {
            let exact = full(result.value);
            let name = result.output.clone();
            let gradient = result
                .gradient
                .into_iter()
                .map(|(input, d)| {
                    let exact = full(d);
                    view! {
                        <li>
                            <span class="output-name">"∂" {subscripted(&name)} "/∂" {subscripted(&input)} " = "</span>
                            <output data-input=input data-value=exact.clone() title=exact>{significant(d, 4)}</output>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="output" class:stale=stale>
                    <p class="output-line">
                        <span class="output-name">{result.output}" = "</span>
                        <output data-testid="output-value" data-value=exact.clone() title=exact>
                            {significant(result.value, 4)}
                        </output>
                    </p>
                    <ul class="gradient" data-testid="gradient">{gradient}</ul>
                    {result.issue.map(|issue| view! { <p class="domain-issue" data-testid="domain-issue">{issue}</p> })}
                    {(!result.warnings.is_empty()).then(|| view! {
                        <ul class="warnings" data-testid="warnings">
                            {result.warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                        </ul>
                    })}
                </section>
            }
        })
    }
}
