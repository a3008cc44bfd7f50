//! One step, built when it is shown: its phase, its equation as a typed formula (then
//! MathML, text and speech), the rules it applies, a note and what a quiz asks.

use super::phase::{output_j, pass_label, phase};
use super::{Lesson, StepView};
use crate::autodiff::{Engine, Gate, Pass, Seed, StepKind, Tangents};
use crate::format::significant;
use crate::formula::{
    mathml_equation, speech_equation, text, text_equation, Equation, Formula, Name, Role,
};
use crate::graph::{NodeId, Op};

/// The output as a symbol: `f`, `loss`.
pub(super) fn output(lesson: &Lesson) -> Formula {
    Formula::name(Name::User(lesson.output.clone()))
}

/// The node a step works on (a contribution's: the operation passing its adjoint back).
pub(super) fn step_node(lesson: &Lesson, kind: StepKind) -> Option<NodeId> {
    match kind {
        StepKind::Value(id, _) | StepKind::Seed(id) => Some(id),
        StepKind::Contribution { pass, k } => Some(lesson.contribution(pass, k)?.from),
        StepKind::Update(k) => lesson.update_node(k),
        StepKind::Start | StepKind::Done => None,
    }
}

/// The values of `w`'s operands.
fn operand_values(lesson: &Lesson, w: NodeId) -> Vec<f64> {
    let g = lesson.analysis.graph();
    let t = lesson.analysis.trace();
    g.node(w).operands().iter().map(|&u| t.value(u)).collect()
}

/// Which decision put the step's node in the graph: the branch taken (the other one
/// contributes nothing to the gradient at this point) or the loop pass.
fn branch_note(lesson: &Lesson, kind: StepKind) -> String {
    let g = lesson.analysis.graph();
    let Some(id) = step_node(lesson, kind) else {
        return String::new();
    };
    let Some(c) = g
        .node(id)
        .guard
        .and_then(|k| g.conditions().get(k as usize))
    else {
        return String::new();
    };
    let node = text(&g.symbol(id, Role::Value));
    match c.branch {
        "while" => format!(
            "{node} is made in a pass of the while loop: {} holds at this point, so the loop runs again.",
            c.text
        ),
        "else" => format!(
            "{node} is in the else branch: {} does not hold at this point. The branch not taken is not in the graph: it contributes nothing to the gradient here.",
            c.text
        ),
        _ => format!(
            "{node} is in the branch taken: {} holds at this point. The other branch is not in the graph: it contributes nothing to the gradient here.",
            c.text
        ),
    }
}

