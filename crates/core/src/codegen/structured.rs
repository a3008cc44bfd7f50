//! The program as the teacher wrote it, in Python: its own loops (`for i in range(...)`,
//! `while`), branches (`if`/`elif`/`else`) and functions (`def`, nested in `f` so they read
//! its names as chainrule's do), not the unrolled graph. The frameworks then differentiate
//! the Python program as it runs, as they would a student's.
//!
//! chainrule reads a name defined once wherever it stands (Olah's `c = a + b; a = 2`), and
//! runs the statements about a name assigned several times top to bottom; Python runs
//! everything top to bottom. So the top-level statements are put in an order Python can run:
//! the text's, except that a name defined once is defined before its first reader.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt::Write;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{number, Syntax, Text, PYTHON_RESERVED};
use crate::expr::{Block, Cond, CondKind, Expr, ExprKind, Program, Stmt};
use crate::graph::{Graph, Op};

/// Names a translated program must not use for its own: Python's, the modules', and the
/// builtins the translation calls.
const BUILTINS: [&str; 3] = ["range", "int", "float"];

/// The body of `def f(inputs):` (nested functions, statements, `return`), indented, or None
/// when the program's order cannot be put in Python's (it then goes out unrolled).
pub(super) fn function(program: &Program, graph: &Graph, syntax: Syntax) -> Option<Function> {
    let t = Translator::new(program, graph, syntax);
    // The graph must be this program's (not, say, its backward program's).
    if t.inputs.iter().any(|i| !t.bound.contains(i)) {
        return None;
    }
    let order = t.order()?;
    let mut body = String::new();
    for stmt in &program.stmts {
        if let Stmt::Def {
            name,
            params,
            body: block,
            result,
            ..
        } = stmt
        {
            let params: Vec<String> = params.iter().map(|(p, _)| t.name(p)).collect();
            let _ = writeln!(body, "    def {}({}):", t.name(name), params.join(", "));
            for s in block {
                t.stmt(s, 2, &mut body);
            }
            let _ = writeln!(body, "        return {}", strip(&t.expr(result)));
        }
    }
    let mut output = None;
    for &k in &order {
        let stmt = &program.stmts[k];
        match stmt {
            Stmt::Def { .. } => {}
            Stmt::Binding { name, .. } if t.inputs.contains(name.as_str()) => {}
            Stmt::Output {
                name,
                body: e,
                others,
                ..
            } => {
                let first = t.name(name);
                let _ = writeln!(body, "    {first} = {}", strip(&t.expr(e)));
                let mut all = vec![first.clone()];
                for (j, other) in others.iter().enumerate() {
                    let n = t.fresh(&format!("{first}_{}", j + 2));
                    let _ = writeln!(body, "    {n} = {}", strip(&t.expr(other)));
                    all.push(n);
                }
                output = Some(all);
            }
            Stmt::Bare(e) => {
                let n = t.fresh("output");
                let _ = writeln!(body, "    {n} = {}", strip(&t.expr(e)));
                if graph.output_name().is_none() {
                    output = Some(vec![n]);
                }
            }
            _ => t.stmt(stmt, 1, &mut body),
        }
    }
    let outputs = match (output, graph.output_name()) {
        (Some(o), _) => o,
        (None, Some(name)) => vec![t.name(name)],
        (None, None) => return None,
    };
    if outputs.len() != graph.outputs().len() {
        return None;
    }
    let inputs = graph
        .inputs()
        .iter()
        .map(|&i| t.name(graph.node(i).label()))
        .collect();
    Some(Function {
        inputs,
        body,
        outputs,
    })
}

/// A program as a Python function.
pub(super) struct Function {
    /// Its parameters, the inputs in input order.
    pub inputs: Vec<String>,
    /// Its statements, indented once.
    pub body: String,
    /// What it returns: the output's name, or the outputs' names in order.
    pub outputs: Vec<String>,
}

struct Translator<'a> {
    program: &'a Program,
    syntax: Syntax,
    /// The inputs' names: their top-level bindings become the function's parameters.
    inputs: HashSet<&'a str>,
    /// Every name the program binds (so `e` and `pi` are the constants only where unbound).
    bound: HashSet<&'a str>,
    /// The user's functions.
    functions: HashSet<&'a str>,
    /// Names given in Python, where they differ from the program's.
    renamed: HashMap<String, String>,
    /// Names taken in the Python text.
    taken: std::cell::RefCell<HashSet<String>>,
}

