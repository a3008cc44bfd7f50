//! The stepper's controls: the step buttons, the scrubber, mode and seed (with the seed
//! vector's fields), speed, quiz and partials; and the keys overlay.

use leptos::prelude::*;

use super::stepper::Stepper;
use crate::autodiff::Mode;

/// First, back, play/pause, next, last; the scrubber; speed; mode and seed; partials.
#[component]
pub fn Controls(stepper: Stepper) -> impl IntoView {
    let s = stepper;
    let last = move || s.last();
    let names = Memo::new(move |_| {
        s.lesson.with(|l| {
            l.as_ref().map_or_else(Default::default, |l| {
                let inputs: Vec<String> = l.inputs.iter().map(|(n, _)| n.clone()).collect();
                (inputs, l.outputs.clone())
            })
        })
    });
    let inputs = move || names.with(|n| n.0.clone());
    let outputs = move || names.with(|n| n.1.clone());
    let forward = move || s.mode.get().forward();
    let set_mode = move |value: String| {
        let several = names.with_untracked(|n| n.1.len() > 1);
        let mode = match value.as_str() {
            "forward" if several => Mode::Tangents,
            "forward" => Mode::Tangent { seed: 0 },
            _ => Mode::ForwardThenReverse,
        };
        s.restart();
        s.vector.set(Vec::new());
        s.mode.set(mode);
    };
    let set_seed = move |value: String| {
        let mode = match value.as_str() {
            "all" if forward() => Mode::Tangents,
            "all" => Mode::ForwardThenReverse,
            "vector" if forward() => Mode::Direction,
            "vector" => Mode::Cotangent,
            k => Mode::Tangent {
                seed: k.parse().unwrap_or(0),
            },
        };
        s.restart();
        s.mode.set(mode);
    };
    let seed_value = move || match s.mode.get() {
        Mode::Tangent { seed } => seed.to_string(),
        Mode::Direction | Mode::Cotangent => "vector".into(),
        Mode::Tangents | Mode::ForwardThenReverse => "all".into(),
    };
    // The seed's choices: each input (forward) or every line of the Jacobian, or a vector.
    let show_seed = move || forward() || outputs().len() > 1 || s.mode.get() == Mode::Cotangent;
    let seed_options = move || {
        let mut options: Vec<(String, String)> = Vec::new();
        if forward() {
            for (k, name) in inputs().iter().enumerate() {
                options.push((k.to_string(), crate::formula::name_text(name)));
            }
            options.push((
                "all".into(),
                format!("every input ({} passes)", inputs().len()),
            ));
            options.push(("vector".into(), "a direction v (J·v)".into()));
        } else {
            let m = outputs().len();
            let pass = if m == 1 { "pass" } else { "passes" };
            options.push(("all".into(), format!("every output ({m} {pass})")));
            options.push(("vector".into(), "a cotangent u (uᵀ·J)".into()));
        }
        options
    };
    view! {
        <section class="controls" aria-label="step controls">
            <div class="buttons">
                <button data-testid="step-first" title="First step (Home)" aria-label="first step" on:click=move |_| s.go(0)>{icon(true)}</button>
                <button data-testid="step-back" title="Back (←, Page Up)" aria-label="back" on:click=move |_| s.back()>"◀"</button>
                <button data-testid="play" class="play" title="Play or pause (P)"
                    aria-pressed=move || s.playing.get().to_string()
                    on:click=move |_| s.toggle_play()>
                    {move || if s.playing.get() { "❚❚ Pause" } else { "▶ Play" }}
                </button>
                <button data-testid="step-next" title="Next (→, Space, Page Down)" aria-label="next" on:click=move |_| s.next()>"▶"</button>
                <button data-testid="step-last" title="Last step (End)" aria-label="last step" on:click=move |_| s.go(s.last())>{icon(false)}</button>
            </div>
            <input type="range" class="scrubber" data-testid="scrubber" aria-label="step"
                min="0" max=move || last().to_string() prop:value=move || s.step.get().to_string()
                on:input=move |e| s.go(event_target_value(&e).parse().unwrap_or(0)) />
            <div class="settings">
                <label>"Mode "
                    <select data-testid="mode" on:change=move |e| set_mode(event_target_value(&e))>
                        <option value="reverse" selected=move || !forward()>"Forward then reverse"</option>
                        <option value="forward" selected=forward>"Forward mode"</option>
                    </select>
                </label>
                <Show when=show_seed>
                    <label>"seed "
                        <select data-testid="seed" on:change=move |e| set_seed(event_target_value(&e))>
                            {move || seed_options().into_iter().map(|(value, text)| {
                                let selected = { let value = value.clone(); move || seed_value() == value };
                                view! { <option value=value selected=selected>{text}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                </Show>
                <Show when=move || s.mode.get().vector()>
                    <VectorFields stepper=s names=names />
                </Show>
                <label>"Speed "
                    <select data-testid="speed" on:change=move |e| s.speed.set(event_target_value(&e).parse().unwrap_or(800))>
                        <option value="1600">"0.5×"</option>
                        <option value="800" selected>"1×"</option>
                        <option value="400">"2×"</option>
                        <option value="200">"4×"</option>
                    </select>
                </label>
                <label class="toggle">
                    <input type="checkbox" data-testid="quiz" prop:checked=move || s.quiz.on.get()
                        on:change=move |e| s.quiz.on.set(event_target_checked(&e)) />
                    " quiz"
                </label>
                <Show when=move || s.quiz.on.get()>
                    <span class="quiz-score" data-testid="quiz-score">
                        {move || { let (r, n) = s.quiz.state.with(|q| q.score(s.lesson_id())); format!("score {r} of {n}") }}
                    </span>
                </Show>
                <label class="toggle">
                    <input type="checkbox" data-testid="show-partials" prop:checked=move || s.partials.get()
                        on:change=move |e| s.partials.set(event_target_checked(&e)) />
                    " edge partials"
                </label>
                <label class="toggle" title="Each edge drawn by what it carries back: w̄ · ∂w/∂u, on a log scale">
                    <input type="checkbox" data-testid="gradient-flow" prop:checked=move || s.flow.get()
                        on:change=move |e| s.flow.set(event_target_checked(&e)) />
                    " gradient flow"
                </label>
                <label class="toggle" title="Forward mode as evaluation over dual numbers a + bε, ε² = 0">
                    <input type="checkbox" data-testid="dual" prop:checked=move || s.dual.get()
                        on:change=move |e| s.dual.set(event_target_checked(&e)) />
                    " dual numbers"
                </label>
            </div>
        </section>
    }
}

/// One number field per input (the direction v) or per output (the cotangent u); a field
/// that does not hold a number keeps its text and leaves the entry as it was.
#[component]
fn VectorFields(stepper: Stepper, names: Memo<(Vec<String>, Vec<String>)>) -> impl IntoView {
    let s = stepper;
    let forward = move || s.mode.get().forward();
    let entries = move || {
        names.with(|(inputs, outputs)| {
            if forward() {
                inputs.clone()
            } else {
                outputs.clone()
            }
        })
    };
    let set = move |k: usize, text: String| {
        let Ok(x) = text.trim().replace('−', "-").parse::<f64>() else {
            return;
        };
        let n = entries().len();
        s.vector.update(|v| {
            v.resize(n.max(v.len()), 1.0);
            v[k] = x;
        });
    };
    view! {
        <fieldset class="vector" data-testid="vector">
            <legend>{move || if forward() { "direction v" } else { "cotangent u" }}</legend>
            {move || {
                let (kind, key) = if forward() { ("direction", "data-input") } else { ("cotangent", "data-output") };
                entries().into_iter().enumerate().map(|(k, name)| {
                    let value = s.vector.with_untracked(|v| v.get(k).copied().unwrap_or(1.0));
                    let input = (key == "data-input").then(|| name.clone());
                    let output = (key == "data-output").then(|| (k + 1).to_string());
                    view! {
                        <label>{crate::formula::name_text(&name)} " "
                            <input type="text" inputmode="decimal" size="4" data-testid=kind
                                data-input=input data-output=output
                                value=crate::format::significant(value, 6)
                                on:change=move |e| { s.restart(); set(k, event_target_value(&e)); } />
                        </label>
                    }
                }).collect_view()
            }}
        </fieldset>
    }
}

/// "To the first step" (a bar, then a triangle pointing left) or "to the last": drawn, as
/// not every projector's fonts have ⏮ and ⏭.
fn icon(first: bool) -> impl IntoView {
    let (bar, tri) = if first {
        ("M3,2 h2.5 v12 h-2.5 z", "M14,2 v12 l-8,-6 z")
    } else {
        ("M13,2 h-2.5 v12 h2.5 z", "M2,2 v12 l8,-6 z")
    };
    view! {
        <svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d=bar /><path d=tri />
        </svg>
    }
}

/// The keys, in an overlay opened with `?`.
#[component]
pub fn Help(
    /// Whether the overlay is open.
    help: RwSignal<bool>,
) -> impl IntoView {
    let keys = [
        ("→  Space  Page Down", "next step"),
        ("←  Page Up", "previous step"),
        ("Home  End", "first and last step"),
        ("P", "play or pause"),
        (
            "[  ]",
            "fold every function call into one gate; unfold them all",
        ),
        ("?", "this help; Esc closes it"),
        ("Tab", "move between controls; Enter or Space presses"),
    ];
    view! {
        <Show when=move || help.get()>
            <div class="help-backdrop" on:click=move |_| help.set(false)>
                <section class="help" role="dialog" aria-modal="true" aria-label="keyboard help" data-testid="help"
                    on:click=|e| e.stop_propagation()>
                    <h2>"Keys"</h2>
                    <dl>
                        {keys.iter().map(|(k, what)| view! { <dt><kbd>{*k}</kbd></dt><dd>{*what}</dd> }).collect_view()}
                    </dl>
                    <p>"Keys typed in the editor or a field stay there."</p>
                    <button on:click=move |_| help.set(false)>"Close"</button>
                </section>
            </div>
        </Show>
    }
}
