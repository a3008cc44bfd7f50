//! Running a program at its point: statements about names assigned more than once run top
//! to bottom, loops unroll, the branch the point takes is the one built; names defined
//! once are built when first needed (each after the ones it uses), as in a set of
//! equations. What runs becomes nodes through the [`Builder`].

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::build::{Builder, Key};
use super::call::{chain_op, function_op};
use super::resolve::{const_value, constant, no_value, references, Def, Output, Plan};
use super::{Condition, Flow, NodeId, Op, Pass, MAX_CONDITIONS, MAX_NODES};
use crate::expr::{
    Block, ChainOp, Cond, CondKind, Expr, ExprKind, ParseError, Program, Span, Stmt,
};

/// Most loop passes a program may run in all (a `while` whose body adds nothing new
/// would otherwise never stop).
pub const MAX_PASSES: usize = 100_000;

pub(super) struct Run<'a, 'p> {
    program: &'a Program,
    plan: &'p Plan<'a>,
    b: Builder,
    /// Names defined once (and inputs) already built.
    built: HashMap<&'a str, NodeId>,
    /// Each sequential name's current version.
    env: HashMap<&'a str, NodeId>,
    /// Each sequential name's versions, with the top-level statement that made them.
    history: HashMap<&'a str, Vec<(usize, NodeId)>>,
    /// How many times each sequential name has been assigned.
    versions: HashMap<&'a str, u32>,
    /// The enclosing `for` loops' counters and values, innermost last.
    counters: Vec<(&'a str, i64)>,
    /// The top-level statement running.
    at: usize,
    /// Each input's place: `f(...)`'s parameters first, then by first use in the text.
    input_rank: HashMap<NodeId, (usize, usize)>,
    /// The unnamed output, once its statement has run.
    bare: Option<NodeId>,
    passes: usize,
    branches: usize,
    conditions: Vec<Condition>,
}

impl<'a, 'p> Run<'a, 'p> {
    pub(super) fn new(program: &'a Program, plan: &'p Plan<'a>) -> Self {
        Run {
            program,
            plan,
            b: Builder::with_capacity(plan.size_hint),
            built: HashMap::default(),
            env: HashMap::default(),
            history: HashMap::default(),
            versions: HashMap::default(),
            counters: Vec::new(),
            at: 0,
            input_rank: HashMap::default(),
            bare: None,
            passes: 0,
            branches: 0,
            conditions: Vec::new(),
        }
    }

    /// `f(...)`'s parameters: inputs, in order, used or not.
    pub(super) fn params(&mut self) -> Result<(), ParseError> {
        for (k, (name, span)) in self.plan.params.iter().enumerate() {
            if self.built.contains_key(name.as_str()) {
                continue;
            }
            let Some(def) = self.plan.defs.get(name.as_str()) else {
                return Err(no_value(name, span.clone()));
            };
            let value = const_value(def.body, self.plan)?;
            let id = self.b.input(name, value, span.clone())?;
            self.built.insert(name, id);
            self.input_rank.insert(id, (k, usize::MAX));
        }
        Ok(())
    }

    /// Runs the top-level statements in order; names defined once wait until needed.
    pub(super) fn statements(&mut self) -> Result<(), ParseError> {
        let program = self.program;
        for (at, stmt) in program.stmts.iter().enumerate() {
            self.at = at;
            match stmt {
                Stmt::Output { name, .. } | Stmt::Binding { name, .. }
                    if !self.plan.sequential.contains_key(name.as_str()) => {}
                Stmt::Bare(body) => {
                    if matches!(self.plan.output, Output::Bare(k) if k == at) {
                        self.bare = Some(self.value(body)?);
                    }
                }
                _ => self.stmt(stmt)?,
            }
        }
        self.at = program.stmts.len();
        Ok(())
    }

    /// The output node, once every statement has run.
    pub(super) fn output(&mut self) -> Result<NodeId, ParseError> {
        match self.plan.output {
            Output::Bare(..) => self.bare.ok_or_else(|| ParseError::new(0..0, "no output")),
            Output::Name(name) => {
                if let Some(&id) = self.env.get(name) {
                    return Ok(id);
                }
                self.prepare(&[(name, 0..0)])?;
                match self.built.get(name) {
                    Some(&id) => Ok(id),
                    None => Err(no_value(name, self.first_span(name))),
                }
            }
        }
    }

