//! The current step in words and in math: the phase line, the equation with the numbers
//! substituted (MathML), and the running sum at a node used more than once.

use leptos::prelude::*;

use super::stepper::Stepper;
use crate::autodiff::Mode;

/// The phase line and the step's equation.
#[component]
pub fn StepPanel(stepper: Stepper) -> impl IntoView {
    let s = stepper;
    let current = move || {
        let step = s.step.get();
        s.lesson.with(|l| {
            l.as_ref().and_then(|l| {
                l.steps
                    .get(step)
                    .cloned()
                    .map(|v| (v, l.inputs.len(), l.mode))
            })
        })
    };
    let label = move || {
        current().map_or(String::new(), |(v, _, _)| {
            format!("Step {}/{} · {}", s.step.get(), s.last(), v.phase)
        })
    };
    let math = move || current().map(|(v, _, _)| v.math).unwrap_or_default();
    let text = move || current().map(|(v, _, _)| v.text).unwrap_or_default();
    let rule = move || current().map(|(v, _, _)| v.rule).unwrap_or_default();
    let rule_text = move || current().map(|(v, _, _)| v.rule_text).unwrap_or_default();
    let note = move || {
        if s.step.get() == 0 {
            return "Next: → or Space (a clicker's Page Down); back: ←; play: P".to_string();
        }
        current().map(|(v, _, _)| v.note).unwrap_or_default()
    };
    let cost = move || {
        current().and_then(|(_, n, mode)| {
            matches!(mode, Mode::Tangent { .. }).then(|| {
                let passes = if n == 1 { "pass" } else { "passes" };
                format!("{n} inputs: {n} forward {passes} for the full gradient; reverse mode: 1")
            })
        })
    };
    view! {
        <section class="step-panel" aria-live="polite">
            <p class="phase" data-testid="step-label" title=label>{label}</p>
            <div class="equation" data-testid="equation" title=text inner_html=math></div>
            <div class="rule" data-testid="rule" title=rule_text inner_html=rule></div>
            <p class="note" data-testid="step-note">{note}</p>
            {move || cost().map(|c| view! { <p class="cost" data-testid="mode-cost">{c}</p> })}
        </section>
    }
}
