//! Exports for handouts and papers: the graph at a step as standalone SVG, the trace table
//! as a LaTeX `tabular` (booktabs) and as CSV, the graph as Graphviz DOT. Every piece of
//! text from the program is escaped for the format it lands in.

use crate::format::{full, significant, split_index};
use crate::lesson::{Lesson, NodeState};
use crate::math::escape;

/// The trace table at full precision: node, definition, value, and adjoint (or tangent in
/// forward mode), as the lesson shows them once every step is done.
fn rows(lesson: &Lesson) -> Vec<[String; 4]> {
    let last = lesson.last();
    lesson
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let s = lesson.shown(i, last);
            let third = s.adjoint.or(s.tangent);
            [
                r.id.clone(),
                r.definition_text.clone(),
                s.value.map(full).unwrap_or_default(),
                third.map(full).unwrap_or_default(),
            ]
        })
        .collect()
}

fn derivative_header(lesson: &Lesson) -> &'static str {
    if lesson.rows.is_empty() || lesson.shown(0, lesson.last()).tangent.is_some() {
        "tangent"
    } else {
        "adjoint"
    }
}

/// CSV (RFC 4180): a header, then one line per node.
pub fn csv(lesson: &Lesson) -> String {
    let quote = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = format!(
        "node,label,definition,value,{}\n",
        derivative_header(lesson)
    );
    for (r, row) in lesson.rows.iter().zip(rows(lesson)) {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            quote(&row[0]),
            quote(&r.raw_label),
            quote(&row[1]),
            row[2],
            row[3]
        ));
    }
    out
}

/// A LaTeX `tabular` with booktabs rules; numbers rounded to 4 significant digits as in the
/// papers (the CSV has them in full).
pub fn latex(lesson: &Lesson) -> String {
    let header = match derivative_header(lesson) {
        "tangent" => r"$\dot v$",
        _ => r"$\bar v$",
    };
    let mut out =
        String::from("% needs \\usepackage{booktabs}\n\\begin{tabular}{llrr}\n\\toprule\n");
    out.push_str(&format!(
        "node & definition & value & {header} \\\\\n\\midrule\n"
    ));
    let last = lesson.last();
    for (i, (r, row)) in lesson.rows.iter().zip(rows(lesson)).enumerate() {
        let s = lesson.shown(i, last);
        let third = s
            .adjoint
            .or(s.tangent)
            .map(|v| significant(v, 4))
            .unwrap_or_default();
        out.push_str(&format!(
            "${}$ & ${}$ & {} & {} \\\\\n",
            tex_name(&r.raw_label),
            tex_formula(&row[1]),
            s.value.map(|v| significant(v, 4)).unwrap_or_default(),
            third
        ));
    }
    out.push_str("\\bottomrule\n\\end{tabular}\n");
    out
}

/// `x1` -> `x_{1}`, `v-1` -> `v_{-1}`, other text escaped for math mode.
fn tex_name(name: &str) -> String {
    let Some((stem, minus, digits)) = split_index(name) else {
        return tex_escape(name);
    };
    let minus = if minus { "-" } else { "" };
    let stem = if stem.chars().count() > 1 {
        format!("\\mathrm{{{}}}", tex_escape(stem))
    } else {
        tex_escape(stem)
    };
    format!("{stem}_{{{minus}{digits}}}")
}

