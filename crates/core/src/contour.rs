//! The loss over two parameters as contour lines (marching squares on a grid of
//! evaluations), with the descent's path across them.

use crate::autodiff::{at_point, evaluate, Iteration};
use crate::expr::Program;
use crate::graph::Graph;
use crate::plot::{Plot, Series};

/// Grid cells per side, at most.
const CELLS: usize = 32;
/// Node evaluations a grid may cost (a big program gets a coarser grid: 8 cells at least).
const BUDGET: usize = 300_000;

/// The grid's cells per side for a graph of `nodes` nodes.
fn cells(nodes: usize) -> usize {
    ((BUDGET / nodes.max(1)) as f64)
        .sqrt()
        .floor()
        .clamp(8.0, CELLS as f64) as usize
}
/// Contour levels.
const LEVELS: usize = 10;

/// The loss (output 0) at each grid point over inputs `i` and `j` (indices into the
/// graph's inputs) within `x` and `y`, the others at the program's point: 33 x 33 points,
/// fewer for a big program. A program that decides is built again at each point.
pub fn grid(
    graph: &Graph,
    program: Option<&Program>,
    (i, j): (usize, usize),
    x: (f64, f64),
    y: (f64, f64),
) -> Vec<Vec<f64>> {
    let names: Vec<String> = graph
        .inputs()
        .iter()
        .map(|&k| graph.node(k).label().to_string())
        .collect();
    let base = graph.point();
    let at = |a: f64, b: f64| -> f64 {
        let mut p = base.clone();
        p[i] = a;
        p[j] = b;
        match program.filter(|_| !graph.conditions().is_empty()) {
            Some(prog) => Graph::build(&at_point(prog, &names, &p))
                .map_or(f64::NAN, |g| evaluate(&g, &g.point()).value(g.output())),
            None => evaluate(graph, &p).value(graph.output()),
        }
    };
    let n = cells(graph.node_count());
    (0..=n)
        .map(|r| {
            let b = y.0 + (y.1 - y.0) * r as f64 / n as f64;
            (0..=n)
                .map(|c| at(x.0 + (x.1 - x.0) * c as f64 / n as f64, b))
                .collect()
        })
        .collect()
}

/// The levels drawn: log-spaced when the values are positive and span decades.
fn levels(values: &[f64]) -> Vec<f64> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let (lo, hi) = finite
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() || hi <= lo {
        return Vec::new();
    }
    let log = lo > 0.0 && hi / lo > 100.0;
    (1..=LEVELS)
        .map(|k| {
            let t = k as f64 / (LEVELS + 1) as f64;
            if log {
                10f64.powf(lo.log10() + t * (hi.log10() - lo.log10()))
            } else {
                lo + t * (hi - lo)
            }
        })
        .collect()
}

