//! The computation graph as SVG, in step with the timeline: boxes with name, operation,
//! value and adjoint (or tangent) once the current step has reached them; edges as curves
//! with arrowheads and, on demand, their local partials; the chain-rule paths on top.
//!
//! Nodes and edges are keyed by an identity that survives edits ([`SceneNode::key`]): a
//! new number updates their attributes in place, a new term adds and removes only what it
//! changed. Each node and edge holds a signal of what it shows; one effect per step sets
//! those whose picture changed. Past [`BIG_GRAPH`] nodes the drawing is simplified (see
//! [`super::graph_big`]); the numbers stay exact in the table and the step panel.

use leptos::prelude::*;

mod drawing;

use drawing::{Drawing, EdgeSlot, NodeSlot};

use super::graph_big::BigGraph;
use super::state::Shared;
use super::stepper::Stepper;
use super::viewport::{nodes_box, GraphCamera, Minimap, ZoomTools, LABELS_FROM};
use super::{memo, sig};
use crate::format::{full, significant};
use crate::lesson::NodeState;
use crate::scene::{SceneEdge, SceneNode, LINE_DY};

/// How many listed paths get their own coloured line (the rest are listed only).
const DRAWN_PATHS: usize = 12;
/// Graphs with more nodes than this are drawn simplified: boxes by state, no text.
pub const BIG_GRAPH: usize = 1_500;
/// Graphs with more nodes than this bring boxes out of sight up to date after the frame,
/// and change without fading.
const DEFER_FROM: usize = 200;

