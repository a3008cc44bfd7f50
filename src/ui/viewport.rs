//! Pan and zoom on the graph: the wheel or a trackpad pinch zooms about the pointer, a drag
//! pans (one finger on a touch screen; two pinch), a double click zooms in, keys `+` `-`
//! `0`, buttons for the same; "follow" glides the view to keep the step's nodes in sight,
//! and a minimap shows the whole drawing when it does not fit. Every move is one transform
//! on one `<g>` (the maths in [`crate::camera`]); the layout never runs again.

use rustc_hash::FxHashMap as HashMap;

use leptos::html;
use leptos::prelude::*;

use crate::camera::{Camera, Rect, Size};
use crate::scene::Scene;

mod tools;

pub use tools::{Minimap, ZoomTools};

/// Below this zoom node labels would be under about 9 px: boxes are drawn without text.
pub const LABELS_FROM: f64 = 0.6;
/// A drawing that fits only below this zoom opens at this zoom on its output instead.
const READABLE: f64 = 0.8;
/// One wheel notch (100 px of deltaY) zooms by this factor.
const WHEEL: f64 = 1.25;
/// The zoom buttons' and keys' factor.
pub(super) const STEP: f64 = 1.25;

/// A link's program and the view it asks for (zoom and centre).
pub type LinkView = (String, (f64, f64, f64));

/// The view's state, shared by the graph, its tools, the keys and the link.
#[derive(Clone, Copy)]
pub struct GraphCamera {
    /// The pan and zoom.
    pub camera: RwSignal<Camera>,
    /// The panel's size when last measured.
    pub panel: RwSignal<Size>,
    /// Whether the view follows the step.
    pub follow: RwSignal<bool>,
    /// Whether the view glides (a followed step) or jumps (the user's own moves).
    pub gliding: RwSignal<bool>,
    /// Whether the user moved the view since the drawing opened (then the link keeps it).
    pub moved: RwSignal<bool>,
    /// The graph's panel.
    pub figure: NodeRef<html::Figure>,
    /// The views follow mode chose, by step, so stepping back returns to them; cleared
    /// when the user moves the view or the drawing changes shape.
    remembered: StoredValue<HashMap<usize, Camera>>,
    /// The view a link asked for and its program: every drawing of that program opens
    /// with it until the user moves the view or the text changes.
    pub pending: StoredValue<Option<LinkView>>,
    /// Pointers down on the panel: id → last position (two make a pinch).
    pointers: StoredValue<Vec<(i32, f64, f64)>>,
    /// Whether the pointer moved far enough since going down to count as a drag.
    dragged: StoredValue<bool>,
}

impl GraphCamera {
    /// A view at 1:1 until the first drawing is fitted.
    pub fn new() -> GraphCamera {
        GraphCamera {
            camera: RwSignal::new(Camera::default()),
            panel: RwSignal::new(Size { w: 800.0, h: 500.0 }),
            follow: RwSignal::new(false),
            gliding: RwSignal::new(false),
            moved: RwSignal::new(false),
            figure: NodeRef::new(),
            remembered: StoredValue::new(HashMap::default()),
            pending: StoredValue::new(None),
            pointers: StoredValue::new(Vec::new()),
            dragged: StoredValue::new(false),
        }
    }

    /// The panel's size now (and remembered for the minimap).
    pub fn measure(&self) -> Size {
        let size = self
            .figure
            .get_untracked()
            .map(|f| Size {
                w: f64::from(f.client_width()).max(1.0),
                h: f64::from(f.client_height()).max(1.0),
            })
            .unwrap_or_else(|| self.panel.get_untracked());
        if self.panel.get_untracked() != size {
            self.panel.set(size);
        }
        size
    }

    /// The user's own move: applied at once, and follow's remembered views forgotten.
    pub fn set(&self, c: Camera) {
        self.pending.set_value(None);
        self.remembered.update_value(HashMap::clear);
        self.gliding.set(false);
        self.moved.set(true);
        self.camera.set(c);
    }

