//! Statements: assignments, the output's definition, blocks, loops, branches and functions.

use nom::character::complete::char;
use nom::error::{ErrorKind, ParseError as NomParseError};
use nom::{Input, Parser};

use super::cond::condition;
use super::input::{
    fail_at, fail_at_span, found, unexpected_after_stmt, DepthGuard, Failure, In, Located, Res,
};
use super::space::{blank, blank_nl, separators, token, token_nl};
use super::{expr, ident, keyword};
use crate::expr::ast::{Block, ChainOp, Expr, Span, Stmt};

/// Statements up to the end of the text, or up to the `}` closing the block opened at
/// `open` (left unread).
pub(super) fn statements(i: In, open: Option<usize>) -> Res<Vec<Stmt>> {
    statements_in(i, open, false)
}

/// The same, in a function's block (`in_function`): assignments, then `return`.
fn statements_in(i: In, open: Option<usize>, in_function: bool) -> Res<Vec<Stmt>> {
    let (mut i, _) = separators(i)?;
    let mut stmts = Vec::new();
    loop {
        match (i.fragment().chars().next(), open) {
            (None, None) | (Some('}'), Some(_)) => return Ok((i, stmts)),
            (None, Some(at)) => {
                return Err(fail_at_span(
                    at..at + 1,
                    "this '{' is not closed: expected '}' after its block",
                ))
            }
            (Some('}'), None) => {
                return Err(fail_at(
                    i,
                    "unbalanced '}': there is no '{' for it to close",
                ))
            }
            _ => {}
        }
        let (rest, s) = stmt(i)?;
        allowed(&s, open.is_some(), in_function)?;
        let (rest, _) = blank(rest)?;
        stmts.push(s);
        match rest.fragment().chars().next() {
            None => i = rest,
            Some('}') if open.is_some() => i = rest,
            Some(';' | '\n') => (i, _) = separators(rest)?,
            Some(_) => return Err(fail_at(rest, unexpected_after_stmt(rest.fragment()))),
        }
    }
}

/// Where a statement may stand: the output's definition, a bare expression and `def` at the
/// top level only; `return` only in a function; a function's block assigns and returns.
fn allowed(s: &Stmt, in_block: bool, in_function: bool) -> Result<(), nom::Err<Failure>> {
    let msg = match s {
        Stmt::Return { .. } if !in_function => "'return' outside a function: it ends a def's block",
        Stmt::Binding { param: true, .. } if in_block || in_function => {
            "param is written at the top level, outside any block: param w = 0.5"
        }
        Stmt::Return { .. } | Stmt::Binding { .. } | Stmt::Update { .. } => return Ok(()),
        _ if in_function => "a function's block assigns names and ends with return: loops, branches and definitions are written outside it",
        Stmt::Def { .. } if in_block => "def is written at the top level, outside any block",
        Stmt::Output { .. } if in_block => "the output f(...) = ... is written outside any block",
        Stmt::Bare(_) if in_block => "a statement in a block assigns a name: write name = ...",
        _ => return Ok(()),
    };
    Err(fail_at_span(s.span(), msg))
}

/// `{ statements }`; `i` starts at the `{`.
fn block(i: In) -> Res<Block> {
    let (i, _) = blank(i)?;
    let at = i.location_offset();
    let Ok((rest, _)) = char::<In, Failure>('{').parse(i) else {
        return Err(fail_at(
            i,
            format!("expected '{{' to open a block {}", found(i)),
        ));
    };
    let _guard = DepthGuard::enter(i)?;
    let (rest, body) = statements(rest, Some(at))?;
    Ok((rest.take_from(1), body))
}

/// Whether what follows a keyword-looking name makes it a plain name after all
/// (`if = 3`, `for += 1`).
fn assigned_next(rest: In) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    (rest.starts_with('=') && !rest.starts_with("=="))
        || ["+=", "-=", "*=", "/="]
            .iter()
            .any(|op| rest.starts_with(op))
}

fn stmt(i: In) -> Res<Stmt> {
    let start = i.location_offset();
    for word in ["for", "while", "if", "else", "def", "return", "param"] {
        if let Some((rest, span)) = keyword(i, word) {
            if !assigned_next(rest) {
                return match word {
                    "for" => for_loop(rest, span),
                    "while" => while_loop(rest, span),
                    "if" => branches(rest, span),
                    "def" => def(rest, span),
                    "param" => param(rest, span),
                    "return" => {
                        let (after, body) = expr(rest)?;
                        let span = span.start..after.location_offset();
                        Ok((after, Stmt::Return { body, span }))
                    }
                    _ => Err(fail_at_span(
                        span,
                        "'else' without 'if': it follows the '}' of an if block",
                    )),
                };
            }
        }
    }
    if let Ok((rest, (name, name_span))) = ident(i) {
        if let Ok((after, params)) = output_header(rest) {
            let (after, mut list) = outputs(after)?;
            let span = start..after.location_offset();
            let body = list.remove(0);
            return Ok((
                after,
                Stmt::Output {
                    name,
                    params,
                    body,
                    others: list,
                    span,
                },
            ));
        }
        if let Ok((after, _)) = assign(rest) {
            let (after, body) = expr(after)?;
            let span = start..after.location_offset();
            return Ok((
                after,
                Stmt::Binding {
                    name,
                    param: false,
                    name_span,
                    body,
                    span,
                },
            ));
        }
        if let Ok((after, op)) = update_op(rest) {
            let (after, body) = expr(after)?;
            let span = start..after.location_offset();
            return Ok((
                after,
                Stmt::Update {
                    name,
                    name_span,
                    op,
                    body,
                    span,
                },
            ));
        }
    }
    let (rest, body) = expr(i)?;
    Ok((rest, Stmt::Bare(body)))
}

