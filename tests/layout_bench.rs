//! The layout on the benchmark graphs of ../shared/bench/layout, against Graphviz dot's
//! figures: a regression here fails the test command. (Timing is in `cargo bench --bench
//! layout`, not here.) Skipped when the graphs are not beside the checkout.

use std::path::PathBuf;

use chainrule::layout::{layout, quality, read_edges, Options, Quality, Size};

fn dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("CHAINRULE_SHARED") {
        Some(s) => PathBuf::from(s),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
    .join("bench/layout");
    dir.is_dir().then_some(dir)
}

/// dot's crossings and span per graph, from dot-baseline.csv.
fn dot(dir: &std::path::Path) -> Vec<(String, usize, usize)> {
    let csv = std::fs::read_to_string(dir.join("dot-baseline.csv")).unwrap_or_default();
    csv.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Some((
                f.first()?.to_string(),
                f.get(4)?.parse().ok()?,
                f.get(5)?.parse().ok()?,
            ))
        })
        .collect()
}

fn measure(dir: &std::path::Path, name: &str) -> Quality {
    let text = std::fs::read_to_string(dir.join(format!("{name}.edges"))).unwrap();
    let g = read_edges(&text, Size { w: 54.0, h: 36.0 }).unwrap();
    quality(&layout(&g, &Options::default(), None))
}

/// Totals per group: (ours, dot's) crossings; every layout clean and its span within 5%.
fn group(prefix: &str) -> Option<(usize, usize)> {
    let dir = dir()?;
    let (mut ours, mut theirs) = (0, 0);
    for (name, crossings, span) in dot(&dir)
        .into_iter()
        .filter(|(n, _, _)| n.starts_with(prefix))
    {
        let q = measure(&dir, &name);
        assert_eq!(
            (q.through_nodes, q.overlaps, q.flat),
            (0, 0, 0),
            "{name}: {q:?}"
        );
        assert!(
            q.span as f64 <= 1.05 * span as f64,
            "{name}: span {} vs dot's {span}",
            q.span
        );
        ours += q.crossings;
        theirs += crossings;
    }
    eprintln!("{prefix}: ours {ours}, dot {theirs}");
    Some((ours, theirs))
}

#[test]
fn classics_cross_no_more_than_dot() {
    let Some((ours, dot)) = group("c_") else {
        return;
    };
    assert!(ours <= dot, "{ours} crossings vs dot's {dot}");
}

#[test]
fn ten_node_graphs_cross_no_more_than_dot() {
    let Some((ours, dot)) = group("r10_") else {
        return;
    };
    assert!(ours <= dot, "{ours} crossings vs dot's {dot}");
}

#[test]
fn fifty_node_graphs_cross_no_more_than_dot() {
    let Some((ours, dot)) = group("r50_") else {
        return;
    };
    assert!(ours <= dot, "{ours} crossings vs dot's {dot}");
}

#[test]
fn two_hundred_node_graphs_cross_no_more_than_dot() {
    let Some((ours, dot)) = group("r200_") else {
        return;
    };
    assert!(ours <= dot, "{ours} crossings vs dot's {dot}");
}
