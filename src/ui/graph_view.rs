//! The computation graph as SVG, in step with the timeline: boxes with name, operation,
//! value and adjoint (or tangent) once the current step has reached them; edges as curves
//! with arrowheads and, on demand, their local partials; the chain-rule paths on top.
//!
//! The drawing is rebuilt only for a new lesson. A step changes attributes: each node and
//! edge watches a memo of its own state, so a step touches only what it changes.

use leptos::prelude::*;

use super::sig;
use super::state::Shared;
use super::stepper::{edge_states, node_states, Stepper};
use crate::format::{full, significant};
use crate::lesson::{Lesson, NodeState, Shown};
use crate::scene::{SceneEdge, SceneNode};

/// How many listed paths get their own coloured line (the rest are listed only).
const DRAWN_PATHS: usize = 12;

/// Draws the lesson's scene, scaled to fit; dimmed while the program text is bad.
#[component]
pub fn GraphView(
    /// The stepper's state.
    stepper: Stepper,
    /// Whether the text currently has an error (the drawing is then the last good one).
    #[prop(into)]
    stale: Signal<bool>,
) -> impl IntoView {
    let s = stepper;
    // A drawing wider than the panel opens centred: the output sits at the top centre, and
    // the panel would otherwise show the empty top-left corner.
    Effect::new(move |_| {
        s.lesson.track();
        request_animation_frame(|| {
            let panel = document().query_selector("figure.graph");
            if let Ok(Some(el)) = panel {
                let over = el.scroll_width() - el.client_width();
                if over > 0 {
                    el.set_scroll_left(over / 2);
                }
            }
        });
    });
    move || {
        s.lesson.get().map(|lesson| {
            let sc = &lesson.scene;
            let view_box = format!("0 0 {:.1} {:.1}", sc.width.max(1.0), sc.height.max(1.0));
            // Fit the panel, but never blow a small graph up past 1.5x nor shrink a big one
            // below 0.3x (the panel scrolls instead), so labels stay readable.
            let size = format!(
                "width: max(100%, {:.0}px); height: max(100%, {:.0}px); max-width: {:.0}px; max-height: {:.0}px",
                sc.width * 0.3,
                sc.height * 0.3,
                sc.width * 1.5,
                sc.height * 1.5
            );
            let (shown, lit) = (node_states(s, &lesson), edge_states(s, &lesson));
            let edges = sc
                .edges
                .iter()
                .enumerate()
                .map(|(k, e)| edge(s, &lesson, k, e, lit[k]))
                .collect_view();
            let nodes = sc
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| node(s, &lesson, i, n, shown[i]))
                .collect_view();
            let overlay = path_overlay(s, lesson.clone());
            view! {
                <figure class="graph" class:stale=stale class:paths-on=move || s.path_input.get().is_some()
                    data-testid="graph-panel">
                    <svg viewBox=view_box style=size role="img" aria-label="computation graph"
                        preserveAspectRatio="xMidYMid meet" data-testid="graph" class:stale=stale>
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
                        <g class="edges">{edges}</g>
                        {overlay}
                        <g class="nodes">{nodes}</g>
                    </svg>
                </figure>
            }
        })
    }
}

fn edge(
    s: Stepper,
    lesson: &Shared<Lesson>,
    k: usize,
    e: &SceneEdge,
    state: RwSignal<(bool, bool)>,
) -> impl IntoView {
    let points = e
        .points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let partial = lesson.partial(k);
    let active = move || state.get().0;
    let known = move || state.get().1;
    // The partial's label sits on the middle of the route.
    let (mx, my) = middle(&e.points);
    let name = format!("{}->{}", e.from, e.to);
    view! {
        <g class="edge-group" class:active=sig(active) data-edge=name data-from=e.from.clone() data-to=e.to.clone()
            data-partial=sig(move || known().then(|| full(partial)))>
            <path class="edge" d=e.path.clone() data-points=points
                marker-end=sig(move || if active() { "url(#arrow-active)" } else { "url(#arrow)" }.to_string()) />
            <text class="edge-partial" x=mx y=my class:shown=sig(move || known() && (s.partials.get() || active()))>
                {significant(partial, 4)}
            </text>
        </g>
    }
}

fn node(
    s: Stepper,
    lesson: &Shared<Lesson>,
    i: usize,
    n: &SceneNode,
    shown: RwSignal<Shown>,
) -> impl IntoView {
    let (left, top) = (n.x - n.w / 2.0, n.y - n.h / 2.0);
    let is_const = n.kind == "const";
    let op = n.op.clone();
    let value = move || shown.get().value;
    let second = move || match (is_const, value()) {
        (true, _) => "constant".to_string(),
        (false, Some(v)) => format!("{op} · {}", significant(v, 4)),
        (false, None) => op.clone(),
    };
    let (adjoint_label, tangent_label) = (n.adjoint_label.clone(), n.tangent_label.clone());
    let third = move || {
        let sh = shown.get();
        match (sh.adjoint, sh.tangent) {
            _ if is_const => String::new(),
            (Some(a), _) => format!("{adjoint_label} = {}", significant(a, 4)),
            (None, Some(t)) => format!("{tangent_label} = {}", significant(t, 4)),
            _ => String::new(),
        }
    };
    let (label, issue) = (n.label.clone(), n.issue.clone());
    let title = move || {
        let sh = shown.get();
        let mut t = label.clone();
        if let Some(v) = sh.value {
            t.push_str(&format!(" = {}", full(v)));
        }
        if let (Some(v), Some(issue)) = (sh.value, &issue) {
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
    };
    let click = {
        let lesson = lesson.clone();
        move |_| {
            s.playing.set(false);
            s.go(lesson.step_of(i, s.step.get_untracked()));
            if let Some(k) = lesson.inputs.iter().position(|&(_, at)| at == i) {
                s.path_input.set(Some(k));
            }
        }
    };
    let bad = n.issue.is_some();
    let state = move || shown.get().state;
    view! {
        <g class=format!("node {}", n.kind) class:bad=sig(move || bad && value().is_some())
            data-node=n.id.clone() data-label=n.label.clone() data-op=n.op.clone()
            data-state=sig(move || state().as_str().to_string())
            class:active=sig(move || state() == NodeState::Active)
            class:done=sig(move || state() == NodeState::Done)
            class:source=sig(move || shown.get().source)
            data-value=sig(move || value().map(full))
            data-adjoint=sig(move || shown.get().adjoint.map(full))
            data-tangent=sig(move || shown.get().tangent.map(full))
            on:click=click>
            <title>{sig(title)}</title>
            <rect x=left y=top width=n.w height=n.h rx="6" />
            <text class="node-label" x=n.x y=n.y - 10.0>{n.label.clone()}</text>
            <text class="node-detail" x=n.x y=n.y + 7.0>{sig(second)}</text>
            <text class="node-adjoint" x=n.x y=n.y + 22.0>{sig(third)}</text>
        </g>
    }
}

/// The chosen input's paths, each in its own colour, the hovered one alone.
fn path_overlay(s: Stepper, lesson: Shared<Lesson>) -> impl IntoView {
    move || {
        let input = s.path_input.get()?;
        let list = s.paths.get()?;
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
