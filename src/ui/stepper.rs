//! The stepper's state (a cursor over the lesson's steps, play, speed, mode, paths) and
//! its controls. Stepping back is moving the cursor: the picture is a function of it.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::model::{Cursor, LessonId, QuizState};
use super::state::Shared;
use crate::autodiff::Mode;
use crate::lesson::{Lesson, PathList};

/// Every signal the stepper's views share. `Copy`, so views take it by value.
#[derive(Clone, Copy)]
pub struct Stepper {
    /// The lesson of the last good program in the chosen mode.
    pub lesson: Memo<Option<Shared<Lesson>>>,
    /// Which step, and whether it plays by itself (written only through the methods below).
    pub cursor: RwSignal<Cursor>,
    /// The current step: the cursor read against the current lesson's timeline.
    pub step: Memo<usize>,
    /// Whether the timeline plays by itself.
    pub playing: Memo<bool>,
    /// Milliseconds per step while playing.
    pub speed: RwSignal<u32>,
    /// The chosen mode (the seed is clamped to the program's inputs).
    pub mode: RwSignal<Mode>,
    /// The vector modes' seed: the direction v (per input) or cotangent u (per output).
    pub vector: RwSignal<Vec<f64>>,
    /// Whether edges show their local partials.
    pub partials: RwSignal<bool>,
    /// The input whose chain-rule paths are lit, by input number.
    pub path_input: RwSignal<Option<usize>>,
    /// Its paths, computed once per choice (the list and the drawing share them).
    pub paths: Memo<Option<Shared<PathList>>>,
    /// The path hovered in the list, lit alone.
    pub hovered_path: RwSignal<Option<usize>>,
    /// The quiz: what the class predicts before each step shows its number.
    pub quiz: Quiz,
    /// Whether the keyboard help is open.
    pub help: RwSignal<bool>,
}

/// Quiz mode's state: predict, then reveal.
#[derive(Clone, Copy)]
pub struct Quiz {
    /// Whether quiz mode is on.
    pub on: RwSignal<bool>,
    /// What was answered, the score and the last verdict, for the lesson they belong to.
    pub state: RwSignal<QuizState>,
}

impl Quiz {
    /// A quiz, off.
    pub fn new() -> Quiz {
        Quiz {
            on: RwSignal::new(false),
            state: RwSignal::new(QuizState::default()),
        }
    }
}

impl Default for Quiz {
    fn default() -> Self {
        Quiz::new()
    }
}

impl Stepper {
    /// Whether the current step waits for the class's answer before showing its number.
    pub fn pending(&self) -> bool {
        let step = self.step.get();
        let lesson = self.lesson_id();
        self.quiz.on.get()
            && !self.quiz.state.with(|q| q.revealed(lesson, step))
            && self
                .lesson
                .with(|l| l.as_ref().is_some_and(|l| l.answer(step).is_some()))
    }

    /// The step whose numbers are shown: the one before while a quiz question is open.
    pub fn shown_step(&self) -> usize {
        let step = self.step.get();
        if self.pending() {
            step.saturating_sub(1)
        } else {
            step
        }
    }

    /// The current lesson's identity, for the state that belongs to it.
    pub fn lesson_id(&self) -> LessonId {
        self.lesson.with(|l| l.as_ref().map_or(0, Shared::id))
    }

    /// The chosen input for chain-rule paths, if it is an input of the current program
    /// (a new program with fewer inputs reads as no choice, without any effect clearing it).
    pub fn path_choice(&self) -> Option<usize> {
        let n = self
            .lesson
            .with(|l| l.as_ref().map_or(0, |l| l.inputs.len()));
        self.path_input.get().filter(|&k| k < n)
    }

    /// The last step of the current lesson.
    pub fn last(&self) -> usize {
        self.lesson.with(|l| l.as_ref().map_or(0, |l| l.last()))
    }

