//! Building the DAG from a resolved program, with hash-consing and Wengert numbering.

use rustc_hash::FxHashMap as HashMap;

use petgraph::graph::DiGraph;

use super::call::{chain_op, function_op};
use super::resolve::{constant, resolve};
use super::{Edge, Graph, Node, NodeId, Op, MAX_NODES};
use crate::expr::{Expr, ExprKind, ParseError, Program, Span};

/// What makes two nodes the same node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Input(String),
    Const(u64),
    Op(Op, [NodeId; 2]),
}

impl Key {
    fn op(op: Op, operands: &[NodeId]) -> Key {
        let at = |i: usize| operands.get(i).copied().unwrap_or_else(NodeId::end);
        Key::Op(op, [at(0), at(1)])
    }
}

#[derive(Default)]
struct Builder {
    dag: DiGraph<Node, Edge, u32>,
    keys: HashMap<Key, NodeId>,
    operations: usize,
}

impl Graph {
    /// Builds the computation graph of a parsed program: resolves its names (inputs,
    /// intermediates, the output), then adds one node per distinct operation.
    pub fn build(program: &Program) -> Result<Graph, ParseError> {
        let plan = resolve(program)?;
        let mut b = Builder::with_capacity(plan.size_hint);
        let mut named: HashMap<&str, NodeId> = HashMap::default();
        named.reserve(plan.inputs.len() + plan.defs.len());
        let mut inputs = Vec::new();
        for input in &plan.inputs {
            let id = b.add(
                Key::Input(input.name.clone()),
                Op::Input,
                &[],
                input.span.clone(),
                input.value,
            )?;
            b.dag[id].name = Some(input.name.clone());
            named.insert(&input.name, id);
            inputs.push(id);
        }
        for &(name, body) in &plan.defs {
            let id = b.expr(body, &named)?;
            b.name(id, name);
            named.insert(name, id);
        }
        let output = b.expr(plan.output, &named)?;
        if let Some(name) = plan.output_name {
            b.name(output, name);
        }
        let order = b.number(&inputs);
        Ok(Graph {
            in_edges: Graph::index_in_edges(&b.dag),
            dag: b.dag,
            order,
            inputs,
            output,
            output_name: plan.output_name.map(str::to_string),
            warnings: plan.warnings,
        })
    }
}

impl Builder {
    /// A builder with room for about `nodes` nodes (and twice as many edges).
    fn with_capacity(nodes: usize) -> Builder {
        let mut keys = HashMap::default();
        keys.reserve(nodes);
        Builder {
            dag: DiGraph::with_capacity(nodes, 2 * nodes),
            keys,
            operations: 0,
        }
    }

    /// The node for `e`. Recursion follows the text's nesting, which the parser bounds.
    fn expr(&mut self, e: &Expr, named: &HashMap<&str, NodeId>) -> Result<NodeId, ParseError> {
        let span = e.span.clone();
        match &e.kind {
            ExprKind::Number(v) => self.constant(*v, None, span),
            ExprKind::Name(n) => match (named.get(n.as_str()), constant(n)) {
                (Some(&id), _) => Ok(id),
                (None, Some(v)) => self.constant(v, Some(n), span),
                (None, None) => Err(ParseError::new(span, format!("'{n}' has no value"))),
            },
            ExprKind::Neg(inner) => match inner.kind {
                // A negative literal is one constant, not an operation.
                ExprKind::Number(v) => self.constant(-v, None, span),
                _ => self.op(Op::Neg, &[inner], named, span),
            },
            ExprKind::Pow(a, b) => self.op(Op::Pow, &[a, b], named, span),
            ExprKind::Call {
                func,
                func_span,
                args,
            } => {
                let op = function_op(func, func_span, args.len(), &|n| named.contains_key(n))?;
                let args: Vec<&Expr> = args.iter().collect();
                self.op(op, &args, named, span)
            }
            ExprKind::Chain { first, rest } => {
                // All operands first, then the folds: Baydin's numbering of
                // ln(x1) + x1*x2 - sin(x2) is v1 = ln, v2 = *, v3 = sin, v4 = +, v5 = -.
                let mut acc = self.expr(first, named)?;
                let operands = rest
                    .iter()
                    .map(|(_, o)| self.expr(o, named))
                    .collect::<Result<Vec<_>, _>>()?;
                for ((op, operand), id) in rest.iter().zip(operands) {
                    let span = span.start..operand.span.end;
                    acc = self.add(
                        Key::op(chain_op(*op), &[acc, id]),
                        chain_op(*op),
                        &[acc, id],
                        span,
                        0.0,
                    )?;
                }
                Ok(acc)
            }
        }
    }

    fn op(
        &mut self,
        op: Op,
        args: &[&Expr],
        named: &HashMap<&str, NodeId>,
        span: Span,
    ) -> Result<NodeId, ParseError> {
        let mut operands = [NodeId::end(); 2];
        for (slot, a) in args.iter().enumerate().take(2) {
            operands[slot] = self.expr(a, named)?;
        }
        let operands = &operands[..args.len().min(2)];
        self.add(Key::op(op, operands), op, operands, span, 0.0)
    }

    fn constant(&mut self, v: f64, name: Option<&str>, span: Span) -> Result<NodeId, ParseError> {
        let id = self.add(Key::Const(v.to_bits()), Op::Const, &[], span, v)?;
        let node = &mut self.dag[id];
        // An unnamed constant is shown as its number; `pi` and `e` keep their names.
        if node.name.is_none() {
            node.name = name.map(str::to_string);
        }
        Ok(id)
    }

    /// The node for `key`, added (with its edges) if it is new.
    fn add(
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
        let node = Node {
            op,
            operand_slots,
            arity: operands.len() as u8,
            id: String::new(),
            name: None,
            given,
            span,
            constant,
        };
        let id = self.dag.add_node(node);
        for (slot, &u) in operands.iter().enumerate() {
            self.dag.add_edge(u, id, Edge { slot });
        }
        self.keys.insert(key, id);
        Ok(id)
    }

    /// Gives an unnamed operation node the user's name for it.
    fn name(&mut self, id: NodeId, name: &str) {
        let node = &mut self.dag[id];
        if node.name.is_none() && node.op != Op::Const {
            node.name = Some(name.to_string());
        }
    }

    /// Assigns Wengert ids and returns the order: inputs, constants, operations.
    fn number(&mut self, inputs: &[NodeId]) -> Vec<NodeId> {
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
