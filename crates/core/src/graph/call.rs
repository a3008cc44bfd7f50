//! What a call or a chain operator builds: shared by name resolution (which folds
//! constants) and graph building, so neither reaches into the other.

use super::{Op, FUNCTIONS};
use crate::expr::{ChainOp, ParseError, Span};

/// The op of a chain operator.
pub(crate) fn chain_op(op: ChainOp) -> Op {
    match op {
        ChainOp::Add => Op::Add,
        ChainOp::Sub => Op::Sub,
        ChainOp::Mul => Op::Mul,
        ChainOp::Div => Op::Div,
    }
}

/// The op a call builds, or why the call is wrong: an unknown function (with the nearest
/// name), a variable used as a function, or the wrong number of arguments.
pub(crate) fn function_op(
    func: &str,
    span: &Span,
    nargs: usize,
    is_variable: &dyn Fn(&str) -> bool,
) -> Result<Op, ParseError> {
    let Some(op) = Op::function(func) else {
        let msg = if is_variable(func) {
            format!("'{func}' is a variable, not a function: write {func}*(...) to multiply")
        } else {
            let known: Vec<&str> = FUNCTIONS.iter().map(|(n, _)| *n).collect();
            match nearest(func, &known) {
                Some(best) => format!("unknown function '{func}': did you mean {best}?"),
                None => format!(
                    "unknown function '{func}': the functions are {}",
                    known.join(", ")
                ),
            }
        };
        return Err(ParseError::new(span.clone(), msg));
    };
    if nargs != op.arity() {
        let msg = format!("{func} takes {} argument, {nargs} given", op.arity());
        return Err(ParseError::new(span.clone(), msg));
    }
    Ok(op)
}

/// The candidate closest to `word` by edit distance, if it is close enough to suggest.
pub(crate) fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Ties go to the candidate sharing the longer prefix: "sn" suggests sin, not ln.
    let prefix = |c: &str| {
        word.chars()
            .zip(c.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let (distance, _, best) = candidates
        .iter()
        .map(|c| {
            (
                strsim::levenshtein(word, c),
                std::cmp::Reverse(prefix(c)),
                *c,
            )
        })
        .min()?;
    let allowed = if word.chars().count() <= 4 { 1 } else { 2 };
    (distance <= allowed).then_some(best)
}
