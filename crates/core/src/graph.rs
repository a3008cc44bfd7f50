//! The computation graph: a DAG of elementary operations (petgraph), built only from a
//! parsed program, numbered as a Wengert list.
//!
//! One node per input, per constant, per operation; identical subexpressions (same op, same
//! operands) are one node. Multi-edges are real: `x*x` has two edges from `x`, one per
//! operand slot. Inputs are numbered `v-(n-1)..v0` in the order of `f(...)` (else of first
//! use), operations `v1..vk` in topological order; constants are `c0, c1, ...`.
//! The fields are private and the only constructor is [`Graph::build`], so the graph is
//! acyclic and its order is computed once.

mod build;
mod call;
mod op;
mod resolve;
mod run;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

pub use op::{Algebra, Op, FUNCTIONS};

use crate::expr::{ParseError, Span};
use crate::formula::{Formula, Name, Role, Symbol, Written};

/// Most operation nodes a graph may have (inputs and constants come on top), so a chain
/// of 10,000 operations is legal and one more is refused.
pub const MAX_NODES: usize = 10_000;

/// Most decisions (branches taken, loop checks) a graph keeps for drawing.
pub const MAX_CONDITIONS: usize = 256;

/// A node's index in the graph.
pub type NodeId = NodeIndex<u32>;

/// One node: an input, a constant or an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What the node computes.
    pub op: Op,
    /// Its operands in slot order, padded with `NodeId::end()`; see [`Node::operands`].
    operand_slots: [NodeId; 2],
    /// How many operands it has (0, 1 or 2).
    arity: u8,
    /// Its Wengert id: `v-1`, `v0`, `v3`, or `c0` for a constant.
    pub id: String,
    /// The user's name for it (`x1`, `c` in `c = a + b`), if any.
    pub name: Option<String>,
    /// For a constant its value; for an input its value at the program's point.
    pub given: f64,
    /// Where the node was first written.
    pub span: Span,
    /// Whether the node depends on no input (constants and operations on them only).
    pub constant: bool,
    /// Which assignment to its name made it: 1 for the first (`c`), 2 for the next
    /// (`c⁽²⁾`) when the program assigns the name again; 0 for a node with no name.
    pub version: u32,
    /// The passes of the loops it was made in, outermost first; empty outside loops.
    pub iteration: Vec<Pass>,
    /// The condition (an index into [`Graph::conditions`]) whose branch or loop pass made
    /// it, the innermost; `None` outside branches and loops.
    pub guard: Option<u32>,
    /// The call of a function that made it (an index into [`Graph::calls`]), the innermost.
    pub call: Option<u32>,
}

/// One call of a function: which function, and which of its calls (1 for the first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallSite {
    /// The function's name.
    pub function: String,
    /// Its calls are counted from 1 in the order they ran.
    pub nth: u32,
    /// The call it was made in (an index into [`Graph::calls`]), for a call inside a
    /// function's body.
    pub parent: Option<u32>,
}

impl CallSite {
    /// `neuron#2`.
    pub fn label(&self) -> String {
        format!("{}#{}", self.function, self.nth)
    }
}

/// A decision the program took at its point: an `if`'s branch or a `while`'s check. No
/// gradient flows through it; it is drawn as its own node with dashed edges from the
/// values it reads to what it guards.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The condition as written: `b > 0`, `abs(b) < 1000`.
    pub text: String,
    /// Whether it held at the point.
    pub holds: bool,
    /// What decided: `if`, `else if`, `else` (no condition held) or `while`.
    pub branch: &'static str,
    /// The nodes it reads (the names' values it compares).
    pub reads: Vec<NodeId>,
    /// The nodes it guards: the names its branch or pass assigns (else the first node made
    /// there).
    pub guards: Vec<NodeId>,
    /// The loop passes it was checked in.
    pub iteration: Vec<Pass>,
}

/// One pass of a loop: a `for` loop's counter and its value, or a `while` loop's pass
/// number (counting from 0).
#[derive(Clone, Debug, PartialEq)]
pub struct Pass {
    /// The `for` loop's counter; `None` for a `while` loop.
    pub counter: Option<std::sync::Arc<str>>,
    /// The counter's value, or the pass number.
    pub value: i64,
}

impl Pass {
    /// Passes as a student reads them: `i = 2`, `i = 0, j = 1`, `pass 3` (a `while`
    /// loop's passes count from 1); empty outside loops.
    pub fn text(passes: &[Pass]) -> String {
        let parts: Vec<String> = passes
            .iter()
            .map(|p| match &p.counter {
                Some(c) => format!("{} = {}", crate::formula::name_text(c), p.value),
                None => format!("pass {}", p.value + 1),
            })
            .collect();
        parts.join(", ")
    }

