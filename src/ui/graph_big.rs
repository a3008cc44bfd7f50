//! A graph too big to draw box by box ([`super::graph_view::BIG_GRAPH`] nodes and more):
//! the boxes as a few SVG paths, one per state (pending, done, the step's nodes), every
//! edge in one path and the step's edges in another, the active node's label, and the
//! node under the pointer named with its value and adjoint. A step rewrites a few path
//! strings instead of touching thousands of elements; a click jumps to the node's step.
//! The numbers stay exact in the table and the step panel.

use std::fmt::Write;

use leptos::prelude::*;

use super::stepper::Stepper;
use crate::format::significant;
use crate::lesson::NodeState;

/// The simplified drawing of the current lesson.
#[component]
pub fn BigGraph(
    /// The stepper's state.
    stepper: Stepper,
    /// Pan and zoom (to find the box under the pointer).
    cam: super::viewport::GraphCamera,
) -> impl IntoView {
    let s = stepper;
    let all_edges = Memo::new(move |_| {
        s.lesson.with(|l| {
            let mut d = String::new();
            if let Some(l) = l {
                for e in &l.scene.edges {
                    d.push_str(&e.path);
                }
            }
            d
        })
    });
    // The boxes by state at the current step: (pending, done, lit).
    let boxes = Memo::new(move |_| {
        let step = s.shown_step();
        s.lesson.with(|l| {
            let (mut pending, mut done, mut lit) = (String::new(), String::new(), String::new());
            if let Some(l) = l {
                let at = l.lit(step);
                for (i, n) in l.scene.nodes.iter().enumerate() {
                    let out = match l.shown_lit(i, step, &at) {
                        sh if sh.state == NodeState::Active || sh.source => &mut lit,
                        sh if sh.state == NodeState::Done => &mut done,
                        _ => &mut pending,
                    };
                    let _ = write!(
                        out,
                        "M{:.0},{:.0}h{:.0}v{:.0}h{:.0}z",
                        n.x - n.w / 2.0,
                        n.y - n.h / 2.0,
                        n.w,
                        n.h,
                        -n.w
                    );
                }
            }
            (pending, done, lit)
        })
    });
    let lit_edges = Memo::new(move |_| {
        let step = s.step.get();
        s.lesson.with(|l| {
            let mut d = String::new();
            if let Some(l) = l {
                for &k in l.lit(step).edges() {
                    if let Some(e) = l.scene.edges.get(k) {
                        d.push_str(&e.path);
                    }
                }
            }
            d
        })
    });
    // The active node's name, on top.
    let active = Memo::new(move |_| {
        let step = s.step.get();
        s.lesson.with(|l| {
            let l = l.as_ref()?;
            let &i = l.lit(step).nodes().first()?;
            let n = l.scene.nodes.get(i)?;
            Some((n.x, n.y, n.label.clone()))
        })
    });
    let hovered = RwSignal::new(None::<usize>);
    let hover_text = move || {
        let i = hovered.get()?;
        let step = s.shown_step();
        s.lesson.with(|l| {
            let l = l.as_ref()?;
            let n = l.scene.nodes.get(i)?;
            let sh = l.shown(i, step);
            let mut t = n.label.clone();
            if let Some(v) = sh.value {
                t.push_str(&format!(" = {}", significant(v, 4)));
            }
            if let Some(a) = sh.adjoint {
                t.push_str(&format!("   {} = {}", n.adjoint_label, significant(a, 4)));
            }
            if let Some(d) = sh.tangent {
                t.push_str(&format!("   {} = {}", n.tangent_label, significant(d, 4)));
            }
            Some((n.x, n.y - n.h / 2.0 - 8.0, t))
        })
    };
    let pick = move |e: leptos::ev::MouseEvent| -> Option<usize> {
        let (x, y) = cam.drawing_point(e.client_x(), e.client_y())?;
        s.lesson.with_untracked(|l| {
            let l = l.as_ref()?;
            l.scene
                .nodes
                .iter()
                .position(|n| (x - n.x).abs() <= n.w / 2.0 && (y - n.y).abs() <= n.h / 2.0)
        })
    };
    let click = move |e: leptos::ev::MouseEvent| {
        let Some(i) = pick(e) else {
            return;
        };
        s.pause();
        let now = s.step.get_untracked();
        if let Some(to) = s
            .lesson
            .with_untracked(|l| l.as_ref().map(|l| l.step_of(i, now)))
        {
            s.go(to);
        }
    };
    let size = move |f: fn(&crate::scene::Scene) -> f64| {
        move || {
            s.lesson
                .with(|l| l.as_ref().map_or(0.0, |l| f(&l.scene)))
                .to_string()
        }
    };
    view! {
        <g class="big-graph" data-testid="big-graph">
            <path class="edge big-edges" d=all_edges />
            <path class="big-boxes pending" d=move || boxes.with(|b| b.0.clone()) />
            <path class="big-boxes done" d=move || boxes.with(|b| b.1.clone()) />
            <path class="edge big-edges active" d=lit_edges />
            <path class="big-boxes lit" data-testid="big-lit" d=move || boxes.with(|b| b.2.clone()) />
            {move || active.get().map(|(x, y, label)| view! {
                <text class="big-label" x=format!("{x:.1}") y=format!("{:.1}", y + 5.0)>{label}</text>
            })}
            {move || hover_text().map(|(x, y, t)| view! {
                <text class="big-hover" data-testid="big-hover" x=format!("{x:.1}") y=format!("{y:.1}")>{t}</text>
            })}
            <rect class="big-hit" x="0" y="0" width=size(|sc| sc.width) height=size(|sc| sc.height)
                on:mousemove=move |e| { let i = pick(e); if hovered.get_untracked() != i { hovered.set(i); } }
                on:mouseleave=move |_| hovered.set(None)
                on:click=click />
        </g>
    }
}