/// `param name = expr` after the keyword: a binding training may update.
fn param(i: In, keyword_span: Span) -> Res<Stmt> {
    let (i, _) = blank(i)?;
    let Ok((rest, (name, name_span))) = ident(i) else {
        return Err(fail_at(
            i,
            format!(
                "expected a name after 'param', as in param w = 0.5, {}",
                found(i)
            ),
        ));
    };
    let Ok((after, _)) = assign(rest) else {
        let (rest, _) = blank(rest)?;
        return Err(fail_at(
            rest,
            format!(
                "expected '=' and the parameter's value, as in param {name} = 0.5, {}",
                found(rest)
            ),
        ));
    };
    let (after, body) = expr(after)?;
    let span = keyword_span.start..after.location_offset();
    Ok((
        after,
        Stmt::Binding {
            name,
            param: true,
            name_span,
            body,
            span,
        },
    ))
}

/// `def name(params) = expr` or `def name(params) { assignments; return expr }` after the
/// keyword.
fn def(i: In, keyword_span: Span) -> Res<Stmt> {
    let Ok((rest, (name, name_span))) = ident(i) else {
        let (at, _) = blank(i)?;
        let msg = format!("expected the function's name after 'def' {}", found(at));
        return Err(fail_at(at, msg));
    };
    let (rest, _) = blank(rest)?;
    let Some(rest) = rest.strip_prefix('(') else {
        let msg = format!(
            "expected '(' and the parameters after {name} {}",
            found(rest)
        );
        return Err(fail_at(rest, msg));
    };
    let (rest, params) = parameters(rest)?;
    if let Ok((after, _)) = assign(rest) {
        let (after, result) = expr(after)?;
        let span = keyword_span.start..after.location_offset();
        let body = Vec::new();
        return Ok((
            after,
            Stmt::Def {
                name,
                name_span,
                params,
                body,
                result,
                span,
            },
        ));
    }
    let (rest, _) = blank(rest)?;
    let at = rest.location_offset();
    let Some(inner) = rest.strip_prefix('{') else {
        let msg = format!(
            "expected '=' or '{{' after {name}'s parameters {}",
            found(rest)
        );
        return Err(fail_at(rest, msg));
    };
    let _guard = DepthGuard::enter(rest)?;
    let (after, mut body) = statements_in(inner, Some(at), true)?;
    let after = after.take_from(1);
    let span = keyword_span.start..after.location_offset();
    let Some(Stmt::Return { body: result, .. }) = body.pop() else {
        return Err(fail_at_span(
            span,
            format!("{name}'s block ends without 'return': write return and what {name} gives"),
        ));
    };
    if let Some(early) = body.iter().find(|s| matches!(s, Stmt::Return { .. })) {
        return Err(fail_at_span(
            early.span(),
            "'return' comes last in a function's block",
        ));
    }
    Ok((
        after,
        Stmt::Def {
            name,
            name_span,
            params,
            body,
            result,
            span,
        },
    ))
}

/// `[ident {"," ident}] ")"` after a `(`.
fn parameters(i: In) -> Res<Vec<(String, Span)>> {
    let mut params = Vec::new();
    let (mut i, _) = blank_nl(i)?;
    if let Some(rest) = i.strip_prefix(')') {
        return Ok((rest, params));
    }
    loop {
        let (rest, p) = ident(i)?;
        params.push(p);
        let (rest, _) = blank_nl(rest)?;
        if let Some(rest) = rest.strip_prefix(',') {
            (i, _) = blank_nl(rest)?;
            continue;
        }
        let Some(rest) = rest.strip_prefix(')') else {
            let msg = format!("expected ',' or ')' after a parameter {}", found(rest));
            return Err(fail_at(rest, msg));
        };
        return Ok((rest, params));
    }
}

/// The output's expression, or a list of them: `[e1, e2, ...]` (several outputs).
fn outputs(i: In) -> Res<Vec<Expr>> {
    let (i, _) = blank(i)?;
    let Some(mut rest) = i.strip_prefix('[') else {
        let (rest, e) = expr(i)?;
        return Ok((rest, vec![e]));
    };
    let at = i.location_offset();
    let mut list = Vec::new();
    loop {
        let (after, _) = blank_nl(rest)?;
        let (after, e) = expr(after)?;
        list.push(e);
        let (after, _) = blank_nl(after)?;
        if let Some(after) = after.strip_prefix(',') {
            rest = after;
            continue;
        }
        let Some(after) = after.strip_prefix(']') else {
            let msg = format!(
                "expected ',' or ']' to close the list of outputs opened here {}",
                found(after)
            );
            return Err(fail_at_span(at..at + 1, msg));
        };
        return Ok((after, list));
    }
}

