//! What a program's statements mean together, before anything runs: which names are
//! defined once at the top level (order-free: Olah's `c = a + b; a = 2`), which are
//! assigned more than once or inside a block (sequential: statements about them run top
//! to bottom), which are inputs (and their values), and which name is the output.
//! Every walk here is iterative over statements: a chain of 10,000 definitions is legal.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::expr::{Cond, CondKind, Expr, ExprKind, ParseError, Program, Span, Stmt};

use super::Op;

mod functions;

pub(super) use functions::Func;

/// A name defined once, at the top level: built when first needed, wherever it stands.
#[derive(Debug)]
pub(super) struct Def<'a> {
    pub body: &'a Expr,
    pub name_span: Span,
    /// The variables its body uses, in the order written.
    pub refs: Vec<(&'a str, Span)>,
    /// The top-level statement that defines it.
    pub index: usize,
}

/// What the program computes.
#[derive(Debug)]
pub(super) enum Output<'a> {
    /// The final value of a name.
    Name(&'a str),
    /// An expression with no name, the top-level statement `index`.
    Bare(usize),
}

/// The program, resolved into what to build.
#[derive(Debug)]
pub(super) struct Plan<'a> {
    pub defs: HashMap<&'a str, Def<'a>>,
    /// Names assigned more than once or inside a block, with the top-level statements
    /// that assign them (a loop's or a branch's statement counts for its block).
    pub sequential: HashMap<&'a str, Vec<usize>>,
    /// Every name some statement reads.
    pub used: HashSet<&'a str>,
    /// Every name some assignment (or the unnamed output) reads: a loop's bound or a
    /// condition alone does not make a name an input of the gradient.
    pub valued: HashSet<&'a str>,
    pub output: Output<'a>,
    pub output_name: Option<&'a str>,
    /// `f(...)`'s parameters, in order.
    pub params: &'a [(String, Span)],
    /// The functions, by name.
    pub functions: HashMap<&'a str, Func<'a>>,
    /// For several outputs `f(...) = [e1, e2, ...]`: the statement's index and e2, e3, ...
    pub others: Option<(usize, &'a [Expr])>,
    /// About how many nodes the graph will have (for sizing its storage).
    pub size_hint: usize,
}

impl Plan<'_> {
    /// Whether `name` is an input: defined once, by a constant expression, and used.
    pub fn is_input(&self, name: &str) -> bool {
        self.defs
            .get(name)
            .is_some_and(|d| d.refs.is_empty() && self.used.contains(name))
    }
}

