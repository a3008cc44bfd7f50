//! The timeline: every step the app animates, computed up front. The UI holds a cursor;
//! stepping back is moving it. What is known at any step is looked up, never recomputed.

use petgraph::graph::EdgeIndex;

use super::{reverse, tangents, Adjoints, Trace};
use crate::format::{significant, subscripted};
use crate::graph::{Graph, NodeId, Op};

/// Which story the timeline tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The primal values, then the adjoints (the seed article's story).
    ForwardThenReverse,
    /// Forward mode: values and tangents together, seeded on input `seed` (its index).
    Tangent {
        /// The input whose unit vector seeds the tangents.
        seed: usize,
    },
}

/// What a step does.
#[derive(Clone, Debug, PartialEq)]
pub enum StepKind {
    /// Nothing computed yet.
    Start,
    /// A node's value (and in forward mode its tangent) is computed.
    Value(NodeId),
    /// The output's adjoint is set to 1.
    Seed(NodeId),
    /// One reverse contribution, by its index in [`Adjoints::contributions`].
    Contribution(usize),
    /// Everything is known.
    Done,
}

/// An equation as shown: `lhs op symbolic = substituted = result`.
#[derive(Clone, Debug, PartialEq)]
pub struct Equation {
    /// What is set: `v3`, `v0bar`, `v2dot`.
    pub lhs: String,
    /// `=` or `+=`.
    pub op: &'static str,
    /// In node labels: `sin(v0)`, `v3bar * cos(v0)`.
    pub symbolic: String,
    /// With the numbers in: `sin(5)`, `(-1) * cos(5)`.
    pub substituted: String,
    /// The value computed by this step (a contribution's own term, before summing).
    pub result: f64,
}

/// One step of the animation.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What the step does.
    pub kind: StepKind,
    /// Where we are, in words: "Forward pass 3/6".
    pub phase: String,
    /// The nodes the step lights up.
    pub nodes: Vec<NodeId>,
    /// The edges the step lights up.
    pub edges: Vec<EdgeIndex<u32>>,
    /// The equation, if the step computes something.
    pub equation: Option<Equation>,
}

/// The whole animation, with per-node lookups of what is known at each step.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    steps: Vec<Step>,
    value_step: Vec<usize>,
    adjoint_steps: Vec<Vec<(usize, f64)>>,
    adjoints: Option<Adjoints>,
}

impl Timeline {
    /// Builds the timeline for `mode` from the primal trace.
    pub fn new(graph: &Graph, trace: &Trace, mode: Mode) -> Timeline {
        let n = graph.node_count();
        let mut t = Timeline {
            steps: vec![],
            value_step: vec![0; n],
            adjoint_steps: vec![vec![]; n],
            adjoints: None,
        };
        t.steps.push(Step {
            kind: StepKind::Start,
            phase: "Ready: the forward pass comes next".into(),
            nodes: vec![],
            edges: vec![],
            equation: None,
        });
        let seed = match mode {
            Mode::Tangent { seed } => Some(seed),
            Mode::ForwardThenReverse => None,
        };
        let computed: Vec<NodeId> = graph
            .order()
            .iter()
            .copied()
            .filter(|&id| graph.node(id).op != Op::Const)
            .collect();
        let tan = seed.map(|s| {
            let dir: Vec<f64> = (0..graph.inputs().len())
                .map(|i| if i == s { 1.0 } else { 0.0 })
                .collect();
            tangents(graph, trace, &dir)
        });
        for (k, &id) in computed.iter().enumerate() {
            t.value_step[id.index()] = t.steps.len();
            let mut equation = value_equation(graph, trace, id);
            if let Some(tan) = &tan {
                equation = tangent_equation(graph, trace, tan, id);
            }
            let edges = graph.edges_into(id).to_vec();
            let phase = format!("Forward pass {}/{}", k + 1, computed.len());
            t.steps.push(Step {
                kind: StepKind::Value(id),
                phase,
                nodes: vec![id],
                edges,
                equation: Some(equation),
            });
        }
        if seed.is_none() {
            t.reverse_steps(graph, trace);
        }
        let out = subscripted(graph.output_name().unwrap_or("f"));
        let phase = match (&t.adjoints, seed) {
            (Some(adj), _) => format!("Done: ∇{out} = ({})", join(adj.gradient())),
            (None, Some(s)) => {
                let d = tan
                    .as_ref()
                    .map_or(f64::NAN, |tn| tn.tangent(graph.output()));
                let name = graph
                    .inputs()
                    .get(s)
                    .map_or("?".into(), |&i| subscripted(graph.node(i).label()));
                format!(
                    "Done: ∂{out}/∂{name} = {} (1 of {} forward passes)",
                    significant(d, 4),
                    graph.inputs().len()
                )
            }
            (None, None) => "Done".into(),
        };
        t.steps.push(Step {
            kind: StepKind::Done,
            phase,
            nodes: vec![],
            edges: vec![],
            equation: None,
        });
        t
    }

