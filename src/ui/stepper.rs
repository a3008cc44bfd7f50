//! The stepper's state (a cursor over the lesson's steps, play, speed, mode, paths), its
//! clock and keys (the controls are in `controls.rs`). Stepping back is moving the cursor:
//! the picture is a function of it.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::model::{Cursor, LessonId, QuizState};
use super::state::Shared;
use super::training::Training;
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
    /// Whether edges are drawn by the gradient they carry back.
    pub flow: RwSignal<bool>,
    /// Whether forward mode shows values and tangents as dual numbers a + bε.
    pub dual: RwSignal<bool>,
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
    /// The calls folded into gates, by label (`sig#1`).
    pub fold: RwSignal<Vec<String>>,
    /// Training mode.
    pub training: Training,
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
        fold: RwSignal<Vec<String>>,
        training: Training,
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
            flow: RwSignal::new(false),
            dual: RwSignal::new(false),
            path_input,
            paths,
            hovered_path: RwSignal::new(None),
            quiz: Quiz::new(),
            help: RwSignal::new(false),
            fold,
            training,
        }
    }

    /// Folds the calls `labels` into gates (all foldable ones: `None`), or unfolds them
    /// all (`Some(&[])`). The timeline changes: at its end the class stays at the end (the
    /// same gradient, told either way); elsewhere it starts over.
    pub fn set_fold(&self, labels: Option<Vec<String>>) {
        let labels = labels.unwrap_or_else(|| {
            self.lesson.with_untracked(|l| {
                l.as_ref().map_or_else(Vec::new, |l| {
                    crate::autodiff::clusters(l.analysis().graph())
                        .into_iter()
                        .filter(|c| c.foldable)
                        .map(|c| c.label)
                        .collect()
                })
            })
        });
        if self.fold.with_untracked(|f| *f == labels) {
            return;
        }
        let at_end = self.step.get_untracked() == self.last();
        self.fold.set(labels);
        if at_end {
            self.go(self.last());
        } else {
            self.restart();
        }
    }

    /// Folds call `label` if it is unfolded, else unfolds it.
    pub fn toggle_fold(&self, label: &str) {
        let mut now = self.fold.get_untracked();
        match now.iter().position(|f| f == label) {
            Some(k) => {
                now.remove(k);
            }
            None => now.push(label.to_string()),
        }
        self.set_fold(Some(now));
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

    /// One step on; in training, from the last step on to the next iteration's first.
    pub fn next(&self) {
        if self.training_turns() {
            return;
        }
        self.move_cursor(Cursor::next);
    }

    /// In training at the last step: the next iteration starts (its forward pass at its
    /// first step). Whether it did.
    fn training_turns(&self) -> bool {
        let t = self.training;
        if !t.on.get_untracked() || self.step.get_untracked() < self.last() {
            return false;
        }
        t.iteration
            .update(|i| *i = (*i + 1).min(crate::autodiff::MAX_ITERATIONS));
        self.move_cursor(|c, last| c.go(1, last));
        true
    }

    /// To the end of the reverse pass (in training, just before the update).
    pub fn go_gradient(&self) {
        let at = self
            .lesson
            .with_untracked(|l| l.as_ref().map_or(0, |l| l.gradient_step));
        self.go(at);
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
                // Playing in training runs on through the iterations.
                let tick = move || {
                    if !self.training_turns() {
                        self.move_cursor(Cursor::tick);
                    }
                };
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
            "[" => self.set_fold(None),
            "]" => self.set_fold(Some(Vec::new())),
            _ => return,
        }
        e.prevent_default();
    }
}

/// Whether the key went to a text field or a list (whose keys are its own).
pub(super) fn typing(e: &ev::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT"))
}