/// Draws the lesson's scene, scaled to fit; dimmed while the program text is bad.
#[component]
pub fn GraphView(
    /// The stepper's state.
    stepper: Stepper,
    /// Whether the text currently has an error (the drawing is then the last good one).
    #[prop(into)]
    stale: Signal<bool>,
    /// Pan and zoom.
    cam: GraphCamera,
) -> impl IntoView {
    let s = stepper;
    let owner = Owner::current().unwrap_or_default();
    let d = Drawing::new();
    let scene = Memo::new(move |_| {
        s.lesson
            .with(|l| l.as_ref().map(|l| Shared(std::sync::Arc::clone(&l.scene))))
    });
    let many = Memo::new(move |_| {
        scene.with(|sc| sc.as_ref().is_some_and(|sc| sc.nodes.len() > DEFER_FROM))
    });
    let big = Memo::new(move |_| {
        scene.with(|sc| sc.as_ref().is_some_and(|sc| sc.nodes.len() > BIG_GRAPH))
    });
    // In training, the inputs it updates (by name).
    let params = Memo::new(move |_| {
        if !s.training.on.get() {
            return Vec::new();
        }
        s.lesson.with(|l| {
            l.as_ref().map_or_else(Vec::new, |l| {
                let g = l.analysis().graph();
                s.training
                    .chosen(l.analysis())
                    .into_iter()
                    .map(|k| g.node(g.inputs()[k]).label().to_string())
                    .collect()
            })
        })
    });
    // Gradient flow: every edge's contribution, once per lesson while the overlay is on.
    let flows = Memo::new(move |_| {
        if !s.flow.get() {
            return None;
        }
        s.lesson.with(|l| l.as_ref().map(|l| Flows::of(l.flows())))
    });
    // Each function call's frame, behind the edges (written only when the frames change).
    let frames = Memo::new(move |_| {
        scene.with(|sc| {
            sc.as_ref()
                .map(|sc| crate::scene::clusters_svg(&sc.clusters))
                .unwrap_or_default()
        })
    });
    // Match the elements to the scene, then set what each shows at the current step.
    Effect::new(move |_| {
        let (step, shown_step) = (s.step.get(), s.shown_step());
        s.lesson.with(|l| {
            let Some(l) = l.as_ref() else {
                return;
            };
            if big.get_untracked() {
                return;
            }
            owner.with(|| d.reconcile(l));
            let many = many.get_untracked();
            d.update(l, step, shown_step, || many.then(|| sight(cam)).flatten());
        });
    });
    // A drawing bigger than the panel opens with its output in sight (top centre of the
    // panel), not on the drawing's empty top-left corner.
    // Only when the drawing's shape changes: a new number keeps the view where it is.
    let output = Memo::new(move |_| {
        s.lesson.with(|l| {
            l.as_ref().and_then(|l| {
                let out = l.analysis().graph().output();
                let i = l
                    .analysis()
                    .graph()
                    .order()
                    .iter()
                    .position(|&id| id == out)?;
                let n = l.scene.nodes.get(i)?;
                Some((n.x, n.y, l.scene.width.max(1.0), l.scene.height))
            })
        })
    });
    Effect::new(move |_| {
        let Some((x, y, _, _)) = output.get() else {
            return;
        };
        // After the panel is laid out, so it can be measured.
        request_animation_frame(move || {
            scene.with_untracked(|sc| {
                if let Some(sc) = sc.as_ref() {
                    cam.forget();
                    cam.open(sc, Some((x, y)));
                }
            });
        });
    });
    // Follow the step: the step's nodes kept in view (a glide, remembered per step).
    Effect::new(move |_| {
        let step = s.step.get();
        if !cam.follow.get() {
            return;
        }
        s.lesson.with_untracked(|l| {
            let Some(l) = l.as_ref() else {
                return;
            };
            let lit = l.lit(step);
            if let Some(r) = nodes_box(&l.scene, lit.nodes()) {
                cam.follow_to(step, r);
            }
        });
    });
    let lit = Signal::derive(move || {
        let step = s.step.get();
        s.lesson
            .with(|l| l.as_ref().map(|l| l.lit(step).nodes().to_vec()))
            .unwrap_or_default()
    });
    let transform = move || cam.camera.get().transform();
    let css_transform = move || {
        let c = cam.camera.get();
        format!(
            "transform: translate({:.2}px, {:.2}px) scale({:.5})",
            c.x, c.y, c.zoom
        )
    };
    let fit = Callback::new(move |()| {
        scene.with_untracked(|sc| {
            if let Some(sc) = sc.as_ref() {
                cam.fit(sc);
            }
        })
    });
    let keys = window_event_listener(leptos::ev::keydown, move |e| {
        if e.ctrl_key() || e.alt_key() || e.meta_key() || super::stepper::typing(&e) {
            return;
        }
        let done = scene.with_untracked(|sc| cam.key(&e.key(), sc.as_deref()));
        if done {
            e.prevent_default();
        }
    });
    on_cleanup(move || keys.remove());
    view! {
        <figure class="graph" class:stale=stale class:paths-on=move || s.path_choice().is_some() class:many=many
            data-testid="graph-panel" data-simplified=move || big.get().to_string() node_ref=cam.figure
            on:wheel=move |e| cam.wheel(&e)
            on:pointerdown=move |e| cam.down(&e)
            on:pointermove=move |e| cam.moved(&e)
            on:pointerup=move |e| cam.up(&e)
            on:pointercancel=move |e| cam.up(&e)
            on:pointerleave=move |e| cam.up(&e)
            on:dblclick=move |e| cam.double_click(&e)>
            {move || flows.with(|f| f.as_ref().map(|f| view! {
                <div class="flow-legend" data-testid="flow-legend" role="note">
                    "gradient flow |w̄ · ∂w/∂u|: "
                    <span class="flow-sample thin"></span> {significant(10f64.powf(f.lo), 2)}
                    " … "
                    <span class="flow-sample thick"></span> {significant(10f64.powf(f.hi), 2)}
                    " (log scale)"
                </div>
            }))}
            <Show when=move || scene.with(|sc| sc.as_ref().is_some_and(|sc| sc.clusters.iter().any(|c| c.foldable)))>
                <div class="graph-tools" role="group" aria-label="function calls">
                    <button data-testid="fold-all" title="Fold every function call into one gate ( [ )"
                        on:click=move |_| s.set_fold(None)>"Fold all"</button>
                    <button data-testid="unfold-all" title="Unfold every call ( ] )"
                        disabled=move || s.fold.with(Vec::is_empty)
                        on:click=move |_| s.set_fold(Some(Vec::new()))>"Unfold all"</button>
                </div>
            </Show>
            <ZoomTools cam=cam fit=fit />
            <Minimap cam=cam scene=scene lit=lit />
            <svg role="img" aria-label="computation graph" width="100%" height="100%"
                data-testid="graph" class:stale=stale class:lod=move || cam.camera.get().zoom < LABELS_FROM
                data-nodes=move || scene.with(|sc| sc.as_ref().map_or(0, |sc| sc.nodes.len()))>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse"
                        markerWidth="11" markerHeight="11" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
                    </marker>
                    <marker id="arrow-active" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse"
                        markerWidth="13" markerHeight="13" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="arrowhead active" />
                    </marker>
                </defs>
                <g data-testid="viewport" class="viewport" class:gliding=move || cam.gliding.get()
                    transform=transform style=css_transform data-zoom=move || format!("{:.5}", cam.camera.get().zoom)>
                <Show when=move || !big.get() fallback=move || view! { <BigGraph stepper=s cam=cam /> }>
                    <g class="clusters" inner_html=move || frames.get() on:click=move |e| fold_clicked(s, &e)></g>
                    <g class="edges">
                        <For each=move || d.edge_keys.get() key=|k| k.clone() let:k>
                            {d.edges.with_value(|m| m.get(&k).copied()).map(|e| edge(s, e, flows))}
                        </For>
                    </g>
                    {path_overlay(s)}
                    <g class="nodes">
                        <For each=move || d.node_keys.get() key=|k| k.clone() let:k>
                            {d.nodes.with_value(|m| m.get(&k).copied()).map(|n| node(s, n, params, cam))}
                        </For>
                    </g>
                </Show>
                </g>
            </svg>
        </figure>
    }
}

