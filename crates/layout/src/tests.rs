//! Layout invariants on small graphs; the benchmark graphs are in tests/layout_bench.rs.

use super::*;

fn graph(n: usize, edges: &[(usize, usize)]) -> LayoutGraph {
    LayoutGraph {
        sizes: vec![Size { w: 54.0, h: 36.0 }; n],
        edges: edges.to_vec(),
        keys: (0..n).map(|i| format!("n{i}")).collect(),
    }
}

/// Baydin's graph: x1, x2, ln, *, +, sin, -.
const BAYDIN: [(usize, usize); 8] = [
    (0, 2),
    (0, 3),
    (1, 3),
    (2, 4),
    (3, 4),
    (1, 5),
    (4, 6),
    (5, 6),
];

#[test]
fn edges_flow_upwards_without_crossings_on_baydin() {
    let l = layout(&graph(7, &BAYDIN), &Options::default(), None);
    for e in &l.edges {
        assert!(
            e.points.first().unwrap().1 > e.points.last().unwrap().1,
            "{e:?}"
        );
    }
    let q = quality(&l);
    assert_eq!(
        (q.crossings, q.through_nodes, q.overlaps, q.flat),
        (0, 0, 0, 0)
    );
    assert_eq!(q.span, 9, "dot's span");
}

#[test]
fn the_same_graph_gives_the_same_layout_bit_for_bit() {
    let a = layout(&graph(7, &BAYDIN), &Options::default(), None);
    let b = layout(&graph(7, &BAYDIN), &Options::default(), None);
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

#[test]
fn disconnected_graphs_and_lone_nodes_are_placed() {
    let l = layout(&graph(5, &[(0, 1), (2, 3)]), &Options::default(), None);
    assert_eq!(l.nodes.len(), 5);
    assert_eq!(quality(&l).overlaps, 0);
    let one = layout(&graph(1, &[]), &Options::default(), None);
    assert_eq!(one.nodes.len(), 1);
}

#[test]
fn left_to_right_puts_sources_on_the_left() {
    let o = Options {
        orientation: Orientation::LeftToRight,
        ..Options::default()
    };
    let l = layout(&graph(7, &BAYDIN), &o, None);
    for e in &l.edges {
        assert!(
            e.points.first().unwrap().0 < e.points.last().unwrap().0,
            "{e:?}"
        );
    }
}

#[test]
fn long_edges_route_through_one_point_per_layer() {
    // 0 -> 1 -> 2 -> 3 and 0 -> 3: the long edge has two bends.
    let l = layout(
        &graph(4, &[(0, 1), (1, 2), (2, 3), (0, 3)]),
        &Options::default(),
        None,
    );
    assert_eq!(l.edges[3].points.len(), 4);
}

#[test]
fn warm_start_keeps_the_relative_order_of_shared_nodes() {
    // A wide graph: four inputs feeding a chain of sums.
    let edges = [(0, 4), (1, 4), (2, 5), (3, 5), (4, 6), (5, 6)];
    let g1 = graph(7, &edges);
    let l1 = layout(&g1, &Options::default(), None);
    // Add a node 7 feeding node 5 and keys unchanged for the others.
    let mut g2 = graph(8, &[(0, 4), (1, 4), (2, 5), (3, 5), (7, 5), (4, 6), (5, 6)]);
    g2.keys[7] = "new".into();
    let l2 = layout(&g2, &Options::default(), Some((&g1, &l1)));
    for a in 0..7 {
        for b in 0..7 {
            if l1.nodes[a].layer == l1.nodes[b].layer
                && l2.nodes[a].layer == l2.nodes[b].layer
                && l1.nodes[a].x < l1.nodes[b].x
            {
                assert!(l2.nodes[a].x < l2.nodes[b].x, "nodes {a} and {b} swapped");
            }
        }
    }
}

/// A node used by every layer of a long chain (the `x` of `a_i = sin(a_{i-1})*x + ...`):
/// its dummies would grow with the square of the depth; past the budget its longest edges
/// are drawn straight, so the layout stays linear and every node still gets a place.
#[test]
fn a_node_used_on_every_layer_keeps_the_dummies_within_budget() {
    let depth = 1_000;
    let mut edges = vec![];
    for i in 1..depth {
        edges.push((i, i + 1)); // the chain 1 -> 2 -> ... -> depth
        edges.push((0, i + 1)); // x feeds every link
    }
    let g = graph(depth + 1, &edges);
    let ranks = rank::rank(g.sizes.len(), &g.edges);
    let layered = split_long_edges(&g, &ranks, false);
    let dummies = layered.layer.len() - g.sizes.len();
    assert!(
        dummies <= (DUMMIES_PER_ELEMENT * (g.sizes.len() + g.edges.len())).max(DUMMIES_FLOOR),
        "{dummies} dummies"
    );
    let l = layout(&g, &Options::default(), None);
    assert_eq!(l.nodes.len(), depth + 1);
    let span = |e: &Route| l.nodes[e.to].layer.abs_diff(l.nodes[e.from].layer);
    let straight = l
        .edges
        .iter()
        .filter(|e| span(e) > 1 && e.points.len() == 2)
        .count();
    assert!(
        straight > 0 && straight < depth,
        "{straight} straight long edges"
    );
    for e in &l.edges {
        assert!(e.points.first().unwrap().1 > e.points.last().unwrap().1);
    }
}
