//! The parser: one nom function per grammar rule.
//!
//! ```text
//! program = stmt { (";" | newline) stmt }
//! stmt    = ident "(" [ident {"," ident}] ")" "=" (expr | "[" expr {"," expr} "]")   the output(s), the inputs' order
//!         | ident "=" expr                                a binding
//!         | ident ("+=" | "-=" | "*=" | "/=") expr        name = name op (expr)
//!         | "for" ident "in" expr (".." | "..=") expr block
//!         | "while" cond block
//!         | "if" cond block { "else" "if" cond block } [ "else" block ]
//!         | "def" ident "(" [ident {"," ident}] ")" ("=" expr | "{" {assignment} "return" expr "}")
//!         | expr                                          an unnamed output
//! block   = "{" [ stmt { (";" | newline) stmt } ] "}"     no output or bare expression inside
//! cond    = conj { "or" conj }
//! conj    = neg { "and" neg }
//! neg     = "not" neg | "(" cond ")" | expr ("<" | "<=" | ">" | ">=" | "==" | "!=") expr
//! expr    = term { ("+" | "-") term }                     left-assoc
//! term    = unary { ("*" | "/") unary | implicit }        left-assoc; implicit: 2x, 3(x+1), 2 sin(x)
//! unary   = ("-" | "+") unary | power
//! power   = atom [ ("^" | "**") unary ]                   right-assoc; -x^2 = -(x^2)
//! atom    = number | ident "(" expr {"," expr} ")" | ident | "(" expr ")"
//! number  = 12 | 1.5 | .5 | 1e-3 | 2.5E+4
//! ```
//! Spaces, tabs and `#` comments may stand between any two tokens; newlines too where an
//! operand or a closing bracket must follow (after an operator, `(` or `,`), elsewhere a
//! newline ends the statement. Nesting (brackets, signs, powers) is bounded by
//! [`MAX_DEPTH`] so the recursive descent cannot exhaust WebAssembly's small stack; a block
//! counts as one level. `for`, `in`, `while`, `if`, `else`, `and`, `or` and `not` are
//! keywords where a statement or a condition can use them; `if = 3` is still a binding.

mod cond;
mod input;
mod space;
mod stmt;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, one_of, satisfy};
use nom::combinator::{opt, recognize};
use nom::error::{ErrorKind, ParseError as NomParseError};
use nom::sequence::pair;
use nom::{Input, Parser};

use input::{
    begin, describe, fail_at, fail_at_span, found, unexpected, DepthGuard, Failure, In, Located,
    Res,
};
use space::{blank, blank_nl, token};

use super::ast::{ChainOp, Expr, ExprKind, Program, Span};
use super::error::ParseError;

/// Deepest nesting of brackets, signs and powers a program may have.
pub const MAX_DEPTH: usize = 200;

/// Largest program text accepted, in bytes.
pub const MAX_BYTES: usize = 100 * 1024;

/// Parses a whole program.
pub fn parse(src: &str) -> Result<Program, ParseError> {
    if src.len() > MAX_BYTES {
        let msg = format!(
            "the program is {} KB; at most {} KB is accepted",
            src.len() / 1024,
            MAX_BYTES / 1024
        );
        return Err(ParseError::new(MAX_BYTES..src.len(), msg));
    }
    begin(src);
    match program(src) {
        Ok((_, program)) => Ok(program),
        Err(nom::Err::Error(Failure(mut e)) | nom::Err::Failure(Failure(mut e))) => {
            if e.message.is_empty() {
                e.message = unexpected(src.get(e.span.start..).unwrap_or(""));
            }
            Err(e)
        }
        Err(nom::Err::Incomplete(_)) => Err(ParseError::new(
            src.len()..src.len(),
            "unexpected end of the program",
        )),
    }
}

fn program(i: In) -> Res<Program> {
    let (i, stmts) = stmt::statements(i, None)?;
    if stmts.is_empty() {
        let end = i.location_offset();
        return Err(fail_at_span(
            0..end,
            "the program is empty: type an expression, e.g. f(x) = x^2; x = 3",
        ));
    }
    Ok((i, Program { stmts }))
}

