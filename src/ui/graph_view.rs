//! The computation graph as SVG: boxes with label, operation and value; edges as curves
//! with arrowheads, each carrying its route for the animation to follow.

use leptos::prelude::*;

use crate::scene::{Scene, SceneEdge, SceneNode};

/// Draws the scene, scaled to fit; dimmed while the program text is bad.
#[component]
pub fn GraphView(
    /// The laid-out graph of the last good program.
    #[prop(into)]
    scene: Signal<Option<Scene>>,
    /// Whether the text currently has an error (the drawing is then the last good one).
    #[prop(into)]
    stale: Signal<bool>,
) -> impl IntoView {
    move || {
        scene.get().map(|s| {
            let view_box = format!("0 0 {:.1} {:.1}", s.width.max(1.0), s.height.max(1.0));
            // Fit the panel, but never blow a small graph up past 1.5x nor shrink a big one
            // below 0.3x (the panel scrolls instead), so labels stay readable.
            let size = format!(
                "width: max(100%, {:.0}px); height: max(100%, {:.0}px); max-width: {:.0}px; max-height: {:.0}px",
                s.width * 0.3,
                s.height * 0.3,
                s.width * 1.5,
                s.height * 1.5
            );
            let edges = s.edges.into_iter().map(edge).collect_view();
            let nodes = s.nodes.into_iter().map(node).collect_view();
            view! {
                <figure class="graph" class:stale=stale data-testid="graph">
                    <svg viewBox=view_box style=size role="img" aria-label="computation graph" preserveAspectRatio="xMidYMid meet">
                        <defs>
                            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
                            </marker>
                        </defs>
                        <g class="edges">{edges}</g>
                        <g class="nodes">{nodes}</g>
                    </svg>
                </figure>
            }
        })
    }
}

fn edge(e: SceneEdge) -> impl IntoView {
    let points = e
        .points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <path class="edge" d=e.path data-from=e.from data-to=e.to data-points=points marker-end="url(#arrow)" />
    }
}

fn node(n: SceneNode) -> impl IntoView {
    let (left, top) = (n.x - n.w / 2.0, n.y - n.h / 2.0);
    let title = match &n.issue {
        Some(issue) => format!("{} = {} ({issue})", n.label, n.exact),
        None => format!("{} = {}", n.label, n.exact),
    };
    view! {
        <g class=format!("node {}", n.kind) class:bad=n.issue.is_some() data-node=n.id data-value=n.exact>
            <title>{title}</title>
            <rect x=left y=top width=n.w height=n.h rx="6" />
            <text class="node-label" x=n.x y=n.y - 5.0>{n.label}</text>
            <text class="node-detail" x=n.x y=n.y + 13.0>{n.detail}</text>
        </g>
    }
}
