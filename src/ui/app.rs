//! The page: the editor and the stepper's controls beside the graph, the step panel above
//! it and the trace table below.

use std::sync::Arc;

use leptos::prelude::*;

use super::editor::Editor;
use super::graph_view::GraphView;
use super::output::OutputValue;
use super::paths::PathsPanel;
use super::state::{Outcome, Shared, DEFAULT_PROGRAM};
use super::step_panel::StepPanel;
use super::stepper::{Controls, Stepper};
use super::symbolic::SymbolicPanel;
use super::trace_table::TraceTable;
use crate::autodiff::Mode;
use crate::lesson::Lesson;

/// The whole app. Owns the program text and the step; derives everything else.
#[component]
pub fn App() -> impl IntoView {
    let initial = program_from_hash().unwrap_or_else(|| DEFAULT_PROGRAM.to_string());
    let text = RwSignal::new(initial.clone());
    let loaded = RwSignal::new(initial);
    let outcome =
        Memo::new(move |prev: Option<&Outcome>| text.with(|src| Outcome::next(src, prev)));
    let mode = RwSignal::new(Mode::ForwardThenReverse);
    let lesson = Memo::new(move |_| {
        let mode = mode.get();
        outcome.with(|o| {
            let r = o.last_good.as_ref()?;
            let (graph, trace) = &*r.built;
            // A seed past the inputs (the program changed) falls back to the first input.
            let mode = match mode {
                Mode::Tangent { seed } if graph.inputs().is_empty() => {
                    let _ = seed;
                    Mode::ForwardThenReverse
                }
                Mode::Tangent { seed } if seed >= graph.inputs().len() => Mode::Tangent { seed: 0 },
                m => m,
            };
            Some(Shared(Arc::new(Lesson::new(
                graph,
                trace,
                r.scene.clone(),
                mode,
            ))))
        })
    });
    let path_input = RwSignal::new(None::<usize>);
    let paths = Memo::new(move |_| {
        let input = path_input.get()?;
        lesson.with(|l| l.as_ref()?.paths(input).map(|p| Shared(Arc::new(p))))
    });
    let stepper = Stepper {
        lesson,
        step: RwSignal::new(0),
        playing: RwSignal::new(false),
        speed: RwSignal::new(800),
        mode,
        partials: RwSignal::new(false),
        path_input,
        paths,
        hovered_path: RwSignal::new(None),
    };
    stepper.attach();
    // Loading a program (the swell example) replaces the text, as a link would.
    let load = Callback::new(move |program: String| {
        loaded.set(program.clone());
        text.set(program);
        stepper.playing.set(false);
        stepper.path_input.set(None);
        stepper.step.set(0);
    });
    // A link to another program (the hash changes) loads it at step 0.
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(program) = program_from_hash() {
            load.run(program);
        }
    });
    on_cleanup(move || handle.remove());
    // Paths belong to a program: a new input list clears the choice if it no longer fits.
    Effect::new(move |_| {
        let n = lesson.with(|l| l.as_ref().map_or(0, |l| l.inputs.len()));
        if stepper.path_input.get_untracked().is_some_and(|k| k >= n) {
            stepper.path_input.set(None);
        }
    });
    let error = Signal::derive(move || outcome.with(|o| o.error.clone()));
    let stale = Signal::derive(move || outcome.with(|o| o.error.is_some()));
    view! {
        <header class="masthead">
            <h1>"chainrule"</h1>
            <p class="tagline">"Type a function, then step through the chain rule on its computation graph."</p>
        </header>
        <main class="workspace">
            <div class="side">
                <Editor text=text loaded=loaded error=error />
                <Controls stepper=stepper />
                <OutputValue outcome=outcome stepper=stepper />
                <PathsPanel stepper=stepper />
                <SymbolicPanel outcome=outcome load=load />
            </div>
            <div class="stage">
                <StepPanel stepper=stepper />
                <GraphView stepper=stepper stale=stale />
                <TraceTable stepper=stepper />
            </div>
        </main>
    }
}

/// The program in the page's address: `#program=<percent-encoded text>`.
fn program_from_hash() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let encoded = hash.strip_prefix("#program=")?;
    js_sys::decode_uri_component(encoded).ok()?.as_string()
}