    /// A link's view, shown now; the drawing its program opens with will show it too.
    pub fn show_link_view(&self, c: Camera) {
        self.gliding.set(false);
        self.moved.set(true);
        self.camera.set(c);
    }

    /// Zoomed by `factor` about a panel point (its centre when None).
    pub fn zoom_by(&self, factor: f64, at: Option<(f64, f64)>) {
        let p = self.measure();
        let (x, y) = at.unwrap_or((p.w / 2.0, p.h / 2.0));
        self.set(self.camera.get_untracked().zoom_about(factor, x, y));
    }

    /// The whole drawing in the panel.
    pub fn fit(&self, scene: &Scene) {
        let p = self.measure();
        self.set(Camera::fit(drawing(scene), p));
    }

    /// The view a new drawing opens with: the link's if it asked for one, else the whole
    /// drawing if it is readable so, else its output near the top at a readable zoom (and
    /// then the view follows the step).
    pub fn open(&self, scene: &Scene, output: Option<(f64, f64)>) {
        let p = self.measure();
        let fit = Camera::fit(drawing(scene), p);
        let asked = self.pending.with_value(|p| p.as_ref().map(|(_, v)| *v));
        let c = match asked {
            Some((z, cx, cy)) => Camera::centred(z, cx, cy, p),
            // Whole, if its labels stay readable so (a projector's small panel included).
            None if fit.zoom >= LABELS_FROM => fit,
            None => {
                let (ox, oy) = output.unwrap_or((scene.width / 2.0, 0.0));
                Camera::centred(READABLE, ox, oy + p.h / 4.0 / READABLE, p)
            }
        };
        // A view the link asked for stays in the link.
        let moved = asked.is_some();
        self.follow.set(c.zoom > fit.zoom * 1.001);
        self.remembered.update_value(HashMap::clear);
        self.gliding.set(false);
        self.moved.set(moved);
        self.camera.set(c);
    }

    /// Keeps drawing rectangle `target` (the step's nodes) in view, gliding; the view chosen
    /// for a step is remembered, so stepping back returns to it.
    pub fn follow_to(&self, step: usize, target: Rect) {
        let known = self.remembered.with_value(|m| m.get(&step).copied());
        let c = known.unwrap_or_else(|| {
            let p = self.measure();
            self.camera.get_untracked().follow(target, p)
        });
        self.remembered.update_value(|m| {
            m.insert(step, c);
        });
        if c != self.camera.get_untracked() {
            self.gliding.set(true);
            self.camera.set(c);
        }
    }

    /// Forgets follow's views (a new drawing).
    pub fn forget(&self) {
        self.remembered.update_value(HashMap::clear);
    }

    /// The wheel: zoom about the pointer (a trackpad pinch arrives as a wheel with ctrl).
    pub fn wheel(&self, e: &leptos::ev::WheelEvent) {
        e.prevent_default();
        let Some((x, y)) = self.local(e.client_x(), e.client_y()) else {
            return;
        };
        let unit = match e.delta_mode() {
            1 => 33.0,
            2 => 400.0,
            _ => 1.0,
        };
        let factor = WHEEL.powf(-e.delta_y() * unit / 100.0);
        self.zoom_by(factor, Some((x, y)));
    }

    /// A pointer goes down: a drag (or, with a second finger, a pinch) may start.
    pub fn down(&self, e: &leptos::ev::PointerEvent) {
        if e.button() != 0 {
            return;
        }
        let Some((x, y)) = self.local(e.client_x(), e.client_y()) else {
            return;
        };
        self.dragged.set_value(false);
        let id = e.pointer_id();
        self.pointers.update_value(|ps| {
            ps.retain(|p| p.0 != id);
            ps.push((id, x, y));
        });
    }

