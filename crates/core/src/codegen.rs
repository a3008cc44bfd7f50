//! The program written out again from its graph, in three languages: chainrule's own (the
//! backward pass as a program: the adjoint program, which the app can lay out and step
//! like any other, and whose forward mode gives the Hessian), JAX and PyTorch (scripts
//! that print the value and the derivatives the app shows, in float64).
//!
//! Each is the graph at its point, one line per operation in Wengert order: loops come
//! unrolled, the taken branches only, and function calls inlined, exactly what the app
//! differentiated.

mod structured;

use rustc_hash::FxHashSet as HashSet;
use std::fmt::Write;

use crate::expr::Program;
use crate::graph::{Algebra, Graph, NodeId, Op};

/// The language a line is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// chainrule's expression language.
    Chainrule,
    /// Python over `jax.numpy`.
    Jax,
    /// Python over `torch`.
    Torch,
}

/// Writes expressions as text in a syntax, fully parenthesised.
struct Text(Syntax);

impl Text {
    fn call(&self, f: &str, args: &[&str]) -> String {
        format!("{f}({})", args.join(", "))
    }
}

/// A number as a literal of the syntax (`float("inf")` in Python).
pub fn number(syntax: Syntax, v: f64) -> String {
    if v.is_finite() {
        let mut s = format!("{v}");
        if syntax != Syntax::Chainrule && !s.contains(['.', 'e']) {
            // A float literal: JAX refuses some functions of integers.
            s.push_str(".0");
        }
        if v < 0.0 {
            format!("({s})")
        } else {
            s
        }
    } else if syntax == Syntax::Chainrule {
        // Not a literal of the language: the nearest it can say.
        if v.is_nan() {
            "(0/0)"
        } else if v > 0.0 {
            "(1/0)"
        } else {
            "(-1/0)"
        }
        .to_string()
    } else if v.is_nan() {
        "float(\"nan\")".to_string()
    } else if v > 0.0 {
        "float(\"inf\")".to_string()
    } else {
        "float(\"-inf\")".to_string()
    }
}

impl Algebra for Text {
    type E = String;
    fn num(&mut self, v: f64) -> String {
        number(self.0, v)
    }
    fn add(&mut self, a: String, b: String) -> String {
        format!("({a} + {b})")
    }
    fn sub(&mut self, a: String, b: String) -> String {
        format!("({a} - {b})")
    }
    fn mul(&mut self, a: String, b: String) -> String {
        format!("({a} * {b})")
    }
    fn div(&mut self, a: String, b: String) -> String {
        format!("({a} / {b})")
    }
    fn neg(&mut self, a: String) -> String {
        format!("(-{a})")
    }
    fn pow(&mut self, a: String, b: String) -> String {
        match self.0 {
            Syntax::Chainrule => format!("({a} ^ {b})"),
            _ => format!("({a} ** {b})"),
        }
    }
    fn func(&mut self, op: Op, a: String) -> String {
        let a = a.as_str();
        match (self.0, op) {
            (Syntax::Chainrule, op) => self.call(op.symbol(), &[a]),
            (Syntax::Jax, Op::Ln) => self.call("jnp.log", &[a]),
            (Syntax::Jax, Op::Sigmoid) => self.call("jax.nn.sigmoid", &[a]),
            (Syntax::Jax, Op::Relu) => self.call("jax.nn.relu", &[a]),
            (Syntax::Jax, Op::Step) => format!("jnp.where({a} > 0, 1.0, 0.0)"),
            (Syntax::Jax, Op::Detach) => self.call("jax.lax.stop_gradient", &[a]),
            (Syntax::Jax, op) => self.call(&format!("jnp.{}", op.symbol()), &[a]),
            (Syntax::Torch, Op::Ln) => self.call("torch.log", &[a]),
            (Syntax::Torch, Op::Step) => format!("({a} > 0).to({a}.dtype)"),
            (Syntax::Torch, Op::Detach) => format!("{a}.detach()"),
            (Syntax::Torch, op) => self.call(&format!("torch.{}", op.symbol()), &[a]),
        }
    }
    fn func2(&mut self, op: Op, a: String, b: String) -> String {
        let f = match (self.0, op) {
            (Syntax::Chainrule, op) => op.symbol().to_string(),
            (Syntax::Jax, Op::Max) => "jnp.maximum".into(),
            (Syntax::Jax, _) => "jnp.minimum".into(),
            (Syntax::Torch, Op::Max) => "torch.maximum".into(),
            (Syntax::Torch, _) => "torch.minimum".into(),
        };
        self.call(&f, &[&a, &b])
    }
}