    /// The stepper over `lesson`, at its first step, paused.
    pub fn new(
        lesson: Memo<Option<Shared<Lesson>>>,
        mode: RwSignal<Mode>,
        vector: RwSignal<Vec<f64>>,
        path_input: RwSignal<Option<usize>>,
    ) -> Stepper {
        let cursor = RwSignal::new(Cursor::default());
        let last = move || lesson.with(|l| l.as_ref().map_or(0, |l| l.last()));
        let step = Memo::new(move |_| cursor.with(|c| c.step(last())));
        // The output the paths end at: the one the current reverse pass is seeded on (it
        // changes only from pass to pass, so the paths are not recounted every step).
        let path_output = Memo::new(move |_| {
            let step = step.get();
            lesson.with(|l| l.as_ref().map_or(0, |l| l.paths_output(step)))
        });
        // Paths belong to a program: a choice past the new program's inputs reads as none.
        let paths = Memo::new(move |_| {
            let n = lesson.with(|l| l.as_ref().map_or(0, |l| l.inputs.len()));
            let input = path_input.get().filter(|&k| k < n)?;
            let output = path_output.get();
            lesson.with(|l| {
                l.as_ref()?
                    .paths_to(input, output)
                    .map(|p| Shared(std::sync::Arc::new(p)))
            })
        });
        Stepper {
            lesson,
            cursor,
            step,
            playing: Memo::new(move |_| cursor.with(Cursor::playing)),
            speed: RwSignal::new(800),
            mode,
            vector,
            partials: RwSignal::new(false),
            path_input,
            paths,
            hovered_path: RwSignal::new(None),
            quiz: Quiz::new(),
            help: RwSignal::new(false),
        }
    }

    /// Applies `change` to the cursor against the current timeline, notifying only if it moved.
    fn move_cursor(&self, change: impl FnOnce(&mut Cursor, usize)) {
        let last = self
            .lesson
            .with_untracked(|l| l.as_ref().map_or(0, |l| l.last()));
        let mut c = self.cursor.get_untracked();
        change(&mut c, last);
        if c != self.cursor.get_untracked() {
            self.cursor.set(c);
        }
    }

    /// Moves to step `to`, clamped to the timeline.
    pub fn go(&self, to: usize) {
        self.move_cursor(|c, last| c.go(to, last));
    }

    /// One step on.
    pub fn next(&self) {
        self.move_cursor(Cursor::next);
    }

    /// One step back.
    pub fn back(&self) {
        self.move_cursor(Cursor::back);
    }

    /// Play from here (from the start when at the end), or pause.
    pub fn toggle_play(&self) {
        self.move_cursor(Cursor::toggle_play);
    }

    /// Stops playing where it is.
    pub fn pause(&self) {
        self.move_cursor(|c, _| c.pause());
    }

    /// Back to the first step, paused.
    pub fn restart(&self) {
        self.move_cursor(|c, _| c.restart());
    }

    /// Runs the clock while playing and listens to the keyboard (and presentation
    /// clickers), except while the user types in a field.
    pub fn attach(self) {
        let timer = StoredValue::new(None::<IntervalHandle>);
        Effect::new(move |_| {
            let (playing, ms) = (self.playing.get(), self.speed.get());
            if let Some(handle) = timer.try_update_value(Option::take).flatten() {
                handle.clear();
            }
            if playing {
                let tick = move || self.move_cursor(Cursor::tick);
                let handle = set_interval_with_handle(tick, Duration::from_millis(ms.into()));
                timer.set_value(handle.ok());
            }
        });
        let handle = window_event_listener(ev::keydown, move |e| self.key(&e));
        on_cleanup(move || handle.remove());
    }

    fn key(&self, e: &ev::KeyboardEvent) {
        if e.ctrl_key() || e.alt_key() || e.meta_key() || typing(e) {
            return;
        }
        match e.key().as_str() {
            "?" => self.help.update(|h| *h = !*h),
            "Escape" if self.help.get_untracked() => self.help.set(false),
            "ArrowRight" | " " | "PageDown" => self.next(),
            "ArrowLeft" | "PageUp" => self.back(),
            "Home" => self.go(0),
            "End" => self.go(self.last()),
            "p" | "P" => self.toggle_play(),
            _ => return,
        }
        e.prevent_default();
    }
}

/// Whether the key went to a text field or a list (whose keys are its own).
fn typing(e: &ev::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT"))
}

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