    /// A pointer moves: one pans, two pinch about their middle.
    pub fn moved(&self, e: &leptos::ev::PointerEvent) {
        let id = e.pointer_id();
        let Some((x, y)) = self.local(e.client_x(), e.client_y()) else {
            return;
        };
        let ps = self.pointers.get_value();
        let Some(k) = ps.iter().position(|p| p.0 == id) else {
            return;
        };
        let (_, px, py) = ps[k];
        let c = self.camera.get_untracked();
        let next = match ps.len() {
            1 => {
                if !self.dragged.get_value() && (x - px).hypot(y - py) < 4.0 {
                    return;
                }
                self.dragged.set_value(true);
                c.pan(x - px, y - py)
            }
            2 => {
                let (_, ox, oy) = ps[1 - k];
                let (before, after) = ((px - ox).hypot(py - oy), (x - ox).hypot(y - oy));
                self.dragged.set_value(true);
                if before < 1.0 {
                    return;
                }
                let (mx, my) = ((x + ox) / 2.0, (y + oy) / 2.0);
                let (pmx, pmy) = ((px + ox) / 2.0, (py + oy) / 2.0);
                c.zoom_about(after / before, pmx, pmy)
                    .pan(mx - pmx, my - pmy)
            }
            _ => return,
        };
        self.pointers.update_value(|ps| ps[k] = (id, x, y));
        self.set(next);
    }

    /// A pointer goes up or away.
    pub fn up(&self, e: &leptos::ev::PointerEvent) {
        let id = e.pointer_id();
        self.pointers.update_value(|ps| ps.retain(|p| p.0 != id));
    }

    /// Whether the last press was a drag (so it is not also a click on a node).
    pub fn was_drag(&self) -> bool {
        self.dragged.get_value()
    }

    /// A double click: zoom in about it.
    pub fn double_click(&self, e: &leptos::ev::MouseEvent) {
        if let Some(at) = self.local(e.client_x(), e.client_y()) {
            self.zoom_by(2.0, Some(at));
        }
    }

    /// The keys: `+` (or `=`) zooms in, `-` out, `0` fits. True when the key was one.
    pub fn key(&self, key: &str, scene: Option<&Scene>) -> bool {
        match key {
            "+" | "=" => self.zoom_by(STEP, None),
            "-" | "_" => self.zoom_by(1.0 / STEP, None),
            "0" => match scene {
                Some(sc) => self.fit(sc),
                None => return false,
            },
            _ => return false,
        }
        true
    }

    /// A client point in the panel's coordinates.
    pub fn local(&self, cx: i32, cy: i32) -> Option<(f64, f64)> {
        let f = self.figure.get_untracked()?;
        let r = f.get_bounding_client_rect();
        Some((f64::from(cx) - r.left(), f64::from(cy) - r.top()))
    }

    /// The drawing point under a client point.
    pub fn drawing_point(&self, cx: i32, cy: i32) -> Option<(f64, f64)> {
        let (x, y) = self.local(cx, cy)?;
        Some(self.camera.get_untracked().to_drawing(x, y))
    }

    /// The link's `view=zoom,cx,cy`.
    pub fn link(&self) -> String {
        crate::camera::encode(self.camera.get(), self.panel.get())
    }
}

impl Default for GraphCamera {
    fn default() -> Self {
        GraphCamera::new()
    }
}

/// A scene's size.
pub fn drawing(scene: &Scene) -> Size {
    Size {
        w: scene.width.max(1.0),
        h: scene.height.max(1.0),
    }
}

/// The bounding box of scene nodes `nodes` (indices), with room for their edges' ends.
pub fn nodes_box(scene: &Scene, nodes: &[usize]) -> Option<Rect> {
    nodes
        .iter()
        .filter_map(|&i| scene.nodes.get(i))
        .map(|n| Rect {
            x: n.x - n.w / 2.0,
            y: n.y - n.h / 2.0,
            w: n.w,
            h: n.h,
        })
        .reduce(Rect::union)
}
