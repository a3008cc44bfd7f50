//! Building the DAG from a resolved program, with hash-consing and Wengert numbering.

use rustc_hash::FxHashMap as HashMap;

use petgraph::graph::DiGraph;

use super::resolve::resolve;
use super::run::Run;
use super::{Edge, Graph, Node, NodeId, Op, Pass, MAX_NODES};
use crate::expr::{ParseError, Program, Span, Stmt};

/// What makes two nodes the same node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Key {
    Input(String),
    Const(u64),
    Op(Op, [NodeId; 2]),
}

impl Key {
    pub(super) fn op(op: Op, operands: &[NodeId]) -> Key {
        let at = |i: usize| operands.get(i).copied().unwrap_or_else(NodeId::end);
        Key::Op(op, [at(0), at(1)])
    }
}

/// The graph as it grows: one node per distinct operation, each node's value (so loops
/// and branches can be decided at the point while the program runs).
#[derive(Default)]
pub(super) struct Builder {
    pub dag: DiGraph<Node, Edge, u32>,
    keys: HashMap<Key, NodeId>,
    operations: usize,
    /// Each node's value at the point, by index.
    pub values: Vec<f64>,
    /// The loop passes new nodes are made in.
    pub passes: Vec<Pass>,
    /// The condition whose branch or pass new nodes are made in.
    pub guard: Option<u32>,
    /// The call of a function new nodes are made in.
    pub call: Option<u32>,
    /// Whether the operation limit stopped the build.
    pub limit_hit: bool,
}

impl Graph {
    /// Builds the computation graph of a parsed program: resolves its names (inputs,
    /// intermediates, the output), runs its statements at the point (loops unrolled, the
    /// branches taken), adding one node per distinct operation.
    pub fn build(program: &Program) -> Result<Graph, ParseError> {
        let plan = resolve(program)?;
        let mut run = Run::new(program, &plan);
        run.params()?;
        run.statements()?;
        let output = run.output()?;
        let others = run.other_outputs(output)?;
        let warnings = run.warnings();
        let flow = run.flow();
        let super::run::Built {
            mut b,
            inputs,
            output,
            others,
            conditions,
            calls,
        } = run.finish(output, &others);
        let params = parameters(program, &b.dag, &inputs)?;
        let order = b.number(&inputs);
        // Several outputs: the first is shown by its own name (f1).
        let output_name = if others.is_empty() {
            plan.output_name.map(str::to_string)
        } else {
            b.dag[output].name.clone()
        };
        Ok(Graph {
            in_edges: Graph::index_in_edges(&b.dag),
            dag: b.dag,
            order,
            inputs,
            params,
            output,
            output_name,
            outputs: std::iter::once(output).chain(others).collect(),
            warnings,
            flow,
            conditions,
            calls,
        })
    }
}

/// The inputs written with `param`, as indices into `inputs`; `param` on a name that is
/// not an input is an error at the name.
fn parameters(
    program: &Program,
    dag: &DiGraph<Node, Edge, u32>,
    inputs: &[NodeId],
) -> Result<Vec<usize>, ParseError> {
    let mut params = Vec::new();
    for stmt in &program.stmts {
        let Stmt::Binding {
            name,
            name_span,
            param: true,
            ..
        } = stmt
        else {
            continue;
        };
        match inputs
            .iter()
            .position(|&id| dag[id].name.as_deref() == Some(name.as_str()))
        {
            Some(k) if !params.contains(&k) => params.push(k),
            Some(_) => {}
            None => {
                return Err(ParseError::new(
                    name_span.clone(),
                    format!(
                        "param {name} is not an input: a parameter is a name given a number that the output uses, as in param {name} = 0.5"
                    ),
                ))
            }
        }
    }
    Ok(params)
}

impl Builder {
    /// A builder with room for about `nodes` nodes (and twice as many edges).
    pub(super) fn with_capacity(nodes: usize) -> Builder {
        let mut keys = HashMap::default();
        keys.reserve(nodes);
        Builder {
            dag: DiGraph::with_capacity(nodes, 2 * nodes),
            keys,
            values: Vec::with_capacity(nodes),
            ..Builder::default()
        }
    }

    /// The input `name` with its value.
    pub(super) fn input(
        &mut self,
        name: &str,
        value: f64,
        span: Span,
    ) -> Result<NodeId, ParseError> {
        let id = self.add(Key::Input(name.to_string()), Op::Input, &[], span, value)?;
        if self.dag[id].name.is_none() {
            self.dag[id].name = Some(name.to_string());
            self.dag[id].version = 1;
        }
        Ok(id)
    }

    pub(super) fn constant(
        &mut self,
        v: f64,
        name: Option<&str>,
        span: Span,
    ) -> Result<NodeId, ParseError> {
        let id = self.add(Key::Const(v.to_bits()), Op::Const, &[], span, v)?;
        let node = &mut self.dag[id];
        // An unnamed constant is shown as its number; `pi` and `e` keep their names.
        if node.name.is_none() {
            node.name = name.map(str::to_string);
        }
        Ok(id)
    }