/// `+=`, `-=`, `*=` or `/=`, then any blank space.
fn update_op(i: In) -> Res<ChainOp> {
    let (rest, _) = blank(i)?;
    let op = match rest.get(..2) {
        Some("+=") => ChainOp::Add,
        Some("-=") => ChainOp::Sub,
        Some("*=") => ChainOp::Mul,
        Some("/=") => ChainOp::Div,
        _ => {
            return Err(nom::Err::Error(Failure::from_error_kind(
                i,
                ErrorKind::Char,
            )))
        }
    };
    let (rest, _) = blank_nl(rest.take_from(2))?;
    Ok((rest, op))
}

/// `for i in A..B { ... }` after the keyword.
fn for_loop(i: In, keyword_span: Span) -> Res<Stmt> {
    let start = keyword_span.start;
    let Ok((rest, (counter, counter_span))) = ident(i) else {
        return Err(fail_at(
            blank(i)?.0,
            format!(
                "expected the loop counter's name after 'for' {}",
                found(blank(i)?.0)
            ),
        ));
    };
    let Some((rest, _)) = keyword(rest, "in") else {
        let (at, _) = blank(rest)?;
        let msg = format!("expected 'in' after the loop counter {}", found(at));
        return Err(fail_at(at, msg));
    };
    let (rest, from) = expr(rest)?;
    let (rest, _) = blank(rest)?;
    let (rest, inclusive) = if let Some(r) = rest.strip_prefix("..=") {
        (r, true)
    } else if let Some(r) = rest.strip_prefix("..") {
        (r, false)
    } else {
        let msg = format!(
            "expected '..' or '..=' between the range's ends {}",
            found(rest)
        );
        return Err(fail_at(rest, msg));
    };
    let (rest, to) = expr(rest)?;
    let (rest, body) = block(rest)?;
    let span = start..rest.location_offset();
    Ok((
        rest,
        Stmt::For {
            counter,
            counter_span,
            from,
            to,
            inclusive,
            body,
            keyword: keyword_span,
            span,
        },
    ))
}

/// `while COND { ... }` after the keyword.
fn while_loop(i: In, keyword_span: Span) -> Res<Stmt> {
    let (rest, cond) = condition(i)?;
    let (rest, body) = block(rest)?;
    let span = keyword_span.start..rest.location_offset();
    Ok((
        rest,
        Stmt::While {
            cond,
            body,
            keyword: keyword_span,
            span,
        },
    ))
}

/// `if C { ... } else if C { ... } else { ... }` after the first keyword.
fn branches(i: In, keyword_span: Span) -> Res<Stmt> {
    let mut arms = Vec::new();
    let mut otherwise = None;
    let (mut rest, first) = condition(i)?;
    let (after, body) = block(rest)?;
    arms.push((first, body));
    rest = after;
    // `else` may stand on the next line; anything else there is the next statement.
    while let Some((after_else, _)) = blank_nl(rest)
        .ok()
        .and_then(|(look, _)| keyword(look, "else"))
    {
        if let Some((after_if, _)) = keyword(after_else, "if") {
            let (after, c) = condition(after_if)?;
            let (after, body) = block(after)?;
            arms.push((c, body));
            rest = after;
            continue;
        }
        let (after, body) = block(after_else)?;
        otherwise = Some(body);
        rest = after;
        break;
    }
    let span = keyword_span.start..rest.location_offset();
    Ok((
        rest,
        Stmt::If {
            arms,
            otherwise,
            keyword: keyword_span,
            span,
        },
    ))
}

/// `"(" [ident {"," ident}] ")" "="` after the output's name.
fn output_header(i: In) -> Res<Vec<(String, Span)>> {
    let (mut i, _) = token(char('(')).parse(i)?;
    let mut params = Vec::new();
    if let Ok((rest, _)) = token_nl(char(')')).parse(i) {
        let (rest, _) = assign(rest)?;
        return Ok((rest, params));
    }
    loop {
        let (rest, _) = blank_nl(i)?;
        let (rest, p) = ident(rest)?;
        params.push(p);
        let (rest, _) = blank_nl(rest)?;
        if let Ok((rest, _)) = char::<In, Failure>(',').parse(rest) {
            i = rest;
            continue;
        }
        let (rest, _) = char(')').parse(rest)?;
        let (rest, _) = assign(rest)?;
        return Ok((rest, params));
    }
}

/// A single `=` (not `==`), then any blank space.
fn assign(i: In) -> Res<()> {
    let (rest, _) = token(char('=')).parse(i)?;
    if rest.fragment().starts_with('=') {
        return Err(nom::Err::Error(Failure::from_error_kind(
            rest,
            ErrorKind::Char,
        )));
    }
    let (rest, _) = blank_nl(rest)?;
    Ok((rest, ()))
}
