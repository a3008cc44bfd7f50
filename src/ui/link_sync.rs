//! The picture in the address: read at start (else the last session from localStorage),
//! applied on a hash change, and written back as the user acts: stepping and options
//! replace the history entry, loading a new program adds one.

use leptos::prelude::*;

use super::stepper::Stepper;
use crate::autodiff::Mode;
use crate::link::{decode, encode, Link};

/// Where the last session is kept.
const STORAGE_KEY: &str = "chainrule.link";

/// The link the page opens with and, if the address held a broken one, why it was ignored.
pub fn initial(default_program: &str) -> (Link, Option<String>) {
    let fallback = Link {
        program: default_program.to_string(),
        ..Link::default()
    };
    match decode(&current_hash()) {
        Ok(Some(link)) => (link, None),
        Ok(None) => (stored().unwrap_or(fallback), None),
        Err(why) => (
            fallback,
            Some(format!("{why}; showing the default program instead.")),
        ),
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

fn stored() -> Option<Link> {
    let storage = web_sys::window()?.local_storage().ok()??;
    decode(&storage.get_item(STORAGE_KEY).ok()??).ok()?
}

/// The state's signals a link drives.
#[derive(Clone, Copy)]
pub struct LinkTargets {
    /// The program the app works on.
    pub text: RwSignal<String>,
    /// The text area's content when loaded from outside.
    pub loaded: RwSignal<String>,
    /// The stepper.
    pub stepper: Stepper,
    /// Presentation mode.
    pub presentation: RwSignal<bool>,
    /// Set when the next write to the address should add a history entry.
    pub push_next: StoredValue<bool>,
    /// The reverse-pass engine.
    pub engine: RwSignal<crate::autodiff::Engine>,
    /// The backward graph shown.
    pub backward: RwSignal<bool>,
    /// The Hessian panel open.
    pub hessian: RwSignal<bool>,
    /// The graph's pan and zoom.
    pub cam: super::viewport::GraphCamera,
}

impl LinkTargets {
    /// Shows `link`'s picture: its program, mode, seed, paths, step and options. Names of
    /// inputs are matched once the program's graph exists.
    pub fn apply(&self, link: &Link) {
        let same_program = self.text.get_untracked() == link.program;
        self.loaded.set(link.program.clone());
        self.text.set(link.program.clone());
        let s = self.stepper;
        s.pause();
        let index = |name: &Option<String>| {
            let name = name.as_ref()?;
            s.lesson
                .with_untracked(|l| l.as_ref()?.inputs.iter().position(|(n, _)| n == name))
        };
        s.vector.set(link.vector.clone().unwrap_or_default());
        s.mode.set(
            match (link.forward, link.vector.is_some(), link.seed.as_deref()) {
                (true, true, _) => Mode::Direction,
                (true, false, Some("all")) => Mode::Tangents,
                (true, false, _) => Mode::Tangent {
                    seed: index(&link.seed).unwrap_or(0),
                },
                (false, true, _) => Mode::Cotangent,
                (false, false, _) => Mode::ForwardThenReverse,
            },
        );
        s.path_input.set(index(&link.paths));
        s.fold.set(link.fold.clone());
        let t = s.training;
        t.running.set(false);
        t.on.set(link.training.is_some());
        let train = link.training.clone().unwrap_or_default();
        t.rate.set(if link.training.is_some() {
            train.rate
        } else {
            0.1
        });
        t.momentum.set(train.momentum);
        t.params.set(train.params);
        t.iteration.set(train.iteration);
        s.partials.set(link.partials);
        self.engine.set(link.engine);
        self.backward.set(link.backward);
        self.hessian.set(link.hessian);
        // The view applies to the drawing the link's program opens with; a link to the
        // program on screen (a hash change) moves the view now.
        self.cam
            .pending
            .set_value(link.view.map(|v| (link.program.clone(), v)));
        if let Some((z, cx, cy)) = link.view {
            if same_program && s.lesson.with_untracked(Option::is_some) {
                let p = self.cam.measure();
                self.cam
                    .show_link_view(crate::camera::Camera::centred(z, cx, cy, p));
            }
        }
        self.presentation.set(link.presentation);
        s.go(link.step);
    }

    /// The link for what is on screen now.
    pub fn current(&self) -> Link {
        let s = self.stepper;
        let name = |k: Option<usize>| {
            let k = k?;
            s.lesson.with(|l| {
                l.as_ref()
                    .and_then(|l| l.inputs.get(k).map(|(n, _)| n.clone()))
            })
        };
        let mode = s.mode.get();
        Link {
            program: self.text.get(),
            forward: mode.forward(),
            seed: match mode {
                Mode::Tangent { seed } => name(Some(seed)),
                Mode::Tangents => Some("all".into()),
                _ => None,
            },
            vector: mode.vector().then(|| {
                let n = s.lesson.with(|l| {
                    l.as_ref().map_or(0, |l| {
                        if mode.forward() {
                            l.inputs.len()
                        } else {
                            l.outputs.len()
                        }
                    })
                });
                let v = s.vector.get();
                (0..n).map(|k| v.get(k).copied().unwrap_or(1.0)).collect()
            }),
            paths: name(s.path_choice()),
            step: s.step.get(),
            partials: s.partials.get(),
            presentation: self.presentation.get(),
            fold: s.fold.get(),
            training: s.training.on.get().then(|| crate::link::TrainLink {
                rate: s.training.rate.get(),
                momentum: s.training.momentum.get(),
                params: s.training.params.get(),
                iteration: s.training.iteration.get(),
            }),
            engine: self.engine.get(),
            backward: self.backward.get(),
            hessian: self.hessian.get(),
            view: self
                .cam
                .moved
                .get()
                .then(|| crate::camera::decode(&self.cam.link()).ok())
                .flatten(),
        }
    }

    /// Keeps the address and localStorage in step with the screen, written a moment after
    /// the last change so that stepping pays nothing for it.
    pub fn sync(self) {
        // A link's view belongs to its program: another text forgets it.
        Effect::new(move |_| {
            let text = self.text.get();
            self.cam.pending.update_value(|p| {
                if p.as_ref().is_some_and(|(program, _)| *program != text) {
                    *p = None;
                }
            });
        });
        let pending = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            let hash = format!("#{}", encode(&self.current()));
            if let Some(h) = pending.try_update_value(Option::take).flatten() {
                h.clear();
            }
            let write = move || self.write(&hash);
            let handle = set_timeout_with_handle(write, std::time::Duration::from_millis(200));
            pending.set_value(handle.ok());
        });
        let handle = window_event_listener(leptos::ev::hashchange, move |_| {
            if let Ok(Some(link)) = decode(&current_hash()) {
                self.apply(&link);
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// Saves the session and puts `hash` in the address: a new entry after a load, else
    /// in place of the current one.
    fn write(&self, hash: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(STORAGE_KEY, hash);
        }
        if current_hash() == hash {
            return;
        }
        let Ok(history) = window.history() else {
            return;
        };
        let push = self
            .push_next
            .try_update_value(std::mem::take)
            .unwrap_or(false);
        let _ = if push {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash))
        };
    }
}
