//! The page: the editor and the stepper's controls beside the graph, the step panel above
//! it and the trace table below.

use std::sync::Arc;

use leptos::prelude::*;

use super::checks::Checks;
use super::controls::{Controls, Help};
use super::editor::Editor;
use super::graph_view::GraphView;
use super::jacobian::JacobianPanel;
use super::link_sync::{self, LinkTargets};
use super::output::OutputValue;
use super::paths::PathsPanel;
use super::second::SecondOrder;
use super::state::{Outcome, Shared, DEFAULT_PROGRAM};
use super::step_panel::StepPanel;
use super::stepper::Stepper;
use super::symbolic::SymbolicPanel;
use super::toolbar::Toolbar;
use super::trace_table::TraceTable;
use super::training::{at_run_point, Training, TrainingPanel};
use super::viewport::GraphCamera;
use crate::analysis::Analysis;
use crate::autodiff::{clusters, Descent, Engine, Folding, Mode};
use crate::codegen::backward_program;
use crate::lesson::{Lesson, Update};
use crate::link::Link;
use crate::presets;
use crate::scene::{scene, scene_folded};

/// The whole app. Owns the program text and the step; derives everything else.
#[component]
pub fn App() -> impl IntoView {
    let (link, link_error) = link_sync::initial(DEFAULT_PROGRAM);
    let text = RwSignal::new(link.program.clone());
    let loaded = RwSignal::new(link.program.clone());
    // A link whose program does not parse still opens on a graph: the default's, dimmed,
    // under the link's text and its error.
    let fallback = StoredValue::new(None::<Outcome>);
    let outcome = Memo::new(move |prev: Option<&Outcome>| {
        text.with(|src| {
            let first = Outcome::next(src, prev);
            if first.last_good.is_some() || prev.is_some() {
                return first;
            }
            if fallback.with_value(Option::is_none) {
                fallback.set_value(Some(Outcome::next(DEFAULT_PROGRAM, None)));
            }
            fallback.with_value(|f| Outcome::next(src, f.as_ref()))
        })
    });
    let mode = RwSignal::new(Mode::ForwardThenReverse);
    let vector = RwSignal::new(Vec::<f64>::new());
    // The calls folded into gates, by label: their wiring and drawing, once per program
    // and choice (laid out from the unfolded drawing's places).
    let fold = RwSignal::new(Vec::<String>::new());
    // Training: the run so far, and the program at its current point.
    let training = Training::new();
    let run = Memo::new(move |_| {
        outcome.with(|o| {
            let r = o.last_good.as_ref()?;
            text.with(|src| training.run_view(src, &r.analysis))
        })
    });
    let trained = Memo::new(move |_| {
        run.with(|run| {
            let run = run.as_ref()?;
            outcome.with(|o| {
                let r = o.last_good.as_ref()?;
                text.with(|src| at_run_point(src, run, &r.scene.0))
            })
        })
    });
    // What the lesson is about: the text's program, or during training its current point;
    // with "show the backward graph", that program's backward pass as a program.
    let engine = RwSignal::new(Engine::Correct);
    let backward = RwSignal::new(false);
    let hessian = RwSignal::new(false);
    let program = Memo::new(move |_| {
        trained.get().or_else(|| {
            outcome.with(|o| {
                o.last_good
                    .as_ref()
                    .map(|r| (r.analysis.clone(), r.scene.clone()))
            })
        })
    });
    // The backward pass as a program of its own, when shown; or why it cannot be.
    let backward_built = Memo::new(move |_| {
        if !backward.get() {
            return None;
        }
        let (a, _) = program.get()?;
        let text = backward_program(a.0.graph());
        Some(match Analysis::new(&text) {
            Ok(back) => {
                let mut drawn = scene(&back, None);
                // Adjoint nodes are `bar:NAME` for tests and styling.
                for n in &mut drawn.nodes {
                    if let Some(stem) = n.key.strip_suffix("_bar") {
                        n.id = format!("bar:{stem}");
                    }
                }
                Ok((Shared(Arc::new(back)), Shared(Arc::new(drawn))))
            }
            Err(e) => Err(format!(
                "This program's backward pass, written out, is {} KB, and does not go through ({}):                  the forward graph stays. Try it on a smaller program.",
                text.len() / 1024,
                e.message
            )),
        })
    });
    let base = Memo::new(move |_| match backward_built.get() {
        Some(Ok(built)) => Some(built),
        _ => program.get(),
    });
    let backward_error = Signal::derive(move || {
        backward_built.with(|b| b.as_ref().and_then(|r| r.as_ref().err().cloned()))
    });
    let folded = Memo::new(move |_| {
        fold.with(|labels| {
            if labels.is_empty() {
                return None;
            }
            base.with(|b| {
                let (analysis, drawn) = b.as_ref()?;
                let a = &analysis.0;
                let all = clusters(a.graph());
                let chosen: Vec<usize> = all
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| labels.contains(&c.label))
                    .map(|(k, _)| k)
                    .collect();
                let f = Folding::new(a.graph(), a.trace(), &all, &chosen);
                if f.is_empty() {
                    return None;
                }
                let s = scene_folded(a, Some(&f), Some(&drawn.0));
                Some((Shared(Arc::new(f)), Shared(Arc::new(s))))
            })
        })
    });
    let lesson = Memo::new(move |_| {
        let mode = mode.get();
        let folded = folded.get();
        base.with(|b| {
            let (analysis, drawn) = b.as_ref()?;
            // A seed past the inputs (the program changed) falls back to the first input.
            // In training, the iteration ends with its update (from the run's velocity).
            let update = training.on.get().then(|| {
                let velocity = run.with(|r| {
                    r.as_ref()
                        .and_then(|r| r.iterations.last().map(|i| i.velocity.clone()))
                        .unwrap_or_default()
                });
                let descent = Descent {
                    rate: training.rate.get(),
                    momentum: training.momentum.get(),
                };
                let params = training.chosen(&analysis.0);
                Arc::new(Update::new(&analysis.0, &params, descent, &velocity))
            });
            // A broken engine steps its own reverse pass (forward then reverse, unfolded).
            let broken = engine.get();
            if broken != Engine::Correct
                && mode == Mode::ForwardThenReverse
                && update.is_none()
                && folded.is_none()
            {
                let a = Arc::clone(&analysis.0);
                let lesson = Lesson::with_engine(a, Arc::clone(&drawn.0), broken);
                return Some(Shared(Arc::new(lesson)));
            }
            let lesson = vector.with(|v| {
                let v: &[f64] = if mode.vector() { v } else { &[] };
                let a = Arc::clone(&analysis.0);
                match (update, folded) {
                    (Some(u), Some((f, s))) => Lesson::trained(a, s.0, mode, Some(f.0), u),
                    (Some(u), None) => Lesson::trained(a, Arc::clone(&drawn.0), mode, None, u),
                    (None, Some((f, s))) => Lesson::folded(a, s.0, mode, v, f.0),
                    (None, None) => Lesson::seeded(a, Arc::clone(&drawn.0), mode, v),
                }
            });
            Some(Shared(Arc::new(lesson)))
        })
    });
    // The value and gradient shown: during training, the current iteration's.
    let shown = Memo::new(move |_| match trained.get() {
        Some((a, s)) => Outcome {
            last_good: Some(text.with(|src| super::state::Result::of(a, s, src))),
            error: outcome.with(|o| o.error.clone()),
        },
        None => outcome.get(),
    });
    let path_input = RwSignal::new(None::<usize>);
    let stepper = Stepper::new(lesson, mode, vector, path_input, fold, training);
    stepper.attach();
    let presentation = RwSignal::new(false);
    let cam = GraphCamera::new();
    let targets = LinkTargets {
        cam,
        text,
        loaded,
        stepper,
        presentation,
        push_next: StoredValue::new(false),
        engine,
        backward,
        hessian,
    };
    targets.apply(&link);
    targets.sync();
    // Loading a program (a preset, the swell example) replaces the text at step 0 and adds
    // a history entry, so Back returns to the previous one.
    let load = Callback::new(move |program: String| {
        targets.push_next.set_value(true);
        targets.apply(&Link {
            program,
            ..Link::default()
        });
    });
    let link_error = RwSignal::new(link_error);
    // On a phone: which panels follow the stage.
    let tab = RwSignal::new("program");
    let error = Signal::derive(move || outcome.with(|o| o.error.clone()));
    let stale = Signal::derive(move || outcome.with(|o| o.error.is_some()));
    let note = move || text.with(|t| presets::matching(t).map(|p| p.note));
    view! {
        <header class="masthead">
            <h1>"chainrule"</h1>
            <p class="tagline">"Type a function, then step through the chain rule on its computation graph."</p>
            <Toolbar load=load presentation=presentation lesson=lesson step=stepper.step help=stepper.help program=text />
        </header>
        <main class="workspace" class:presenting=presentation data-tab=move || tab.get()>
            <div class="side">
                {move || link_error.get().map(|why| view! {
                    <p class="link-error" data-testid="link-error" role="alert">
                        {why} " "
                        <button on:click=move |_| link_error.set(None)>"OK"</button>
                    </p>
                })}
                <div class="pane pane-program">
                {move || note().map(|n| view! { <p class="preset-note" data-testid="preset-note">{n}</p> })}
                <Editor text=text loaded=loaded error=error />
                </div>
                <Controls stepper=stepper />
                <div class="pane pane-program">
                <OutputValue outcome=shown lesson=lesson shown_step=Signal::derive(move || stepper.shown_step()) engine=engine />
                </div>
                <div class="pane pane-more">
                <Show when=move || !presentation.get()>
                    <JacobianPanel stepper=stepper />
                </Show>
                <Show when=move || !presentation.get()>
                    <TrainingPanel stepper=stepper outcome=outcome run=run text=text />
                </Show>
                <Checks lesson=lesson />
                <SecondOrder outcome=outcome engine=engine backward=backward backward_error=backward_error hessian=hessian
                    stepping=Signal::derive(move || match (backward.get() && backward_error.get().is_none(), mode.get()) {
                        (true, Mode::Tangent { seed }) => Some(seed),
                        _ => None,
                    })
                    step_column=Callback::new(move |j: usize| {
                        // Forward mode over the backward graph, seeded on input j: its
                        // outputs' tangents are the Hessian's column j.
                        backward.set(true);
                        stepper.restart();
                        mode.set(Mode::Tangent { seed: j });
                    }) />
                <PathsPanel stepper=stepper />
                <SymbolicPanel outcome=outcome load=load />
                </div>
            </div>
            // On a phone the stage comes first and these tabs choose what follows it.
            <nav class="phone-tabs" role="tablist" aria-label="panels">
                {[("program", "Program"), ("table", "Table"), ("more", "Derivatives")].into_iter().map(|(id, label)| view! {
                    <button role="tab" data-testid=format!("tab-{id}") aria-selected=move || (tab.get() == id).to_string()
                        on:click=move |_| tab.set(id)>{label}</button>
                }).collect_view()}
            </nav>
            <div class="stage">
                <StepPanel stepper=stepper />
                // In presentation the side column hides: the Jacobian and training join the stage.
                <Show when=move || presentation.get()>
                    <JacobianPanel stepper=stepper />
                    <Show when=move || stepper.training.on.get()>
                        <TrainingPanel stepper=stepper outcome=outcome run=run text=text />
                    </Show>
                </Show>
                <GraphView stepper=stepper stale=stale cam=cam />
                <TraceTable stepper=stepper />
            </div>
        </main>
        <Help help=stepper.help />
    }
}
