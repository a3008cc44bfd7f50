//! parse + build + forward + reverse on programs of 10 to 10,000 operations.
//! `cargo bench --bench pipeline` prints the median of many runs per stage; targets:
//! 1,000 operations <= 0.5 ms, 10,000 <= 5 ms, growing linearly. Beside them, the symbolic
//! gradient (all inputs) of the same programs and its size as a DAG; target: <= 5 ms at 1,000.

use std::hint::black_box;
use std::time::{Duration, Instant};

use std::sync::Arc;

use chainrule::analysis::Analysis;
use chainrule::autodiff::{clusters, evaluate, reverse, sweep, train, Descent, Folding, Mode};
use chainrule::contour::contour;
use chainrule::expr::parse;
use chainrule::graph::Graph;
use chainrule::lesson::Lesson;
use chainrule::presets::{calls, chain, network, neurons};
use chainrule::scene::{scene, scene_folded};
use chainrule::symbolic::differentiate;

/// A program of about `ops` operations, three per line, each line using the two before:
/// `h7 = sin(h6) * x1 + h5`.
fn program(ops: usize) -> String {
    let mut src = String::from("f(x1, x2) = h0\nx1 = 0.5; x2 = 1.5\nh1 = x1 * x2\nh2 = x2 - x1\n");
    let lines = ops.saturating_sub(2) / 3;
    for i in 3..3 + lines {
        src.push_str(&format!("h{i}=sin(h{})*x1+h{}\n", i - 1, i - 2));
    }
    src.replace("f(x1, x2) = h0", &format!("f(x1, x2) = h{}", 2 + lines))
}

