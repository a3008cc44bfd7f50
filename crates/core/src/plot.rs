//! Line plots as SVG text, drawn by the app (no plotting crate fits the page's weight):
//! axes with ticks and labels, linear or logarithmic (chosen when the data spans
//! decades), a legend, an accessible title, one element per data point carrying its
//! numbers. Colours come from the page's CSS variables, so the theme and presentation mode
//! restyle a plot without redrawing it; the same text is the SVG export.

use std::fmt::Write;

use crate::format::significant;

/// One line of points.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// Its hook, `data-series` (`forward`, `loss`, `w`).
    pub id: String,
    /// The points; non-finite ones (and, on a log axis, those not above 0) are left out.
    pub points: Vec<(f64, f64)>,
    /// Dashed (a second family of lines, as f32 beside f64).
    pub dashed: bool,
    /// The points are pairs, each a separate segment (contour lines), not one line
    /// through data points: drawn without point elements.
    pub segments: bool,
}

/// A plot.
#[derive(Clone, Debug, PartialEq)]
pub struct Plot {
    /// `data-testid` of the `<svg>`.
    pub testid: String,
    /// Its title (the accessible name too).
    pub title: String,
    /// The x axis's label.
    pub x_label: String,
    /// The y axis's label.
    pub y_label: String,
    /// Logarithmic x (else linear).
    pub log_x: bool,
    /// Logarithmic y; `None` chooses: log when every y is above 0 and they span more than
    /// two decades.
    pub log_y: Option<bool>,
    /// The lines.
    pub series: Vec<Series>,
    /// Points to mark with a ring and a label (`best h`): x, y, the series' id, the text.
    pub marks: Vec<(f64, f64, String, String)>,
}

/// The drawing's size and the room around the plotting area.
const W: f64 = 420.0;
const H: f64 = 260.0;
const LEFT: f64 = 58.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 42.0;

/// One axis: its range and scale.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Axis {
    lo: f64,
    hi: f64,
    log: bool,
}