    /// The node for `key`, added (with its edges) if it is new.
    pub(super) fn add(
        &mut self,
        key: Key,
        op: Op,
        operands: &[NodeId],
        span: Span,
        given: f64,
    ) -> Result<NodeId, ParseError> {
        if let Some(&id) = self.keys.get(&key) {
            return Ok(id);
        }
        if !operands.is_empty() {
            if self.operations >= MAX_NODES {
                self.limit_hit = true;
                let msg = format!(
                    "the graph would have more than {MAX_NODES} operations; this is the limit"
                );
                return Err(ParseError::new(span, msg));
            }
            self.operations += 1;
        }
        let constant =
            op == Op::Const || (op != Op::Input && operands.iter().all(|&u| self.dag[u].constant));
        let mut operand_slots = [NodeId::end(); 2];
        operand_slots[..operands.len()].copy_from_slice(operands);
        let value = match op {
            Op::Input | Op::Const => given,
            _ => {
                let mut args = [0.0; 2];
                for (a, u) in args.iter_mut().zip(operands) {
                    *a = self.values[u.index()];
                }
                op.eval(&args[..operands.len()])
            }
        };
        let node = Node {
            op,
            operand_slots,
            arity: operands.len() as u8,
            id: String::new(),
            name: None,
            given,
            span,
            constant,
            version: 0,
            // A literal is not made by a pass, even when written in a loop.
            iteration: match op {
                Op::Input | Op::Const => Vec::new(),
                _ => self.passes.clone(),
            },
            guard: match op {
                Op::Input | Op::Const => None,
                _ => self.guard,
            },
            call: match op {
                Op::Input | Op::Const => None,
                _ => self.call,
            },
        };
        let id = self.dag.add_node(node);
        self.values.push(value);
        for (slot, &u) in operands.iter().enumerate() {
            self.dag.add_edge(u, id, Edge { slot });
        }
        self.keys.insert(key, id);
        Ok(id)
    }

    /// Gives an unnamed operation node the user's name for it, as the name's `version`-th
    /// assignment.
    pub(super) fn name(&mut self, id: NodeId, name: &str, version: u32) {
        let node = &mut self.dag[id];
        if node.name.is_none() && node.op != Op::Const {
            node.name = Some(name.to_string());
            node.version = version;
        }
    }

    /// Keeps only the nodes the output depends on, and `keep` (the listed inputs), in the
    /// order they were made: a version of a name the output never reads, a loop's bound,
    /// a condition's comparison. Returns the old-to-new index map.
    pub(super) fn prune(&mut self, output: NodeId, keep: &[NodeId]) -> Vec<Option<NodeId>> {
        let n = self.dag.node_count();
        let mut live = vec![false; n];
        let mut stack = vec![output];
        stack.extend_from_slice(keep);
        while let Some(u) = stack.pop() {
            if std::mem::replace(&mut live[u.index()], true) {
                continue;
            }
            stack.extend_from_slice(self.dag[u].operands());
        }
        if live.iter().all(|&l| l) {
            return self.dag.node_indices().map(Some).collect();
        }
        let mut map = vec![None; n];
        let mut dag = DiGraph::with_capacity(n, self.dag.edge_count());
        let mut values = Vec::with_capacity(n);
        for old in self.dag.node_indices().filter(|u| live[u.index()]) {
            let mut node = self.dag[old].clone();
            for slot in node.operand_slots.iter_mut().take(usize::from(node.arity)) {
                *slot = map[slot.index()].unwrap_or_else(NodeId::end);
            }
            let operands = node.operands().to_vec();
            let id = dag.add_node(node);
            for (slot, u) in operands.into_iter().enumerate() {
                dag.add_edge(u, id, Edge { slot });
            }
            map[old.index()] = Some(id);
            values.push(self.values[old.index()]);
        }
        self.dag = dag;
        self.values = values;
        map
    }

    /// Assigns Wengert ids and returns the order: inputs, constants, operations.
    pub(super) fn number(&mut self, inputs: &[NodeId]) -> Vec<NodeId> {
        let n = inputs.len() as i64;
        for (i, &id) in inputs.iter().enumerate() {
            self.dag[id].id = wengert('v', i as i64 + 1 - n);
        }
        let mut order = inputs.to_vec();
        let (mut consts, mut ops) = (Vec::new(), Vec::new());
        // Creation order is topological: a node is added after its operands.
        for id in self.dag.node_indices() {
            match self.dag[id].op {
                Op::Input => {}
                Op::Const => consts.push(id),
                _ => ops.push(id),
            }
        }
        for (k, &id) in consts.iter().enumerate() {
            self.dag[id].id = wengert('c', k as i64);
        }
        for (k, &id) in ops.iter().enumerate() {
            self.dag[id].id = wengert('v', k as i64 + 1);
        }
        order.extend(consts);
        order.extend(ops);
        order
    }
}

/// A Wengert id, `v-1`, `v12`, `c0`: written digit by digit, as `format!` costs a fifth
/// of the build at 10,000 nodes.
fn wengert(letter: char, k: i64) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = k.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut id = String::with_capacity(2 + digits.len() - at);
    id.push(letter);
    if k < 0 {
        id.push('-');
    }
    id.extend(digits[at..].iter().map(|&d| char::from(d)));
    id
}

#[cfg(test)]
mod tests {
    #[test]
    fn wengert_ids_are_written_as_format_would() {
        for k in [
            -12_345,
            -10,
            -1,
            0,
            1,
            9,
            10,
            99,
            100,
            10_000,
            i64::MIN + 1,
            i64::MAX,
        ] {
            assert_eq!(super::wengert('v', k), format!("v{k}"));
        }
        assert_eq!(super::wengert('c', 3), "c3");
    }
}
