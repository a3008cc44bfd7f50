//! Beyond the first gradient (issue 16) on the class's programs and the big ones: the
//! Hessian (forward over reverse), the backward program (written, analysed, laid out: what
//! "Show the backward graph" computes), the broken engines, the symbolic second derivatives
//! and the JAX export. `cargo bench --bench second` prints the median of several runs.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chainrule::analysis::Analysis;
use chainrule::autodiff::{hessian, run_engine, Engine};
use chainrule::codegen::{backward_program, script, Asks, Syntax};
use chainrule::expr::parse;
use chainrule::presets::{chain, network};
use chainrule::scene::scene;
use chainrule::symbolic::differentiate;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Times `f` `runs` times; the median.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let samples = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    median(samples)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let cases = [
        (
            "Baydin",
            "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5".to_string(),
        ),
        ("network 3-16-1", network()),
        ("chain, 1,000 nodes", chain(333)),
        ("chain, 10,000 operations", chain(3_330)),
    ];
    println!(
        "{:<26} {:>6} {:>6} {:>11} {:>11} {:>7} {:>11} {:>11} {:>11} {:>11}",
        "program",
        "nodes",
        "inputs",
        "hessian",
        "backward",
        "b.nodes",
        "b.layout",
        "engines",
        "sym. 2nd",
        "JAX text"
    );
    for (name, src) in cases {
        let a = Arc::new(Analysis::new(&src).unwrap_or_else(|e| panic!("{}", e.render(&src))));
        let g = a.graph();
        let runs = if g.node_count() > 5_000 { 5 } else { 11 };
        let point = g.point();
        let h = time(runs, || hessian(g, &point));
        let text = backward_program(g);
        let (b, back_nodes, layout) = match Analysis::new(&text) {
            Ok(back) => {
                let nodes = back.graph().node_count().to_string();
                let b = time(runs, || Analysis::new(&backward_program(g)).map(|_| ()));
                let back = Arc::new(back);
                (ms(b), nodes, ms(time(runs.min(5), || scene(&back, None))))
            }
            Err(e) => {
                let t = time(runs, || backward_program(g).len());
                println!(
                    "  ({name}: its backward program, {} KB, is refused: {})",
                    text.len() / 1024,
                    e.message
                );
                (format!("{} text", ms(t)), "-".into(), "-".into())
            }
        };
        let e = time(runs, || {
            Engine::ALL
                .iter()
                .map(|&e| run_engine(g, a.trace(), e, 300_000).gradient.len())
                .sum::<usize>()
        });
        let s = time(runs, || differentiate(g).second(8).map(|s| s.len()));
        let second = if g.inputs().len() <= 8 {
            ms(s)
        } else {
            "(> 8 inputs)".to_string()
        };
        let program = parse(&src).expect("parses");
        let j = time(runs, || {
            script(g, Some(&program), Syntax::Jax, name, Asks { hessian: true })
        });
        println!(
            "{name:<26} {:>6} {:>6} {:>11} {:>11} {:>7} {:>11} {:>11} {:>11} {:>11}",
            g.node_count(),
            g.inputs().len(),
            ms(h),
            b,
            back_nodes,
            layout,
            ms(e),
            second,
            ms(j)
        );
    }
}