fn edge(s: Stepper, e: EdgeSlot, flows: Memo<Option<Flows>>) -> impl IntoView {
    let data = e.data;
    // With gradient flow on: what the edge carries back, and its place on the log scale.
    let flow = move || {
        let k = e.index.get();
        flows.with(|f| {
            f.as_ref()
                .and_then(|f| Some((f.values.get(k).copied()??, f.scale(k)?)))
        })
    };
    let active = move || e.state.get().0;
    let known = move || e.state.get().1;
    let field = move |f: fn(&SceneEdge) -> String| memo(move || data.with(f));
    view! {
        <g class="edge-group" class:active=sig(active) data-edge=field(|e| format!("{}->{}", e.from, e.to))
            data-from=field(|e| e.from.clone()) data-to=field(|e| e.to.clone())
            data-kind=field(|e| if e.control { "control" } else { "data" }.to_string())
            data-partial=sig(move || known().then(|| full(e.partial.get())))
            class:gate=sig(move || data.with(|e| e.gate)) data-gate=field(|e| e.gate.to_string())
            data-flow=memo(move || flow().map(|(v, _)| full(v)))
            style=memo(move || flow().map_or(String::new(), |(_, t)| format!("--flow-w: {:.2}px; --flow-o: {:.2}", 1.0 + 7.0 * t, 0.25 + 0.75 * t)))
            class:flowing=memo(move || flow().is_some())>
            <path class="edge" d=field(|e| e.path.clone())
                marker-end=sig(move || if active() { "url(#arrow-active)" } else { "url(#arrow)" }.to_string()) />
            <text class="edge-partial" transform=field(|e| { let (x, y) = middle(&e.points); format!("translate({x:.1},{y:.1})") })
                class:shown=sig(move || known() && (s.partials.get() || active() || data.with(|e| e.gate)))>
                {sig(move || significant(e.partial.get(), 4))}
            </text>
        </g>
    }
}