fn expr(i: In) -> Res<Expr> {
    chain(i, term, |rest| {
        let (rest, c) = token(one_of("+-")).parse(rest)?;
        Ok((rest, if c == '+' { ChainOp::Add } else { ChainOp::Sub }))
    })
}

fn term(i: In) -> Res<Expr> {
    chain(i, unary, mul_op)
}

/// `*` (but not `**`), `/`, or nothing before a name or `(`: implicit multiplication.
fn mul_op(i: In) -> Res<ChainOp> {
    let (rest, _) = blank(i)?;
    let frag = rest.fragment();
    if frag.starts_with('*') && !frag.starts_with("**") {
        return Ok((rest.take_from(1), ChainOp::Mul));
    }
    if frag.starts_with('/') {
        return Ok((rest.take_from(1), ChainOp::Div));
    }
    let keyword_next = || {
        ["and", "or", "not", "in", "for", "while", "if", "else"]
            .iter()
            .any(|w| keyword(rest, w).is_some())
    };
    match frag.chars().next() {
        Some(c) if c == '(' || ((c.is_alphabetic() || c == '_') && !keyword_next()) => {
            Ok((rest, ChainOp::Mul))
        }
        _ => Err(nom::Err::Error(Failure::from_error_kind(
            i,
            ErrorKind::Char,
        ))),
    }
}

/// `operand { op operand }`, folded flat into one [`ExprKind::Chain`].
fn chain<'a>(
    i: In<'a>,
    operand: fn(In<'a>) -> Res<'a, Expr>,
    op: impl Fn(In<'a>) -> Res<'a, ChainOp>,
) -> Res<'a, Expr> {
    let start = i.location_offset();
    let (mut i, first) = operand(i)?;
    let mut rest = Vec::new();
    while let Ok((after_op, o)) = op(i) {
        let (after_op, _) = blank_nl(after_op)?;
        let (after, e) = operand(after_op)?;
        rest.push((o, e));
        i = after;
    }
    if rest.is_empty() {
        return Ok((i, first));
    }
    let span = start..i.location_offset();
    let kind = ExprKind::Chain {
        first: Box::new(first),
        rest,
    };
    Ok((i, Expr { kind, span }))
}

fn unary(i: In) -> Res<Expr> {
    let start = i.location_offset();
    let (i, _) = blank(i)?;
    if let Ok((rest, sign)) = one_of::<In, &str, Failure>("+-").parse(i) {
        let _guard = DepthGuard::enter(i)?;
        let (rest, _) = blank_nl(rest)?;
        let (rest, inner) = unary(rest)?;
        if sign == '+' {
            return Ok((rest, inner));
        }
        let span = start..rest.location_offset();
        return Ok((
            rest,
            Expr {
                kind: ExprKind::Neg(Box::new(inner)),
                span,
            },
        ));
    }
    power(i)
}

fn power(i: In) -> Res<Expr> {
    let start = i.location_offset();
    let (i, base) = atom(i)?;
    let Ok((rest, _)) = token(alt((tag("^"), tag("**")))).parse(i) else {
        return Ok((i, base));
    };
    let _guard = DepthGuard::enter(rest)?;
    let (rest, _) = blank_nl(rest)?;
    let (rest, exp) = unary(rest)?;
    let span = start..rest.location_offset();
    let kind = ExprKind::Pow(Box::new(base), Box::new(exp));
    Ok((rest, Expr { kind, span }))
}