/// Python's keywords and the modules a script uses: an input with one of these names gets
/// a trailing underscore in Python (`lambda` becomes `lambda_`).
const PYTHON_RESERVED: [&str; 39] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "jax", "jnp", "torch", "json",
];

/// Names for the graph's nodes in generated code: inputs keep theirs, every other node is
/// `v1`, `v2`... in Wengert order (under a letter no input uses), constants are inlined.
struct Names {
    names: Vec<String>,
    taken: HashSet<String>,
    /// In chainrule's language, the values of the nodes that depend on no input: written as
    /// numbers (a name bound to a constant expression would be an input there).
    constants: Option<Vec<f64>>,
}

impl Names {
    fn new(graph: &Graph, syntax: Syntax) -> Names {
        let input_name = |i: NodeId| {
            let name = graph.node(i).label();
            if syntax != Syntax::Chainrule && PYTHON_RESERVED.contains(&name) {
                format!("{name}_")
            } else {
                name.to_string()
            }
        };
        let inputs: HashSet<String> = graph.inputs().iter().map(|&i| input_name(i)).collect();
        let prefix = ["v", "t", "u", "q", "node"]
            .into_iter()
            .find(|p| {
                !inputs.iter().any(|name| {
                    name.strip_prefix(p)
                        .is_some_and(|rest| rest.chars().next().is_some_and(|c| c.is_ascii_digit()))
                })
            })
            .unwrap_or("node_");
        let mut names = vec![String::new(); graph.node_count()];
        let mut k = 0;
        for &id in graph.order() {
            let node = graph.node(id);
            names[id.index()] = match node.op {
                Op::Input => input_name(id),
                Op::Const => String::new(),
                _ => {
                    k += 1;
                    format!("{prefix}{k}")
                }
            };
        }
        let taken = names.iter().filter(|n| !n.is_empty()).cloned().collect();
        let constants = (syntax == Syntax::Chainrule).then(|| {
            let trace = crate::autodiff::evaluate(graph, &graph.point());
            (0..graph.node_count())
                .map(|k| trace.value(NodeId::new(k)))
                .collect()
        });
        Names {
            names,
            taken,
            constants,
        }
    }

    /// How node `id` is referred to: its name, or a constant's value.
    fn of(&self, graph: &Graph, syntax: Syntax, id: NodeId) -> String {
        let node = graph.node(id);
        if node.op == Op::Const {
            number(syntax, node.given)
        } else if let Some(v) = self.folded(graph, id) {
            number(syntax, v)
        } else {
            self.names[id.index()].clone()
        }
    }

    /// A constant operation's value, when constants are folded.
    fn folded(&self, graph: &Graph, id: NodeId) -> Option<f64> {
        let values = self.constants.as_ref()?;
        let node = graph.node(id);
        (node.constant && node.op != Op::Input).then(|| values[id.index()])
    }

    /// A fresh name for an adjoint: `x1_bar`, or with more underscores if a name is taken.
    fn bar(&mut self, id: NodeId) -> String {
        let mut name = format!("{}_bar", self.names[id.index()]);
        while self.taken.contains(&name) {
            name.insert(name.len() - 4, '_');
        }
        self.taken.insert(name.clone());
        name
    }
}

/// The forward lines: `v1 = ln(x1)`, one per operation, in Wengert order.
fn forward_lines(graph: &Graph, names: &Names, syntax: Syntax, indent: &str, out: &mut String) {
    for &id in graph.order() {
        let node = graph.node(id);
        if matches!(node.op, Op::Input | Op::Const) || names.folded(graph, id).is_some() {
            continue;
        }
        let args: Vec<String> = node
            .operands()
            .iter()
            .map(|&u| names.of(graph, syntax, u))
            .collect();
        let rhs = node.op.apply(&mut Text(syntax), &args);
        let _ = writeln!(out, "{indent}{} = {}", names.names[id.index()], strip(&rhs));
    }
}

