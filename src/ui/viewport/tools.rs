//! The graph's zoom buttons and its minimap, over the panel's corners.

use leptos::prelude::*;

use super::{nodes_box, GraphCamera, STEP};
use crate::camera::Camera;
use crate::scene::Scene;

/// The zoom tools and the follow toggle, over the graph's bottom-right corner.
#[component]
pub fn ZoomTools(
    /// The view.
    cam: GraphCamera,
    /// Fits the current drawing.
    fit: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="zoom-tools" role="group" aria-label="zoom">
            <button data-testid="zoom-out" title="Zoom out ( - )" aria-label="zoom out"
                on:click=move |_| cam.zoom_by(1.0 / STEP, None)>"−"</button>
            <button data-testid="zoom-fit" title="Fit the whole graph ( 0 )" aria-label="fit"
                on:click=move |_| fit.run(())>"fit"</button>
            <button data-testid="zoom-in" title="Zoom in ( + )" aria-label="zoom in"
                on:click=move |_| cam.zoom_by(STEP, None)>"+"</button>
            <button data-testid="follow" title="Keep the step's nodes in view"
                aria-pressed=move || cam.follow.get().to_string()
                on:click=move |_| cam.follow.update(|f| *f = !*f)>"follow"</button>
        </div>
    }
}

/// The whole drawing small, the view on it, the active nodes; a click moves the view there.
#[component]
pub fn Minimap(
    /// The view.
    cam: GraphCamera,
    /// The drawing.
    scene: Memo<Option<crate::ui::state::Shared<Scene>>>,
    /// The step's nodes (scene indices).
    #[prop(into)]
    lit: Signal<Vec<usize>>,
) -> impl IntoView {
    const W: f64 = 160.0;
    const H: f64 = 100.0;
    // The boxes as one path, rebuilt only for a new drawing.
    let shape = Memo::new(move |_| {
        scene.with(|sc| {
            sc.as_ref().map(|sc| {
                let k = (W / sc.width.max(1.0)).min(H / sc.height.max(1.0));
                let mut d = String::new();
                for n in &sc.nodes {
                    let (w, h) = ((n.w * k).max(1.0), (n.h * k).max(1.0));
                    d.push_str(&format!(
                        "M{:.1},{:.1}h{w:.1}v{h:.1}h-{w:.1}z",
                        (n.x - n.w / 2.0) * k,
                        (n.y - n.h / 2.0) * k
                    ));
                }
                (k, d)
            })
        })
    });
    // Shown when the view holds less than half the drawing (for a graph nearly in view, a
    // map would only hide part of it).
    let fits = move || {
        scene.with(|sc| {
            sc.as_ref().is_none_or(|sc| {
                let v = cam.camera.get().visible(cam.panel.get());
                let w = (v.x + v.w).min(sc.width) - v.x.max(0.0);
                let h = (v.y + v.h).min(sc.height) - v.y.max(0.0);
                w.max(0.0) * h.max(0.0) >= 0.5 * sc.width.max(1.0) * sc.height.max(1.0)
            })
        })
    };
    let view_rect = move || {
        let (k, _) = shape.get()?;
        let v = cam.camera.get().visible(cam.panel.get());
        Some(format!(
            "M{:.1},{:.1}h{:.1}v{:.1}h{:.1}z",
            v.x * k,
            v.y * k,
            v.w * k,
            v.h * k,
            -v.w * k
        ))
    };
    let active = move || {
        let (k, _) = shape.get()?;
        let lit = lit.get();
        scene.with(|sc| {
            let sc = sc.as_ref()?;
            let r = nodes_box(sc, &lit)?;
            Some(format!(
                "M{:.1},{:.1}h{:.1}v{:.1}h{:.1}z",
                r.x * k,
                r.y * k,
                (r.w * k).max(3.0),
                (r.h * k).max(3.0),
                -(r.w * k).max(3.0)
            ))
        })
    };
    let click = move |e: leptos::ev::MouseEvent| {
        let Some((k, _)) = shape.get_untracked() else {
            return;
        };
        let Some(target) = e.current_target() else {
            return;
        };
        let Some(el) = wasm_bindgen::JsCast::dyn_ref::<web_sys::Element>(&target) else {
            return;
        };
        let r = el.get_bounding_client_rect();
        // The map may be drawn smaller than its 160 x 100 units (phones).
        let scale = (r.width() / W).max(1e-9);
        let (x, y) = (
            (f64::from(e.client_x()) - r.left()) / scale / k,
            (f64::from(e.client_y()) - r.top()) / scale / k,
        );
        let p = cam.measure();
        let zoom = cam.camera.get_untracked().zoom;
        cam.set(Camera::centred(zoom, x, y, p));
    };
    move || {
        (!fits()).then(|| {
            view! {
                <svg class="minimap" data-testid="minimap" width=W height=H viewBox=format!("0 0 {W} {H}") role="img"
                    aria-label="the whole graph: click to move the view there" on:click=click>
                    <path class="minimap-boxes" d=move || shape.get().map(|s| s.1).unwrap_or_default() />
                    <path class="minimap-active" d=move || active().unwrap_or_default() />
                    <path class="minimap-view" data-testid="minimap-view" d=move || view_rect().unwrap_or_default() />
                </svg>
            }
        })
    }
}
