//! Lays out a benchmark graph and prints the layout as JSON.
//!
//! ```text
//! cargo run --release --example layout -- [--repeat N] FILE.edges
//! ```
//! `elapsed_ms` is the median in-process layout time over N runs (default 1). Boxes are
//! dot's 54 x 36 with nodesep 18 and ranksep 36, so figures compare with dot's.

use std::process::ExitCode;
use std::time::Instant;

use chainrule::layout::{layout, read_edges, Options, Size};
use serde_json::json;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut repeat, mut file) = (1usize, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1).max(1),
            _ => file = Some(a),
        }
    }
    let Some(file) = file else {
        eprintln!("usage: layout [--repeat N] FILE.edges");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let g = match read_edges(&text, Size { w: 54.0, h: 36.0 }) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let options = Options::default();
    let mut times = Vec::with_capacity(repeat);
    let mut result = None;
    for _ in 0..repeat {
        let t = Instant::now();
        result = Some(layout(&g, &options, None));
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let Some(l) = result else {
        return ExitCode::FAILURE;
    };
    let nodes: Vec<_> = l
        .nodes
        .iter()
        .enumerate()
        .map(|(id, n)| json!({"id": id, "x": n.x, "y": n.y, "w": n.w, "h": n.h, "layer": n.layer}))
        .collect();
    let edges: Vec<_> = l
        .edges
        .iter()
        .map(|e| json!({"from": e.from, "to": e.to, "points": e.points.iter().map(|&(x, y)| [x, y]).collect::<Vec<_>>()}))
        .collect();
    println!(
        "{}",
        json!({"nodes": nodes, "edges": edges, "elapsed_ms": times[times.len() / 2]})
    );
    ExitCode::SUCCESS
}
