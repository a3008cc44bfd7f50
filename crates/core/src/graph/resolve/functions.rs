//! The program's functions: their parameters, bodies and the names of the program they
//! read, checked before anything runs.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{by_position, constant, exprs, references, walk};
use crate::expr::{Expr, ExprKind, ParseError, Program, Span, Stmt};
use crate::graph::Op;

/// A function: inlined at every call, with its parameters bound to the arguments' nodes.
#[derive(Debug)]
pub(crate) struct Func<'a> {
    pub params: &'a [(String, Span)],
    /// The assignments before `return`.
    pub body: &'a [Stmt],
    pub result: &'a Expr,
    /// The program's names the body reads (not its parameters or its own names), as written.
    pub globals: Vec<(&'a str, Span)>,
}

/// The program's functions, checked: names unique and not a built-in's, parameters
/// distinct, no recursion (direct or through others).
pub(super) fn functions(program: &Program) -> Result<HashMap<&str, Func<'_>>, ParseError> {
    let mut out: HashMap<&str, Func> = HashMap::default();
    let mut spans: HashMap<&str, &Span> = HashMap::default();
    for stmt in &program.stmts {
        let Stmt::Def {
            name,
            name_span,
            params,
            body,
            result,
            ..
        } = stmt
        else {
            continue;
        };
        if Op::function(name).is_some() {
            let msg =
                format!("'{name}' is a built-in function: give yours another name, e.g. my_{name}");
            return Err(ParseError::new(name_span.clone(), msg));
        }
        if spans.insert(name, name_span).is_some() {
            let msg = format!("the function '{name}' is defined twice: remove or rename one");
            return Err(ParseError::new(name_span.clone(), msg));
        }
        let mut local: HashSet<&str> = HashSet::default();
        for (p, span) in params {
            if !local.insert(p) {
                let msg = format!("the parameter '{p}' is named twice");
                return Err(ParseError::new(span.clone(), msg));
            }
        }
        let mut globals = Vec::new();
        let exprs = body.iter().flat_map(exprs).chain([result]);
        let mut assigned = body.iter().filter_map(Stmt::assigned);
        for e in exprs {
            for (n, span) in references(e) {
                if !local.contains(n) && constant(n).is_none() {
                    globals.push((n, span));
                }
            }
        }
        local.extend(&mut assigned);
        globals.retain(|(n, _)| !local.contains(n));
        by_position(&mut globals);
        out.insert(
            name,
            Func {
                params,
                body,
                result,
                globals,
            },
        );
    }
    // Recursion: a call cycle among the functions, found depth first.
    let calls = |f: &Func| -> Vec<String> {
        let mut called = Vec::new();
        for e in f.body.iter().flat_map(exprs).chain([f.result]) {
            walk(e, |e| {
                if let ExprKind::Call { func, .. } = &e.kind {
                    called.push(func.clone());
                }
            });
        }
        called
    };
    let graph: HashMap<&str, Vec<String>> = out.iter().map(|(n, f)| (*n, calls(f))).collect();
    let mut names: Vec<&str> = graph.keys().copied().collect();
    names.sort_unstable_by_key(|n| spans[n].start);
    for &start in &names {
        let mut path = vec![start];
        let mut stack = vec![(start, 0usize)];
        while let Some(&mut (f, ref mut next)) = stack.last_mut() {
            let Some(g) = graph[f].get(*next) else {
                stack.pop();
                path.pop();
                continue;
            };
            *next += 1;
            let Some((&g, _)) = graph.get_key_value(g.as_str()) else {
                continue;
            };
            if g == start {
                path.push(g);
                let msg = if path.len() == 2 {
                    format!("{start} calls itself; recursion is not supported")
                } else {
                    format!(
                        "{start} calls itself through {}; recursion is not supported",
                        path.join(" -> ")
                    )
                };
                return Err(ParseError::new(spans[start].clone(), msg));
            }
            if !path.contains(&g) && path.len() <= names.len() {
                path.push(g);
                stack.push((g, 0));
            }
        }
    }
    Ok(out)
}
