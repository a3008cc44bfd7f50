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

    /// The source line the error is on, its 1-based line and column, and a caret line
    /// (`   ^^^`) under the span, for a monospace display.
    pub fn render(&self, src: &str) -> String {
        let start = self.span.start.min(src.len());
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let line = &src[line_start..line_end];
        let line_no = src[..line_start].matches('\n').count() + 1;
        let col = src[line_start..start].chars().count();
        let end = self.span.end.clamp(start, line_end);
        let width = src[start..end].chars().count().max(1);
        format!(
            "line {line_no}, column {}: {}\n{line}\n{}{}",
            col + 1,
            self.message,
            " ".repeat(col),
            "^".repeat(width)
        )
    }
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