impl<'a> Translator<'a> {
    fn new(program: &'a Program, graph: &'a Graph, syntax: Syntax) -> Translator<'a> {
        let mut bound = HashSet::default();
        let mut functions = HashSet::default();
        let mut stack: Vec<&Stmt> = program.stmts.iter().collect();
        while let Some(s) = stack.pop() {
            if let Some(n) = s.assigned() {
                bound.insert(n);
            }
            match s {
                Stmt::Output { params, .. } => bound.extend(params.iter().map(|(p, _)| p.as_str())),
                Stmt::For { counter, .. } => {
                    bound.insert(counter.as_str());
                }
                Stmt::Def {
                    name, params, body, ..
                } => {
                    functions.insert(name.as_str());
                    bound.extend(params.iter().map(|(p, _)| p.as_str()));
                    stack.extend(body.iter());
                }
                _ => {}
            }
            for b in s.blocks() {
                stack.extend(b.iter());
            }
        }
        let inputs: HashSet<&str> = graph
            .inputs()
            .iter()
            .map(|&i| graph.node(i).label())
            .collect();
        let mut taken: HashSet<String> = bound.iter().map(|s| s.to_string()).collect();
        taken.extend(functions.iter().map(|s| s.to_string()));
        let mut renamed = HashMap::default();
        let mut all: Vec<&str> = bound.iter().chain(functions.iter()).copied().collect();
        all.sort_unstable();
        for n in all {
            if PYTHON_RESERVED.contains(&n) || BUILTINS.contains(&n) {
                let mut new = format!("{n}_");
                while taken.contains(&new) {
                    new.push('_');
                }
                taken.insert(new.clone());
                renamed.insert(n.to_string(), new);
            }
        }
        Translator {
            program,
            syntax,
            inputs,
            bound,
            functions,
            renamed,
            taken: std::cell::RefCell::new(taken),
        }
    }

    /// The Python name of a program's name.
    fn name(&self, n: &str) -> String {
        self.renamed
            .get(n)
            .cloned()
            .unwrap_or_else(|| n.to_string())
    }

    /// A new name, `base` or with underscores, that nothing else uses.
    fn fresh(&self, base: &str) -> String {
        let mut taken = self.taken.borrow_mut();
        let mut n = base.to_string();
        while taken.contains(&n) || PYTHON_RESERVED.contains(&n.as_str()) {
            n.push('_');
        }
        taken.insert(n.clone());
        n
    }

    fn expr(&self, e: &Expr) -> String {
        match &e.kind {
            ExprKind::Number(v) => number(self.syntax, *v),
            ExprKind::Name(n) => match crate::graph::constant_value(n) {
                Some(c) if !self.bound.contains(n.as_str()) => number(self.syntax, c),
                _ => self.name(n),
            },
            ExprKind::Call { func, args, .. } => {
                let args: Vec<String> = args.iter().map(|a| self.arg(a)).collect();
                match Op::function(func) {
                    Some(op) if !self.functions.contains(func.as_str()) => {
                        op.apply(&mut Text(self.syntax), &args)
                    }
                    _ => format!("{}({})", self.name(func), args.join(", ")),
                }
            }
            ExprKind::Neg(a) => format!("(-{})", self.expr(a)),
            ExprKind::Pow(a, b) => format!("({} ** {})", self.expr(a), self.expr(b)),
            ExprKind::Chain { first, rest } => {
                let mut acc = self.expr(first);
                for (op, x) in rest {
                    acc = format!("({acc} {} {})", op.symbol(), self.expr(x));
                }
                acc
            }
        }
    }

    /// A function's argument: in PyTorch a number (a loop counter, a constant) made a
    /// tensor, as its functions take no Python numbers.
    fn arg(&self, e: &Expr) -> String {
        let text = self.expr(e);
        if self.syntax == Syntax::Torch && self.is_number(e) {
            format!("torch.as_tensor({text})")
        } else {
            text
        }
    }

    /// Whether an expression is a Python number in the translation: made of numbers,
    /// constants and loop counters only.
    fn is_number(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Number(_) => true,
            ExprKind::Name(n) => {
                (crate::graph::constant_value(n).is_some() && !self.bound.contains(n.as_str()))
                    || self.is_counter(n)
            }
            ExprKind::Call { .. } => false,
            ExprKind::Neg(a) => self.is_number(a),
            ExprKind::Pow(a, b) => self.is_number(a) && self.is_number(b),
            ExprKind::Chain { first, rest } => {
                self.is_number(first) && rest.iter().all(|(_, x)| self.is_number(x))
            }
        }
    }

    fn is_counter(&self, n: &str) -> bool {
        let mut stack: Vec<&Stmt> = self.program.stmts.iter().collect();
        while let Some(s) = stack.pop() {
            if let Stmt::For { counter, .. } = s {
                if counter == n {
                    return true;
                }
            }
            for b in s.blocks() {
                stack.extend(b.iter());
            }
        }
        false
    }

    /// A range's end written as a whole number (`0..3`), as Python's `range` wants it.
    fn whole(&self, e: &Expr) -> Option<i64> {
        match e.kind {
            ExprKind::Number(v) if v.fract() == 0.0 && v.abs() < 1e15 => Some(v as i64),
            _ => None,
        }
    }

    fn cond(&self, c: &Cond) -> String {
        match &c.kind {
            CondKind::Compare(op, a, b) => {
                format!("({} {} {})", self.expr(a), op.symbol(), self.expr(b))
            }
            CondKind::All(cs) => {
                let parts: Vec<String> = cs.iter().map(|c| self.cond(c)).collect();
                format!("({})", parts.join(" and "))
            }
            CondKind::Any(cs) => {
                let parts: Vec<String> = cs.iter().map(|c| self.cond(c)).collect();
                format!("({})", parts.join(" or "))
            }
            CondKind::Not(c) => format!("(not {})", self.cond(c)),
        }
    }

    fn block(&self, block: &Block, depth: usize, out: &mut String) {
        let before = out.len();
        for s in block {
            self.stmt(s, depth, out);
        }
        if out.len() == before {
            let _ = writeln!(out, "{}pass", "    ".repeat(depth));
        }
    }

    fn stmt(&self, s: &Stmt, depth: usize, out: &mut String) {
        let pad = "    ".repeat(depth);
        match s {
            Stmt::Output { name, body, .. } | Stmt::Binding { name, body, .. } => {
                let _ = writeln!(
                    out,
                    "{pad}{} = {}",
                    self.name(name),
                    strip(&self.expr(body))
                );
            }
            Stmt::Update { name, op, body, .. } => {
                let n = self.name(name);
                let _ = writeln!(out, "{pad}{n} = {n} {} {}", op.symbol(), self.expr(body));
            }
            Stmt::For {
                counter,
                from,
                to,
                inclusive,
                body,
                ..
            } => {
                let end = match (self.whole(to), inclusive) {
                    (Some(n), false) => n.to_string(),
                    (Some(n), true) => (n + 1).to_string(),
                    (None, false) => format!("int({})", self.expr(to)),
                    (None, true) => format!("int({}) + 1", self.expr(to)),
                };
                let start = match self.whole(from) {
                    Some(n) => n.to_string(),
                    None => format!("int({})", self.expr(from)),
                };
                let _ = writeln!(
                    out,
                    "{pad}for {} in range({start}, {end}):",
                    self.name(counter),
                );
                self.block(body, depth + 1, out);
            }
            Stmt::While { cond, body, .. } => {
                let _ = writeln!(out, "{pad}while {}:", strip(&self.cond(cond)));
                self.block(body, depth + 1, out);
            }
            Stmt::If {
                arms, otherwise, ..
            } => {
                for (k, (cond, body)) in arms.iter().enumerate() {
                    let kw = if k == 0 { "if" } else { "elif" };
                    let _ = writeln!(out, "{pad}{kw} {}:", strip(&self.cond(cond)));
                    self.block(body, depth + 1, out);
                }
                if let Some(body) = otherwise {
                    let _ = writeln!(out, "{pad}else:");
                    self.block(body, depth + 1, out);
                }
            }
            Stmt::Return { body, .. } => {
                let _ = writeln!(out, "{pad}return {}", strip(&self.expr(body)));
            }
            Stmt::Bare(e) => {
                let _ = writeln!(out, "{pad}{}", strip(&self.expr(e)));
            }
            Stmt::Def { .. } => {}
        }
    }

    /// The top-level statements in an order Python can run: the text's, except that a
    /// name defined once (at the top level, by `=`) is defined before the first statement
    /// that reads it. None if no such order exists.
    fn order(&self) -> Option<Vec<usize>> {
        let stmts = &self.program.stmts;
        let n = stmts.len();
        // How often each name is assigned, anywhere.
        let mut count: HashMap<&str, usize> = HashMap::default();
        let mut stack: Vec<&Stmt> = stmts.iter().collect();
        while let Some(s) = stack.pop() {
            if let Some(name) = s.assigned() {
                *count.entry(name).or_default() += 1;
            }
            for b in s.blocks() {
                stack.extend(b.iter());
            }
        }
        let once: HashMap<&str, usize> = stmts
            .iter()
            .enumerate()
            .filter_map(|(k, s)| match s {
                Stmt::Output { name, .. } | Stmt::Binding { name, .. }
                    if count.get(name.as_str()) == Some(&1) =>
                {
                    Some((name.as_str(), k))
                }
                _ => None,
            })
            .collect();
        // What each function reads, besides its parameters and locals.
        let mut function_reads: HashMap<&str, HashSet<&str>> = HashMap::default();
        for s in stmts {
            if let Stmt::Def {
                name, body, result, ..
            } = s
            {
                let mut reads = HashSet::default();
                for s in body {
                    reads_of(s, &mut reads);
                }
                names_in(result, &mut reads);
                function_reads.insert(name.as_str(), reads);
            }
        }
        let mut after: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut waiting = vec![0usize; n];
        let mut edge = |from: usize, to: usize, after: &mut Vec<Vec<usize>>| {
            if from != to {
                after[from].push(to);
                waiting[to] += 1;
            }
        };
        let mut previous_ordered: Option<usize> = None;
        let mut assigned_so_far: HashSet<&str> = HashSet::default();
        for (k, s) in stmts.iter().enumerate() {
            let mut reads = HashSet::default();
            reads_of(s, &mut reads);
            // A call reads what its function reads (one level of calls in calls too).
            for _ in 0..2 {
                let called: Vec<&str> = reads
                    .iter()
                    .filter(|r| function_reads.contains_key(**r))
                    .copied()
                    .collect();
                for f in called {
                    reads.extend(function_reads[f].iter().copied());
                }
            }
            let mut reads_sequential = false;
            for r in &reads {
                if let Some(&j) = once.get(r) {
                    edge(j, k, &mut after);
                } else if count.contains_key(r) {
                    reads_sequential = true;
                }
            }
            // Statements about names assigned several times keep the text's order, and a
            // name defined once from them reads them where it stands.
            let defines_once = matches!(s, Stmt::Output { name, .. } | Stmt::Binding { name, .. } if once.contains_key(name.as_str()));
            if defines_once && reads_sequential {
                // Read before the text assigns it: no Python order says what chainrule does.
                if reads.iter().any(|r| {
                    count.contains_key(r) && !once.contains_key(r) && !assigned_so_far.contains(r)
                }) {
                    return None;
                }
                if let Some(p) = previous_ordered {
                    edge(p, k, &mut after);
                }
            }
            if !defines_once {
                let mut stack = vec![s];
                while let Some(s) = stack.pop() {
                    if let Some(n) = s.assigned() {
                        assigned_so_far.insert(n);
                    }
                    for b in s.blocks() {
                        stack.extend(b.iter());
                    }
                }
            }
            if !defines_once && !matches!(s, Stmt::Def { .. }) {
                if let Some(p) = previous_ordered {
                    edge(p, k, &mut after);
                }
                previous_ordered = Some(k);
            }
        }
        let mut ready: BinaryHeap<Reverse<usize>> =
            (0..n).filter(|&k| waiting[k] == 0).map(Reverse).collect();
        let mut order = Vec::with_capacity(n);
        while let Some(Reverse(k)) = ready.pop() {
            order.push(k);
            for &next in &after[k] {
                waiting[next] -= 1;
                if waiting[next] == 0 {
                    ready.push(Reverse(next));
                }
            }
        }
        (order.len() == n).then_some(order)
    }
}

