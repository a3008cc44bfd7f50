//! Names and expressions: a name defined once is built when first needed (each after the
//! ones it uses), a name assigned in order reads its latest version, a loop's counter is a
//! number; expressions become nodes through the builder.

use rustc_hash::FxHashMap as HashMap;

use super::super::build::Key;
use super::super::call::{chain_op, function_op, nearest};
use super::super::resolve::{
    by_position, const_value, constant, exprs, no_value, references, Def, Func,
};
use super::super::{CallSite, NodeId, Op};
use super::{Frame, Run};
use crate::expr::{Expr, ExprKind, ParseError, Span, Stmt};

impl<'a> Run<'a, '_> {
    /// The node of an expression written in the statement running now.
    pub(super) fn value(&mut self, e: &'a Expr) -> Result<NodeId, ParseError> {
        let mut refs = references(e);
        by_position(&mut refs);
        self.prepare(&refs)?;
        self.expr(e, self.at)
    }

    /// Builds the names defined once that `refs` need and that are not built yet, each
    /// after the ones it uses (iterative depth-first search; a cycle is an error naming it).
    pub(super) fn prepare(&mut self, refs: &[(&'a str, Span)]) -> Result<(), ParseError> {
        // A name defined once is the program's, not a call's: built outside any call.
        let frames = std::mem::take(&mut self.frames);
        let call = self.b.call.take();
        let done = self.prepare_defs(refs);
        self.frames = frames;
        self.b.call = call;
        done
    }

    fn prepare_defs(&mut self, refs: &[(&'a str, Span)]) -> Result<(), ParseError> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            Active,
            Done,
        }
        let plan = self.plan;
        let pending = |run: &Self, n: &str| {
            plan.defs.contains_key(n)
                && !plan.is_input(n)
                && !run.built.contains_key(n)
                && !run.counters.iter().any(|(c, _)| *c == n)
        };
        let mut marks: HashMap<&str, Mark> = HashMap::default();
        for (root, span) in refs.iter().cloned() {
            if !pending(self, root) || marks.contains_key(root) {
                continue;
            }
            // Read, through a function's global, while its own body is being built.
            if let Some(e) = self.cycle_through_call(root, &span) {
                return Err(e);
            }
            let mut stack: Vec<(&'a str, usize)> = vec![(root, 0)];
            marks.insert(root, Mark::Active);
            while let Some(&mut (name, ref mut next)) = stack.last_mut() {
                let def = &plan.defs[name];
                if let Some(&(dep, _)) = def.refs.get(*next) {
                    *next += 1;
                    if !pending(self, dep) {
                        continue;
                    }
                    // A name this one needs is being built further out: the function
                    // call that led here reads it (`x = f + 1` read by `g`, `f = g(...)`).
                    if let Some(e) = self.cycle_through_call(dep, &span) {
                        return Err(e);
                    }
                    match marks.get(dep) {
                        Some(Mark::Done) => {}
                        Some(Mark::Active) => return Err(cycle_error(dep, &stack, &plan.defs)),
                        None => {
                            marks.insert(dep, Mark::Active);
                            stack.push((dep, 0));
                        }
                    }
                } else {
                    marks.insert(name, Mark::Done);
                    stack.pop();
                    self.building.push(name);
                    let id = self.expr(def.body, def.index);
                    self.building.pop();
                    let id = id?;
                    self.b.name(id, name, 1);
                    self.built.insert(name, id);
                }
            }
        }
        Ok(())
    }

    /// The error for reading `name` while its own body is being built (through a function
    /// that reads a global), if that is what this is.
    fn cycle_through_call(&self, name: &str, span: &Span) -> Option<ParseError> {
        let outer = *self.building.iter().find(|&&b| b == name)?;
        let msg = format!(
            "'{outer}' depends on itself: its definition calls a function that reads it, directly or through other names"
        );
        Some(ParseError::new(span.clone(), msg))
    }

    /// The node for `e`, written in top-level statement `at`. Recursion follows the
    /// text's nesting, which the parser bounds.
    pub(super) fn expr_at(&mut self, e: &'a Expr, at: usize) -> Result<NodeId, ParseError> {
        self.expr(e, at)
    }

    fn expr(&mut self, e: &'a Expr, at: usize) -> Result<NodeId, ParseError> {
        let span = e.span.clone();
        match &e.kind {
            ExprKind::Number(v) => self.b.constant(*v, None, span),
            ExprKind::Name(n) => self.name(n, span, at),
            ExprKind::Neg(inner) => match inner.kind {
                // A negative literal is one constant, not an operation.
                ExprKind::Number(v) => self.b.constant(-v, None, span),
                _ => self.op(Op::Neg, &[inner], span, at),
            },
            ExprKind::Pow(a, b) => self.op(Op::Pow, &[a, b], span, at),
            ExprKind::Call {
                func,
                func_span,
                args,
            } if self.plan.functions.contains_key(func.as_str()) => {
                self.call(func, func_span, args, at)
            }
            ExprKind::Call {
                func,
                func_span,
                args,
            } => {
                let plan = self.plan;
                if Op::function(func).is_none() {
                    let mine: Vec<&str> = plan.functions.keys().copied().collect();
                    if let Some(best) = nearest(func, &mine) {
                        let msg = format!("unknown function '{func}': did you mean {best}?");
                        return Err(ParseError::new(func_span.clone(), msg));
                    }
                }
                let op = function_op(func, func_span, args.len(), &|n| {
                    plan.defs.contains_key(n) || plan.sequential.contains_key(n)
                })?;
                let args: Vec<&Expr> = args.iter().collect();
                self.op(op, &args, span, at)
            }
            ExprKind::Chain { first, rest } => {
                // All operands first, then the folds: Baydin's numbering of
                // ln(x1) + x1*x2 - sin(x2) is v1 = ln, v2 = *, v3 = sin, v4 = +, v5 = -.
                let mut acc = self.expr(first, at)?;
                let operands = rest
                    .iter()
                    .map(|(_, o)| self.expr(o, at))
                    .collect::<Result<Vec<_>, _>>()?;
                for ((op, operand), id) in rest.iter().zip(operands) {
                    let span = span.start..operand.span.end;
                    let op = chain_op(*op);
                    acc = self
                        .b
                        .add(Key::op(op, &[acc, id]), op, &[acc, id], span, 0.0)?;
                }
                Ok(acc)
            }
        }
    }

    fn op(
        &mut self,
        op: Op,
        args: &[&'a Expr],
        span: Span,
        at: usize,
    ) -> Result<NodeId, ParseError> {
        let mut operands = [NodeId::end(); 2];
        for (slot, a) in args.iter().enumerate().take(2) {
            operands[slot] = self.expr(a, at)?;
        }
        let operands = &operands[..args.len().min(2)];
        self.b.add(Key::op(op, operands), op, operands, span, 0.0)
    }

    /// The node a name stands for, used in top-level statement `at`.
    /// A call of the program's function `name`, inlined: the arguments' nodes bound to its
    /// parameters, its assignments and its result built as nodes tagged with the call.
    fn call(
        &mut self,
        name: &'a str,
        func_span: &Span,
        args: &'a [Expr],
        at: usize,
    ) -> Result<NodeId, ParseError> {
        let plan = self.plan;
        let f = &plan.functions[name];
        if args.len() != f.params.len() {
            let s = if f.params.len() == 1 { "" } else { "s" };
            let msg = format!(
                "{name} takes {} argument{s}, {} given",
                f.params.len(),
                args.len()
            );
            return Err(ParseError::new(func_span.clone(), msg));
        }
        let mut locals = HashMap::default();
        for ((p, _), a) in f.params.iter().zip(args) {
            let id = self.expr(a, at)?;
            locals.insert(p.as_str(), id);
        }
        self.prepare(&f.globals)?;
        let nth = self.calls.iter().filter(|c| c.function == name).count() as u32 + 1;
        self.calls.push(CallSite {
            function: name.to_string(),
            nth,
            parent: self.b.call,
        });
        let site = Some(self.calls.len() as u32 - 1);
        self.frames.push(Frame {
            function: name,
            locals,
        });
        let outer = std::mem::replace(&mut self.b.call, site);
        let result = self.call_body(f, at);
        self.b.call = outer;
        self.frames.pop();
        result
    }

    /// A function's assignments, in order, then its result.
    fn call_body(&mut self, f: &Func<'a>, at: usize) -> Result<NodeId, ParseError> {
        for stmt in f.body {
            let (name, id) = match stmt {
                Stmt::Binding { name, body, .. } => (name, self.expr(body, at)?),
                Stmt::Update {
                    name,
                    name_span,
                    op,
                    body,
                    span,
                } => {
                    let current = self
                        .frames
                        .last()
                        .and_then(|fr| fr.locals.get(name.as_str()).copied());
                    let Some(current) = current else {
                        let msg = format!("'{name}' has no value yet in this function: assign it first ({name} = ...)");
                        return Err(ParseError::new(name_span.clone(), msg));
                    };
                    let rhs = self.expr(body, at)?;
                    (name, self.combine(current, *op, rhs, span)?)
                }
                _ => continue,
            };
            self.b.name(id, name, 1);
            if let Some(frame) = self.frames.last_mut() {
                frame.locals.insert(name, id);
            }
        }
        self.expr(f.result, at)
    }

    fn name(&mut self, n: &'a str, span: Span, at: usize) -> Result<NodeId, ParseError> {
        if let Some(frame) = self.frames.last() {
            if let Some(&id) = frame.locals.get(n) {
                return Ok(id);
            }
            // In a function: its own names, and the program's names defined once.
            let program = self.plan.defs.contains_key(n) || constant(n).is_some();
            if !program || self.plan.sequential.contains_key(n) {
                let msg = format!(
                    "'{n}' is not a parameter of {} nor a name the program defines once: pass it as an argument",
                    frame.function
                );
                return Err(ParseError::new(span, msg));
            }
            return self.global(n, span, at);
        }
        self.global(n, span, at)
    }

    /// A name outside any call: a counter, a name assigned in order, a name defined once.
    fn global(&mut self, n: &'a str, span: Span, at: usize) -> Result<NodeId, ParseError> {
        if let Some(&(_, k)) = self.counters.iter().rev().find(|(c, _)| *c == n) {
            return self.b.constant(k as f64, None, span);
        }
        if let Some(assigned) = self.plan.sequential.get(n) {
            let found = if at == self.at {
                self.env.get(n).copied()
            } else if at > self.at && assigned.iter().any(|&k| k >= self.at && k < at) {
                // A definition used above it reads a name assigned in between.
                None
            } else {
                let versions = self.history.get(n).map_or(&[][..], Vec::as_slice);
                versions
                    .iter()
                    .rev()
                    .find(|(k, _)| *k < at)
                    .map(|&(_, id)| id)
            };
            return found.ok_or_else(|| {
                let msg = format!(
                    "'{n}' is assigned more than once, so statements run in order; {n} has no value yet here"
                );
                ParseError::new(span, msg)
            });
        }
        if let Some(def) = self.plan.defs.get(n) {
            if self.plan.is_input(n) {
                return self.input(n, def, span);
            }
            if let Some(&id) = self.built.get(n) {
                return Ok(id);
            }
            self.prepare(&[(n, span.clone())])?;
            if let Some(&id) = self.built.get(n) {
                return Ok(id);
            }
        }
        match constant(n) {
            Some(v) => self.b.constant(v, Some(n), span),
            None => Err(no_value(n, span)),
        }
    }

    /// The input `n`, made at its first use.
    pub(super) fn input(
        &mut self,
        n: &'a str,
        def: &Def,
        span: Span,
    ) -> Result<NodeId, ParseError> {
        let id = match self.built.get(n) {
            Some(&id) => id,
            None => {
                let value = const_value(def.body, self.plan)?;
                let id = self.b.input(n, value, span.clone())?;
                self.built.insert(n, id);
                id
            }
        };
        let rank = self
            .input_rank
            .entry(id)
            .or_insert((usize::MAX, usize::MAX));
        rank.1 = rank.1.min(span.start);
        Ok(id)
    }

    /// Where `name` is first written (for an error about it).
    pub(super) fn first_span(&self, name: &str) -> Span {
        self.program
            .stmts
            .iter()
            .flat_map(|s| exprs(s))
            .flat_map(references)
            .find(|(n, _)| *n == name)
            .map_or(0..0, |(_, s)| s)
    }
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