fn atom(i: In) -> Res<Expr> {
    let (i, _) = blank(i)?;
    let start = i.location_offset();
    let Some(c) = i.fragment().chars().next() else {
        return Err(fail_at(
            i,
            "expected a number, a name or '(' but the program ends here",
        ));
    };
    if c.is_ascii_digit() || c == '.' {
        return number(i);
    }
    if c == '(' {
        let _guard = DepthGuard::enter(i)?;
        let (rest, _) = blank_nl(i.take_from(1))?;
        let (rest, inner) = expr(rest)?;
        let (rest, _) = blank_nl(rest)?;
        let Ok((rest, _)) = char::<In, Failure>(')').parse(rest) else {
            let msg = format!("expected ')' to close this '(' {}", found(rest));
            return Err(fail_at_span(start..start + 1, msg));
        };
        return Ok((
            rest,
            Expr {
                span: start..rest.location_offset(),
                ..inner
            },
        ));
    }
    if c.is_alphabetic() || c == '_' {
        let (rest, (name, name_span)) = ident(i)?;
        if rest.fragment().starts_with('(') {
            return call(rest, name, name_span);
        }
        return Ok((
            rest,
            Expr {
                kind: ExprKind::Name(name),
                span: name_span,
            },
        ));
    }
    if c == '[' {
        return Err(fail_at(
            i,
            "a list [..] of outputs stands only on the right of f(...) = ..., not inside an expression",
        ));
    }
    Err(fail_at(
        i,
        format!("expected a number, a name or '(' but found {}", describe(c)),
    ))
}

/// The argument list of `func(...)`; `i` starts at the `(`.
fn call(i: In, func: String, func_span: Span) -> Res<Expr> {
    let _guard = DepthGuard::enter(i)?;
    let mut args = Vec::new();
    let (mut i, _) = blank_nl(i.take_from(1))?;
    loop {
        let (rest, arg) = expr(i)?;
        args.push(arg);
        let (rest, _) = blank_nl(rest)?;
        if let Ok((rest, _)) = char::<In, Failure>(',').parse(rest) {
            (i, _) = blank_nl(rest)?;
            continue;
        }
        let Ok((rest, _)) = char::<In, Failure>(')').parse(rest) else {
            let msg = format!(
                "expected ',' or ')' to close the call to {func}( {}",
                found(rest)
            );
            return Err(fail_at(rest, msg));
        };
        let span = func_span.start..rest.location_offset();
        return Ok((
            rest,
            Expr {
                kind: ExprKind::Call {
                    func,
                    func_span,
                    args,
                },
                span,
            },
        ));
    }
}

fn number<'a>(i: In<'a>) -> Res<'a, Expr> {
    let start = i.location_offset();
    let digits = |i| take_while(|c: char| c.is_ascii_digit()).parse(i);
    let digits1 = |i| take_while1(|c: char| c.is_ascii_digit()).parse(i);
    let exponent = recognize((one_of("eE"), opt(one_of("+-")), digits1));
    // `0..3` is a range: a '.' followed by another is not a decimal point.
    let point = |i: In<'a>| -> Res<'a, char> {
        let (rest, c) = char('.').parse(i)?;
        if rest.starts_with('.') {
            return Err(nom::Err::Error(Failure::from_error_kind(
                i,
                ErrorKind::Char,
            )));
        }
        Ok((rest, c))
    };
    let mantissa = alt((
        recognize((digits1, opt((point, digits)))),
        recognize((char('.'), digits1)),
    ));
    let (rest, text) = recognize(pair(mantissa, opt(exponent)))
        .parse(i)
        .map_err(|_: nom::Err<Failure>| fail_at(i, "expected digits after '.'"))?;
    let Ok(value) = text.fragment().parse::<f64>() else {
        return Err(fail_at(i, "this number could not be read"));
    };
    let span = start..rest.location_offset();
    Ok((
        rest,
        Expr {
            kind: ExprKind::Number(value),
            span,
        },
    ))
}

/// The keyword `word` here (a whole word), and the text after it.
fn keyword<'a>(i: In<'a>, word: &str) -> Option<(In<'a>, Span)> {
    let (_, (name, span)) = ident(i).ok()?;
    (name == word).then(|| (&i[span.end - i.location_offset()..], span))
}

fn ident(i: In) -> Res<(String, Span)> {
    let (i, _) = blank(i)?;
    let start = i.location_offset();
    let (rest, name) = recognize(pair(
        satisfy(|c| c.is_alphabetic() || c == '_'),
        take_while(|c: char| c.is_alphanumeric() || c == '_'),
    ))
    .parse(i)?;
    Ok((
        rest,
        (name.fragment().to_string(), start..rest.location_offset()),
    ))
}

#[cfg(test)]
mod tests;