/// A chain of `n` steps that training cannot blow up: `h2 = 0.5*tanh(h1) + w`.
fn decay(n: usize) -> String {
    let mut src = String::from("f = h0\nw = 0.1; x = 0.5\nh1 = x*w\n");
    for i in 2..=n {
        src.push_str(&format!("h{i} = 0.5*tanh(h{}) + w\n", i - 1));
    }
    src.replace("f = h0", &format!("f = h{n}^2"))
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// What the page computes for one program text: the analysis, the scene (layout
/// included, warm-started from the last one as when typing), the lesson, one step's view.
fn keystroke() {
    println!(
        "\n{:<22} {:>6} {:>10} {:>12} {:>12} {:>10} {:>10} {:>10}",
        "program",
        "nodes",
        "analysis",
        "scene (new)",
        "scene (num)",
        "lesson",
        "step view",
        "total"
    );
    let programs = [
        (
            "Baydin",
            "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5".to_string(),
        ),
        ("network 3-16-1", network()),
        ("chain 70 lines", chain(70)),
        ("chain 330 lines", chain(330)),
        ("chain 3,300 lines", chain(3_300)),
    ];
    for (name, src) in programs {
        let Ok(first) = Analysis::new(&src) else {
            panic!("{name} does not build")
        };
        // A number edit: the previous scene is of the same graph with another value.
        let Ok(other) = Analysis::new(&src.replacen("0.5", "0.55", 1)) else {
            panic!("{name} does not build")
        };
        let previous = scene(&other, None);
        let runs = if src.len() > 50_000 { 5 } else { 21 };
        let (mut a, mut s, mut l, mut v, mut t) = (vec![], vec![], vec![], vec![], vec![]);
        let mut cold = vec![];
        for _ in 0..runs.min(7) {
            let t0 = Instant::now();
            black_box(scene(&first, None));
            cold.push(t0.elapsed());
        }
        let mut nodes = 0;
        for _ in 0..runs {
            let t0 = Instant::now();
            let Ok(analysis) = Analysis::new(black_box(&src)) else {
                panic!("{name} does not build")
            };
            let t1 = Instant::now();
            let sc = scene(&analysis, Some(&previous));
            let t2 = Instant::now();
            nodes = analysis.graph().node_count();
            let lesson = Lesson::new(Arc::new(analysis), Arc::new(sc), Mode::ForwardThenReverse);
            let t3 = Instant::now();
            black_box(lesson.step(lesson.last()));
            let t4 = Instant::now();
            a.push(t1 - t0);
            s.push(t2 - t1);
            l.push(t3 - t2);
            v.push(t4 - t3);
            t.push(t4 - t0);
        }
        let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
        println!(
            "{name:<22} {nodes:>6} {:>10} {:>12} {:>12} {:>10} {:>10} {:>10}",
            ms(median(a)),
            ms(median(cold)),
            ms(median(s)),
            ms(median(l)),
            ms(median(v)),
            ms(median(t))
        );
    }
}

fn main() {
    println!(
        "{:>7} {:>7} {:>10} {:>10} {:>10} {:>10} {:>10} {:>11} {:>8}",
        "ops", "nodes", "parse", "build", "forward", "reverse", "total", "symbolic", "DAG ops"
    );
    for ops in [10, 100, 1_000, 10_000] {
        let src = program(ops);
        let runs = (200_000 / ops).clamp(20, 2_000);
        let (mut p, mut b, mut f, mut r, mut t) = (vec![], vec![], vec![], vec![], vec![]);
        let mut nodes = 0;
        for _ in 0..runs {
            let t0 = Instant::now();
            let Ok(program) = parse(black_box(&src)) else {
                panic!("bench program does not parse")
            };
            let t1 = Instant::now();
            let Ok(graph) = Graph::build(&program) else {
                panic!("bench program does not build")
            };
            let t2 = Instant::now();
            let trace = evaluate(&graph, &graph.point());
            let t3 = Instant::now();
            let adj = reverse(&graph, &trace);
            let t4 = Instant::now();
            black_box(adj.gradient());
            nodes = graph.node_count();
            p.push(t1 - t0);
            b.push(t2 - t1);
            f.push(t3 - t2);
            r.push(t4 - t3);
            t.push(t4 - t0);
        }
        let Ok(graph) = parse(&src).and_then(|p| Graph::build(&p)) else {
            panic!("bench program does not build")
        };
        let mut sym = vec![];
        for _ in 0..runs.min(200) {
            let t0 = Instant::now();
            black_box(differentiate(black_box(&graph)));
            sym.push(t0.elapsed());
        }
        let dag = differentiate(&graph).sizes(&graph).dag;
        let ms = |d: Duration| format!("{:.4} ms", d.as_secs_f64() * 1e3);
        println!(
            "{ops:>7} {nodes:>7} {:>10} {:>10} {:>10} {:>10} {:>10} {:>11} {dag:>8}",
            ms(median(p)),
            ms(median(b)),
            ms(median(f)),
            ms(median(r)),
            ms(median(t)),
            ms(median(sym))
        );
    }
    keystroke();
    passes();
    folding();
    training();
}

/// Training and the plots' numbers: 200 iterations of descent over every input, the
/// finite-difference sweep of one input (16 step sizes, f64 and f32), the contour grid
/// over two inputs (33 x 33 evaluations).
fn training() {
    println!(
        "\n{:<26} {:>6} {:>16} {:>14} {:>14}",
        "program", "nodes", "200 iterations", "fd sweep", "contour grid"
    );
    for (name, src) in [
        ("network 3-16-1", network()),
        ("1,000 ops", program(1_000)),
        ("9,900 ops, a damped chain", decay(3_300)),
    ] {
        let Ok(p) = parse(&src) else { panic!("{name}") };
        let Ok(g) = Graph::build(&p) else {
            panic!("{name}")
        };
        let all: Vec<usize> = (0..g.inputs().len()).collect();
        let descent = Descent {
            rate: 0.01,
            momentum: 0.0,
        };
        let (mut t, mut f, mut c) = (vec![], vec![], vec![]);
        let mut iterations = 0;
        for _ in 0..5 {
            let t0 = Instant::now();
            iterations = black_box(train(&g, Some(&p), &all, descent, 200)).len();
            let t1 = Instant::now();
            black_box(sweep(&g, 0, 0));
            let t2 = Instant::now();
            let run = train(&g, None, &[0, 1], descent, 3);
            black_box(contour(&g, None, (0, 1), &run, ("a", "b")));
            let t3 = Instant::now();
            t.push(t1 - t0);
            f.push(t2 - t1);
            c.push(t3 - t2);
        }
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
        println!(
            "{name:<26} {:>6} {:>16} {:>14} {:>14}",
            g.node_count(),
            format!("{} ({iterations})", ms(median(t))),
            ms(median(f)),
            ms(median(c))
        );
    }
}

/// Folding every call into its gate, as the fold-all button does: the clusters, the gates'
/// partials, the folded drawing (warm-started from the unfolded one) and the lesson; then
/// the step view of a gate's contribution.
fn folding() {
    println!(
        "\n{:<30} {:>6} {:>6} {:>11} {:>11} {:>11} {:>11}",
        "program", "nodes", "calls", "gates", "scene", "lesson", "unfolded"
    );
    let cases = [
        ("network 3-16-1 as 16 neurons", neurons()),
        ("330 calls (1,000 ops)", calls(330)),
        ("3,300 calls (9,900 ops)", calls(3_300)),
    ];
    for (name, src) in cases {
        let a = match Analysis::new(&src) {
            Ok(a) => Arc::new(a),
            Err(e) => panic!("{name}: {}", e.render(&src)),
        };
        let plain = scene(&a, None);
        let (mut g, mut s, mut l, mut u) = (vec![], vec![], vec![], vec![]);
        let mut count = 0;
        for _ in 0..11 {
            let t0 = Instant::now();
            let c = clusters(a.graph());
            let all: Vec<usize> = (0..c.len()).collect();
            let f = Folding::new(a.graph(), a.trace(), &c, &all);
            let t1 = Instant::now();
            let sc = scene_folded(&a, Some(&f), Some(&plain));
            let t2 = Instant::now();
            count = f.gates.len();
            let lesson = Lesson::folded(
                Arc::clone(&a),
                Arc::new(sc),
                Mode::ForwardThenReverse,
                &[],
                Arc::new(f),
            );
            black_box(lesson.step(lesson.last() - 1));
            let t3 = Instant::now();
            // And back: the unfolded drawing, warm-started from the folded one.
            black_box(scene(
                &a,
                lesson.scene.laid_out.as_ref().map(|_| &*lesson.scene),
            ));
            let t4 = Instant::now();
            g.push(t1 - t0);
            s.push(t2 - t1);
            l.push(t3 - t2);
            u.push(t4 - t3);
        }
        let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
        println!(
            "{name:<30} {:>6} {count:>6} {:>11} {:>11} {:>11} {:>11}",
            a.graph().node_count(),
            ms(median(g)),
            ms(median(s)),
            ms(median(l)),
            ms(median(u))
        );
    }
}

/// Lessons with several derivative passes: building the lesson (its passes and timeline)
/// and the Jacobian panel at the last step.
fn passes() {
    println!(
        "\n{:<34} {:>6} {:>7} {:>9} {:>12} {:>12}",
        "program, mode", "nodes", "passes", "steps", "lesson", "jacobian"
    );
    // 40 outputs over a program of about 1,000 operations: h30, h60, ...
    let mut wide = program(1_000);
    let outs: Vec<String> = (1..=40).map(|k| format!("h{}", 3 + k * 8)).collect();
    wide = wide.replacen(
        "f(x1, x2) = ",
        &format!("f(x1, x2) = [{}] # ", outs.join(", ")),
        1,
    );
    let cases = [
        (
            "network 3-16-1, a pass per input",
            network(),
            Mode::Tangents,
        ),
        (
            "network 3-16-1, reverse",
            network(),
            Mode::ForwardThenReverse,
        ),
        (
            "1,000 ops, 40 outputs, reverse",
            wide.clone(),
            Mode::ForwardThenReverse,
        ),
        ("1,000 ops, 40 outputs, forward", wide, Mode::Tangents),
        (
            "10,000 ops, a pass per input",
            program(10_000),
            Mode::Tangents,
        ),
    ];
    for (name, src, mode) in cases {
        let analysis = match Analysis::new(&src) {
            Ok(a) => Arc::new(a),
            Err(e) => panic!("{name}: {}", e.render(&src)),
        };
        let sc = Arc::new(scene(&analysis, None));
        let (mut l, mut j) = (vec![], vec![]);
        let mut shape = (0, 0);
        for _ in 0..11 {
            // A fresh analysis each run: its passes are computed once, then kept.
            let a = Arc::new(Analysis::new(&src).unwrap_or_else(|_| panic!("{name}")));
            let t0 = Instant::now();
            let lesson = Lesson::new(a, Arc::clone(&sc), mode);
            let t1 = Instant::now();
            black_box(lesson.jacobian_at(lesson.last()));
            let t2 = Instant::now();
            shape = (lesson.passes().len(), lesson.len());
            l.push(t1 - t0);
            j.push(t2 - t1);
        }
        let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
        println!(
            "{name:<34} {:>6} {:>7} {:>9} {:>12} {:>12}",
            analysis.graph().node_count(),
            shape.0,
            shape.1,
            ms(median(l)),
            ms(median(j))
        );
    }
}
