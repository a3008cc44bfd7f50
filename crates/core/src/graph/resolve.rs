//! What a program's statements mean together: which names are inputs (and their values),
//! which is the output, and in which order the named intermediates must be built.
//! Every walk here is iterative: a chain of 10,000 definitions is legal.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::expr::{Expr, ExprKind, ParseError, Program, Span, Stmt};

use super::Op;

/// An input variable and its value at the point of evaluation.
#[derive(Debug)]
pub(super) struct InputPlan {
    pub name: String,
    pub value: f64,
    pub span: Span,
}

/// The program, resolved into what to build and in what order.
#[derive(Debug)]
pub(super) struct Plan<'a> {
    pub inputs: Vec<InputPlan>,
    /// Named intermediates the output needs, each after the ones it uses.
    pub defs: Vec<(&'a str, &'a Expr)>,
    pub output: &'a Expr,
    pub output_name: Option<&'a str>,
    pub warnings: Vec<ParseError>,
    /// About how many nodes the graph will have (for sizing its storage).
    pub size_hint: usize,
}

struct Def<'a> {
    body: &'a Expr,
    name_span: Span,
    refs: Vec<(&'a str, Span)>,
}

/// Resolves the program's names into a [`Plan`].
pub(super) fn resolve(program: &Program) -> Result<Plan<'_>, ParseError> {
    let defined: HashSet<&str> = program.stmts.iter().filter_map(stmt_name).collect();
    let mut defs: HashMap<&str, Def> = HashMap::default();
    let mut outputs = Vec::new();
    for (i, stmt) in program.stmts.iter().enumerate() {
        let (name, name_span, body) = match stmt {
            Stmt::Output {
                name, body, span, ..
            } => {
                outputs.push(i);
                let span = span.start..span.start + name.len();
                (name.as_str(), span, body)
            }
            Stmt::Binding {
                name,
                name_span,
                body,
                ..
            } => (name.as_str(), name_span.clone(), body),
            Stmt::Bare(_) => continue,
        };
        let refs = variables(body, &defined);
        let def = Def {
            body,
            name_span: name_span.clone(),
            refs,
        };
        if defs.insert(name, def).is_some() {
            return Err(ParseError::new(
                name_span,
                format!("'{name}' is defined twice: remove or rename one"),
            ));
        }
    }
    if let Some(&second) = outputs.get(1) {
        let span = stmt_span(&program.stmts[second]);
        return Err(ParseError::new(
            span,
            "only one output f(...) = ... per program",
        ));
    }
    let bare = program.stmts.iter().filter_map(|s| match s {
        Stmt::Bare(body) => Some(body),
        _ => None,
    });
    let mut used: HashSet<&str> = bare
        .flat_map(|b| variables(b, &defined))
        .map(|(n, _)| n)
        .collect();
    used.extend(defs.values().flat_map(|d| d.refs.iter().map(|(n, _)| *n)));
    let is_input = |name: &str| {
        defs.get(name)
            .is_some_and(|d| used.contains(name) && d.refs.is_empty())
    };

    let (output, output_name, params) = pick_output(program, &is_input)?;
    let output_refs = variables(output, &defined);
    let order = build_order(&output_refs, &defs, &is_input)?;
    // Every name the output reaches, with the span of each use.
    let mut reached_refs: Vec<(&str, Span)> = order
        .iter()
        .flat_map(|(n, _)| defs[n].refs.iter().cloned())
        .collect();
    reached_refs.extend(output_refs);
    let inputs = collect_inputs(params, &reached_refs, &defs, &is_input)?;
    let in_order: HashSet<&str> = order.iter().map(|(n, _)| *n).collect();
    let reached: HashSet<&str> = reached_refs.iter().map(|(n, _)| *n).collect();
    let mut warnings = Vec::new();
    for (name, def) in &defs {
        let needed = in_order.contains(name)
            || is_input(name)
            || Some(*name) == output_name
            || params.iter().any(|(p, _)| p == name);
        if !needed {
            let msg = format!("'{name}' is defined but the output does not use it");
            warnings.push(ParseError::new(def.name_span.clone(), msg));
        }
    }
    for (name, span) in params {
        if !inputs.iter().any(|i| &i.name == name) {
            continue;
        }
        if !reached.contains(name.as_str()) {
            warnings.push(ParseError::new(
                span.clone(),
                format!("input '{name}' is listed but never used"),
            ));
        }
    }
    warnings.sort_by_key(|w| w.span.start);
    // One operation per use of a name, roughly (`h = sin(a)*x + b`: three of each).
    let size_hint = (reached.len() + reached_refs.len() + 8).min(4 * super::MAX_NODES);
    Ok(Plan {
        inputs,
        defs: order,
        output,
        output_name,
        warnings,
        size_hint,
    })
}