fn node(s: Stepper, n: NodeSlot, params: Memo<Vec<String>>, cam: GraphCamera) -> impl IntoView {
    let (data, shown) = (n.data, n.shown);
    // Each attribute is a memo of the node's data: a new scene (a new number, a new term
    // that moves the boxes) writes only the attributes whose text changed.
    let field = move |f: fn(&SceneNode) -> String| memo(move || data.with(f));
    // Over dual numbers (forward mode), the value and tangent as one: 11.65 + 5.5ε.
    let dual = move || {
        let sh = shown.get();
        s.dual
            .get()
            .then(|| Some(crate::lesson::dual_text(sh.value?, sh.tangent?)))
            .flatten()
    };
    let lines = move || {
        let sh = shown.get();
        let mut lines = data.with(|n| n.lines(sh.value, sh.adjoint, sh.tangent));
        if let Some(d) = dual() {
            lines.third = d;
        }
        lines
    };
    let title = move || {
        let sh = shown.get();
        data.with(|n| {
            let mut t = n.label.clone();
            if !n.pass.is_empty() {
                t.push_str(&format!(" (loop {})", n.pass));
            }
            if !n.gate.is_empty() {
                t.push_str(&format!(
                    " ({} folded into one gate; click its frame's label to unfold)",
                    n.gate
                ));
            } else if !n.call.is_empty() {
                t.push_str(&format!(" (in {})", n.call));
            }
            if let Some(v) = sh.value {
                t.push_str(&format!(" = {}", full(v)));
            }
            if let (Some(v), Some(issue)) = (sh.value, &n.issue) {
                if !v.is_finite() || issue.starts_with("carried") {
                    t.push_str(&format!(" ({issue})"));
                }
            }
            if let Some(a) = sh.adjoint {
                t.push_str(&format!("\nadjoint {}", full(a)));
            }
            if let Some(d) = sh.tangent {
                t.push_str(&format!("\ntangent {}", full(d)));
            }
            t
        })
    };
    let click = move |_| {
        // The end of a drag that started on the box pans; it does not jump.
        if cam.was_drag() {
            return;
        }
        s.pause();
        let i = n.index.get_untracked();
        let now = s.step.get_untracked();
        let target = s.lesson.with_untracked(|l| {
            l.as_ref().map(|l| {
                (
                    l.step_of(i, now),
                    l.inputs.iter().position(|&(_, at)| at == i),
                )
            })
        });
        if let Some((to, input)) = target {
            s.go(to);
            if let Some(k) = input {
                s.path_input.set(Some(k));
            }
        }
    };
    let state = move || shown.get().state;
    // The box is drawn around the origin and moved as one (a move is one attribute).
    let at = move |f: fn(&SceneNode) -> f64| memo(move || format!("{:.1}", data.with(f)));
    let place = move |n: &SceneNode| format!("translate({:.1},{:.1})", n.x, n.y);
    view! {
        <g class=field(|n| format!("node {}", n.kind))
            class:bad=sig(move || data.with(|n| n.issue.is_some()) && shown.get().value.is_some())
            data-node=field(|n| n.id.clone()) data-key=field(|n| n.key.clone())
            data-label=field(|n| n.label.clone()) data-op=field(|n| n.op.clone())
            data-iteration=field(|n| n.iteration.clone()) data-version=field(|n| n.version.to_string())
            data-call=field(|n| n.call.clone()) data-gate=field(|n| n.gate.clone())
            data-param=memo(move || (data.with(|n| n.kind == "input" && params.with(|p| p.contains(&n.key)))).then_some("true"))
            data-state=sig(move || state().as_str().to_string())
            class:active=sig(move || state() == NodeState::Active)
            class:done=sig(move || state() == NodeState::Done)
            class:source=sig(move || shown.get().source)
            data-value=sig(move || shown.get().value.map(full))
            data-adjoint=sig(move || shown.get().adjoint.map(full))
            data-tangent=sig(move || shown.get().tangent.map(full))
            data-dual=sig(dual)
            transform=field(place)
            on:click=click>
            <title>{sig(title)}</title>
            <rect x=at(|n| -n.w / 2.0) y=at(|n| -n.h / 2.0) width=at(|n| n.w) height=at(|n| n.h) rx="6" />
            <text class="node-label" x="0" y=format!("{:.1}", LINE_DY[0])>{field(|n| n.label.clone())}
                <tspan class="node-pass">{field(|n| if n.pass.is_empty() { String::new() } else { format!(" · {}", n.pass) })}</tspan></text>
            <text class="node-detail" x="0" y=format!("{:.1}", LINE_DY[1])>{sig(move || lines().detail)}</text>
            <text class="node-adjoint" x="0" y=format!("{:.1}", LINE_DY[2])>{sig(move || lines().third)}</text>
        </g>
    }
}