    /// Non-fatal remarks: a definition the output never needs, a parameter never used.
    pub(super) fn warnings(&self) -> Vec<ParseError> {
        let plan = self.plan;
        let mut warnings = Vec::new();
        for (name, def) in &plan.defs {
            let needed = self.built.contains_key(name)
                || plan.is_input(name)
                || Some(*name) == plan.output_name
                || plan.params.iter().any(|(p, _)| p == name);
            if !needed {
                let msg = format!("'{name}' is defined but the output does not use it");
                warnings.push(ParseError::new(def.name_span.clone(), msg));
            }
        }
        for (name, span) in plan.params {
            let id = self.built.get(name.as_str());
            if id.is_some_and(|id| self.input_rank.get(id).is_some_and(|r| r.1 == usize::MAX)) {
                warnings.push(ParseError::new(
                    span.clone(),
                    format!("input '{name}' is listed but never used"),
                ));
            }
        }
        warnings.sort_unstable_by_key(|w| (w.span.start, w.span.end));
        warnings
    }

    /// The loop passes run and the branches decided.
    pub(super) fn flow(&self) -> Flow {
        Flow {
            passes: self.passes,
            branches: self.branches,
        }
    }

    /// The builder with only what the output needs (and the listed inputs), the inputs in
    /// order, and the output.
    pub(super) fn finish(
        mut self,
        output: NodeId,
    ) -> (Builder, Vec<NodeId>, NodeId, Vec<Condition>) {
        let mut inputs: Vec<(NodeId, (usize, usize))> =
            self.input_rank.iter().map(|(&id, &r)| (id, r)).collect();
        inputs.sort_unstable_by_key(|&(id, (k, at))| (k, at, id));
        // Listed inputs stay, and those an assignment reads (in a branch not taken, the
        // gradient is 0 there); one read only by a loop's bound or a condition goes.
        let plan = self.plan;
        let b = &self.b;
        let listed: Vec<NodeId> = inputs
            .iter()
            .filter(|(id, (k, _))| {
                *k != usize::MAX
                    || b.dag[*id]
                        .name
                        .as_deref()
                        .is_some_and(|n| plan.valued.contains(n))
            })
            .map(|&(id, _)| id)
            .collect();
        let map = self.b.prune(output, &listed);
        let inputs = inputs
            .into_iter()
            .filter_map(|(id, _)| map[id.index()])
            .collect();
        let output = map[output.index()].unwrap_or(output);
        let mut conditions = self.conditions;
        for c in &mut conditions {
            c.reads = c.reads.iter().filter_map(|u| map[u.index()]).collect();
        }
        // What each decision guards: the names its branch or pass assigns, else the first
        // node made there.
        let mut first: Vec<Option<NodeId>> = vec![None; conditions.len()];
        for id in self.b.dag.node_indices() {
            let node = &self.b.dag[id];
            let Some(k) = node.guard.map(|k| k as usize) else {
                continue;
            };
            if node.name.is_some() {
                conditions[k].guards.push(id);
            }
            first[k].get_or_insert(id);
        }
        for (c, first) in conditions.iter_mut().zip(first) {
            if c.guards.is_empty() {
                c.guards.extend(first);
            }
        }
        (self.b, inputs, output, conditions)
    }