type Params<'a> = &'a [(String, Span)];

/// The output: the `f(...) = ...` statement, else the last statement that is not an input.
fn pick_output<'a>(
    program: &'a Program,
    is_input: &dyn Fn(&str) -> bool,
) -> Result<(&'a Expr, Option<&'a str>, Params<'a>), ParseError> {
    for stmt in &program.stmts {
        if let Stmt::Output {
            name, params, body, ..
        } = stmt
        {
            return Ok((body, Some(name), params));
        }
    }
    for stmt in program.stmts.iter().rev() {
        match stmt {
            Stmt::Binding { name, body, .. } if !is_input(name) => {
                return Ok((body, Some(name), &[]))
            }
            Stmt::Bare(body) => return Ok((body, None, &[])),
            _ => {}
        }
    }
    let span = program.stmts.first().map_or(0..0, stmt_span);
    Err(ParseError::new(
        span,
        "every statement gives a value to an input: write the function too, e.g. f = x^2",
    ))
}

/// The named intermediates reachable from the output, each after its dependencies
/// (iterative depth-first search; a cycle is an error naming it).
fn build_order<'a>(
    output_refs: &[(&'a str, Span)],
    defs: &HashMap<&'a str, Def<'a>>,
    is_input: &dyn Fn(&str) -> bool,
) -> Result<Vec<(&'a str, &'a Expr)>, ParseError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Active,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::default();
    let mut order = Vec::new();
    let intermediate = |n: &str| defs.contains_key(n) && !is_input(n);
    let root_refs: Vec<&str> = output_refs.iter().map(|(n, _)| *n).collect();
    for root in root_refs.into_iter().filter(|n| intermediate(n)) {
        if marks.contains_key(root) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(root, 0)];
        marks.insert(root, Mark::Active);
        while let Some(&mut (name, ref mut next)) = stack.last_mut() {
            let refs = &defs[name].refs;
            if let Some((dep, _)) = refs.get(*next) {
                *next += 1;
                if !intermediate(dep) {
                    continue;
                }
                match marks.get(dep) {
                    Some(Mark::Done) => {}
                    Some(Mark::Active) => return Err(cycle_error(dep, &stack, defs)),
                    None => {
                        marks.insert(dep, Mark::Active);
                        stack.push((dep, 0));
                    }
                }
            } else {
                marks.insert(name, Mark::Done);
                order.push((name, defs[name].body));
                stack.pop();
            }
        }
    }
    Ok(order)
}

fn cycle_error(dep: &str, stack: &[(&str, usize)], defs: &HashMap<&str, Def>) -> ParseError {
    let start = stack.iter().position(|(n, _)| *n == dep).unwrap_or(0);
    let mut names: Vec<&str> = stack[start..].iter().map(|(n, _)| *n).collect();
    names.push(dep);
    let span = defs.get(dep).map_or(0..0, |d| d.name_span.clone());
    ParseError::new(
        span,
        format!("'{dep}' depends on itself: {}", names.join(" -> ")),
    )
}

