//! The benchmark graphs' text format (../shared/bench/layout/README.md):
//! `n COUNT`, `v ID LABEL`, `e FROM TO`, `#` comments.

use super::{LayoutGraph, Size};

/// Reads an `.edges` file; every node gets `size` (dot's 54 x 36 boxes in the benchmark)
/// and its label as key.
pub fn read_edges(text: &str, size: Size) -> Result<LayoutGraph, String> {
    let mut g = LayoutGraph::default();
    for (no, line) in text.lines().enumerate() {
        let mut words = line.split_whitespace();
        let bad = || format!("line {}: cannot read {line:?}", no + 1);
        let num = |w: Option<&str>| w.and_then(|w| w.parse::<usize>().ok()).ok_or_else(bad);
        match words.next() {
            None => {}
            Some(w) if w.starts_with('#') => {}
            Some("n") => {
                let n = num(words.next())?;
                g.sizes = vec![size; n];
                g.keys = (0..n).map(|i| i.to_string()).collect();
            }
            Some("v") => {
                let id = num(words.next())?;
                let label: Vec<&str> = words.collect();
                let key = g.keys.get_mut(id).ok_or_else(bad)?;
                *key = format!("{id} {}", label.join(" "));
            }
            Some("e") => {
                let (a, b) = (num(words.next())?, num(words.next())?);
                if a >= g.sizes.len() || b >= g.sizes.len() {
                    return Err(bad());
                }
                g.edges.push((a, b));
            }
            Some(_) => return Err(bad()),
        }
    }
    Ok(g)
}