/// The step's equation, if it computes something.
fn equation(lesson: &Lesson, step: usize, kind: StepKind) -> Option<Equation> {
    let g = lesson.analysis.graph();
    let trace = lesson.analysis.trace();
    let (lhs, accumulate, mut parts, result) = match kind {
        StepKind::Value(id, _) => match lesson.pass_at(step) {
            Some((_, Pass::Forward { tangents, .. })) => {
                return tangent_equation(lesson, id, tangents)
            }
            _ => {
                let v = trace.value(id);
                let gate = lesson.folding().and_then(|f| f.gate_of(id));
                let parts = match g.node(id).op {
                    _ if gate.is_some() => gate.map_or_else(Vec::new, |gate| {
                        vec![
                            gate_call(lesson, gate, false),
                            gate_call(lesson, gate, true),
                        ]
                    }),
                    Op::Input | Op::Const => vec![g.operand(id)],
                    _ => vec![
                        g.definition(id),
                        g.definition_at(id, &operand_values(lesson, id)),
                    ],
                };
                (Formula::name(g.wengert(id)), false, parts, v)
            }
        },
        StepKind::Seed(out) => {
            let (j, weight) = seed_weight(lesson, step, out)?;
            let parts = match lesson.pass_at(step).map(|(_, p)| p.seed()) {
                Some(Seed::Vector(_)) => vec![Formula::Word("the cotangent's weight")],
                _ => vec![Formula::partial(output_j(lesson, j), g.operand(out))],
            };
            (g.symbol(out, Role::Adjoint), false, parts, weight)
        }
        StepKind::Contribution { pass, k } => {
            let c = lesson.contribution(pass, k)?;
            let wbar = g.symbol(c.from, Role::Adjoint);
            if let Some((gate, _)) = lesson.gate_edge(c.edge.index()) {
                let local = gate_partial(lesson, gate, c.to);
                let parts = vec![
                    Formula::times(wbar, local),
                    Formula::times(Formula::Number(c.upstream), Formula::Number(c.partial)),
                    Formula::Number(c.delta),
                ];
                return Some(Equation {
                    lhs: g.symbol(c.to, Role::Adjoint),
                    accumulate: c.nth > 1,
                    parts,
                });
            }
            let slot = g.edge(c.edge).2;
            let parts = vec![
                Formula::times(
                    wbar.clone(),
                    Formula::partial(g.operand(c.from), g.operand(c.to)),
                ),
                Formula::times(wbar, g.partial_formula(c.from, slot)),
                Formula::times(
                    Formula::Number(c.upstream),
                    g.partial_formula_at(c.from, slot, &operand_values(lesson, c.from)),
                ),
            ];
            // The overwriting engine assigns: `ā = …`, never `ā += …`.
            let adds = !matches!(lesson.engine_step(pass, k), Some((Engine::Overwrite, _)));
            (
                g.symbol(c.to, Role::Adjoint),
                c.nth > 1 && adds,
                parts,
                c.delta,
            )
        }
        StepKind::Update(k) => return super::update::update_equation(lesson, k),
        StepKind::Start | StepKind::Done => return None,
    };
    parts.push(Formula::Number(result));
    dedup(&mut parts);
    Some(Equation {
        lhs,
        accumulate,
        parts,
    })
}

/// Drops a part that reads as the one before it (`x₁ = 2 = 2`).
fn dedup(parts: &mut Vec<Formula>) {
    let mut seen: Vec<String> = Vec::new();
    parts.retain(|p| {
        let t = text(p);
        let keep = seen.last() != Some(&t);
        seen.push(t);
        keep
    });
}

/// The output a seed step seeds (its number) and the weight it is seeded with.
fn seed_weight(lesson: &Lesson, step: usize, out: NodeId) -> Option<(usize, f64)> {
    let g = lesson.analysis.graph();
    let j = g.outputs().iter().position(|&o| o == out)?;
    let weight = match lesson.pass_at(step).map(|(_, p)| p.seed()) {
        Some(Seed::Vector(u)) => u.get(j).copied().unwrap_or(1.0),
        _ => 1.0,
    };
    Some((j, weight))
}

fn tangent_equation(lesson: &Lesson, id: NodeId, tan: &Tangents) -> Option<Equation> {
    let g = lesson.analysis.graph();
    let node = g.node(id);
    let lhs = g.symbol(id, Role::Tangent);
    let gate = lesson.folding().and_then(|f| f.gate_of(id));
    let mut parts = match node.op {
        Op::Input => vec![Formula::Word("seed")],
        _ if gate.is_some() => gate.map_or_else(Vec::new, |gate| {
            let (mut sym, mut sub) = (Vec::new(), Vec::new());
            for (&u, &partial) in gate.operands.iter().zip(&gate.partials) {
                let local = gate_partial(lesson, gate, u);
                sym.push(Formula::times(g.symbol(u, Role::Tangent), local));
                sub.push(Formula::times(
                    Formula::Number(tan.tangent(u)),
                    Formula::Number(partial),
                ));
            }
            vec![Formula::sum(sym), Formula::sum(sub)]
        }),
        _ => {
            let values = operand_values(lesson, id);
            let (mut sym, mut sub) = (Vec::new(), Vec::new());
            for (slot, &u) in node.operands().iter().enumerate() {
                if g.node(u).constant {
                    continue;
                }
                sym.push(Formula::times(
                    g.symbol(u, Role::Tangent),
                    g.partial_formula(id, slot),
                ));
                sub.push(Formula::times(
                    Formula::Number(tan.tangent(u)),
                    g.partial_formula_at(id, slot, &values),
                ));
            }
            if sym.is_empty() {
                vec![Formula::Number(0.0)]
            } else {
                vec![Formula::sum(sym), Formula::sum(sub)]
            }
        }
    };
    parts.push(Formula::Number(tan.tangent(id)));
    dedup(&mut parts);
    Some(Equation {
        lhs,
        accumulate: false,
        parts,
    })
}