    /// Runs one statement (at the top level or in a block).
    fn stmt(&mut self, stmt: &'a Stmt) -> Result<(), ParseError> {
        match stmt {
            Stmt::Output {
                name, body, span, ..
            } => {
                let id = self.value(body)?;
                self.assign(name, id, span.start..span.start + name.len())
            }
            Stmt::Binding {
                name,
                name_span,
                body,
                ..
            } => {
                let id = self.value(body)?;
                self.assign(name, id, name_span.clone())
            }
            Stmt::Update {
                name,
                name_span,
                op,
                body,
                span,
            } => {
                let Some(&current) = self.env.get(name.as_str()) else {
                    let msg = format!(
                        "'{name}' has no value yet to {}: assign it first ({name} = ...)",
                        update_verb(*op)
                    );
                    return Err(ParseError::new(name_span.clone(), msg));
                };
                let rhs = self.value(body)?;
                let op = chain_op(*op);
                let operands = [current, rhs];
                let id = self
                    .b
                    .add(Key::op(op, &operands), op, &operands, span.clone(), 0.0)?;
                self.assign(name, id, name_span.clone())
            }
            Stmt::For {
                counter,
                counter_span,
                from,
                to,
                inclusive,
                body,
                keyword,
                ..
            } => {
                if let Some(span) = assigns(body, counter) {
                    let msg = format!("'{counter}' is the loop's counter: it cannot be assigned");
                    return Err(ParseError::new(span, msg));
                }
                if self.is_name(counter) {
                    let msg = format!(
                        "'{counter}' already names a value: give the loop's counter another name"
                    );
                    return Err(ParseError::new(counter_span.clone(), msg));
                }
                let first = self.whole(from, "start")?;
                let last = self.whole(to, "end")?;
                let last = if *inclusive { last } else { last - 1 };
                let label: Arc<str> = Arc::from(counter.as_str());
                let mut k = first;
                while k <= last {
                    self.pass(keyword, Some(label.clone()), k)?;
                    self.counters.push((counter, k));
                    let done = self.block(body);
                    self.counters.pop();
                    self.b.passes.pop();
                    self.in_loop(done, keyword, &format!("{counter} = {k}"))?;
                    k += 1;
                }
                Ok(())
            }
            Stmt::While {
                cond,
                body,
                keyword,
                ..
            } => {
                let mut k = 0;
                loop {
                    let holds = self.holds(cond)?;
                    let guard = self.decided(cond, &cond.text, holds, "while");
                    if !holds {
                        break;
                    }
                    self.pass(keyword, None, k)?;
                    let done = self.guarded(guard, body);
                    self.b.passes.pop();
                    self.in_loop(done, keyword, &format!("pass {}", k + 1))?;
                    k += 1;
                }
                Ok(())
            }
            Stmt::If {
                arms, otherwise, ..
            } => {
                self.branches += 1;
                for (k, (cond, body)) in arms.iter().enumerate() {
                    if self.holds(cond)? {
                        let branch = if k == 0 { "if" } else { "else if" };
                        let guard = self.decided(cond, &cond.text, true, branch);
                        return self.guarded(guard, body);
                    }
                }
                // No condition held: the decision reads what they all read.
                let text = match arms.as_slice() {
                    [(only, _)] => only.text.clone(),
                    _ => "no condition held".to_string(),
                };
                let mut guard = None;
                for (k, (cond, _)) in arms.iter().enumerate() {
                    let g = self.decided(cond, &text, false, "else");
                    if k == 0 {
                        guard = g;
                    } else if let (Some(first), Some(_)) = (guard, g) {
                        // One node for the whole decision: fold the reads into the first.
                        let extra = self.conditions.pop().map(|c| c.reads).unwrap_or_default();
                        let reads = &mut self.conditions[first as usize].reads;
                        for u in extra {
                            if !reads.contains(&u) {
                                reads.push(u);
                            }
                        }
                    }
                }
                match otherwise {
                    Some(body) => self.guarded(guard, body),
                    None => Ok(()),
                }
            }
            Stmt::Bare(body) => self.value(body).map(|_| ()),
        }
    }