/// Every name a statement (with its blocks) reads.
fn reads_of<'a>(s: &'a Stmt, out: &mut HashSet<&'a str>) {
    let mut stack = vec![s];
    while let Some(s) = stack.pop() {
        match s {
            Stmt::Output { body, others, .. } => {
                names_in(body, out);
                for e in others {
                    names_in(e, out);
                }
            }
            Stmt::Binding { body, .. } | Stmt::Update { body, .. } | Stmt::Return { body, .. } => {
                names_in(body, out)
            }
            Stmt::Bare(body) => names_in(body, out),
            Stmt::For { from, to, .. } => {
                names_in(from, out);
                names_in(to, out);
            }
            Stmt::While { cond, .. } => cond_names(cond, out),
            Stmt::If { arms, .. } => {
                for (c, _) in arms {
                    cond_names(c, out);
                }
            }
            Stmt::Def { .. } => {}
        }
        for b in s.blocks() {
            stack.extend(b.iter());
        }
    }
}

fn cond_names<'a>(c: &'a Cond, out: &mut HashSet<&'a str>) {
    match &c.kind {
        CondKind::Compare(_, a, b) => {
            names_in(a, out);
            names_in(b, out);
        }
        CondKind::All(cs) | CondKind::Any(cs) => {
            for c in cs {
                cond_names(c, out);
            }
        }
        CondKind::Not(c) => cond_names(c, out),
    }
}

/// Every name an expression reads, functions called included.
fn names_in<'a>(e: &'a Expr, out: &mut HashSet<&'a str>) {
    match &e.kind {
        ExprKind::Number(_) => {}
        ExprKind::Name(n) => {
            out.insert(n);
        }
        ExprKind::Call { func, args, .. } => {
            out.insert(func);
            for a in args {
                names_in(a, out);
            }
        }
        ExprKind::Neg(a) => names_in(a, out),
        ExprKind::Pow(a, b) => {
            names_in(a, out);
            names_in(b, out);
        }
        ExprKind::Chain { first, rest } => {
            names_in(first, out);
            for (_, x) in rest {
                names_in(x, out);
            }
        }
    }
}

/// Drops one pair of outer parentheses.
fn strip(s: &str) -> String {
    super::strip(s).to_string()
}
