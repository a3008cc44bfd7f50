//! Running a program at its point: statements about names assigned more than once run top
//! to bottom, loops unroll, the branch the point takes is the one built; names defined
//! once are built when first needed (each after the ones it uses), as in a set of
//! equations. What runs becomes nodes through the [`Builder`].

use rustc_hash::FxHashMap as HashMap;

use super::build::Builder;
use super::resolve::{by_position, const_value, no_value, references, Output, Plan};
use super::{CallSite, Condition, Flow, NodeId};
use crate::expr::{ParseError, Program, Stmt};

/// Most loop passes a program may run in all (a `while` whose body adds nothing new
/// would otherwise never stop).
pub const MAX_PASSES: usize = 100_000;

mod control;
mod names;

/// What a run made: the builder (pruned), the inputs in order, the output, the decisions
/// and the calls.
pub(super) struct Built {
    pub b: Builder,
    pub inputs: Vec<NodeId>,
    pub output: NodeId,
    /// The other outputs of a list, in order.
    pub others: Vec<NodeId>,
    pub conditions: Vec<Condition>,
    pub calls: Vec<CallSite>,
}

/// A call being inlined: its function and the nodes its parameters and names stand for.
struct Frame<'a> {
    function: &'a str,
    locals: HashMap<&'a str, NodeId>,
}

pub(super) struct Run<'a, 'p> {
    program: &'a Program,
    plan: &'p Plan<'a>,
    b: Builder,
    /// Names defined once (and inputs) already built.
    built: HashMap<&'a str, NodeId>,
    /// Names defined once whose bodies are being built now (a function called in one may
    /// read another global, so building can nest): meeting one again is a cycle.
    building: Vec<&'a str>,
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
    /// The calls being inlined, innermost last.
    frames: Vec<Frame<'a>>,
    /// Every call made, in order.
    calls: Vec<CallSite>,
}

impl<'a, 'p> Run<'a, 'p> {
    pub(super) fn new(program: &'a Program, plan: &'p Plan<'a>) -> Self {
        Run {
            program,
            plan,
            b: Builder::with_capacity(plan.size_hint),
            built: HashMap::default(),
            building: Vec::new(),
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
            frames: Vec::new(),
            calls: Vec::new(),
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

    /// The other outputs of a list `f(...) = [e1, e2, ...]` (e2 on), each named by its
    /// place (`f2`) unless it is a name already; and the first output renamed `f1`.
    pub(super) fn other_outputs(&mut self, first: NodeId) -> Result<Vec<NodeId>, ParseError> {
        let (Some((at, others)), Some(name)) = (self.plan.others, self.plan.output_name) else {
            return Ok(Vec::new());
        };
        let mut ids = Vec::with_capacity(others.len());
        for e in others {
            let mut refs = references(e);
            by_position(&mut refs);
            self.prepare(&refs)?;
            ids.push(self.expr_at(e, at)?);
        }
        for (k, &id) in std::iter::once(&first).chain(&ids).enumerate() {
            let node = &mut self.b.dag[id];
            if node.name.as_deref() == Some(name) || node.name.is_none() {
                node.name = None;
                self.b.name(id, &format!("{name}{}", k + 1), 1);
            }
        }
        Ok(ids)
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
    pub(super) fn finish(mut self, output: NodeId, others: &[NodeId]) -> Built {
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
        let keep: Vec<NodeId> = listed.iter().chain(others).copied().collect();
        let map = self.b.prune(output, &keep);
        let others = others.iter().filter_map(|u| map[u.index()]).collect();
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
        Built {
            b: self.b,
            inputs,
            output,
            others,
            conditions,
            calls: self.calls,
        }
    }
}