/// A definition (`ln(v-1)`, `v-1 * v0`) in math mode.
fn tex_formula(def: &str) -> String {
    def.split(' ')
        .map(|word| match word {
            "*" => r"\cdot".to_string(),
            w => {
                let (head, rest) = match w.find('(') {
                    Some(k) if w.ends_with(')') => (&w[..k], Some(&w[k + 1..w.len() - 1])),
                    _ => (w, None),
                };
                match rest {
                    Some(arg) => {
                        format!("\\operatorname{{{}}}({})", tex_escape(head), tex_name(arg))
                    }
                    None => tex_name(head),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn tex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str(r"\backslash{}"),
            '{' | '}' | '%' | '$' | '&' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str(r"\hat{}"),
            '~' => out.push_str(r"\sim{}"),
            c => out.push(c),
        }
    }
    out
}

/// Graphviz DOT, bottom to top like the app: boxes labelled with name and operation.
pub fn dot(lesson: &Lesson) -> String {
    let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out =
        String::from("digraph chainrule {\n  rankdir=BT;\n  node [shape=box, style=rounded];\n");
    for n in &lesson.scene.nodes {
        out.push_str(&format!(
            "  \"{}\" [label=\"{}\\n{}\"];\n",
            q(&n.id),
            q(&n.label),
            q(&n.op)
        ));
    }
    for e in &lesson.scene.edges {
        out.push_str(&format!("  \"{}\" -> \"{}\";\n", q(&e.from), q(&e.to)));
    }
    out.push_str("}\n");
    out
}

/// The graph as it looks at `step`, as a standalone SVG file (styles inside).
pub fn svg(lesson: &Lesson, step: usize) -> String {
    let sc = &lesson.scene;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.1} {h:.1}\" width=\"{w:.0}\" height=\"{h:.0}\">\n",
        w = sc.width,
        h = sc.height
    );
    out.push_str(concat!(
        "<style>\n",
        ".edge{fill:none;stroke:#6e7781;stroke-width:1.6}.edge.active{stroke:#e69f00;stroke-width:4}\n",
        "rect{fill:#fff;stroke:#57606a;stroke-width:1.5}.input rect{fill:#e8f1fb;stroke:#0072b2}\n",
        ".const rect{fill:#f6f8fa;stroke:#8c959f;stroke-dasharray:4 3}.output rect{fill:#fdf0e6;stroke:#d55e00;stroke-width:2.2}\n",
        ".active rect{stroke:#e69f00;stroke-width:4.5;fill:#fff3d6}\n",
        "text{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;text-anchor:middle;fill:#1b1f24}\n",
        ".label{font-size:15px;font-weight:700}.detail{font-size:12px;fill:#57606a}.adjoint{font-size:12px;font-weight:700;fill:#0072b2}\n",
        "</style>\n<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" ",
        "markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#6e7781\"/></marker></defs>\n"
    ));
    for (k, e) in sc.edges.iter().enumerate() {
        let (active, _) = lesson.edge_at(k, step);
        out.push_str(&format!(
            "<path class=\"edge{}\" d=\"{}\" marker-end=\"url(#a)\" data-edge=\"{}-&gt;{}\"/>\n",
            if active { " active" } else { "" },
            escape(&e.path),
            escape(&e.from),
            escape(&e.to)
        ));
    }
    for (i, n) in sc.nodes.iter().enumerate() {
        let s = lesson.shown(i, step);
        let detail = match (n.kind, s.value) {
            ("const", _) => "constant".to_string(),
            (_, Some(v)) => format!("{} · {}", n.op, significant(v, 4)),
            (_, None) => n.op.clone(),
        };
        let third = match (s.adjoint, s.tangent) {
            _ if n.kind == "const" => String::new(),
            (Some(a), _) => format!("{} = {}", n.adjoint_label, significant(a, 4)),
            (None, Some(t)) => format!("{} = {}", n.tangent_label, significant(t, 4)),
            _ => String::new(),
        };
        let active = if s.state == NodeState::Active {
            " active"
        } else {
            ""
        };
        out.push_str(&format!(
            "<g class=\"node {}{active}\" data-node=\"{}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\"/>\
<text class=\"label\" x=\"{x:.1}\" y=\"{:.1}\">{}</text><text class=\"detail\" x=\"{x:.1}\" y=\"{:.1}\">{}</text>\
<text class=\"adjoint\" x=\"{x:.1}\" y=\"{:.1}\">{}</text></g>\n",
            n.kind,
            escape(&n.id),
            n.x - n.w / 2.0,
            n.y - n.h / 2.0,
            n.w,
            n.h,
            n.y - 10.0,
            escape(&n.label),
            n.y + 7.0,
            escape(&detail),
            n.y + 22.0,
            escape(&third),
            x = n.x,
        ));
    }
    out.push_str("</svg>\n");
    out
}
