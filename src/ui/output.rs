//! The output's value and gradient: rounded for the class, full precision on hover and in
//! `data-value`.

use leptos::prelude::*;

use super::state::Outcome;
use super::stepper::Stepper;
use crate::autodiff::Mode;
use crate::format::{full, significant};
use crate::formula::name_text;

/// Shows `f = value` and `∂f/∂x = ...` for the last good program; dimmed while the text is bad.
#[component]
pub fn OutputValue(
    /// The current outcome of the program text.
    #[prop(into)]
    outcome: Signal<Outcome>,
    /// The stepper: the gradient shows once the reverse pass has completed it.
    stepper: Stepper,
) -> impl IntoView {
    let s = stepper;
    // Which entries are known at the current step: all at the end of the reverse pass; in
    // forward mode, the seeded one at the end.
    let known = Memo::new(move |_| {
        let step = s.shown_step();
        s.lesson.with(|l| {
            let l = l.as_ref()?;
            (step >= l.gradient_step).then_some(match l.mode {
                Mode::ForwardThenReverse => None,
                Mode::Tangent { seed } => Some(seed),
            })
        })
    });
    let stale = move || outcome.with(|o| o.error.is_some());
    move || {
        outcome.with(|o| o.last_good.clone()).map(|result| {
            let exact = full(result.value);
            let name = result.output.clone();
            let gradient = result
                .gradient
                .into_iter()
                .enumerate()
                .map(|(k, (input, d))| {
                    let exact = full(d);
                    let show = move || known.get().is_some_and(|only| only.is_none_or(|o| o == k));
                    view! {
                        <li class:pending=move || !show()>
                            <span class="output-name">"∂" {name_text(&name)} "/∂" {name_text(&input)} " = "</span>
                            <Show when=show fallback=|| view! { <span class="unknown" title="not computed yet">"?"</span> }>
                                <output data-input=input.clone() data-value=exact.clone() title=exact.clone()>{significant(d, 4)}</output>
                            </Show>
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
                    <p class="gradient-title">"∇" {name_text(&name)} " at the point"</p>
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