/// Resolves the program's names into a [`Plan`].
pub(super) fn resolve(program: &Program) -> Result<Plan<'_>, ParseError> {
    let mut assigned: HashMap<&str, Vec<usize>> = HashMap::default();
    let mut in_block: HashSet<&str> = HashSet::default();
    let mut updated: HashSet<&str> = HashSet::default();
    let mut used: HashSet<&str> = HashSet::default();
    let mut valued: HashSet<&str> = HashSet::default();
    let mut outputs = Vec::new();
    let mut reads = 0;
    for (index, stmt) in program.stmts.iter().enumerate() {
        if matches!(stmt, Stmt::Output { .. }) {
            outputs.push(index);
        }
        // Every statement inside this one, nested blocks included, without recursion.
        let mut stack: Vec<(&Stmt, bool)> = vec![(stmt, false)];
        while let Some((s, nested)) = stack.pop() {
            if let Some(name) = s.assigned() {
                assigned.entry(name).or_default().push(index);
                if nested {
                    in_block.insert(name);
                }
                if matches!(s, Stmt::Update { .. }) {
                    updated.insert(name);
                }
            }
            let assigns = s.assigned().is_some() || matches!(s, Stmt::Bare(_));
            for e in exprs(s) {
                for (n, _) in references(e) {
                    used.insert(n);
                    if assigns {
                        valued.insert(n);
                    }
                    reads += 1;
                }
            }
            for b in s.blocks() {
                stack.extend(b.iter().rev().map(|s| (s, true)));
            }
        }
    }
    let functions = functions::functions(program)?;
    for f in functions.values() {
        for (n, _) in &f.globals {
            used.insert(n);
            valued.insert(n);
        }
    }
    if let Some(&second) = outputs.get(1) {
        return Err(ParseError::new(
            program.stmts[second].span(),
            "only one output f(...) = ... per program",
        ));
    }
    let defined: HashSet<&str> = assigned.keys().copied().collect();
    let mut defs: HashMap<&str, Def> = HashMap::default();
    let mut sequential: HashMap<&str, Vec<usize>> = HashMap::default();
    for (name, at) in assigned {
        if at.len() > 1 || in_block.contains(name) || updated.contains(name) {
            sequential.insert(name, at);
        }
    }
    for (index, stmt) in program.stmts.iter().enumerate() {
        let (name, name_span, body) = match stmt {
            Stmt::Output {
                name, body, span, ..
            } => (name.as_str(), span.start..span.start + name.len(), body),
            Stmt::Binding {
                name,
                name_span,
                body,
                ..
            } => (name.as_str(), name_span.clone(), body),
            _ => continue,
        };
        if sequential.contains_key(name) {
            continue;
        }
        let refs = variables(body, &defined);
        let def = Def {
            body,
            name_span,
            refs,
            index,
        };
        defs.insert(name, def);
    }
    let mut plan = Plan {
        defs,
        sequential,
        used,
        valued,
        output: Output::Name(""),
        output_name: None,
        params: &[],
        functions,
        others: None,
        size_hint: (reads + 8).min(4 * super::MAX_NODES),
    };
    let (output, output_name, params) = pick_output(program, &plan)?;
    plan.output = output;
    plan.output_name = output_name;
    plan.params = params;
    plan.others = program.stmts.iter().enumerate().find_map(|(k, s)| match s {
        Stmt::Output { others, .. } if !others.is_empty() => Some((k, others.as_slice())),
        _ => None,
    });
    Ok(plan)
}

type Params<'a> = &'a [(String, Span)];

/// The output: the `f(...) = ...` statement, else the last statement that is not an
/// input's value (looking into blocks: the last name a loop or a branch assigns).
fn pick_output<'a>(
    program: &'a Program,
    plan: &Plan<'a>,
) -> Result<(Output<'a>, Option<&'a str>, Params<'a>), ParseError> {
    for stmt in &program.stmts {
        if let Stmt::Output { name, params, .. } = stmt {
            return Ok((Output::Name(name), Some(name), params));
        }
    }
    for (index, stmt) in program.stmts.iter().enumerate().rev() {
        if let Stmt::Bare(_) = stmt {
            return Ok((Output::Bare(index), None, &[]));
        }
        if let Some(name) = last_assigned(stmt, &|n| !plan.is_input(n)) {
            return Ok((Output::Name(name), Some(name), &[]));
        }
    }
    let span = program.stmts.first().map_or(0..0, Stmt::span);
    Err(ParseError::new(
        span,
        "every statement gives a value to an input: write the function too, e.g. f = x^2",
    ))
}

/// The last name `stmt` assigns (in its blocks, the last written) that passes `keep`.
fn last_assigned<'a>(stmt: &'a Stmt, keep: &dyn Fn(&str) -> bool) -> Option<&'a str> {
    let mut stack = vec![stmt];
    while let Some(s) = stack.pop() {
        if let Some(name) = s.assigned().filter(|n| keep(n)) {
            return Some(name);
        }
        // Pushed in order, so the last statement of the last block is looked at first.
        for b in s.blocks() {
            stack.extend(b.iter());
        }
    }
    None
}

