//! How good a layout is, by the rule of ../shared/bench/layout/README.md: crossings per
//! gap between neighbouring layer lines, edges through boxes, overlapping boxes, flat
//! edges, and total span. Used by the tests and the benchmark to compare with dot.

use super::Layout;

/// The figures of one layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quality {
    /// Pairs of edge segments that cross between two neighbouring layer lines.
    pub crossings: usize,
    /// Edges passing through a box on an intermediate layer line (must be 0).
    pub through_nodes: usize,
    /// Pairs of boxes in one layer that overlap (must be 0).
    pub overlaps: usize,
    /// Edges with both ends on one layer line (must be 0).
    pub flat: usize,
    /// Sum over edges of the number of layers spanned.
    pub span: usize,
}

/// Measures `layout` (bottom-to-top: layer lines are horizontal).
pub fn quality(layout: &Layout) -> Quality {
    let mut lines: Vec<f64> = layout.nodes.iter().map(|n| n.y).collect();
    lines.sort_by(f64::total_cmp);
    lines.dedup_by(|a, b| (*a - *b).abs() <= 0.5);
    let line_of = |y: f64| lines.iter().position(|&l| (l - y).abs() <= 0.5);
    let mut q = Quality::default();
    // For every gap (between line i and i + 1), each edge's x on both lines.
    let mut gaps: Vec<Vec<(f64, f64)>> = vec![vec![]; lines.len().saturating_sub(1)];
    for e in &layout.edges {
        let (Some(&first), Some(&last)) = (e.points.first(), e.points.last()) else {
            continue;
        };
        let (Some(a), Some(b)) = (line_of(first.1), line_of(last.1)) else {
            continue;
        };
        if a == b {
            q.flat += 1;
            continue;
        }
        let (lo, hi) = (a.min(b), a.max(b));
        q.span += hi - lo;
        let x_at = |y: f64| x_on_polyline(&e.points, y);
        for (gap, g) in gaps.iter_mut().enumerate().take(hi).skip(lo) {
            if let (Some(x0), Some(x1)) = (x_at(lines[gap]), x_at(lines[gap + 1])) {
                g.push((x0, x1));
            }
        }
        for &line in &lines[lo + 1..hi] {
            let Some(x) = x_at(line) else { continue };
            let through = layout.nodes.iter().any(|n| {
                (n.y - line).abs() <= 0.5
                    && (x - n.x).abs() < n.w / 2.0 - 1e-6
                    && !is_end(e, n, layout)
            });
            q.through_nodes += usize::from(through);
        }
    }
    for g in &gaps {
        for i in 0..g.len() {
            for j in i + 1..g.len() {
                let (a, b) = (g[i], g[j]);
                let top = a.0 - b.0;
                let bottom = a.1 - b.1;
                if (top > 1e-6 && bottom < -1e-6) || (top < -1e-6 && bottom > 1e-6) {
                    q.crossings += 1;
                }
            }
        }
    }
    for (i, a) in layout.nodes.iter().enumerate() {
        for b in &layout.nodes[i + 1..] {
            if (a.y - b.y).abs() <= 0.5 && (a.x - b.x).abs() < (a.w + b.w) / 2.0 - 1e-6 {
                q.overlaps += 1;
            }
        }
    }
    q
}

fn is_end(e: &super::Route, n: &super::Placed, layout: &Layout) -> bool {
    let same = |i: usize| layout.nodes.get(i).is_some_and(|m| std::ptr::eq(m, n));
    same(e.from) || same(e.to)
}

/// Where the polyline meets the horizontal line at `y`.
fn x_on_polyline(points: &[(f64, f64)], y: f64) -> Option<f64> {
    for w in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        let (lo, hi) = (y0.min(y1), y0.max(y1));
        if y >= lo - 0.5 && y <= hi + 0.5 {
            if (y1 - y0).abs() < 1e-9 {
                return Some(x0);
            }
            let t = ((y - y0) / (y1 - y0)).clamp(0.0, 1.0);
            return Some(x0 + t * (x1 - x0));
        }
    }
    None
}
