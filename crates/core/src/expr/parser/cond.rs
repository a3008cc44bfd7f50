//! Conditions of `if` and `while`: comparisons joined by `and`, `or`, `not` and brackets.

use nom::character::complete::char;
use nom::{Input, Parser};

use super::input::{fail_at, fail_at_span, found, DepthGuard, Failure, In, Located, Res};
use super::space::{blank, blank_nl};
use super::{expr, keyword};
use crate::expr::ast::{CmpOp, Cond, CondKind};

/// A whole condition, keeping its text as written.
pub(super) fn condition(i: In) -> Res<Cond> {
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
