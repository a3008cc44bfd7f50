//! Exports for handouts and papers: the graph at a step as standalone SVG, the trace table
//! as a LaTeX `tabular` (booktabs) and as CSV, the graph as Graphviz DOT. Every piece of
//! text from the program is escaped for the format it lands in.

use crate::format::{full, significant};
use crate::formula::xml_escape as escape;
use crate::lesson::{Lesson, NodeState};
use crate::scene::LINE_DY;

/// The trace table at full precision: node, definition, value, and adjoint (or tangent in
/// forward mode), as the lesson shows them once every step is done.
fn rows(lesson: &Lesson) -> Vec<[String; 4]> {
    let last = lesson.last();
    let lit = lesson.lit(last);
    (0..lesson.node_count())
        .map(|i| {
            let r = lesson.row(i);
            let s = lesson.shown_lit(i, last, &lit);
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
    if lesson.node_count() == 0 || lesson.shown(0, lesson.last()).tangent.is_some() {
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
    for (i, row) in rows(lesson).into_iter().enumerate() {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            quote(&row[0]),
            quote(&lesson.row(i).raw_label),
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
    for i in 0..lesson.node_count() {
        let r = lesson.row(i);
        let s = lesson.shown(i, last);
        let third = s
            .adjoint
            .or(s.tangent)
            .map(|v| significant(v, 4))
            .unwrap_or_default();
        out.push_str(&format!(
            "${}$ & ${}$ & {} & {} \\\\\n",
            r.label_latex,
            r.definition_latex,
            s.value.map(|v| significant(v, 4)).unwrap_or_default(),
            third
        ));
    }
    out.push_str("\\bottomrule\n\\end{tabular}\n");
    if lesson.outputs.len() > 1 {
        out.push_str(&jacobian_latex(lesson));
    }
    out
}

/// The Jacobian of several outputs as a `bmatrix` (amsmath), each entry to 4 digits.
fn jacobian_latex(lesson: &Lesson) -> String {
    let label = |i: Option<usize>| i.map(|i| lesson.row(i).label_latex).unwrap_or_default();
    let outs: Vec<String> = (0..lesson.outputs.len())
        .map(|j| label(lesson.output_index(j)))
        .collect();
    let ins: Vec<String> = lesson.inputs.iter().map(|&(_, i)| label(Some(i))).collect();
    let rows: Vec<String> = lesson
        .analysis()
        .jacobian()
        .iter()
        .map(|row| {
            let cells: Vec<String> = row.iter().map(|&v| significant(v, 4)).collect();
            cells.join(" & ")
        })
        .collect();
    format!(
        "% the Jacobian: needs \\usepackage{{amsmath}}\n\\[\n\\frac{{\\partial({})}}{{\\partial({})}} =\n\\begin{{bmatrix}}\n{}\n\\end{{bmatrix}}\n\\]\n",
        outs.join(", "),
        ins.join(", "),
        rows.join(" \\\\\n")
    )
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

/// The CSS custom properties the exported SVG's colours come from: the page passes their
/// computed values (light or dark theme), so the file looks like the screen.
pub const COLOUR_VARIABLES: [&str; 14] = [
    "--ink",
    "--muted",
    "--paper",
    "--panel",
    "--edge",
    "--active",
    "--node-bg",
    "--input-bg",
    "--output-bg",
    "--current-bg",
    "--done-bg",
    "--path-1",
    "--path-2",
    "--error",
];

/// The graph as it looks at `step`, as a standalone SVG file (styles inside). `colour`
/// gives each of [`COLOUR_VARIABLES`] its value.
pub fn svg(lesson: &Lesson, step: usize, colour: &dyn Fn(&str) -> String) -> String {
    let sc = &lesson.scene;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.1} {h:.1}\" width=\"{w:.0}\" height=\"{h:.0}\">\n",
        w = sc.width,
        h = sc.height
    );
    let vars: Vec<String> = COLOUR_VARIABLES
        .iter()
        .map(|v| format!("{v}:{}", escape(colour(v).trim())))
        .collect();
    out.push_str(&format!("<style>\nsvg{{{}}}\n", vars.join(";")));
    out.push_str(concat!(
        "svg{background:var(--paper)}.edge{fill:none;stroke:var(--edge);stroke-width:1.6}.edge.active{stroke:var(--active);stroke-width:4}\n",
        "rect{fill:var(--node-bg);stroke:var(--muted);stroke-width:1.5}.input rect{fill:var(--input-bg);stroke:var(--path-2)}\n",
        ".edge.control{stroke-dasharray:5 4}.cond rect{fill:var(--panel);stroke:var(--muted);stroke-dasharray:2 3}\n",
        ".const rect{fill:var(--panel);stroke:var(--muted);stroke-dasharray:4 3}.output rect{fill:var(--output-bg);stroke:var(--path-1);stroke-width:2.2}\n",
        ".done.op rect{fill:var(--done-bg)}.active rect{stroke:var(--active);stroke-width:4.5;fill:var(--current-bg)}\n",
        "text{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;text-anchor:middle;fill:var(--ink)}\n",
        ".label{font-size:15px;font-weight:700}.detail{font-size:12px;fill:var(--muted)}.adjoint{font-size:12px;font-weight:700;fill:var(--path-2)}\n",
        ".cluster path{fill:none;stroke:var(--muted);stroke-dasharray:5 3}.cluster-label{font-size:11px;font-weight:600;text-anchor:start;fill:var(--muted)}\n",
        "</style>\n<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" ",
        "markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"var(--edge)\"/></marker></defs>\n"
    ));
    out.push_str(&crate::scene::clusters_svg(&sc.clusters));
    let lit = lesson.lit(step);
    for (k, e) in sc.edges.iter().enumerate() {
        if e.hidden {
            continue;
        }
        let (active, _) = lesson.edge_lit(k, step, &lit);
        out.push_str(&format!(
            "<path class=\"edge{}{}\" d=\"{}\" marker-end=\"url(#a)\" data-edge=\"{}-&gt;{}\"/>\n",
            if active { " active" } else { "" },
            if e.control { " control" } else { "" },
            escape(&e.path),
            escape(&e.from),
            escape(&e.to)
        ));
    }
    for (i, n) in sc.nodes.iter().enumerate() {
        if n.hidden {
            continue;
        }
        let s = lesson.shown_lit(i, step, &lit);
        let lines = n.lines(s.value, s.adjoint, s.tangent);
        let state = match s.state {
            NodeState::Active => " active",
            NodeState::Done => " done",
            NodeState::Pending => "",
        };
        out.push_str(&format!(
            "<g class=\"node {}{state}\" data-node=\"{}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\"/>\
<text class=\"label\" x=\"{x:.1}\" y=\"{:.1}\">{}</text><text class=\"detail\" x=\"{x:.1}\" y=\"{:.1}\">{}</text>\
<text class=\"adjoint\" x=\"{x:.1}\" y=\"{:.1}\">{}</text></g>\n",
            n.kind,
            escape(&n.id),
            n.x - n.w / 2.0,
            n.y - n.h / 2.0,
            n.w,
            n.h,
            n.y + LINE_DY[0],
            escape(&lines.label),
            n.y + LINE_DY[1],
            escape(&lines.detail),
            n.y + LINE_DY[2],
            escape(&lines.third),
            x = n.x,
        ));
    }
    out.push_str("</svg>\n");
    out
}
