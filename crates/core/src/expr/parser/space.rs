//! Blank space: spaces, tabs, comments and (where a statement cannot end) newlines.

use nom::branch::alt;
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::{char, satisfy};
use nom::combinator::recognize;
use nom::multi::many0_count;
use nom::sequence::pair;
use nom::Parser;

use super::input::{Failure, In, Located, Res};

/// `p` after any spaces, tabs and comments.
pub(super) fn token<'a, O>(
    p: impl Parser<In<'a>, Output = O, Error = Failure>,
) -> impl Parser<In<'a>, Output = O, Error = Failure> {
    nom::sequence::preceded(blank, p)
}

/// `p` after any blank space, newlines included.
pub(super) fn token_nl<'a, O>(
    p: impl Parser<In<'a>, Output = O, Error = Failure>,
) -> impl Parser<In<'a>, Output = O, Error = Failure> {
    nom::sequence::preceded(blank_nl, p)
}

/// Spaces, tabs and `#` comments (not newlines: they end statements).
pub(super) fn blank(i: In) -> Res<()> {
    // The common case, a token right here, returns before any combinator runs.
    if !i.fragment().starts_with([' ', '\t', '\r', '#']) {
        return Ok((i, ()));
    }
    let comment = recognize(pair(char('#'), take_while(|c| c != '\n')));
    let spaces = take_while1(|c: char| c == ' ' || c == '\t' || c == '\r');
    let (rest, _) = many0_count(alt((spaces, comment))).parse(i)?;
    Ok((rest, ()))
}

/// Blank space including newlines, where a statement cannot end.
pub(super) fn blank_nl(i: In) -> Res<()> {
    if !i.fragment().starts_with([' ', '\t', '\r', '#', '\n']) {
        return Ok((i, ()));
    }
    let newlines = take_while1(|c: char| c == '\n');
    let (rest, _) = many0_count(alt((
        newlines,
        recognize(pair(blank, satisfy(|c| c == '\n'))),
    )))
    .parse(i)?;
    blank(rest)
}

/// Any run of statement separators and blank space.
pub(super) fn separators(i: In) -> Res<()> {
    let sep = take_while1(|c: char| c == ';' || c == '\n');
    let (rest, _) = many0_count(alt((
        sep,
        recognize(pair(blank, satisfy(|c| c == ';' || c == '\n'))),
    )))
    .parse(i)?;
    blank(rest)
}
