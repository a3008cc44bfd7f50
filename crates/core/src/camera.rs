//! The view onto a drawing: pan and zoom as one affine map, `screen = drawing · zoom +
//! offset`, with the moves the page makes (fit, zoom about a point, pan, follow the step)
//! and the link's form of it. Zooming scales the SVG; it never lays the graph out again.

/// A rectangle, in drawing or screen units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// The smallest rectangle holding both.
    pub fn union(self, o: Rect) -> Rect {
        let (x, y) = (self.x.min(o.x), self.y.min(o.y));
        let right = (self.x + self.w).max(o.x + o.w);
        let bottom = (self.y + self.h).max(o.y + o.h);
        Rect {
            x,
            y,
            w: right - x,
            h: bottom - y,
        }
    }

    /// Whether `o` lies wholly inside (within `slack`).
    pub fn contains(self, o: Rect, slack: f64) -> bool {
        o.x >= self.x - slack
            && o.y >= self.y - slack
            && o.x + o.w <= self.x + self.w + slack
            && o.y + o.h <= self.y + self.h + slack
    }
}

/// The panel's size on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    /// Width, CSS px.
    pub w: f64,
    /// Height, CSS px.
    pub h: f64,
}

/// How far the view zooms out and in.
pub const MIN_ZOOM: f64 = 0.02;
/// How far the view zooms in.
pub const MAX_ZOOM: f64 = 4.0;
/// A fitted drawing is never blown up past this (a three-node graph stays its size).
pub const FIT_MAX: f64 = 1.5;
/// Screen pixels kept free around a fitted drawing and a followed step.
pub const MARGIN: f64 = 16.0;

/// Pan and zoom: a drawing point `p` is on screen at `p · zoom + (x, y)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// The scale.
    pub zoom: f64,
    /// Screen x of the drawing's origin.
    pub x: f64,
    /// Screen y of the drawing's origin.
    pub y: f64,
}

impl Default for Camera {
    fn default() -> Self {
        Camera {
            zoom: 1.0,
            x: 0.0,
            y: 0.0,
        }
    }
}

impl Camera {
    /// The whole drawing centred in the panel, as large as fits (at most [`FIT_MAX`]).
    pub fn fit(drawing: Size, panel: Size) -> Camera {
        let room = |p: f64| (p - 2.0 * MARGIN).max(1.0);
        let zoom = (room(panel.w) / drawing.w.max(1.0))
            .min(room(panel.h) / drawing.h.max(1.0))
            .clamp(MIN_ZOOM, FIT_MAX);
        Camera::centred(zoom, drawing.w / 2.0, drawing.h / 2.0, panel)
    }

    /// Drawing point `(cx, cy)` at the panel's centre, at `zoom`.
    pub fn centred(zoom: f64, cx: f64, cy: f64, panel: Size) -> Camera {
        let zoom = zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        Camera {
            zoom,
            x: panel.w / 2.0 - cx * zoom,
            y: panel.h / 2.0 - cy * zoom,
        }
    }

    /// The drawing point at the panel's centre (the link keeps it with the zoom, so a
    /// panel of another size shows the same place).
    pub fn centre(self, panel: Size) -> (f64, f64) {
        self.to_drawing(panel.w / 2.0, panel.h / 2.0)
    }

    /// The drawing point under screen point `(sx, sy)`.
    pub fn to_drawing(self, sx: f64, sy: f64) -> (f64, f64) {
        ((sx - self.x) / self.zoom, (sy - self.y) / self.zoom)
    }

    /// Zoomed by `factor` about screen point `(sx, sy)`, which stays where it is.
    pub fn zoom_about(self, factor: f64, sx: f64, sy: f64) -> Camera {
        if !factor.is_finite() || factor <= 0.0 {
            return self;
        }
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let (dx, dy) = self.to_drawing(sx, sy);
        Camera {
            zoom,
            x: sx - dx * zoom,
            y: sy - dy * zoom,
        }
    }

    /// Moved by `(dx, dy)` screen pixels.
    pub fn pan(self, dx: f64, dy: f64) -> Camera {
        Camera {
            x: self.x + dx,
            y: self.y + dy,
            ..self
        }
    }

    /// The part of the drawing the panel shows.
    pub fn visible(self, panel: Size) -> Rect {
        let (x, y) = self.to_drawing(0.0, 0.0);
        Rect {
            x,
            y,
            w: panel.w / self.zoom,
            h: panel.h / self.zoom,
        }
    }

    /// A drawing rectangle on screen.
    pub fn on_screen(self, r: Rect) -> Rect {
        Rect {
            x: r.x * self.zoom + self.x,
            y: r.y * self.zoom + self.y,
            w: r.w * self.zoom,
            h: r.h * self.zoom,
        }
    }

