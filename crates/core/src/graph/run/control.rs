//! Statements in order: assignments and updates, `for` and `while` unrolled pass by pass,
//! `if` by the branch the point takes; each decision recorded for the drawing.

use std::sync::Arc;

use super::super::build::Key;
use super::super::call::chain_op;
use super::super::resolve::{cond_exprs, references};
use super::super::{Condition, NodeId, Pass, MAX_CONDITIONS, MAX_NODES};
use super::{Run, MAX_PASSES};
use crate::expr::{Block, ChainOp, Cond, CondKind, Expr, ParseError, Span, Stmt};

impl<'a> Run<'a, '_> {
    /// Runs one statement (at the top level or in a block).
    pub(super) fn stmt(&mut self, stmt: &'a Stmt) -> Result<(), ParseError> {
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
            } => self.update(name, name_span, *op, body, span),
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
                let range = (from, to, *inclusive);
                self.for_loop(counter, counter_span, range, body, keyword)
            }
            Stmt::While {
                cond,
                body,
                keyword,
                ..
            } => self.while_loop(cond, body, keyword),
            Stmt::If {
                arms, otherwise, ..
            } => self.branch(arms, otherwise.as_ref()),
            Stmt::Bare(body) => self.value(body).map(|_| ()),
            // Functions run where they are called; `return` stands only in them.
            Stmt::Def { .. } | Stmt::Return { .. } => Ok(()),
        }
    }

    /// `name op= body`: `name = name op (body)`.
    fn update(
        &mut self,
        name: &'a str,
        name_span: &Span,
        op: ChainOp,
        body: &'a Expr,
        span: &Span,
    ) -> Result<(), ParseError> {
        let Some(&current) = self.env.get(name) else {
            let verb = match op {
                ChainOp::Add => "add to",
                ChainOp::Sub => "subtract from",
                ChainOp::Mul => "multiply",
                ChainOp::Div => "divide",
            };
            let msg =
                format!("'{name}' has no value yet to {verb}: assign it first ({name} = ...)");
            return Err(ParseError::new(name_span.clone(), msg));
        };
        let rhs = self.value(body)?;
        let id = self.combine(current, op, rhs, span)?;
        self.assign(name, id, name_span.clone())
    }

    /// `current op rhs`: what `name op= rhs` makes.
    pub(super) fn combine(
        &mut self,
        current: NodeId,
        op: ChainOp,
        rhs: NodeId,
        span: &Span,
    ) -> Result<NodeId, ParseError> {
        let op = chain_op(op);
        let operands = [current, rhs];
        self.b
            .add(Key::op(op, &operands), op, &operands, span.clone(), 0.0)
    }

    /// `for counter in from..to { body }` (`..=` when inclusive), one pass per value.
    fn for_loop(
        &mut self,
        counter: &'a str,
        counter_span: &Span,
        (from, to, inclusive): (&'a Expr, &'a Expr, bool),
        body: &'a Block,
        keyword: &Span,
    ) -> Result<(), ParseError> {
        if let Some(span) = assigns(body, counter) {
            let msg = format!("'{counter}' is the loop's counter: it cannot be assigned");
            return Err(ParseError::new(span, msg));
        }
        if self.is_name(counter) {
            let msg =
                format!("'{counter}' already names a value: give the loop's counter another name");
            return Err(ParseError::new(counter_span.clone(), msg));
        }
        let first = self.whole(from, "start")?;
        let last = self.whole(to, "end")?;
        let last = if inclusive { last } else { last - 1 };
        let label: Arc<str> = Arc::from(counter);
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

    /// `while cond { body }`: a pass while the condition holds at the point.
    fn while_loop(
        &mut self,
        cond: &'a Cond,
        body: &'a Block,
        keyword: &Span,
    ) -> Result<(), ParseError> {
        let mut k = 0;
        loop {
            let holds = self.holds(cond)?;
            let guard = self.decided(&[cond], &cond.text, holds, "while");
            if !holds {
                return Ok(());
            }
            self.pass(keyword, None, k)?;
            let done = self.guarded(guard, body);
            self.b.passes.pop();
            self.in_loop(done, keyword, &format!("pass {}", k + 1))?;
            k += 1;
        }
    }

    /// `if c1 { .. } else if c2 { .. } else { .. }`: only the branch taken runs.
    fn branch(
        &mut self,
        arms: &'a [(Cond, Block)],
        otherwise: Option<&'a Block>,
    ) -> Result<(), ParseError> {
        self.branches += 1;
        for (k, (cond, body)) in arms.iter().enumerate() {
            if self.holds(cond)? {
                let branch = if k == 0 { "if" } else { "else if" };
                let guard = self.decided(&[cond], &cond.text, true, branch);
                return self.guarded(guard, body);
            }
        }
        // No condition held: one decision reads what they all read.
        let text = match arms {
            [(only, _)] => only.text.clone(),
            _ => "no condition held".to_string(),
        };
        let conds: Vec<&Cond> = arms.iter().map(|(c, _)| c).collect();
        let guard = self.decided(&conds, &text, false, "else");
        match otherwise {
            Some(body) => self.guarded(guard, body),
            None => Ok(()),
        }
    }

    pub(super) fn block(&mut self, body: &'a Block) -> Result<(), ParseError> {
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

    /// Records a decision on `conds` (while there is room to draw it) and returns its index.
    fn decided(
        &mut self,
        conds: &[&'a Cond],
        text: &str,
        holds: bool,
        branch: &'static str,
    ) -> Option<u32> {
        if self.conditions.len() >= MAX_CONDITIONS {
            return None;
        }
        let mut reads = Vec::new();
        for e in conds.iter().flat_map(|c| cond_exprs(c)) {
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