/// The expressions a statement itself holds (not its blocks').
pub(super) fn exprs(s: &Stmt) -> Vec<&Expr> {
    match s {
        Stmt::Output { body, others, .. } => std::iter::once(body).chain(others).collect(),
        Stmt::Binding { body, .. } | Stmt::Update { body, .. } | Stmt::Bare(body) => vec![body],
        Stmt::For { from, to, .. } => vec![from, to],
        Stmt::While { cond, .. } => cond_exprs(cond),
        Stmt::If { arms, .. } => arms.iter().flat_map(|(c, _)| cond_exprs(c)).collect(),
        // A function's expressions are its own (see `functions`).
        Stmt::Def { .. } => vec![],
        Stmt::Return { body, .. } => vec![body],
    }
}

/// The expressions a condition compares.
pub(super) fn cond_exprs(c: &Cond) -> Vec<&Expr> {
    let mut out = Vec::new();
    let mut stack = vec![c];
    while let Some(c) = stack.pop() {
        match &c.kind {
            CondKind::Compare(_, a, b) => out.extend([a, b]),
            CondKind::All(items) | CondKind::Any(items) => stack.extend(items),
            CondKind::Not(inner) => stack.push(inner),
        }
    }
    out
}

/// The inputs' values: an input's defining expression names no variable.
pub(super) fn const_value(e: &Expr, plan: &Plan) -> Result<f64, ParseError> {
    Ok(match &e.kind {
        ExprKind::Number(v) => *v,
        ExprKind::Name(n) if !plan.defs.contains_key(n.as_str()) => constant(n).unwrap_or(f64::NAN),
        ExprKind::Name(n) => return Err(no_value(n, e.span.clone())),
        ExprKind::Neg(a) => -const_value(a, plan)?,
        ExprKind::Pow(a, b) => Op::Pow.eval(&[const_value(a, plan)?, const_value(b, plan)?]),
        ExprKind::Call {
            func,
            func_span,
            args,
        } => {
            let op = super::call::function_op(func, func_span, args.len(), &|_| false)?;
            let values = args
                .iter()
                .map(|a| const_value(a, plan))
                .collect::<Result<Vec<_>, _>>()?;
            op.eval(&values)
        }
        ExprKind::Chain { first, rest } => {
            let mut acc = const_value(first, plan)?;
            for (op, operand) in rest {
                acc = super::call::chain_op(*op).eval(&[acc, const_value(operand, plan)?]);
            }
            acc
        }
    })
}

pub(super) fn no_value(name: &str, span: Span) -> ParseError {
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

/// Every name an expression refers to, with its span, in no particular order.
/// Built-in constants are included; callers decide whether the program rebinds them.
pub(super) fn references(e: &Expr) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    walk(e, |e| {
        if let ExprKind::Name(n) = &e.kind {
            out.push((n.as_str(), e.span.clone()));
        }
    });
    out
}

/// Visits every sub-expression of `e` (itself included), without recursion.
pub(super) fn walk<'a>(e: &'a Expr, mut visit: impl FnMut(&'a Expr)) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        visit(e);
        match &e.kind {
            ExprKind::Number(_) | ExprKind::Name(_) => {}
            ExprKind::Neg(inner) => stack.push(inner),
            ExprKind::Pow(b, x) => stack.extend([&**b, &**x]),
            ExprKind::Call { args, .. } => stack.extend(args),
            ExprKind::Chain { first, rest } => {
                stack.push(first);
                stack.extend(rest.iter().map(|(_, e)| e));
            }
        }
    }
}

/// The variables an expression refers to, in the order written: a built-in constant
/// counts only where the program binds its name.
pub(super) fn variables<'a>(e: &'a Expr, defined: &HashSet<&str>) -> Vec<(&'a str, Span)> {
    let mut refs = references(e);
    refs.retain(|(n, _)| defined.contains(n) || constant(n).is_none());
    by_position(&mut refs);
    refs
}

/// Orders references as written (each stands at its own place). One function for every
/// list of references, so the sort is compiled once into the page.
pub(super) fn by_position(refs: &mut [(&str, Span)]) {
    refs.sort_unstable_by_key(|(_, span)| span.start);
}