    /// The least move that brings drawing rectangle `target` inside the panel (less a
    /// margin); centred on it when it is bigger than the panel. The zoom is kept.
    pub fn follow(self, target: Rect, panel: Size) -> Camera {
        let r = self.on_screen(target);
        let shift = |start: f64, len: f64, room: f64| {
            let (lo, hi) = (MARGIN, room - MARGIN);
            if len > hi - lo {
                (lo + hi) / 2.0 - (start + len / 2.0)
            } else if start < lo {
                lo - start
            } else if start + len > hi {
                hi - (start + len)
            } else {
                0.0
            }
        };
        self.pan(shift(r.x, r.w, panel.w), shift(r.y, r.h, panel.h))
    }

    /// The SVG transform: `translate(x y) scale(zoom)`.
    pub fn transform(self) -> String {
        format!(
            "translate({:.2} {:.2}) scale({:.5})",
            self.x, self.y, self.zoom
        )
    }
}

/// The view in a link: `zoom,cx,cy` (the drawing point at the panel's centre).
pub fn encode(camera: Camera, panel: Size) -> String {
    let (cx, cy) = camera.centre(panel);
    format!("{:.4},{:.1},{:.1}", camera.zoom, cx, cy)
}

/// Reads `zoom,cx,cy`; an error sentence for the page when it is not three numbers with a
/// zoom in range.
pub fn decode(text: &str) -> Result<(f64, f64, f64), String> {
    let parts: Vec<Option<f64>> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect();
    match parts[..] {
        [Some(z), Some(cx), Some(cy)] if (MIN_ZOOM..=MAX_ZOOM).contains(&z) => Ok((z, cx, cy)),
        _ => Err(format!(
            "The link's view {text:?} is not a zoom between {MIN_ZOOM} and {MAX_ZOOM} and a centre, as in view=1.5,320,200"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PANEL: Size = Size { w: 800.0, h: 400.0 };

    #[test]
    fn fitting_centres_the_drawing_and_keeps_it_inside() {
        let c = Camera::fit(
            Size {
                w: 2000.0,
                h: 300.0,
            },
            PANEL,
        );
        let r = c.on_screen(Rect {
            x: 0.0,
            y: 0.0,
            w: 2000.0,
            h: 300.0,
        });
        assert!((c.zoom - (800.0 - 32.0) / 2000.0).abs() < 1e-12);
        assert!(
            Rect {
                x: 0.0,
                y: 0.0,
                w: 800.0,
                h: 400.0
            }
            .contains(r, 1e-9),
            "{r:?}"
        );
        assert!((r.x + r.w / 2.0 - 400.0).abs() < 1e-9);
        // A small drawing is not blown up past FIT_MAX.
        assert_eq!(Camera::fit(Size { w: 50.0, h: 20.0 }, PANEL).zoom, FIT_MAX);
    }

    #[test]
    fn zooming_about_a_point_keeps_it_under_the_pointer() {
        let c = Camera::fit(Size { w: 900.0, h: 600.0 }, PANEL);
        let before = c.to_drawing(123.0, 77.0);
        let z = c.zoom_about(1.7, 123.0, 77.0);
        let after = z.to_drawing(123.0, 77.0);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
        // Clamped at both ends; a bad factor changes nothing.
        assert_eq!(c.zoom_about(1e9, 0.0, 0.0).zoom, MAX_ZOOM);
        assert_eq!(c.zoom_about(1e-9, 0.0, 0.0).zoom, MIN_ZOOM);
        assert_eq!(c.zoom_about(f64::NAN, 1.0, 1.0), c);
    }

    #[test]
    fn following_moves_only_as_far_as_needed() {
        let c = Camera::default();
        let inside = Rect {
            x: 100.0,
            y: 100.0,
            w: 50.0,
            h: 30.0,
        };
        assert_eq!(c.follow(inside, PANEL), c);
        let right = Rect {
            x: 1000.0,
            y: 100.0,
            w: 50.0,
            h: 30.0,
        };
        let f = c.follow(right, PANEL);
        let r = f.on_screen(right);
        assert!((r.x + r.w - (800.0 - MARGIN)).abs() < 1e-9, "{r:?}");
        assert_eq!(f.y, 0.0);
        // Bigger than the panel: centred on it.
        let wide = Rect {
            x: 0.0,
            y: 0.0,
            w: 3000.0,
            h: 10.0,
        };
        let r = c.follow(wide, PANEL).on_screen(wide);
        assert!((r.x + r.w / 2.0 - 400.0).abs() < 1e-9);
    }

    #[test]
    fn the_link_keeps_zoom_and_centre() {
        let c = Camera::centred(2.0, 300.0, 150.0, PANEL);
        let text = encode(c, PANEL);
        assert_eq!(text, "2.0000,300.0,150.0");
        let (z, cx, cy) = decode(&text).expect("reads");
        let other = Size { w: 400.0, h: 300.0 };
        assert_eq!(
            Camera::centred(z, cx, cy, other).centre(other),
            (300.0, 150.0)
        );
        assert!(decode("9,1,1").is_err());
        assert!(decode("1,x,1").is_err());
        assert!(decode("1,2").is_err());
    }
}
