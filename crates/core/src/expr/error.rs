//! Errors in a program's text, each with the byte span it is about.

use std::fmt;

use super::ast::Span;

/// What is wrong with a program, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The bytes the message is about (empty at a point, e.g. an unexpected end).
    pub span: Span,
    /// What was expected or what is wrong, in words a student reads.
    pub message: String,
}

impl ParseError {
    /// An error about `span`.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
        }
    }

    /// `line L, column C: message`, 1-based, for a heading above [`ParseError::snippet`].
    pub fn headline(&self, src: &str) -> String {
        let (line, col) = self.line_col(src);
        format!("line {line}, column {col}: {}", self.message)
    }

    /// The source line the error is on and a caret line (`   ^^^`) under the span, for a
    /// monospace display.
    pub fn snippet(&self, src: &str) -> String {
        let start = floor_char_boundary(src, self.span.start);
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let col = src[line_start..start].chars().count();
        let end = self.span.end.clamp(start, line_end);
        let width = src[start..end].chars().count().max(1);
        let line = &src[line_start..line_end];
        format!("{line}\n{}{}", " ".repeat(col), "^".repeat(width))
    }

    /// The headline and the snippet, one under the other.
    pub fn render(&self, src: &str) -> String {
        format!("{}\n{}", self.headline(src), self.snippet(src))
    }

    /// The 1-based line and column (in characters) where the span starts.
    fn line_col(&self, src: &str) -> (usize, usize) {
        let start = floor_char_boundary(src, self.span.start);
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = src[..line_start].matches('\n').count() + 1;
        (line, src[line_start..start].chars().count() + 1)
    }
}

/// The largest char boundary of `src` at or before `at`.
fn floor_char_boundary(src: &str, at: usize) -> usize {
    let mut at = at.min(src.len());
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.span.start)
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_puts_the_caret_under_the_span_on_its_own_line() {
        let src = "a = 1\nf = a + * 2";
        let err = ParseError::new(14..15, "expected a number, a name or '('");
        assert_eq!(
            err.render(src),
            "line 2, column 9: expected a number, a name or '('\nf = a + * 2\n        ^"
        );
    }

    #[test]
    fn render_handles_a_span_at_the_end() {
        let err = ParseError::new(3..3, "expected ')'");
        assert_eq!(
            err.render("(1+"),
            "line 1, column 4: expected ')'\n(1+\n   ^"
        );
    }
}