/// The chosen input's paths, each in its own colour, the hovered one alone.
fn path_overlay(s: Stepper) -> impl IntoView {
    move || {
        let input = s.path_choice()?;
        let list = s.paths.get()?;
        let lesson = s.lesson.get()?;
        let hovered = s.hovered_path.get();
        let drawn = list.listed.len().min(DRAWN_PATHS);
        let lines = list
            .listed
            .iter()
            .take(DRAWN_PATHS)
            .enumerate()
            .filter(|(k, _)| hovered.is_none_or(|h| h == *k))
            .flat_map(|(k, p)| {
                // Wider lines first, so a shared edge shows every path crossing it.
                let width = 3.0 + 2.5 * (drawn - 1 - k) as f64;
                let colour = path_colour(input, k);
                p.edges
                    .iter()
                    .filter_map(|&e| lesson.scene.edges.get(e))
                    .map(|e| {
                        view! {
                            <path class="path-line" d=e.path.clone() data-path-line=k.to_string()
                                style=format!("stroke: {colour}; stroke-width: {width:.1}px") />
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .collect_view();
        Some(view! { <g class="paths">{lines}</g> })
    }
}

/// Path `k` of input `input`: the seed's x1 path is vermillion, x2's blue (Okabe-Ito).
pub fn path_colour(input: usize, k: usize) -> &'static str {
    const PALETTE: [&str; 6] = [
        "var(--path-1)",
        "var(--path-2)",
        "var(--path-3)",
        "var(--path-4)",
        "var(--path-5)",
        "var(--path-6)",
    ];
    PALETTE[(input + k) % PALETTE.len()]
}

/// The part of the drawing visible in the graph panel, in scene units, with a margin.
fn sight(cam: GraphCamera) -> Option<drawing::Sight> {
    let v = cam
        .camera
        .get_untracked()
        .visible(cam.panel.get_untracked());
    let margin = 40.0;
    Some([
        v.x - margin,
        v.y - margin,
        v.x + v.w + margin,
        v.y + v.h + margin,
    ])
}

/// Every edge's gradient flow and the log scale they span.
#[derive(Clone, Debug, PartialEq)]
struct Flows {
    values: Vec<Option<f64>>,
    /// log10 of the smallest and largest non-zero magnitude.
    lo: f64,
    hi: f64,
}

impl Flows {
    fn of(values: Vec<Option<f64>>) -> Flows {
        let logs = values
            .iter()
            .flatten()
            .map(|v| v.abs())
            .filter(|v| *v > 0.0 && v.is_finite())
            .map(f64::log10);
        let (lo, hi) = logs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        Flows { values, lo, hi }
    }

    /// Edge `k`'s place from 0 (smallest) to 1 (largest); 0 for a zero.
    fn scale(&self, k: usize) -> Option<f64> {
        let v = self.values.get(k).copied()??.abs();
        if v == 0.0 || !v.is_finite() || !self.lo.is_finite() {
            return Some(0.0);
        }
        let span = (self.hi - self.lo).max(1e-9);
        Some(((v.log10() - self.lo) / span).clamp(0.0, 1.0))
    }
}

/// A click on a call's frame label folds or unfolds that call.
fn fold_clicked(s: Stepper, e: &leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    if !el.class_list().contains("cluster-label") {
        return;
    }
    let Some(frame) = el.closest("[data-cluster]").ok().flatten() else {
        return;
    };
    if frame.get_attribute("data-foldable").as_deref() != Some("true") {
        return;
    }
    if let Some(label) = frame.get_attribute("data-cluster") {
        s.toggle_fold(&label);
    }
}

fn middle(points: &[(f64, f64)]) -> (f64, f64) {
    match points.len() {
        0 => (0.0, 0.0),
        n if n % 2 == 1 => points[n / 2],
        n => {
            let (a, b) = (points[n / 2 - 1], points[n / 2]);
            ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)
        }
    }
}
