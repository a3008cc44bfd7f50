//! The current step in words and in math: the phase line, the equation with the numbers
//! substituted (MathML), and the running sum at a node used more than once.

use leptos::prelude::*;

use super::stepper::Stepper;
use crate::autodiff::Mode;
use crate::format::significant;
use crate::lesson::answer_matches;

/// The phase line and the step's equation.
#[component]
pub fn StepPanel(stepper: Stepper) -> impl IntoView {
    let s = stepper;
    // Where a swipe on the panel started (touch: steps without reaching for the buttons).
    let swipe = StoredValue::new(None::<(i32, i32)>);
    // The step's view, built once per lesson and step (and unchanged views notify nothing).
    let current = Memo::new(move |_| {
        let step = s.step.get();
        s.lesson.with(|l| {
            l.as_ref()
                .and_then(|l| l.step(step).map(|v| (v, l.inputs.len(), l.mode)))
        })
    });
    let current = move || current.get();
    let label = move || {
        current().map_or(String::new(), |(v, _, _)| {
            format!("Step {}/{} · {}", s.step.get(), s.last(), v.phase)
        })
    };
    let math = move || current().map(|(v, _, _)| v.math).unwrap_or_default();
    let text = move || current().map(|(v, _, _)| v.text).unwrap_or_default();
    let narration = move || current().map(|(v, _, _)| v.narration).unwrap_or_default();
    let rule = move || {
        current()
            .map(|(v, _, _)| {
                v.rules
                    .iter()
                    .map(|(name, math)| format!("<span class=\"rule-name\">{name}:</span> {math}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default()
    };
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
                let m = s.lesson.with(|l| l.as_ref().map_or(1, |l| l.outputs.len()));
                if m == 1 {
                    format!("{n} inputs: {n} forward {passes} for the full gradient; reverse mode: 1")
                } else {
                    format!("{n} inputs, {m} outputs: {n} forward {passes} for the full Jacobian; reverse mode: {m}")
                }
            })
        })
    };
    let pass_label = move || current().map(|(v, _, _)| v.pass_label).unwrap_or_default();
    let pending = move || s.pending();
    let question = move || {
        current().and_then(|(v, _, _)| {
            let (name, _) = v.answer.clone()?;
            Some((name, v.question))
        })
    };
    let input = NodeRef::<leptos::html::Input>::new();
    // The answer box takes the focus when a question opens.
    Effect::new(move |_| {
        if pending() {
            request_animation_frame(move || {
                if let Some(el) = input.get_untracked() {
                    let _ = el.focus();
                }
            });
        }
    });
    let check = move || {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let typed = el.value().trim().replace('−', "-");
        let step = s.step.get_untracked();
        let Some((name, truth)) = s
            .lesson
            .with_untracked(|l| l.as_ref().and_then(|l| l.answer(step)))
        else {
            return;
        };
        let lesson = s.lesson_id();
        let Ok(given) = typed.parse::<f64>() else {
            let say = format!("“{typed}” is not a number: type e.g. 0.6931 or -2");
            s.quiz.state.update(|q| q.answer(lesson, step, None, say));
            return;
        };
        let right = answer_matches(given, truth);
        let verdict = if right {
            format!("Right: {name} = {}", significant(truth, 4))
        } else {
            format!(
                "Not quite: you said {typed}; {name} = {}",
                significant(truth, 4)
            )
        };
        s.quiz
            .state
            .update(|q| q.answer(lesson, step, Some(right), verdict));
        // Back to the page, so the arrow keys step again.
        let _ = el.blur();
    };
    let feedback = move || {
        let step = s.step.get();
        let lesson = s.lesson_id();
        s.quiz
            .state
            .with(|q| q.feedback(lesson, step))
            .filter(|_| s.quiz.on.get())
    };
    view! {
        <section class="step-panel" class:with-gates=move || s.lesson.with(|l| l.as_ref().is_some_and(|l| l.folding().is_some()))
            data-testid="step-panel"
            on:pointerdown=move |e| swipe.set_value(Some((e.client_x(), e.client_y())))
            on:pointerup=move |e| {
                // A swipe: left for the next step, right for the one before.
                if let Some((x, y)) = swipe.try_update_value(Option::take).flatten() {
                    let (dx, dy) = (e.client_x() - x, e.client_y() - y);
                    if dx.abs() >= 50 && dy.abs() * 2 < dx.abs() {
                        if dx < 0 { s.next() } else { s.back() }
                    }
                }
            }>
            <p class="visually-hidden" aria-live="polite" data-testid="narration">{narration}</p>
            <p class="phase" data-testid="step-label" title=label>{label}</p>
            {move || {
                let p = pass_label();
                (!p.is_empty()).then(|| view! { <p class="pass-label" data-testid="pass-label">{p}</p> })
            }}
            <Show when=pending fallback=move || view! {
                <div class="equation" data-testid="equation" title=text inner_html=math></div>
            }>
                <div class="quiz-question">
                    <span inner_html=move || question().map(|q| q.1).unwrap_or_default()></span>
                    " What is " {move || question().map(|q| q.0).unwrap_or_default()} "? "
                    <input type="text" inputmode="decimal" data-testid="quiz-answer" node_ref=input
                        aria-label="your answer" autocomplete="off"
                        on:keydown=move |e| if e.key() == "Enter" { check() } />
                    <button data-testid="quiz-check" on:click=move |_| check()>"Check"</button>
                </div>
            </Show>
            {move || feedback().map(|(right, say)| view! {
                <p class="quiz-feedback" class:right=right data-testid="quiz-feedback">{say}</p>
            })}
            <div class="rule" data-testid="rule" title=rule_text inner_html=rule></div>
            {move || current().filter(|(v, _, _)| !v.inner.is_empty()).map(|(v, _, _)| view! {
                <details class="gate-inside" data-testid="gate-inside" open=true>
                    <summary>{v.inner_title.clone()}</summary>
                    <ol>
                        {v.inner.iter().zip(&v.inner_text).map(|(m, t)| view! {
                            <li title=t.clone() inner_html=m.clone()></li>
                        }).collect_view()}
                    </ol>
                </details>
            })}
            {move || {
                if !s.dual.get() {
                    return None;
                }
                let step = s.step.get();
                s.lesson.with(|l| l.as_ref()?.dual_rule(step)).map(|r| view! {
                    <p class="dual-rule" data-testid="dual-rule">{r}</p>
                })
            }}
            <p class="note" data-testid="step-note">{note}</p>
            {move || {
                let b = current().map(|(v, _, _)| v.branch_note).unwrap_or_default();
                (!b.is_empty()).then(|| view! { <p class="note branch-note" data-testid="branch-note">{b}</p> })
            }}
            {move || cost().map(|c| view! { <p class="cost" data-testid="mode-cost">{c}</p> })}
        </section>
    }
}
