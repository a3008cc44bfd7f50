//! The output's value and gradient: rounded for the class, full precision on hover and in
//! `data-value`.

use leptos::prelude::*;

use super::state::{Outcome, Shared};
use crate::autodiff::{run_engine, Engine, Mode};
use crate::format::{full, significant};
use crate::formula::name_text;
use crate::lesson::Lesson;

/// How many gradient entries show until the teacher asks for all.
const SHOWN: usize = 16;

/// A broken engine stops after this many steps (the recursive one's grow with the paths).
const ENGINE_STEPS: usize = crate::lesson::Lesson::ENGINE_STEPS;

/// Equal numbers, NaN equal to NaN.
fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

/// Shows `f = value` and `∂f/∂x = ...` for the last good program; dimmed while the text is bad.
#[component]
pub fn OutputValue(
    /// The current outcome of the program text.
    #[prop(into)]
    outcome: Signal<Outcome>,
    /// The lesson shown: the gradient shows once its reverse pass has completed it.
    lesson: Memo<Option<Shared<Lesson>>>,
    /// The step whose numbers are shown.
    #[prop(into)]
    shown_step: Signal<usize>,
    /// The reverse-pass engine, right or broken ("break the engine").
    #[prop(into)]
    engine: Signal<Engine>,
) -> impl IntoView {
    // Which entries are known at the current step: all at the end of the (first) reverse
    // pass or the last forward pass; in forward mode seeded on one input, that one at the
    // end; seeded with a vector, none (its pass computes J·v or uᵀ·J, in the Jacobian panel).
    let known = Memo::new(move |_| {
        let step = shown_step.get();
        lesson.with(|l| {
            let l = l.as_ref()?;
            (step >= l.gradient_step).then_some(match l.mode {
                Mode::ForwardThenReverse | Mode::Tangents => None,
                Mode::Tangent { seed } => Some(seed),
                Mode::Direction | Mode::Cotangent => Some(usize::MAX),
            })
        })
    });
    let stale = move || outcome.with(|o| o.error.is_some());
    // Each part is its own memo, so a new number updates text in place and the gradient's
    // entries (keyed by input) keep their elements.
    let result = Memo::new(move |_| {
        outcome.with(|o| {
            o.last_good.as_ref().map(|r| {
                (
                    r.output.clone(),
                    r.value,
                    r.issue.clone(),
                    r.warnings.clone(),
                )
            })
        })
    });
    // A broken engine's gradient, when one is chosen (the readout marks where it is wrong).
    let broken = Memo::new(move |_| {
        let e = engine.get();
        if e == Engine::Correct {
            return None;
        }
        outcome.with(|o| {
            let a = &o.last_good.as_ref()?.analysis.0;
            let run = run_engine(a.graph(), a.trace(), e, ENGINE_STEPS);
            Some((run.gradient, run.truncated))
        })
    });
    let stopped = move || broken.with(|b| b.as_ref().is_some_and(|b| b.1));
    // With a broken engine, the finite-difference check beside the correct engine's number.
    let fd = Memo::new(move |_| {
        if engine.get() == Engine::Correct {
            return None;
        }
        lesson.with(|l| l.as_ref().map(|l| l.0.finite_differences()))
    });
    let gradient = Memo::new(move |_| {
        outcome.with(|o| {
            o.last_good
                .as_ref()
                .map(|r| r.gradient.clone())
                .unwrap_or_default()
        })
    });
    let name = move || result.with(|r| r.as_ref().map(|r| r.0.clone()).unwrap_or_default());
    let value = move || result.with(|r| r.as_ref().map_or(f64::NAN, |r| r.1));
    let entries = Memo::new(move |_| {
        gradient.with(|g| {
            g.iter()
                .enumerate()
                .map(|(k, (input, _))| (k, input.clone()))
                .collect::<Vec<_>>()
        })
    });
    // A long gradient (a network's 83 inputs) shows its first entries until asked for all;
    // an input is found by typing its name.
    let all = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let count = move || entries.with(Vec::len);
    let entries = move || {
        let q = query.get();
        let q = q.trim();
        let mut list = entries.get();
        if !q.is_empty() {
            list.retain(|(_, name)| name.contains(q) || name_text(name).contains(q));
        } else if !all.get() {
            list.truncate(SHOWN);
        }
        list
    };
    let more = move || {
        (count() > SHOWN).then(|| {
            view! {
                <li class="gradient-more">
                    <input type="search" data-testid="gradient-find" placeholder="find an input" aria-label="find an input"
                        prop:value=move || query.get() on:input=move |e| query.set(event_target_value(&e)) />
                    <button data-testid="show-all" aria-expanded=move || all.get().to_string()
                        on:click=move |_| all.update(|a| *a = !*a)>
                        {move || if all.get() { format!("show the first {SHOWN}") } else { format!("show all ({})", count()) }}
                    </button>
                </li>
            }
        })
    };
    let entry = move |k: usize, input: String| {
        let right = move || gradient.with(|g| g.get(k).map_or(f64::NAN, |e| e.1));
        let got = move || broken.with(|b| b.as_ref().and_then(|b| b.0.get(k).copied()));
        let d = move || got().unwrap_or_else(right);
        let wrong = move || got().is_some_and(|v| !same(v, right()));
        let check = move || fd.with(|f| f.as_ref().and_then(|f| f.get(k).copied()));
        let title = move || match (got(), check()) {
            (Some(v), Some(c)) if wrong() => format!(
                "{}: wrong; the correct engine gives {}, central differences {}",
                full(v),
                full(right()),
                significant(c, 8)
            ),
            (Some(v), Some(c)) => format!(
                "{}: right; central differences {}",
                full(v),
                significant(c, 8)
            ),
            _ => full(d()),
        };
        let show = move || known.get().is_some_and(|only| only.is_none_or(|o| o == k));
        let input_name = input.clone();
        view! {
            <li class:pending=move || !show()>
                <span class="output-name">"∂" {move || name_text(&name())} "/∂" {name_text(&input_name)} " = "</span>
                <Show when=show fallback=|| view! { <span class="unknown" title="not computed yet">"?"</span> }>
                    <output data-input=input.clone() data-value=move || full(d()) title=title
                        data-correct=move || got().map(|_| full(right()))
                        data-fd=move || check().map(full) class:wrong=wrong>
                        {move || significant(d(), 4)}
                    </output>
                </Show>
            </li>
        }
    };
    view! {
        <Show when=move || result.with(Option::is_some)>
            <section class="output" class:stale=stale>
                <p class="output-line">
                    <span class="output-name">{name}" = "</span>
                    <output data-testid="output-value" data-value=move || full(value()) title=move || full(value())>
                        {move || significant(value(), 4)}
                    </output>
                </p>
                <p class="gradient-title">"∇" {move || name_text(&name())} " at the point"</p>
                <ul class="gradient" data-testid="gradient">
                    // Rebuilt only when the inputs change; a new number updates the entries.
                    {move || entries().into_iter().map(|(k, input)| entry(k, input)).collect_view()}
                    {more}
                </ul>
                {move || stopped().then(|| view! {
                    <p class="engine-stopped" data-testid="engine-stopped">
                        "This engine stopped after " {ENGINE_STEPS} " steps: its steps grow with the number of paths, \
                         which doubles with each reused node in a chain. Its numbers are where it stopped."
                    </p>
                })}
                {move || result.with(|r| r.as_ref().and_then(|r| r.2.clone())).map(|issue| view! {
                    <p class="domain-issue" data-testid="domain-issue">{issue}</p>
                })}
                {move || {
                    let warnings = result.with(|r| r.as_ref().map(|r| r.3.clone()).unwrap_or_default());
                    (!warnings.is_empty()).then(|| view! {
                        <ul class="warnings" data-testid="warnings">
                            {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                        </ul>
                    })
                }}
            </section>
        </Show>
    }
}
