//! Training mode: gradient descent on the program's output as a loss. The parameters are
//! chosen (the program's `param` inputs unless the class ticks others), the learning rate
//! and momentum typed; each iteration is the forward pass, the reverse pass and the update
//! w ← w − η·v. The graph shows the current iteration's point; the loss and each
//! parameter are plotted as the run goes on.

use std::sync::Arc;

use leptos::prelude::*;

use super::state::{Outcome, Shared};
use super::stepper::Stepper;
use crate::analysis::Analysis;
use crate::autodiff::{at_point, Descent, Iteration, Trainer, MAX_ITERATIONS};
use crate::format::{full, significant};
use crate::formula::name_text;
use crate::scene::{scene, Scene};

/// Training mode's signals.
#[derive(Clone, Copy)]
pub struct Training {
    /// Whether training mode is on.
    pub on: RwSignal<bool>,
    /// η.
    pub rate: RwSignal<f64>,
    /// μ.
    pub momentum: RwSignal<f64>,
    /// The parameters by name; `None`: the program's `param` inputs (else every input).
    pub params: RwSignal<Option<Vec<String>>>,
    /// Iterations done.
    pub iteration: RwSignal<usize>,
    /// Whether Run is going.
    pub running: RwSignal<bool>,
    /// Run without showing each iteration's passes (many iterations per frame).
    pub skip: RwSignal<bool>,
    /// The run so far (extended as the iteration count grows; started over when the
    /// program, the parameters or the descent change).
    run: StoredValue<Option<Run>>,
}

/// A run and what it was started from.
struct Run {
    key: (usize, Vec<usize>, u64, u64),
    trainer: Trainer,
    iterations: Vec<Iteration>,
    stopped: bool,
}

/// The run up to some iteration, for the views.
#[derive(Clone, Debug, PartialEq)]
pub struct RunView {
    /// The iterations done.
    pub iterations: Arc<Vec<Iteration>>,
    /// The parameters' names.
    pub names: Vec<String>,
    /// The program's inputs' names and where they are now.
    pub point: Vec<(String, f64)>,
    /// Whether it cannot go on (a number stopped being finite).
    pub stopped: bool,
}

impl Training {
    /// Off, η = 0.1, no momentum.
    pub fn new() -> Training {
        Training {
            on: RwSignal::new(false),
            rate: RwSignal::new(0.1),
            momentum: RwSignal::new(0.0),
            params: RwSignal::new(None),
            iteration: RwSignal::new(0),
            running: RwSignal::new(false),
            skip: RwSignal::new(false),
            run: StoredValue::new(None),
        }
    }

    /// The parameters' input indices for `analysis`'s program.
    pub fn chosen(&self, analysis: &Analysis) -> Vec<usize> {
        let g = analysis.graph();
        let names: Vec<&str> = g.inputs().iter().map(|&i| g.node(i).label()).collect();
        match self.params.get() {
            Some(chosen) => (0..names.len())
                .filter(|&k| chosen.iter().any(|c| c == names[k]))
                .collect(),
            None if !g.params().is_empty() => g.params().to_vec(),
            None => (0..names.len()).collect(),
        }
    }

    /// The run of `analysis`'s program (parsed from `src`) up to the current iteration.
    pub fn run_view(&self, src: &str, analysis: &Shared<Analysis>) -> Option<RunView> {
        if !self.on.get() {
            return None;
        }
        let params = self.chosen(&analysis.0);
        let descent = Descent {
            rate: self.rate.get(),
            momentum: self.momentum.get(),
        };
        let want = self.iteration.get().min(MAX_ITERATIONS);
        let key = (
            analysis.id(),
            params.clone(),
            descent.rate.to_bits(),
            descent.momentum.to_bits(),
        );
        let graph = analysis.0.graph();
        let program = crate::expr::parse(src).ok();
        self.run.update_value(|run| {
            let fresh = run
                .as_ref()
                .is_none_or(|r| r.key != key || r.iterations.len() > want);
            if fresh {
                *run = Some(Run {
                    key,
                    trainer: Trainer::new(graph, &params, descent),
                    iterations: Vec::new(),
                    stopped: false,
                });
            }
            let Some(r) = run.as_mut() else { return };
            while r.iterations.len() < want && !r.stopped {
                match r.trainer.step(graph, program.as_ref()) {
                    Some(it) => {
                        r.stopped = !it.loss.is_finite() || it.next.iter().any(|v| !v.is_finite());
                        r.iterations.push(it);
                    }
                    None => r.stopped = true,
                }
            }
        });
        self.run.with_value(|run| {
            let r = run.as_ref()?;
            Some(RunView {
                iterations: Arc::new(r.iterations.clone()),
                names: r
                    .trainer
                    .params
                    .iter()
                    .map(|&i| r.trainer.names[i].clone())
                    .collect(),
                point: r
                    .trainer
                    .names
                    .iter()
                    .cloned()
                    .zip(r.trainer.point.iter().copied())
                    .collect(),
                stopped: r.stopped,
            })
        })
    }
}