/// Drops one pair of outer parentheses: `v3 = x1 * x2`.
fn strip(s: &str) -> &str {
    match s.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        Some(inner) if balanced(inner) => inner,
        _ => s,
    }
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// The backward pass of the first output as a program in chainrule's language, a function
/// of the inputs and the seed ȳ (its last input, 1): the forward lines, then each adjoint as the sum of its contributions, `x1_bar = v1_bar *
/// (1 / x1) + v2_bar * x2` (the partials written on forward values), in reverse Wengert
/// order; its outputs are the inputs' adjoints and its point is the program's. Its
/// Jacobian by the inputs is the Hessian (by the seed, the gradient).
pub fn backward_program(graph: &Graph) -> String {
    let syntax = Syntax::Chainrule;
    let mut names = Names::new(graph, syntax);
    let inputs: Vec<String> = graph
        .inputs()
        .iter()
        .map(|&i| names.names[i.index()].clone())
        .collect();
    let mut out = String::new();
    let mut body = String::new();
    forward_lines(graph, &names, syntax, "", &mut body);
    // Each node's contributions, gathered from the operations that use it.
    let n = graph.node_count();
    let mut terms: Vec<Vec<String>> = vec![Vec::new(); n];
    let mut bars = vec![String::new(); n];
    let mut reached = vec![false; n];
    let root = graph.output();
    reached[root.index()] = true;
    // The seed ȳ is the backward program's last input (1 at its point): the backward pass
    // is linear in it, and its Jacobian's last column is the gradient itself.
    bars[root.index()] = names.bar(root);
    for &w in graph.order().iter().rev() {
        if !reached[w.index()] {
            continue;
        }
        if w != root {
            bars[w.index()] = names.bar(w);
            let sum = terms[w.index()].join(" + ");
            let _ = writeln!(body, "{} = {}", bars[w.index()], sum);
        }
        let node = graph.node(w);
        let args: Vec<String> = node
            .operands()
            .iter()
            .map(|&u| names.of(graph, syntax, u))
            .collect();
        let value = names.of(graph, syntax, w);
        for (slot, &u) in node.operands().iter().enumerate() {
            if graph.node(u).constant {
                continue;
            }
            let partial = node
                .op
                .partial_in(&mut Text(syntax), slot, &args, value.clone());
            terms[u.index()].push(format!("{} * {}", bars[w.index()], partial));
            reached[u.index()] = true;
        }
    }
    let outputs: Vec<String> = graph
        .inputs()
        .iter()
        .map(|&i| {
            if reached[i.index()] {
                bars[i.index()].clone()
            } else {
                // Never reached: its adjoint is 0, written as a name all the same.
                let b = names.bar(i);
                let _ = writeln!(body, "{b} = 0 * {}", names.names[i.index()]);
                b
            }
        })
        .collect();
    let seed = &bars[root.index()];
    let _ = writeln!(
        out,
        "grad({}, {seed}) = [{}]",
        inputs.join(", "),
        outputs.join(", ")
    );
    out.push_str(&body);
    let mut point: Vec<String> = graph
        .inputs()
        .iter()
        .zip(graph.point())
        .map(|(&i, v)| format!("{} = {}", names.names[i.index()], number(syntax, v)))
        .collect();
    point.push(format!("{seed} = 1"));
    out.push_str(&point.join("; "));
    out.push('\n');
    out
}

/// What a framework script computes besides the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Asks {
    /// The Hessian of the first output (`jax.hessian`; `torch.autograd.functional.hessian`).
    pub hessian: bool,
}

/// The program as a runnable Python script for `syntax` (JAX or PyTorch, float64) printing
/// one JSON line: `{"value", "gradient"}` for one output, `{"values", "jacobian"}` for
/// several, and `"hessian"` when asked. Given the parsed `program` of `graph`, its own
/// loops, branches and functions become Python's; without it (or when its order cannot
/// be Python's), the graph at its point is written one operation a line.
pub fn script(
    graph: &Graph,
    program: Option<&Program>,
    syntax: Syntax,
    title: &str,
    asks: Asks,
) -> String {
    let names = Names::new(graph, syntax);
    let structured = program.and_then(|p| structured::function(p, graph, syntax));
    let (inputs, outputs, body, how) = match structured {
        Some(f) => (
            f.inputs,
            f.outputs,
            f.body,
            "the program as written: its loops, branches and functions are Python's.",
        ),
        None => {
            let inputs = graph
                .inputs()
                .iter()
                .map(|&i| names.names[i.index()].clone())
                .collect();
            let outputs = graph
                .outputs()
                .iter()
                .map(|&o| names.of(graph, syntax, o))
                .collect();
            let mut body = String::new();
            forward_lines(graph, &names, syntax, "    ", &mut body);
            (
                inputs,
                outputs,
                body,
                "the program at its point, loops unrolled, branches as taken, calls inlined.",
            )
        }
    };
    let several = outputs.len() > 1;
    let mut s = String::new();
    let _ = writeln!(s, "# {title}");
    let _ = writeln!(s, "# Exported by chainrule: {how}");
    let _ = writeln!(s, "import json");
    match syntax {
        Syntax::Torch => {
            let _ = writeln!(
                s,
                "import torch\n\ntorch.set_default_dtype(torch.float64)\n"
            );
        }
        _ => {
            let _ = writeln!(s, "import jax\n\njax.config.update(\"jax_enable_x64\", True)\nimport jax.numpy as jnp\n");
        }
    }
    let _ = writeln!(s, "\ndef f({}):", inputs.join(", "));
    s.push_str(&body);
    let stack = match syntax {
        Syntax::Torch => "torch.stack",
        _ => "jnp.stack",
    };
    if several {
        let _ = writeln!(s, "    return {stack}([{}])\n", outputs.join(", "));
    } else {
        let _ = writeln!(s, "    return {}\n", outputs[0]);
    }
    let point: Vec<String> = graph.point().iter().map(|&v| number(syntax, v)).collect();
    let _ = writeln!(s, "\npoint = [{}]", point.join(", "));
    match syntax {
        Syntax::Torch => torch_tail(&mut s, several, asks),
        _ => jax_tail(&mut s, several, asks),
    }
    s
}