    fn reverse_steps(&mut self, graph: &Graph, trace: &Trace) {
        let adj = reverse(graph, trace);
        let out = graph.output();
        let total = adj.contributions().len() + 1;
        let label = graph.node(out).label().to_string();
        self.adjoint_steps[out.index()].push((self.steps.len(), 1.0));
        let eq = Equation {
            lhs: format!("{label}bar"),
            op: "=",
            symbolic: format!("∂f/∂{label}"),
            substituted: "1".into(),
            result: 1.0,
        };
        let phase = format!("Reverse pass 1/{total} — gradient not complete yet");
        self.steps.push(Step {
            kind: StepKind::Seed(out),
            phase,
            nodes: vec![out],
            edges: vec![],
            equation: Some(eq),
        });
        for (k, c) in adj.contributions().iter().enumerate() {
            self.adjoint_steps[c.to.index()].push((self.steps.len(), c.running));
            let (w, u) = (graph.node(c.from), graph.node(c.to));
            let slot = graph.edge(c.edge).2;
            let labels = graph.operand_labels(c.from);
            let numbers = operand_numbers(trace, w);
            let numbers: Vec<&str> = numbers.iter().map(String::as_str).collect();
            let eq = Equation {
                lhs: format!("{}bar", u.label()),
                op: if c.nth == 1 { "=" } else { "+=" },
                symbolic: format!("{}bar * {}", w.label(), w.op.partial_formula(slot, &labels)),
                substituted: format!(
                    "{} * {}",
                    number(c.upstream),
                    w.op.partial_formula(slot, &numbers)
                ),
                result: c.delta,
            };
            let done = if k + 2 == total {
                "gradient complete"
            } else {
                "gradient not complete yet"
            };
            let phase = format!("Reverse pass {}/{total} — {done}", k + 2);
            self.steps.push(Step {
                kind: StepKind::Contribution(k),
                phase,
                nodes: vec![c.to, c.from],
                edges: vec![c.edge],
                equation: Some(eq),
            });
        }
        self.adjoints = Some(adj);
    }

    /// Every step, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The adjoint trace, in forward-then-reverse mode.
    pub fn adjoints(&self) -> Option<&Adjoints> {
        self.adjoints.as_ref()
    }

    /// Whether node `id`'s value is known once step `step` is done.
    pub fn value_known(&self, id: NodeId, step: usize) -> bool {
        self.value_step[id.index()] <= step
    }

    /// Node `id`'s adjoint as it stands once step `step` is done (None: nothing yet).
    pub fn adjoint_at(&self, id: NodeId, step: usize) -> Option<f64> {
        let steps = &self.adjoint_steps[id.index()];
        let known = steps.partition_point(|&(s, _)| s <= step);
        known.checked_sub(1).map(|i| steps[i].1)
    }
}

fn value_equation(graph: &Graph, trace: &Trace, id: NodeId) -> Equation {
    let node = graph.node(id);
    let v = trace.value(id);
    let (symbolic, substituted) = match node.op {
        Op::Input => (node.label().to_string(), number(v)),
        op => {
            let numbers = operand_numbers(trace, node);
            let numbers: Vec<&str> = numbers.iter().map(String::as_str).collect();
            (graph.definition(id), op.definition(&numbers))
        }
    };
    Equation {
        lhs: node.id.clone(),
        op: "=",
        symbolic,
        substituted,
        result: v,
    }
}

fn tangent_equation(graph: &Graph, trace: &Trace, tan: &super::Tangents, id: NodeId) -> Equation {
    let node = graph.node(id);
    let lhs = format!("{}dot", node.label());
    if node.op == Op::Input {
        let t = tan.tangent(id);
        return Equation {
            lhs,
            op: "=",
            symbolic: "seed".into(),
            substituted: number(t),
            result: t,
        };
    }
    let labels = graph.operand_labels(id);
    let numbers = operand_numbers(trace, node);
    let numbers: Vec<&str> = numbers.iter().map(String::as_str).collect();
    let (mut sym, mut sub) = (Vec::new(), Vec::new());
    for (slot, &u) in node.operands().iter().enumerate() {
        if graph.node(u).constant {
            continue;
        }
        sym.push(format!(
            "{}dot * {}",
            graph.node(u).label(),
            node.op.partial_formula(slot, &labels)
        ));
        sub.push(format!(
            "{} * {}",
            number(tan.tangent(u)),
            node.op.partial_formula(slot, &numbers)
        ));
    }
    let (symbolic, substituted) = if sym.is_empty() {
        ("0".into(), "0".into())
    } else {
        (sym.join(" + "), sub.join(" + "))
    };
    Equation {
        lhs,
        op: "=",
        symbolic,
        substituted,
        result: tan.tangent(id),
    }
}

/// A number for substitution into a formula: 4 significant digits, negatives in brackets.
fn number(v: f64) -> String {
    let s = significant(v, 4);
    if s.starts_with('-') {
        format!("({s})")
    } else {
        s
    }
}

fn join(values: &[f64]) -> String {
    values
        .iter()
        .map(|&v| significant(v, 4))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The operands' values as they are substituted into formulas.
fn operand_numbers(trace: &Trace, node: &crate::graph::Node) -> Vec<String> {
    node.operands()
        .iter()
        .map(|&u| number(trace.value(u)))
        .collect()
}
