//! The parser: one nom function per grammar rule.
//!
//! ```text
//! program = stmt { (";" | newline) stmt }
//! stmt    = ident "(" [ident {"," ident}] ")" "=" expr   names the output and orders its inputs
//!         | ident "=" expr                                a binding
//!         | ident ("+=" | "-=" | "*=" | "/=") expr        name = name op (expr)
//!         | "for" ident "in" expr (".." | "..=") expr block
//!         | "while" cond block
//!         | "if" cond block { "else" "if" cond block } [ "else" block ]
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

mod input;
mod space;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, one_of, satisfy};
use nom::combinator::{opt, recognize};
use nom::error::{ErrorKind, ParseError as NomParseError};
use nom::sequence::pair;
use nom::{Input, Parser};

use input::{
    begin, describe, fail_at, fail_at_span, found, unexpected, unexpected_after_stmt, DepthGuard,
    Failure, In, Located, Res,
};
use space::{blank, blank_nl, separators, token, token_nl};

use super::ast::{Block, ChainOp, CmpOp, Cond, CondKind, Expr, ExprKind, Program, Span, Stmt};
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
    let (i, stmts) = statements(i, None)?;
    if stmts.is_empty() {
        let end = i.location_offset();
        return Err(fail_at_span(
            0..end,
            "the program is empty: type an expression, e.g. f(x) = x^2; x = 3",
        ));
    }
    Ok((i, Program { stmts }))
}

/// Statements up to the end of the text, or up to the `}` closing the block opened at
/// `open` (left unread).
fn statements(i: In, open: Option<usize>) -> Res<Vec<Stmt>> {
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
        if open.is_some() {
            inside_block(&s)?;
        }
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

/// What a block may not hold: the output's definition, an expression with no name.
fn inside_block(s: &Stmt) -> Result<(), nom::Err<Failure>> {
    let msg = match s {
        Stmt::Output { .. } => "the output f(...) = ... is written outside any block",
        Stmt::Bare(_) => "a statement in a block assigns a name: write name = ...",
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

/// The keyword `word` here (a whole word), and the text after it.
fn keyword<'a>(i: In<'a>, word: &str) -> Option<(In<'a>, Span)> {
    let (_, (name, span)) = ident(i).ok()?;
    (name == word).then(|| (&i[span.end - i.location_offset()..], span))
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
    for word in ["for", "while", "if", "else"] {
        if let Some((rest, span)) = keyword(i, word) {
            if !assigned_next(rest) {
                return match word {
                    "for" => for_loop(rest, span),
                    "while" => while_loop(rest, span),
                    "if" => branches(rest, span),
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
            let (after, body) = expr(after)?;
            let span = start..after.location_offset();
            return Ok((
                after,
                Stmt::Output {
                    name,
                    params,
                    body,
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

/// A whole condition, keeping its text as written.
fn condition(i: In) -> Res<Cond> {
    let (i, _) = blank(i)?;
    let (rest, mut c) = cond(i)?;
    let len = rest.location_offset() - i.location_offset();
    c.text = i[..len].trim_end().to_string();
    Ok((rest, c))
}

/// `conj { "or" conj }`.
fn cond(i: In) -> Res<Cond> {
    cond_list(i, "or", conj, CondKind::Any)
}

/// `neg { "and" neg }`.
fn conj(i: In) -> Res<Cond> {
    cond_list(i, "and", negation, CondKind::All)
}

fn cond_list<'a>(
    i: In<'a>,
    word: &str,
    item: fn(In<'a>) -> Res<'a, Cond>,
    kind: fn(Vec<Cond>) -> CondKind,
) -> Res<'a, Cond> {
    let (i, _) = blank(i)?;
    let start = i.location_offset();
    let (mut rest, first) = item(i)?;
    let mut items = vec![first];
    while let Some((after, _)) = keyword(rest, word) {
        let (after, _) = blank_nl(after)?;
        let (after, c) = item(after)?;
        items.push(c);
        rest = after;
    }
    if items.len() == 1 {
        return Ok((rest, items.remove(0)));
    }
    let span = start..rest.location_offset();
    Ok((
        rest,
        Cond {
            kind: kind(items),
            span,
            text: String::new(),
        },
    ))
}

/// `not neg`, a bracketed condition, or a comparison.
fn negation(i: In) -> Res<Cond> {
    let (i, _) = blank(i)?;
    let start = i.location_offset();
    if let Some((rest, _)) = keyword(i, "not") {
        let _guard = DepthGuard::enter(i)?;
        let (rest, inner) = negation(rest)?;
        let span = start..rest.location_offset();
        return Ok((
            rest,
            Cond {
                kind: CondKind::Not(Box::new(inner)),
                span,
                text: String::new(),
            },
        ));
    }
    if !i.starts_with('(') {
        return comparison(i);
    }
    // `(a < b) and ...` or `(a + b) < c`: try the bracketed condition, then the comparison,
    // and report the failure that got further.
    let grouped = (|| {
        let _guard = DepthGuard::enter(i)?;
        let (rest, _) = blank_nl(i.take_from(1))?;
        let (rest, inner) = cond(rest)?;
        let (rest, _) = blank_nl(rest)?;
        let Ok((rest, _)) = char::<In, Failure>(')').parse(rest) else {
            let msg = format!("expected ')' to close this '(' {}", found(rest));
            return Err(fail_at_span(start..start + 1, msg));
        };
        Ok((
            rest,
            Cond {
                span: start..rest.location_offset(),
                ..inner
            },
        ))
    })();
    match grouped {
        Ok(done) => Ok(done),
        Err(first) => comparison(i).map_err(|second| further(first, second)),
    }
}

/// Of two failures, the one further into the text.
fn further(a: nom::Err<Failure>, b: nom::Err<Failure>) -> nom::Err<Failure> {
    let at = |e: &nom::Err<Failure>| match e {
        nom::Err::Error(Failure(p)) | nom::Err::Failure(Failure(p)) => p.span.start,
        nom::Err::Incomplete(_) => 0,
    };
    if at(&b) >= at(&a) {
        b
    } else {
        a
    }
}

/// `expr op expr`.
fn comparison(i: In) -> Res<Cond> {
    let start = i.location_offset();
    let (rest, left) = expr(i)?;
    let (rest, _) = blank(rest)?;
    let ops = [
        ("<=", CmpOp::Le),
        (">=", CmpOp::Ge),
        ("==", CmpOp::Eq),
        ("!=", CmpOp::Ne),
        ("<", CmpOp::Lt),
        (">", CmpOp::Gt),
    ];
    let Some(&(text, op)) = ops.iter().find(|(t, _)| rest.starts_with(t)) else {
        let msg = format!(
            "expected a comparison (<, <=, >, >=, ==, !=) in this condition {}",
            found(rest)
        );
        return Err(fail_at(rest, msg));
    };
    let (rest, _) = blank_nl(rest.take_from(text.len()))?;
    let (rest, right) = expr(rest)?;
    let span = start..rest.location_offset();
    Ok((
        rest,
        Cond {
            kind: CondKind::Compare(op, left, right),
            span,
            text: String::new(),
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