impl Axis {
    /// Fitted to `values` (finite, and above 0 on a log axis), with a little room.
    fn fit(values: impl Iterator<Item = f64>, log: bool) -> Axis {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.filter(|v| v.is_finite() && (!log || *v > 0.0)) {
            let v = if log { v.log10() } else { v };
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if log {
            (lo, hi) = (lo.floor(), hi.ceil());
            if hi <= lo {
                hi = lo + 1.0;
            }
        } else if hi - lo < 1e-300_f64.max(hi.abs() * 1e-12) {
            (lo, hi) = (lo - 0.5 - lo.abs() * 0.05, hi + 0.5 + hi.abs() * 0.05);
        } else {
            let pad = (hi - lo) * 0.05;
            (lo, hi) = (lo - pad, hi + pad);
        }
        Axis { lo, hi, log }
    }

    /// Where `v` falls, from 0 (lo) to 1 (hi); None if it cannot be drawn.
    fn at(&self, v: f64) -> Option<f64> {
        if !v.is_finite() || (self.log && v <= 0.0) {
            return None;
        }
        let v = if self.log { v.log10() } else { v };
        Some((v - self.lo) / (self.hi - self.lo))
    }

    /// The ticks: decades on a log axis (every other one past 8), else 1-2-5 steps.
    fn ticks(&self) -> Vec<f64> {
        if self.log {
            let decades = (self.hi - self.lo) as i32;
            let every = (decades + 7) / 8;
            return (self.lo as i32..=self.hi as i32)
                .filter(|k| (k - self.lo as i32) % every == 0)
                .map(|k| 10f64.powi(k))
                .collect();
        }
        let span = self.hi - self.lo;
        let raw = span / 5.0;
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .find(|s| span / s <= 6.0)
            .unwrap_or(10.0 * mag);
        let first = (self.lo / step).ceil() as i64;
        let last = (self.hi / step).floor() as i64;
        (first..=last).map(|k| k as f64 * step).collect()
    }
}

/// A tick's label: `1e-7` on a log axis, else 4 significant digits.
fn tick_text(v: f64, log: bool) -> String {
    if log {
        let k = v.log10().round() as i32;
        return match k {
            0 => "1".into(),
            1 => "10".into(),
            _ => format!("1e{k}"),
        };
    }
    let v = if v.abs() < 1e-12 { 0.0 } else { v };
    significant(v, 4)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The plot as an `<svg>` element, scaled by the page (its viewBox is 420 × 260).
pub fn svg(plot: &Plot) -> String {
    let log_y = plot.log_y.unwrap_or_else(|| {
        let ys = || {
            plot.series
                .iter()
                .flat_map(|s| s.points.iter().map(|p| p.1))
        };
        let all_positive = ys().filter(|y| y.is_finite()).all(|y| y > 0.0);
        let (lo, hi) = ys()
            .filter(|y| y.is_finite() && *y > 0.0)
            .fold((f64::INFINITY, 0.0f64), |(lo, hi), y| {
                (lo.min(y), hi.max(y))
            });
        all_positive && hi / lo > 100.0
    });
    let xs = Axis::fit(
        plot.series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0)),
        plot.log_x,
    );
    let ys = Axis::fit(
        plot.series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1)),
        log_y,
    );
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let px = |x: f64| xs.at(x).map(|t| LEFT + t * pw);
    let py = |y: f64| ys.at(y).map(|t| TOP + (1.0 - t) * ph);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" viewBox=\"0 0 {W} {H}\" role=\"img\" \
         aria-label=\"{t}\" data-testid=\"{id}\" data-log-x=\"{lx}\" data-log-y=\"{ly}\"><title>{t}</title>",
        t = escape(&plot.title),
        id = escape(&plot.testid),
        lx = xs.log,
        ly = ys.log,
    );
    // The frame, the grid and the ticks.
    let _ = write!(
        out,
        "<rect class=\"plot-area\" x=\"{LEFT}\" y=\"{TOP}\" width=\"{pw}\" height=\"{ph}\"/>"
    );
    for t in xs.ticks() {
        let Some(x) = px(t) else { continue };
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{b}\"/>\
             <text class=\"tick\" x=\"{x:.1}\" y=\"{ty}\" text-anchor=\"middle\">{}</text>",
            tick_text(t, xs.log),
            b = TOP + ph,
            ty = TOP + ph + 14.0,
        );
    }
    for t in ys.ticks() {
        let Some(y) = py(t) else { continue };
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{r}\" y2=\"{y:.1}\"/>\
             <text class=\"tick\" x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\">{}</text>",
            tick_text(t, ys.log),
            r = LEFT + pw,
            tx = LEFT - 5.0,
            ty = y + 4.0,
        );
    }
    let _ = write!(
        out,
        "<text class=\"axis-label\" x=\"{x}\" y=\"{y}\" text-anchor=\"middle\">{}</text>\
         <text class=\"axis-label\" transform=\"translate(13,{ly}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
        escape(&plot.x_label),
        escape(&plot.y_label),
        x = LEFT + pw / 2.0,
        y = H - 6.0,
        ly = TOP + ph / 2.0,
    );
    // The lines and their points.
    for (k, s) in plot.series.iter().enumerate() {
        let pts: Vec<(f64, f64, f64, f64)> = s
            .points
            .iter()
            .filter_map(|&(x, y)| Some((x, y, px(x)?, py(y)?)))
            .collect();
        let d: Vec<String> = pts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let jump = i == 0 || (s.segments && i % 2 == 0);
                format!("{}{:.1},{:.1}", if jump { "M" } else { "L" }, p.2, p.3)
            })
            .collect();
        let _ = write!(
            out,
            "<g class=\"series s{k}{dash}{contour}\" data-series=\"{id}\"><path d=\"{d}\"/>",
            contour = if s.segments { " contour" } else { "" },
            id = escape(&s.id),
            d = d.join(""),
            dash = if s.dashed { " dashed" } else { "" },
        );
        for (x, y, cx, cy) in pts.iter().filter(|_| !s.segments) {
            let _ = write!(
                out,
                "<circle r=\"2.2\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" data-point=\"\" data-x=\"{x}\" data-y=\"{y}\"><title>{}: {} at {}</title></circle>",
                escape(&s.name),
                significant(*y, 6),
                significant(*x, 6)
            );
        }
        out.push_str("</g>");
    }
    for (x, y, id, text) in &plot.marks {
        let (Some(cx), Some(cy)) = (px(*x), py(*y)) else {
            continue;
        };
        let k = plot.series.iter().position(|s| &s.id == id).unwrap_or(0);
        // The label on the side with room: left of a mark in the right third.
        let (tx, anchor) = if cx > LEFT + 0.66 * pw {
            (cx - 7.0, "end")
        } else {
            (cx + 7.0, "start")
        };
        let _ = write!(
            out,
            "<g class=\"mark s{k}\" data-mark=\"{id}\"><circle r=\"5.5\" cx=\"{cx:.1}\" cy=\"{cy:.1}\"/>\
             <text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"{anchor}\">{}</text></g>",
            escape(text),
            id = escape(id),
            ty = cy - 7.0,
        );
    }
    // The legend, across the top.
    let mut x = LEFT;
    for (k, s) in plot.series.iter().enumerate().filter(|(_, s)| !s.segments) {
        let _ = write!(
            out,
            "<g class=\"legend s{k}{dash}\"><line x1=\"{x:.1}\" y1=\"12\" x2=\"{x2:.1}\" y2=\"12\"/>\
             <text x=\"{tx:.1}\" y=\"16\">{}</text></g>",
            escape(&s.name),
            dash = if s.dashed { " dashed" } else { "" },
            x2 = x + 16.0,
            tx = x + 20.0,
        );
        x += 28.0 + 6.5 * s.name.chars().count() as f64;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plot(points: Vec<(f64, f64)>, log_x: bool) -> Plot {
        Plot {
            testid: "p".into(),
            title: "A & B".into(),
            x_label: "h".into(),
            y_label: "error".into(),
            log_x,
            log_y: None,
            series: vec![Series {
                name: "forward".into(),
                id: "forward".into(),
                points,
                dashed: false,
                segments: false,
            }],
            marks: vec![],
        }
    }

    #[test]
    fn ticks_are_round_numbers_inside_the_range() {
        let a = Axis {
            lo: -0.3,
            hi: 9.7,
            log: false,
        };
        assert_eq!(a.ticks(), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        let l = Axis {
            lo: -16.0,
            hi: -1.0,
            log: true,
        };
        let t = l.ticks();
        assert_eq!(t.len(), 8, "every other decade over 15: {t:?}");
        let wide = Axis {
            lo: -31.0,
            hi: 1.0,
            log: true,
        };
        assert_eq!(wide.ticks().len(), 9, "every fourth decade over 32");
        assert_eq!(tick_text(t[0], true), "1e-16");
        assert_eq!(tick_text(1.0, true), "1");
    }

    #[test]
    fn a_point_per_datum_and_a_log_axis_when_the_data_spans_decades() {
        let pts: Vec<(f64, f64)> = (1..=16)
            .map(|k| (10f64.powi(-k), 10f64.powi(-k / 2)))
            .collect();
        let s = svg(&plot(pts, true));
        assert_eq!(s.matches("data-point").count(), 16);
        assert!(s.contains("data-log-x=\"true\" data-log-y=\"true\""));
        assert!(s.contains("<title>A &amp; B</title>"));
        assert!(s.contains("data-series=\"forward\""));
        // Three iterations of a loss: linear, each point with its numbers.
        let s = svg(&plot(vec![(1.0, 9.0), (2.0, 5.76), (3.0, 3.6864)], false));
        assert!(s.contains("data-log-y=\"false\""));
        assert!(s.contains("data-x=\"2\" data-y=\"5.76\""));
    }

    #[test]
    fn what_cannot_be_drawn_is_left_out_without_failing() {
        let s = svg(&plot(
            vec![(1.0, f64::NAN), (2.0, 0.0), (3.0, f64::INFINITY)],
            false,
        ));
        assert_eq!(s.matches("data-point").count(), 1);
        let s = svg(&plot(vec![], false));
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        let s = svg(&plot(vec![(1.0, 5.0)], false));
        assert_eq!(
            s.matches("data-point").count(),
            1,
            "one point: a range around it"
        );
    }
}