    /// The counters' values (a `while` loop's pass from 0), comma-separated: `0,2`.
    pub fn values(passes: &[Pass]) -> String {
        let parts: Vec<String> = passes.iter().map(|p| p.value.to_string()).collect();
        parts.join(",")
    }
}

impl Node {
    /// Its operands, in slot order (at most two).
    pub fn operands(&self) -> &[NodeId] {
        &self.operand_slots[..usize::from(self.arity)]
    }

    /// The label to show: the user's name, else the Wengert id.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// An edge from an operand to the operation using it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Which operand of the target the source is (0 or 1).
    pub slot: usize,
}

/// The computation DAG of a program.
#[derive(Clone, Debug)]
pub struct Graph {
    dag: DiGraph<Node, Edge, u32>,
    order: Vec<NodeId>,
    in_edges: Vec<[EdgeIndex<u32>; 2]>,
    inputs: Vec<NodeId>,
    params: Vec<usize>,
    output: NodeId,
    outputs: Vec<NodeId>,
    output_name: Option<String>,
    warnings: Vec<ParseError>,
    flow: Flow,
    conditions: Vec<Condition>,
    calls: Vec<CallSite>,
}

/// How the program ran at its point: its loops' passes and its branches decided.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    /// Loop passes run, in all loops.
    pub passes: usize,
    /// `if` statements decided (each time one ran).
    pub branches: usize,
}

/// The built-in constant a name stands for where the program does not bind it (`pi`, `e`).
pub fn constant_value(name: &str) -> Option<f64> {
    resolve::constant(name)
}

impl Graph {
    /// The inputs written with `param` (indices into [`Graph::inputs`]): what training
    /// updates unless the page chooses others.
    pub fn params(&self) -> &[usize] {
        &self.params
    }