impl Default for Training {
    fn default() -> Self {
        Training::new()
    }
}

/// The program at the run's current point, analysed and drawn (warm from `base`'s
/// drawing): what the graph, the table and the stepper show during training.
pub fn at_run_point(
    src: &str,
    run: &RunView,
    base: &Scene,
) -> Option<(Shared<Analysis>, Shared<Scene>)> {
    if run.iterations.is_empty() {
        return None;
    }
    let program = crate::expr::parse(src).ok()?;
    let names: Vec<String> = run.point.iter().map(|(n, _)| n.clone()).collect();
    let values: Vec<f64> = run.point.iter().map(|(_, v)| *v).collect();
    let moved = at_point(&program, &names, &values);
    let graph = crate::graph::Graph::build(&moved).ok()?;
    let analysis = Analysis::of(graph);
    let drawn = scene(&analysis, Some(base));
    Some((Shared(Arc::new(analysis)), Shared(Arc::new(drawn))))
}

/// The training panel: the mode's switch, the parameters, η and μ, the iteration and its
/// update, Run / Iterate / Reset, and the plots.
#[component]
pub fn TrainingPanel(
    /// The stepper (its lesson shows the current iteration).
    stepper: Stepper,
    /// The text's outcome.
    outcome: Memo<Outcome>,
    /// The run so far.
    run: Memo<Option<RunView>>,
    /// The program text (a program that decides is built again at each grid point).
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let t = stepper.training;
    let s = stepper;
    let inputs = move || {
        outcome.with(|o| {
            o.last_good.as_ref().map_or_else(Vec::new, |r| {
                let chosen = t.chosen(&r.analysis.0);
                let g = r.analysis.0.graph();
                g.inputs()
                    .iter()
                    .enumerate()
                    .map(|(k, &i)| (g.node(i).label().to_string(), chosen.contains(&k)))
                    .collect::<Vec<_>>()
            })
        })
    };
    let toggle_param = move |name: String, on: bool| {
        let now: Vec<String> = inputs()
            .into_iter()
            .filter(|(n, c)| if *n == name { on } else { *c })
            .map(|(n, _)| n)
            .collect();
        t.params.set(Some(now));
        t.iteration.set(0);
    };
    // Run: one iteration per tick (its passes shown at the last step), or, skipping the
    // animation, twenty.
    Effect::new(move |_| {
        if !t.running.get() {
            return;
        }
        let ms = if t.skip.get() {
            30
        } else {
            s.speed.get().clamp(60, 4000) as u64
        };
        let handle = set_interval_with_handle(
            move || {
                let stopped = run.with_untracked(|r| r.as_ref().is_none_or(|r| r.stopped));
                let at = t.iteration.get_untracked();
                if stopped && at > 0 || at >= MAX_ITERATIONS {
                    t.running.set(false);
                    return;
                }
                let by = if t.skip.get_untracked() { 20 } else { 1 };
                t.iteration.set((at + by).min(MAX_ITERATIONS));
                s.go_gradient();
            },
            std::time::Duration::from_millis(ms),
        );
        let handle = StoredValue::new(handle.ok());
        on_cleanup(move || {
            if let Some(h) = handle.try_update_value(Option::take).flatten() {
                h.clear();
            }
        });
    });
    let step_once = move |_| {
        t.running.set(false);
        t.iteration.update(|i| *i = (*i + 1).min(MAX_ITERATIONS));
        s.go_gradient();
    };
    let reset = move |_| {
        t.running.set(false);
        t.iteration.set(0);
        s.restart();
    };
    let last = move || {
        run.with(|r| {
            r.as_ref()
                .and_then(|r| r.iterations.last().cloned().map(|i| (i, r.names.clone())))
        })
    };
    let updates = move || {
        let (it, names) = last()?;
        let (rate, mu) = (t.rate.get(), t.momentum.get());
        Some(
            names
                .iter()
                .enumerate()
                .map(|(k, n)| {
                    let (w, g, v, next) =
                        (it.params[k], it.gradient[k], it.velocity[k], it.next[k]);
                    let n = name_text(n);
                    let text = if mu == 0.0 {
                        format!(
                            "{n} ← {n} − η·∂L/∂{n} = {} − {} · {} = {}",
                            significant(w, 6),
                            significant(rate, 4),
                            paren(g),
                            significant(next, 6)
                        )
                    } else {
                        format!(
                            "v ← μv + ∂L/∂{n} = {}; {n} ← {n} − η·v = {} − {} · {} = {}",
                            significant(v, 6),
                            significant(w, 6),
                            significant(rate, 4),
                            paren(v),
                            significant(next, 6)
                        )
                    };
                    (n, text, full(next))
                })
                .collect::<Vec<_>>(),
        )
    };
    let plots = move || {
        run.with(|r| {
            let r = r.as_ref().filter(|r| !r.iterations.is_empty())?;
            let output = outcome.with(|o| {
                o.last_good
                    .as_ref()
                    .map_or("L".to_string(), |g| g.output.clone())
            });
            Some((
                crate::plot::svg(&crate::charts::loss(&r.iterations, &name_text(&output))),
                crate::plot::svg(&crate::charts::params(
                    &r.iterations,
                    &r.names.iter().map(|n| name_text(n)).collect::<Vec<_>>(),
                )),
                r.stopped,
            ))
        })
    };
    // Two parameters: the loss's contours around the path (a grid of evaluations, once per
    // iteration count).
    let contour = Memo::new(move |_| {
        run.with(|r| {
            let r = r
                .as_ref()
                .filter(|r| !r.iterations.is_empty() && r.names.len() == 2)?;
            outcome.with(|o| {
                let g = o.last_good.as_ref()?;
                let a = &g.analysis.0;
                let pair = t.chosen(a);
                let program = text.with(|src| crate::expr::parse(src).ok());
                let names = (name_text(&r.names[0]), name_text(&r.names[1]));
                Some(crate::plot::svg(&crate::contour::contour(
                    a.graph(),
                    program.as_ref(),
                    (pair[0], pair[1]),
                    &r.iterations,
                    (&names.0, &names.1),
                )))
            })
        })
    });
    view! {
        <section class="training" data-testid="training">
            <label class="train-switch"><input type="checkbox" data-testid="train" prop:checked=move || t.on.get()
                on:change=move |e| { t.on.set(event_target_checked(&e)); t.running.set(false); }/>
                " Training: descend on the output as a loss"</label>
            <Show when=move || t.on.get()>
                <div class="train-controls">
                <div class="train-settings">
                    <label>"η " <input type="number" step="any" data-testid="learning-rate" prop:value=move || t.rate.get().to_string()
                        on:change=move |e| { if let Ok(v) = event_target_value(&e).parse::<f64>() { t.rate.set(v); t.iteration.set(0); } } /></label>
                    <label>"μ " <input type="number" step="any" min="0" max="1" data-testid="momentum" prop:value=move || t.momentum.get().to_string()
                        on:change=move |e| { if let Ok(v) = event_target_value(&e).parse::<f64>() { t.momentum.set(v); t.iteration.set(0); } } /></label>
                    <fieldset class="train-params"><legend>"Parameters"</legend>
                        {move || inputs().into_iter().map(|(name, on)| {
                            let n = name.clone();
                            view! {
                                <label><input type="checkbox" data-testid="param" data-input=name.clone() prop:checked=on
                                    on:change=move |e| toggle_param(n.clone(), event_target_checked(&e))/>
                                    " " {name_text(&name)}</label>
                            }
                        }).collect_view()}
                    </fieldset>
                </div>
                <div class="train-buttons">
                    <button data-testid="train-step" on:click=step_once>"Iterate"</button>
                    <button data-testid="train-run" aria-pressed=move || t.running.get().to_string()
                        on:click=move |_| t.running.update(|r| *r = !*r)>{move || if t.running.get() { "Pause" } else { "Run" }}</button>
                    <button data-testid="train-reset" on:click=reset>"Reset"</button>
                    <label><input type="checkbox" data-testid="train-skip" prop:checked=move || t.skip.get()
                        on:change=move |e| t.skip.set(event_target_checked(&e))/>" skip animation"</label>
                </div>
                <p class="iteration" data-testid="iteration" data-value=move || t.iteration.get().to_string()>
                    "Iteration " <b>{move || t.iteration.get()}</b>
                    {move || last().map(|(it, _)| format!(": loss {} before its update", significant(it.loss, 6)))}
                </p>
                <ul class="train-updates" data-testid="train-updates">
                    {move || updates().unwrap_or_default().into_iter().map(|(n, text, next)| view! {
                        <li data-param=n data-value=next>{text}</li>
                    }).collect_view()}
                </ul>
                {move || plots().and_then(|(_, _, stopped)| stopped.then(|| view! {
                    <p class="train-stopped" role="alert">"The run stopped: a number is no longer finite (try a smaller η)."</p>
                }))}
                </div>
                {move || plots().map(|(loss, params, _)| view! {
                    <div class="train-plots">
                        <div class="plot-box" inner_html=loss></div>
                        <div class="plot-box" inner_html=params></div>
                        {move || contour.get().map(|svg| view! { <div class="plot-box" inner_html=svg></div> })}
                    </div>
                })}
            </Show>
        </section>
    }
}

/// A factor as written: negatives in brackets.
fn paren(v: f64) -> String {
    let s = significant(v, 6);
    if v < 0.0 {
        format!("({s})")
    } else {
        s
    }
}
