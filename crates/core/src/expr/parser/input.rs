//! The parser's input and failures: slices of the program text located by their byte
//! offset, nom's error type, the messages it carries, and the nesting guard.

use std::cell::Cell;

use nom::error::{ErrorKind, ParseError as NomParseError};
use nom::IResult;

use super::super::ast::Span;
use super::super::error::ParseError;
use super::MAX_DEPTH;

pub(super) type In<'a> = &'a str;

thread_local! {
    /// Where the text being parsed starts in memory: every `In` is a slice of it, so a
    /// slice's byte offset is its distance from here (cheaper than a span type that also
    /// counts lines at every step).
    static BASE: Cell<usize> = const { Cell::new(0) };
}

/// Byte positions of the slices the parser passes around.
pub(super) trait Located {
    /// The slice's byte offset in the program text.
    fn location_offset(&self) -> usize;
    /// The slice itself.
    fn fragment(&self) -> &str;
}

impl Located for &str {
    fn location_offset(&self) -> usize {
        (self.as_ptr() as usize).saturating_sub(BASE.with(Cell::get))
    }

    fn fragment(&self) -> &str {
        self
    }
}
pub(super) type Res<'a, T> = IResult<In<'a>, T, Failure>;

/// nom's error type here: where parsing stopped and what was expected there.
#[derive(Debug)]
pub(super) struct Failure(pub(super) ParseError);

impl<'a> NomParseError<In<'a>> for Failure {
    fn from_error_kind(input: In<'a>, _kind: ErrorKind) -> Self {
        let at = input.location_offset();
        // Alternatives fail all the time while parsing; the message is written only if
        // this failure is the one reported (see `parse`), so failing stays cheap.
        Failure(ParseError::new(at..at, String::new()))
    }

    fn append(_input: In<'a>, _kind: ErrorKind, other: Self) -> Self {
        other
    }

    /// Of two failed alternatives, the one that got further explains more.
    fn or(self, other: Self) -> Self {
        if other.0.span.start >= self.0.span.start {
            other
        } else {
            self
        }
    }
}

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Counts one level of nesting while alive; refuses to go past [`MAX_DEPTH`].
pub(super) struct DepthGuard;

impl DepthGuard {
    pub(super) fn enter(at: In) -> Result<Self, nom::Err<Failure>> {
        let depth = DEPTH.with(|d| d.get()) + 1;
        if depth > MAX_DEPTH {
            let msg = format!(
                "nested more than {MAX_DEPTH} levels deep: name a part (a = ...) to flatten it"
            );
            return Err(fail_at(at, msg));
        }
        DEPTH.with(|d| d.set(depth));
        Ok(DepthGuard)
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

pub(super) fn fail_at(i: In, message: impl Into<String>) -> nom::Err<Failure> {
    let at = i.location_offset();
    let width = i.fragment().chars().next().map_or(0, char::len_utf8);
    fail_at_span(at..at + width, message)
}

pub(super) fn fail_at_span(span: Span, message: impl Into<String>) -> nom::Err<Failure> {
    nom::Err::Failure(Failure(ParseError::new(span, message)))
}

/// "but found 'x'" or "but the program ends here", about the next character.
pub(super) fn found(rest: In) -> String {
    match rest.fragment().chars().next() {
        None => "but the program ends here".to_string(),
        Some(c) => format!("but found {}", describe(c)),
    }
}

pub(super) fn unexpected(rest: &str) -> String {
    match rest.chars().next() {
        None => "unexpected end of the program".to_string(),
        Some(c) => format!("unexpected {}", describe(c)),
    }
}

pub(super) fn unexpected_after_stmt(rest: &str) -> String {
    match rest.chars().next() {
        Some(')') => "unbalanced ')': there is no '(' for it to close".to_string(),
        Some('}') => "unbalanced '}': there is no '{' for it to close".to_string(),
        Some('<' | '>') => CONDITION_AS_NUMBER.to_string(),
        Some('=' | '!') if rest[1..].starts_with('=') => CONDITION_AS_NUMBER.to_string(),
        Some(c) => format!(
            "expected an operator, ';' or a new line but found {}",
            describe(c)
        ),
        None => unexpected(rest),
    }
}

const CONDITION_AS_NUMBER: &str = "a comparison is a condition, not a number: use it after \
'if' or 'while' (step(a - b) is 1 where a > b, else 0)";

pub(super) fn describe(c: char) -> String {
    match c {
        '\n' => "a line break".to_string(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("'{c}'"),
    }
}

/// Starts parsing `src`: offsets count from its first byte, nesting from zero.
pub(super) fn begin(src: &str) {
    BASE.with(|b| b.set(src.as_ptr() as usize));
    DEPTH.with(|d| d.set(0));
}