    fn block(&mut self, body: &'a Block) -> Result<(), ParseError> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    /// Runs a block as the branch or pass of decision `guard`.
    fn guarded(&mut self, guard: Option<u32>, body: &'a Block) -> Result<(), ParseError> {
        let inner = guard.or(self.b.guard);
        let outer = std::mem::replace(&mut self.b.guard, inner);
        let done = self.block(body);
        self.b.guard = outer;
        done
    }

    /// Records a decision (while there is room to draw it) and returns its index.
    fn decided(
        &mut self,
        cond: &'a Cond,
        text: &str,
        holds: bool,
        branch: &'static str,
    ) -> Option<u32> {
        if self.conditions.len() >= MAX_CONDITIONS {
            return None;
        }
        let mut reads = Vec::new();
        for e in super::resolve::cond_exprs(cond) {
            for (n, _) in references(e) {
                let id = if self.counters.iter().any(|(c, _)| *c == n) {
                    None
                } else if self.plan.sequential.contains_key(n) {
                    self.env.get(n).copied()
                } else {
                    self.built.get(n).copied()
                };
                if let Some(id) = id.filter(|id| !reads.contains(id)) {
                    reads.push(id);
                }
            }
        }
        self.conditions.push(Condition {
            text: text.to_string(),
            holds,
            branch,
            reads,
            guards: Vec::new(),
            iteration: self.b.passes.clone(),
        });
        Some(self.conditions.len() as u32 - 1)
    }

    /// Starts a loop pass, within the limit on passes.
    fn pass(
        &mut self,
        keyword: &Span,
        counter: Option<Arc<str>>,
        value: i64,
    ) -> Result<(), ParseError> {
        self.passes += 1;
        if self.passes > MAX_PASSES {
            let msg = format!(
                "this loop would run past {MAX_PASSES} passes in all: is its condition ever false?"
            );
            return Err(ParseError::new(keyword.clone(), msg));
        }
        self.b.passes.push(Pass { counter, value });
        Ok(())
    }

    /// A loop pass's result: the operation limit is reported at the loop's keyword.
    fn in_loop(
        &mut self,
        done: Result<(), ParseError>,
        keyword: &Span,
        at: &str,
    ) -> Result<(), ParseError> {
        match done {
            Err(e) if self.b.limit_hit && e.span != *keyword => {
                let msg = format!(
                    "this loop would make the graph more than {MAX_NODES} operations (stopped at {at}): run fewer passes"
                );
                Err(ParseError::new(keyword.clone(), msg))
            }
            other => other,
        }
    }

    /// Whether `name` is a name the program gives a value to.
    fn is_name(&self, name: &str) -> bool {
        self.plan.defs.contains_key(name)
            || self.plan.sequential.contains_key(name)
            || self.counters.iter().any(|(c, _)| *c == name)
    }

    /// Assigns a sequential name its next version.
    fn assign(&mut self, name: &'a str, id: NodeId, span: Span) -> Result<(), ParseError> {
        if self.counters.iter().any(|(c, _)| *c == name) {
            let msg = format!("'{name}' is the loop's counter: it cannot be assigned");
            return Err(ParseError::new(span, msg));
        }
        let version = self.versions.entry(name).or_insert(0);
        *version += 1;
        self.b.name(id, name, *version);
        self.env.insert(name, id);
        self.history.entry(name).or_default().push((self.at, id));
        Ok(())
    }

    /// A loop bound: a whole number at the point.
    fn whole(&mut self, e: &'a Expr, end: &str) -> Result<i64, ParseError> {
        let id = self.value(e)?;
        let v = self.b.values[id.index()];
        if v.fract() != 0.0 || !v.is_finite() || v.abs() > 1e15 {
            let msg = format!("the range's {end} is {v}, not a whole number");
            return Err(ParseError::new(e.span.clone(), msg));
        }
        Ok(v as i64)
    }

    /// Whether a condition holds at the point (its comparisons are built like any
    /// expression; no gradient flows through them).
    fn holds(&mut self, c: &'a Cond) -> Result<bool, ParseError> {
        Ok(match &c.kind {
            CondKind::Compare(op, a, b) => {
                let (a, b) = (self.value(a)?, self.value(b)?);
                op.holds(self.b.values[a.index()], self.b.values[b.index()])
            }
            CondKind::All(items) => {
                for item in items {
                    if !self.holds(item)? {
                        return Ok(false);
                    }
                }
                true
            }
            CondKind::Any(items) => {
                for item in items {
                    if self.holds(item)? {
                        return Ok(true);
                    }
                }
                false
            }
            CondKind::Not(inner) => !self.holds(inner)?,
        })
    }

    /// The node of an expression written in the statement running now.
    fn value(&mut self, e: &'a Expr) -> Result<NodeId, ParseError> {
        let mut refs = references(e);
        super::resolve::by_position(&mut refs);
        self.prepare(&refs)?;
        self.expr(e, self.at)
    }

    /// Builds the names defined once that `refs` need and that are not built yet, each
    /// after the ones it uses (iterative depth-first search; a cycle is an error naming it).
    fn prepare(&mut self, refs: &[(&'a str, Span)]) -> Result<(), ParseError> {
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
        for &(root, _) in refs {
            if !pending(self, root) || marks.contains_key(root) {
                continue;
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
                    let id = self.expr(def.body, def.index)?;
                    self.b.name(id, name, 1);
                    self.built.insert(name, id);
                }
            }
        }
        Ok(())
    }

    /// The node for `e`, written in top-level statement `at`. Recursion follows the
    /// text's nesting, which the parser bounds.
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
            } => {
                let plan = self.plan;
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
    fn name(&mut self, n: &'a str, span: Span, at: usize) -> Result<NodeId, ParseError> {
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
    fn input(&mut self, n: &'a str, def: &Def, span: Span) -> Result<NodeId, ParseError> {
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
    fn first_span(&self, name: &str) -> Span {
        self.program
            .stmts
            .iter()
            .flat_map(|s| super::resolve::exprs(s))
            .flat_map(references)
            .find(|(n, _)| *n == name)
            .map_or(0..0, |(_, s)| s)
    }
}

/// Where a block (or one nested in it) assigns `name`, if it does.
fn assigns(body: &Block, name: &str) -> Option<Span> {
    let mut stack: Vec<&Stmt> = body.iter().collect();
    while let Some(s) = stack.pop() {
        if s.assigned() == Some(name) {
            return s.assigned_span();
        }
        for b in s.blocks() {
            stack.extend(b.iter());
        }
    }
    None
}

fn update_verb(op: ChainOp) -> &'static str {
    match op {
        ChainOp::Add => "add to",
        ChainOp::Sub => "subtract from",
        ChainOp::Mul => "multiply",
        ChainOp::Div => "divide",
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