/// What a quiz asks at a step: the quantity's name and its value.
pub(super) fn answer(lesson: &Lesson, step: usize, kind: StepKind) -> Option<(String, f64)> {
    let g = lesson.analysis.graph();
    let name = |id, role| text(&g.symbol(id, role));
    match kind {
        StepKind::Value(id, _) => Some((name(id, Role::Value), lesson.analysis.trace().value(id))),
        StepKind::Seed(out) => Some((name(out, Role::Adjoint), seed_weight(lesson, step, out)?.1)),
        StepKind::Contribution { pass, k } => {
            let c = lesson.contribution(pass, k)?;
            Some((name(c.to, Role::Adjoint), c.running))
        }
        StepKind::Update(k) => Some((
            name(lesson.update_node(k)?, Role::Value),
            *lesson.update()?.next.get(k)?,
        )),
        StepKind::Start | StepKind::Done => None,
    }
}

pub(super) fn step_view(lesson: &Lesson, step: usize, kind: StepKind) -> StepView {
    let lit = lesson.lit(step);
    let phase = phase(lesson, step, kind);
    let eq = equation(lesson, step, kind);
    let (math, eq_text, spoken) = eq.as_ref().map_or_else(Default::default, |eq| {
        (mathml_equation(eq), text_equation(eq), speech_equation(eq))
    });
    let question = eq.map_or_else(String::new, |mut eq| {
        if eq.parts.len() > 1 {
            eq.parts.pop();
        }
        eq.parts.push(Formula::Word("?"));
        mathml_equation(&eq)
    });
    let note = match kind {
        StepKind::Contribution { pass, k } => {
            let Some(c) = lesson.contribution(pass, k) else {
                return StepView::default();
            };
            let g = lesson.analysis.graph();
            if let Some((engine, s)) = lesson.engine_step(pass, k) {
                super::engine::note(lesson, engine, k, s, c)
            } else {
                format!(
                    "{} of {} contributions into {}: running sum {}",
                    c.nth,
                    c.of,
                    text(&g.symbol(c.to, Role::Adjoint)),
                    significant(c.running, 4)
                )
            }
        }
        StepKind::Update(k) => super::update::update_note(lesson, k),
        _ => String::new(),
    };
    let (rules, rule_text) = rules(lesson, step, kind);
    let (inner_title, inner, inner_text) = super::fold::inner(lesson, kind).unwrap_or_default();
    let narration = format!("{}. {spoken}", phase.replace('/', " of "));
    StepView {
        branch_note: branch_note(lesson, kind),
        answer: answer(lesson, step, kind),
        pass_label: match kind {
            StepKind::Update(_) => String::new(),
            _ => lesson
                .timeline()
                .pass_of(step)
                .and_then(|p| pass_label(lesson, p))
                .unwrap_or_default(),
        },
        narration: narration.trim_end_matches([' ', '.']).to_string(),
        phase,
        math,
        text: eq_text,
        question,
        note,
        rules,
        rule_text,
        inner_title,
        inner,
        inner_text,
        nodes: lit.nodes().to_vec(),
        edges: lit.edges().to_vec(),
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
/// forward mode, one per operand of the node it computes. Each as its name and MathML,
/// and all as plain text.
fn rules(lesson: &Lesson, step: usize, kind: StepKind) -> (Vec<(&'static str, String)>, String) {
    let g = lesson.analysis.graph();
    let mut uses: Vec<(NodeId, usize)> = vec![];
    match kind {
        StepKind::Contribution { pass, k } => {
            let Some(c) = lesson.contribution(pass, k) else {
                return (Vec::new(), String::new());
            };
            match lesson.gate_edge(c.edge.index()) {
                Some((gate, e)) => return gate_rules(lesson, gate, &[e.slot]),
                None => uses.push((c.from, g.edge(c.edge).2)),
            }
        }
        StepKind::Value(w, _) if lesson.mode.forward() && step > 0 => {
            if let Some(gate) = lesson.folding().and_then(|f| f.gate_of(w)) {
                let slots: Vec<usize> = (0..gate.operands.len()).collect();
                return gate_rules(lesson, gate, &slots);
            }
            for (slot, &u) in g.node(w).operands().iter().enumerate() {
                if !g.node(u).constant {
                    uses.push((w, slot));
                }
            }
        }
        _ => {}
    }
    let (mut html, mut plain) = (Vec::new(), Vec::new());
    for (w, slot) in uses {
        let node = g.node(w);
        let constant_exponent = node.operands().get(1).is_some_and(|&e| g.node(e).constant);
        let name = node.op.rule(slot, constant_exponent);
        let u = node.operands()[slot];
        let value = g
            .edges_into(w)
            .iter()
            .find(|&&e| g.edge(e).2 == slot)
            .map_or(f64::NAN, |&e| lesson.analysis.trace().partial(e));
        let mut eq = Equation {
            lhs: Formula::partial(g.definition(w), g.operand(u)),
            accumulate: false,
            parts: vec![g.partial_formula(w, slot), Formula::Number(value)],
        };
        dedup(&mut eq.parts);
        plain.push(format!("{name}: {}", text_equation(&eq)));
        html.push((name, mathml_equation(&eq)));
    }
    (html, plain.join("; "))
}

/// The gate's call as a formula: `sig(z)`, or with the operands' values, `sig(−1)`.
pub(super) fn gate_call(lesson: &Lesson, gate: &Gate, at_values: bool) -> Formula {
    let g = lesson.analysis.graph();
    let t = lesson.analysis.trace();
    let args = gate
        .operands
        .iter()
        .map(|&u| match at_values {
            true => Formula::Number(t.value(u)),
            false => g.operand(u),
        })
        .collect();
    Formula::Apply(gate.function.as_str().into(), args)
}

/// The gate's local partial by operand `u`, as CS231n writes it: `∂sig/∂z`.
pub(super) fn gate_partial(lesson: &Lesson, gate: &Gate, u: NodeId) -> Formula {
    let g = lesson.analysis.graph();
    Formula::partial(
        Formula::name(Name::User(gate.function.clone())),
        g.operand(u),
    )
}

/// A gate's local partials by its operands in `slots`: from the function's own backward
/// pass at this point.
fn gate_rules(
    lesson: &Lesson,
    gate: &Gate,
    slots: &[usize],
) -> (Vec<(&'static str, String)>, String) {
    let g = lesson.analysis.graph();
    let (mut html, mut plain) = (Vec::new(), Vec::new());
    for &slot in slots {
        let (Some(&u), Some(&partial)) = (gate.operands.get(slot), gate.partials.get(slot)) else {
            continue;
        };
        if g.node(u).constant {
            continue;
        }
        let eq = Equation {
            lhs: gate_partial(lesson, gate, u),
            accumulate: false,
            parts: vec![Formula::Number(partial)],
        };
        let name = "the gate's local partial (its own backward pass)";
        plain.push(format!("{name}: {}", text_equation(&eq)));
        html.push((name, mathml_equation(&eq)));
    }
    (html, plain.join("; "))
}
