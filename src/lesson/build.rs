//! Building a lesson's rows and steps from the core's graph and timeline.

use super::{Row, StepView};
use crate::autodiff::{StepKind, Timeline, Trace};
use crate::format::{accented, significant, subscripted, BAR};
use crate::graph::{Graph, NodeId, Op};
use crate::math;

pub(super) fn row(graph: &Graph, id: NodeId) -> Row {
    let node = graph.node(id);
    let definition = match node.op {
        Op::Input => "input".to_string(),
        Op::Const => node.label().to_string(),
        _ => graph.definition(id),
    };
    let terms: Vec<String> = graph
        .edges_from(id)
        .iter()
        .map(|&e| {
            let (_, w, slot) = graph.edge(e);
            let wn = graph.node(w);
            format!(
                "{}bar * {}",
                wn.label(),
                wn.op.partial_formula(slot, &graph.operand_labels(w))
            )
        })
        .collect();
    let adjoint_formula = if id == graph.output() {
        math::inline("1")
    } else if node.constant || terms.is_empty() {
        String::new()
    } else {
        math::inline(&terms.join(" + "))
    };
    let labels = graph.operand_labels(id);
    let tangent_terms: Vec<String> = node
        .operands()
        .iter()
        .enumerate()
        .filter(|&(_, &u)| !graph.node(u).constant)
        .map(|(slot, &u)| {
            format!(
                "{}dot * {}",
                graph.node(u).label(),
                node.op.partial_formula(slot, &labels)
            )
        })
        .collect();
    let tangent_formula = match node.op {
        _ if node.constant => String::new(),
        Op::Input => math::inline("seed"),
        _ if tangent_terms.is_empty() => math::inline("0"),
        _ => math::inline(&tangent_terms.join(" + ")),
    };
    Row {
        tangent_formula,
        id: node.id.clone(),
        label: subscripted(node.label()),
        raw_label: node.label().to_string(),
        definition: math::inline(&definition),
        definition_text: definition,
        adjoint_formula,
    }
}

pub(super) fn step_view(
    graph: &Graph,
    trace: &Trace,
    timeline: &Timeline,
    at: &[usize],
    s: &crate::autodiff::Step,
) -> StepView {
    let nodes = s.nodes.iter().map(|id| at[id.index()]).collect();
    let edge_pos = |e: petgraph::graph::EdgeIndex<u32>| e.index();
    let edges = s.edges.iter().map(|&e| edge_pos(e)).collect();
    let (mut math, mut text, mut note) = (String::new(), String::new(), String::new());
    if let Some(eq) = &s.equation {
        let result = significant(eq.result, 4);
        let mut parts: Vec<String> = vec![];
        if let StepKind::Contribution(k) = s.kind {
            if let Some(c) = timeline.adjoints().and_then(|a| a.contributions().get(k)) {
                let (w, u) = (graph.node(c.from).label(), graph.node(c.to).label());
                parts.push(format!("{w}bar * ∂{w}/∂{u}"));
                note = format!(
                    "{} of {} contributions into {}: running sum {}",
                    c.nth,
                    c.of,
                    accented(u, BAR),
                    significant(c.running, 4)
                );
            }
        }
        parts.push(eq.symbolic.clone());
        if eq.substituted != eq.symbolic {
            parts.push(eq.substituted.clone());
        }
        if parts.last() != Some(&result) {
            parts.push(result);
        }
        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
        math = math::equation(&eq.lhs, eq.op, &refs);
        text = format!("{} {} {}", eq.lhs, eq.op, parts.join(" = "));
    }
    let (rule, rule_text) = rules(graph, trace, timeline, s);
    let answer = match s.kind {
        StepKind::Value(id) => Some((subscripted(graph.node(id).label()), trace.value(id))),
        StepKind::Seed(out) => Some((accented(graph.node(out).label(), BAR), 1.0)),
        StepKind::Contribution(k) => timeline
            .adjoints()
            .and_then(|a| a.contributions().get(k))
            .map(|c| (accented(graph.node(c.to).label(), BAR), c.running)),
        _ => None,
    };
    let narration = format!("{}. {}", s.phase.replace('/', " of "), math::spoken(&text));
    StepView {
        answer,
        narration: narration.trim_end_matches([' ', '.']).to_string(),
        phase: s.phase.clone(),
        math,
        text,
        note,
        rule,
        rule_text,
        nodes,
        edges,
    }
}

/// A factor in a written-out product: 4 significant digits, negatives in brackets.
pub(super) fn number(v: f64) -> String {
    let s = significant(v, 4);
    if s.starts_with('-') {
        format!("({s})")
    } else {
        s
    }
}

/// The rules a step applies: in the reverse pass, the one behind its local partial; in
/// forward mode, one per operand of the node it computes. As HTML (a name, then MathML)
/// and as plain text.
fn rules(
    graph: &Graph,
    trace: &Trace,
    timeline: &Timeline,
    s: &crate::autodiff::Step,
) -> (String, String) {
    let mut uses: Vec<(NodeId, usize)> = vec![];
    match s.kind {
        StepKind::Contribution(k) => {
            if let Some(c) = timeline.adjoints().and_then(|a| a.contributions().get(k)) {
                uses.push((c.from, graph.edge(c.edge).2));
            }
        }
        StepKind::Value(w) if timeline.adjoints().is_none() => {
            for (slot, &u) in graph.node(w).operands().iter().enumerate() {
                if !graph.node(u).constant {
                    uses.push((w, slot));
                }
            }
        }
        _ => {}
    }
    let (mut html, mut text) = (Vec::new(), Vec::new());
    for (w, slot) in uses {
        let node = graph.node(w);
        let labels = graph.operand_labels(w);
        let constant_exponent = node
            .operands()
            .get(1)
            .is_some_and(|&e| graph.node(e).constant);
        let name = node.op.rule(slot, constant_exponent);
        let u = labels.get(slot).copied().unwrap_or("?");
        let formula = node.op.partial_formula(slot, &labels);
        let value = graph
            .edges_into(w)
            .iter()
            .find(|&&e| graph.edge(e).2 == slot)
            .map_or(f64::NAN, |&e| trace.partial(e));
        let mut line = format!("∂({})/∂{u} = {formula}", node.op.definition(&labels));
        if formula != significant(value, 4) {
            line.push_str(&format!(" = {}", significant(value, 4)));
        }
        html.push(format!(
            "<span class=\"rule-name\">{name}:</span> {}",
            math::inline(&line)
        ));
        text.push(format!("{name}: {line}"));
    }
    (html.join("; "), text.join("; "))
}
