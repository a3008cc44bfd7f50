//! What the view shows for a program text: the core's answer, keeping the last good one.

use crate::expr::{evaluate, parse, Evaluation};

/// The seed article's example, shown when the app opens.
pub const DEFAULT_PROGRAM: &str = "f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3";

/// The outcome of the latest text, with the last good result kept for display.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Outcome {
    /// The result of the last program that evaluated, if any did.
    pub last_good: Option<Evaluation>,
    /// What is wrong with the current text, if it is bad.
    pub error: Option<ErrorView>,
}

/// A parse error ready to show: a sentence, then the source line with a caret under it.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorView {
    /// "line 1, column 5: expected ..."
    pub headline: String,
    /// The offending source line and the caret line.
    pub snippet: String,
}

impl Outcome {
    /// The outcome of `src`, falling back to `prev`'s last good result on error.
    pub fn next(src: &str, prev: Option<&Outcome>) -> Outcome {
        match parse(src).and_then(|p| evaluate(&p)) {
            Ok(eval) => Outcome {
                last_good: Some(eval),
                error: None,
            },
            Err(err) => Outcome {
                last_good: prev.and_then(|p| p.last_good.clone()),
                error: Some(ErrorView {
                    headline: err.headline(src),
                    snippet: err.snippet(src),
                }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_program_keeps_the_last_good_result() {
        let good = Outcome::next(DEFAULT_PROGRAM, None);
        assert_eq!(good.last_good.as_ref().map(|e| e.value), Some(10.0));
        let bad = Outcome::next("f(x1, x2) = x1^2 + ", Some(&good));
        assert_eq!(bad.last_good, good.last_good);
        assert!(bad.error.is_some_and(|e| e.snippet.ends_with('^')));
    }
}