/// The inputs: `f(...)`'s parameters in order, then other free names by first use.
fn collect_inputs(
    params: Params,
    reached: &[(&str, Span)],
    defs: &HashMap<&str, Def>,
    is_input: &dyn Fn(&str) -> bool,
) -> Result<Vec<InputPlan>, ParseError> {
    let mut free = reached.to_vec();
    free.retain(|(n, _)| !defs.contains_key(n) || is_input(n));
    by_position(&mut free);
    let mut inputs: Vec<InputPlan> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::default();
    let names = params
        .iter()
        .map(|(n, s)| (n.as_str(), s.clone()))
        .chain(free);
    for (name, span) in names {
        if !seen.insert(name) {
            continue;
        }
        let value = match defs.get(name) {
            Some(def) => const_value(def.body, defs)?,
            None if params.iter().any(|(p, _)| p == name) || constant(name).is_none() => {
                return Err(no_value(name, span));
            }
            None => continue,
        };
        inputs.push(InputPlan {
            name: name.to_string(),
            value,
            span,
        });
    }
    Ok(inputs)
}

fn no_value(name: &str, span: Span) -> ParseError {
    let msg = format!("'{name}' has no value: give it one with a line such as {name} = 3");
    ParseError::new(span, msg)
}

/// The built-in constant a name stands for, unless the program binds it.
pub(super) fn constant(name: &str) -> Option<f64> {
    match name {
        "pi" => Some(std::f64::consts::PI),
        "e" => Some(std::f64::consts::E),
        _ => None,
    }
}

/// The value of an input's defining expression, which names no variable.
fn const_value(e: &Expr, defs: &HashMap<&str, Def>) -> Result<f64, ParseError> {
    Ok(match &e.kind {
        ExprKind::Number(v) => *v,
        ExprKind::Name(n) if !defs.contains_key(n.as_str()) => constant(n).unwrap_or(f64::NAN),
        ExprKind::Name(n) => return Err(no_value(n, e.span.clone())),
        ExprKind::Neg(a) => -const_value(a, defs)?,
        ExprKind::Pow(a, b) => Op::Pow.eval(&[const_value(a, defs)?, const_value(b, defs)?]),
        ExprKind::Call {
            func,
            func_span,
            args,
        } => {
            let op = super::call::function_op(func, func_span, args.len(), &|_| false)?;
            let [a] = args.as_slice() else {
                return Err(ParseError::new(
                    func_span.clone(),
                    "wrong number of arguments",
                ));
            };
            op.eval(&[const_value(a, defs)?])
        }
        ExprKind::Chain { first, rest } => {
            let mut acc = const_value(first, defs)?;
            for (op, operand) in rest {
                acc = super::call::chain_op(*op).eval(&[acc, const_value(operand, defs)?]);
            }
            acc
        }
    })
}

/// Every name an expression refers to, with its span, in no particular order.
/// Built-in constants are included; callers decide whether the program rebinds them.
pub(super) fn references(e: &Expr) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Number(_) => {}
            ExprKind::Name(n) => out.push((n.as_str(), e.span.clone())),
            ExprKind::Neg(inner) => stack.push(inner),
            ExprKind::Pow(b, x) => stack.extend([&**b, &**x]),
            ExprKind::Call { args, .. } => stack.extend(args),
            ExprKind::Chain { first, rest } => {
                stack.push(first);
                stack.extend(rest.iter().map(|(_, e)| e));
            }
        }
    }
    out
}

/// The variables an expression refers to: a built-in constant counts only where the
/// program binds its name.
fn variables<'a>(e: &'a Expr, defined: &HashSet<&str>) -> Vec<(&'a str, Span)> {
    let mut refs = references(e);
    refs.retain(|(n, _)| defined.contains(n) || constant(n).is_none());
    by_position(&mut refs);
    refs
}

/// Orders references as written (each stands at its own place). One function for every
/// list of references, so the sort is compiled once into the page.
fn by_position(refs: &mut [(&str, Span)]) {
    refs.sort_unstable_by_key(|(_, span)| span.start);
}

fn stmt_name(stmt: &Stmt) -> Option<&str> {
    match stmt {
        Stmt::Output { name, .. } | Stmt::Binding { name, .. } => Some(name),
        Stmt::Bare(_) => None,
    }
}

fn stmt_span(stmt: &Stmt) -> Span {
    match stmt {
        Stmt::Output { span, .. } | Stmt::Binding { span, .. } => span.clone(),
        Stmt::Bare(body) => body.span.clone(),
    }
}