fn jax_tail(s: &mut String, several: bool, asks: Asks) {
    let _ = writeln!(
        s,
        "args = [jnp.asarray(v, dtype=jnp.float64) for v in point]"
    );
    let _ = writeln!(s, "argnums = tuple(range(len(args)))");
    let _ = writeln!(s, "out = {{}}");
    if several {
        let _ = writeln!(s, "out[\"values\"] = [float(v) for v in f(*args)]");
        // Reverse mode: jacfwd would vmap the program, and Python's `if` cannot branch
        // on a batch of values.
        let _ = writeln!(s, "columns = jax.jacrev(f, argnums=argnums)(*args)");
        let _ = writeln!(
            s,
            "out[\"jacobian\"] = [[float(c[j]) for c in columns] for j in range(len(out[\"values\"]))]"
        );
    } else {
        let _ = writeln!(s, "out[\"value\"] = float(f(*args))");
        let _ = writeln!(
            s,
            "out[\"gradient\"] = [float(g) for g in jax.grad(f, argnums=argnums)(*args)]"
        );
    }
    if asks.hessian {
        let first = if several { "lambda *a: f(*a)[0]" } else { "f" };
        // jax.hessian is forward over reverse through vmap: reverse over reverse keeps
        // the program's own control flow on plain values.
        let _ = writeln!(
            s,
            "h = jax.jacrev(jax.grad({first}, argnums=argnums), argnums=argnums)(*args)"
        );
        let _ = writeln!(
            s,
            "out[\"hessian\"] = [[float(x) for x in row] for row in h]"
        );
    }
    let _ = writeln!(s, "print(json.dumps(out))");
}

fn torch_tail(s: &mut String, several: bool, asks: Asks) {
    let _ = writeln!(
        s,
        "args = [torch.tensor(v, requires_grad=True) for v in point]"
    );
    let _ = writeln!(s, "out = {{}}");
    if several {
        let _ = writeln!(s, "y = f(*args)");
        let _ = writeln!(s, "out[\"values\"] = [float(v) for v in y]");
        let _ = writeln!(s, "out[\"jacobian\"] = []");
        let _ = writeln!(s, "for j in range(len(y)):");
        let _ = writeln!(s, "    for a in args:\n        a.grad = None");
        let _ = writeln!(s, "    f(*args)[j].backward()");
        let _ = writeln!(
            s,
            "    out[\"jacobian\"].append([0.0 if a.grad is None else float(a.grad) for a in args])"
        );
    } else {
        let _ = writeln!(s, "y = f(*args)");
        let _ = writeln!(s, "y.backward()");
        let _ = writeln!(s, "out[\"value\"] = float(y)");
        let _ = writeln!(
            s,
            "out[\"gradient\"] = [0.0 if a.grad is None else float(a.grad) for a in args]"
        );
    }
    if asks.hessian {
        let first = if several { "lambda *a: f(*a)[0]" } else { "f" };
        let _ = writeln!(
            s,
            "h = torch.autograd.functional.hessian({first}, tuple(a.detach() for a in args))"
        );
        let _ = writeln!(
            s,
            "out[\"hessian\"] = [[float(x) for x in row] for row in h]"
        );
    }
    let _ = writeln!(s, "print(json.dumps(out))");
}
