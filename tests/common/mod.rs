//! What the program tests share: building a program, and checking a table of bad programs
//! (each error's message and where its caret points).

use chainrule::expr::{parse, ParseError};
use chainrule::graph::Graph;

/// Parses and builds `src`.
pub fn build(src: &str) -> Result<Graph, ParseError> {
    parse(src).and_then(|p| Graph::build(&p))
}

/// The error `src` gives (a test failure if it builds).
pub fn error(src: &str) -> ParseError {
    match build(src) {
        Ok(_) => panic!("{src:?} built"),
        Err(e) => e,
    }
}

/// Each `(program, text under the caret, part of the message)` fails as stated.
pub fn errors_point_at(table: &[(&str, &str, &str)]) {
    for &(src, at, needle) in table {
        let e = error(src);
        assert!(e.message.contains(needle), "{src:?}: {e}");
        assert_eq!(&src[e.span.clone()], at, "{src:?}: {e}");
    }
}