    /// The node `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.dag[id]
    }

    /// Every node in Wengert order: inputs, constants, then operations topologically.
    pub fn order(&self) -> &[NodeId] {
        &self.order
    }

    /// The inputs, in order (`v-(n-1)` first).
    pub fn inputs(&self) -> &[NodeId] {
        &self.inputs
    }

    /// The output node.
    pub fn output(&self) -> NodeId {
        self.output
    }

    /// Every output, in order: one, or those of a list `f(...) = [e1, e2, ...]` (the first
    /// is [`Graph::output`]).
    pub fn outputs(&self) -> &[NodeId] {
        &self.outputs
    }

    /// The output's name (`f` in `f(x) = ...`; `f1` for the first of a list), if it has one.
    pub fn output_name(&self) -> Option<&str> {
        self.output_name.as_deref()
    }

    /// How the program ran: the loop passes and branches its graph unrolls. Both 0 for a
    /// program of equations.
    pub fn flow(&self) -> Flow {
        self.flow
    }

    /// The decisions the program took at its point, in the order taken (at most
    /// [`MAX_CONDITIONS`] are kept).
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// The calls of functions the program made, in order.
    pub fn calls(&self) -> &[CallSite] {
        &self.calls
    }

    /// The call that made node `id`, as `neuron#2`, if a call made it.
    pub fn call_label(&self, id: NodeId) -> Option<String> {
        let k = self.dag[id].call? as usize;
        self.calls.get(k).map(CallSite::label)
    }

    /// Non-fatal remarks about the program, e.g. an input listed but never used.
    pub fn warnings(&self) -> &[ParseError] {
        &self.warnings
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.dag.node_count()
    }

    /// The number of edges (a multi-edge counts once per slot).
    pub fn edge_count(&self) -> usize {
        self.dag.edge_count()
    }

    /// The edge's source, target and slot.
    pub fn edge(&self, e: EdgeIndex<u32>) -> (NodeId, NodeId, usize) {
        let (from, to) = self
            .dag
            .edge_endpoints(e)
            .unwrap_or((self.output, self.output));
        (from, to, self.dag[e].slot)
    }

    /// The edges into `w`, in operand-slot order.
    pub fn edges_into(&self, w: NodeId) -> &[EdgeIndex<u32>] {
        &self.in_edges[w.index()][..self.dag[w].operands().len()]
    }

    /// Each node's incoming edges by slot, computed once when the graph is built.
    fn index_in_edges(dag: &DiGraph<Node, Edge, u32>) -> Vec<[EdgeIndex<u32>; 2]> {
        let mut in_edges = vec![[EdgeIndex::end(); 2]; dag.node_count()];
        for e in dag.edge_references() {
            in_edges[e.target().index()][e.weight().slot] = e.id();
        }
        in_edges
    }

    /// The edges out of `u`, to the operations that use it.
    pub fn edges_from(&self, u: NodeId) -> Vec<EdgeIndex<u32>> {
        let mut edges: Vec<_> = self
            .dag
            .edges_directed(u, Direction::Outgoing)
            .map(|e| e.id())
            .collect();
        edges.sort();
        edges
    }

    /// The values the program's bindings give the inputs.
    pub fn point(&self) -> Vec<f64> {
        self.inputs.iter().map(|&i| self.dag[i].given).collect()
    }

    /// The underlying petgraph graph, read-only.
    pub fn dag(&self) -> &DiGraph<Node, Edge, u32> {
        &self.dag
    }

    /// The node's name: the user's, else its Wengert id (`v-1`, `c0`) as a letter and an index.
    pub fn name_of(&self, id: NodeId) -> Name {
        let node = &self.dag[id];
        match &node.name {
            Some(name) if node.version > 1 => Name::Version(name.clone(), node.version),
            Some(name) => Name::User(name.clone()),
            None => self.wengert(id),
        }
    }

    /// The node's Wengert id as a name (`v₋₁`, `v₃`, `c₀`), named by the user or not: the
    /// left side of Baydin's tables.
    pub fn wengert(&self, id: NodeId) -> Name {
        let mut chars = self.dag[id].id.chars();
        let letter = chars.next().unwrap_or('v');
        Name::Id {
            letter,
            index: chars.as_str().parse().unwrap_or(0),
        }
    }

    /// The loop passes the node was made in, as a student reads them: `i = 2`,
    /// `i = 0, j = 1`, `pass 3` (a `while` loop's passes count from 1); empty outside loops.
    pub fn pass_text(&self, id: NodeId) -> String {
        Pass::text(&self.dag[id].iteration)
    }

    /// The loop counters' values (a `while` loop's pass from 0), comma-separated: `0,2`.
    pub fn iteration_values(&self, id: NodeId) -> String {
        Pass::values(&self.dag[id].iteration)
    }

    /// The node as an operand in a formula: its name as a value, or a constant's number.
    pub fn operand(&self, id: NodeId) -> Formula {
        self.symbol(id, Role::Value)
    }

    /// The node in `role` (value, adjoint, tangent); an unnamed constant is its number.
    pub fn symbol(&self, id: NodeId, role: Role) -> Formula {
        let node = &self.dag[id];
        if node.op == Op::Const && node.name.is_none() && role == Role::Value {
            return Formula::Exact(node.given);
        }
        Formula::Symbol(Symbol {
            name: self.name_of(id),
            role,
        })
    }

    /// `w`'s definition in its operands: `v₋₁ · v₀`, `sin(v₀)`; an input's is its name.
    pub fn definition(&self, w: NodeId) -> Formula {
        let args: Vec<Formula> = self.dag[w]
            .operands()
            .iter()
            .map(|&u| self.operand(u))
            .collect();
        match self.dag[w].op {
            Op::Input | Op::Const => self.operand(w),
            op => op.apply(&mut Written, &args),
        }
    }

    /// `w`'s definition with `values` in place of its operands: `sin(5)`.
    pub fn definition_at(&self, w: NodeId, values: &[f64]) -> Formula {
        let args: Vec<Formula> = values.iter().map(|&v| Formula::Number(v)).collect();
        self.dag[w].op.apply(&mut Written, &args)
    }

    /// The local partial ∂w/∂(operand `slot`) as a formula in `w`'s operands: `cos(v₀)`.
    pub fn partial_formula(&self, w: NodeId, slot: usize) -> Formula {
        let args: Vec<Formula> = self.dag[w]
            .operands()
            .iter()
            .map(|&u| self.operand(u))
            .collect();
        let value = self.definition(w);
        self.dag[w].op.partial_in(&mut Written, slot, &args, value)
    }

    /// The same with `values` in place of the operands: `cos(5)`.
    pub fn partial_formula_at(&self, w: NodeId, slot: usize, values: &[f64]) -> Formula {
        let args: Vec<Formula> = values.iter().map(|&v| Formula::Number(v)).collect();
        let value = self.definition_at(w, values);
        self.dag[w].op.partial_in(&mut Written, slot, &args, value)
    }
}