/// Marching squares: the segments where the grid crosses `level`, in data coordinates.
fn segments(g: &[Vec<f64>], x: (f64, f64), y: (f64, f64), level: f64) -> Vec<(f64, f64)> {
    let n = g.len().saturating_sub(1);
    let px = |c: f64| x.0 + (x.1 - x.0) * c / n as f64;
    let py = |r: f64| y.0 + (y.1 - y.0) * r / n as f64;
    let mut out = Vec::new();
    for r in 0..n {
        for c in 0..n {
            // Corners counter-clockwise from bottom-left, and where each edge crosses.
            let v = [g[r][c], g[r][c + 1], g[r + 1][c + 1], g[r + 1][c]];
            if v.iter().any(|v| !v.is_finite()) {
                continue;
            }
            let corner = [(c, r), (c + 1, r), (c + 1, r + 1), (c, r + 1)];
            let mut cross = Vec::with_capacity(4);
            for e in 0..4 {
                let (a, b) = (v[e], v[(e + 1) % 4]);
                if (a < level) != (b < level) {
                    let t = (level - a) / (b - a);
                    let (ca, cb) = (corner[e], corner[(e + 1) % 4]);
                    cross.push((
                        px(ca.0 as f64 + t * (cb.0 as f64 - ca.0 as f64)),
                        py(ca.1 as f64 + t * (cb.1 as f64 - ca.1 as f64)),
                    ));
                }
            }
            // Two crossings: one segment; four (a saddle): pair them by the centre's side.
            match cross.len() {
                2 => out.extend([cross[0], cross[1]]),
                4 => {
                    let centre = v.iter().sum::<f64>() / 4.0;
                    if (centre < level) == (v[0] < level) {
                        out.extend([cross[0], cross[3], cross[1], cross[2]]);
                    } else {
                        out.extend([cross[0], cross[1], cross[2], cross[3]]);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The loss's contours over parameters `names` (inputs `pair`) around the run's path, and
/// the path: one point per iteration's start, then where it ended.
pub fn contour(
    graph: &Graph,
    program: Option<&Program>,
    pair: (usize, usize),
    run: &[Iteration],
    names: (&str, &str),
) -> Plot {
    let mut path: Vec<(f64, f64)> = run
        .iter()
        .filter_map(|i| Some((*i.params.first()?, *i.params.get(1)?)))
        .collect();
    if let Some(last) = run.last() {
        if let (Some(&a), Some(&b)) = (last.next.first(), last.next.get(1)) {
            path.push((a, b));
        }
    }
    let finite = path.iter().filter(|p| p.0.is_finite() && p.1.is_finite());
    let (mut x, mut y) = (
        (f64::INFINITY, f64::NEG_INFINITY),
        (f64::INFINITY, f64::NEG_INFINITY),
    );
    for &(a, b) in finite {
        x = (x.0.min(a), x.1.max(a));
        y = (y.0.min(b), y.1.max(b));
    }
    let widen = |(lo, hi): (f64, f64)| {
        if !lo.is_finite() {
            return (-1.0, 1.0);
        }
        let pad = ((hi - lo) * 0.25).max(0.5);
        (lo - pad, hi + pad)
    };
    let (x, y) = (widen(x), widen(y));
    let g = grid(graph, program, pair, x, y);
    let all: Vec<f64> = g.iter().flatten().copied().collect();
    let mut series: Vec<Series> = levels(&all)
        .into_iter()
        .enumerate()
        .map(|(k, level)| Series {
            name: format!("level {}", crate::format::significant(level, 3)),
            id: format!("level-{k}"),
            points: segments(&g, x, y, level),
            dashed: false,
            segments: true,
        })
        .collect();
    series.push(Series {
        name: "descent".into(),
        id: "path".into(),
        points: path,
        dashed: false,
        segments: false,
    });
    Plot {
        testid: "contour-plot".into(),
        title: format!(
            "The loss over {} and {}, and the descent's path",
            names.0, names.1
        ),
        x_label: names.0.to_string(),
        y_label: names.1.to_string(),
        log_x: false,
        log_y: Some(false),
        series,
        marks: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autodiff::{train, Descent};
    use crate::expr::parse;

    #[test]
    fn contours_of_a_bowl_and_the_path_down_it() {
        let src = "param w = 0\nparam b = 2\nL = (w - 3)^2 + 4*(b + 1)^2";
        let p = parse(src).expect("parses");
        let g = Graph::build(&p).expect("builds");
        let run = train(
            &g,
            None,
            &[0, 1],
            Descent {
                rate: 0.1,
                momentum: 0.0,
            },
            12,
        );
        let plot = contour(&g, None, (0, 1), &run, ("w", "b"));
        let path = plot.series.last().expect("the path");
        assert_eq!(path.points.len(), 13);
        assert_eq!(path.points[0], (0.0, 2.0));
        let lines: Vec<&Series> = plot.series.iter().filter(|s| s.segments).collect();
        assert_eq!(lines.len(), LEVELS);
        // Every segment's ends lie on their level (to the grid's interpolation error).
        let level = |s: &Series| {
            s.name
                .trim_start_matches("level ")
                .parse::<f64>()
                .expect("a number")
        };
        for s in &lines {
            assert!(
                !s.points.is_empty() && s.points.len() % 2 == 0,
                "{}",
                s.name
            );
            let want = level(s);
            for &(w, b) in &s.points {
                let got = (w - 3.0).powi(2) + 4.0 * (b + 1.0).powi(2);
                assert!(
                    (got - want).abs() <= 0.02 * want.max(1.0) + 0.05,
                    "{} at ({w}, {b}): {got}",
                    s.name
                );
            }
        }
        let svg = crate::plot::svg(&plot);
        assert_eq!(
            svg.matches("data-point").count(),
            13,
            "points only on the path"
        );
        assert!(svg.contains("data-testid=\"contour-plot\""));
    }
}
