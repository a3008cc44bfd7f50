//! The core from the command line: the Wengert trace of a program, for preparing notes and
//! for checking the core.
//!
//! ```text
//! cargo run --release --example trace -- [--json] [--symbolic] [--seed x1] 'f(x) = x^2; x = 3'
//! cargo run --release --example trace -- --json --direction 1,0,2 --cotangent 1,-1 \
//!     'f(x0, x1, x2) = [x0^2 + x1^2 - x1*x2, x0^2 - x1^2 + 3*x0*x2]; x0 = 3; x1 = 4; x2 = 5'
//! ```
//! With several outputs `--json` adds `"outputs"`, `"inputs"` and `"jacobian"` (a row per
//! output); `--direction` adds `"jvp"` (J·v, one forward pass), `--cotangent` `"vjp"` (uᵀ·J,
//! one reverse pass).
//! `--train N --lr ETA [--momentum MU]` adds `"training"`: per iteration its number, the
//! loss at its start (output 0), the gradient by the parameters, and the parameters after
//! its update (`param` inputs, else every input). `--fd-sweep` adds `"fd_sweep"`: per input,
//! the forward and central differences of output 0 in f64 and f32 for h = 1e-1 ... 1e-16.
//! `--hessian` adds `"hessian"` (output 0's, forward over reverse; rows and columns in input
//! order); `--engine overwrite|recursive|twice` replaces `"gradient"` with that broken
//! engine's (and adds `"engine"`); `--export jax|pytorch` prints the program as a runnable
//! script instead. `--list-presets` prints the presets' programs as a JSON list.
//! Plain output is an aligned table (node, definition, value, tangent, adjoint) and the
//! gradient; `--json` prints one object with full-precision numbers. A bad program prints
//! its message with a caret (on stdout as `{"error": ...}` with `--json`) and exits 1.

use std::process::ExitCode;

use chainrule::autodiff::{
    evaluate, hessian, jacobian, reverse, reverse_seeded, run_engine, sweep, tangents, train,
    Adjoints, Descent, Engine, Tangents, Trace, MAX_ITERATIONS,
};
use chainrule::codegen::{script, Asks, Syntax};
use chainrule::expr::parse;
use chainrule::format::full;
use chainrule::graph::{Graph, Op};
use chainrule::symbolic::differentiate;
use serde_json::{json, Value};

struct Args {
    json: bool,
    symbolic: bool,
    seed: Option<String>,
    direction: Option<Vec<f64>>,
    cotangent: Option<Vec<f64>>,
    train: Option<usize>,
    descent: Descent,
    fd_sweep: bool,
    hessian: bool,
    engine: Engine,
    export: Option<Syntax>,
    list_presets: bool,
    program: String,
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}\nusage: trace [--json] [--symbolic] [--seed INPUT] [--direction V] [--cotangent U] [--train N --lr ETA [--momentum MU]] [--fd-sweep] [--hessian] [--engine NAME] [--export jax|pytorch] 'PROGRAM'");
            return ExitCode::from(2);
        }
    };
    if args.list_presets {
        let all: Vec<&str> = chainrule::presets::PRESETS
            .iter()
            .map(|p| p.program)
            .collect();
        println!("{}", json!(all));
        return ExitCode::SUCCESS;
    }
    let built = parse(&args.program).and_then(|p| Graph::build(&p));
    let graph = match built {
        Ok(g) => g,
        Err(e) => {
            if args.json {
                let err = json!({"error": {"message": e.message, "start": e.span.start, "end": e.span.end}});
                println!("{err}");
            } else {
                eprintln!("{}", e.render(&args.program));
            }
            return ExitCode::FAILURE;
        }
    };
    if let Some(syntax) = args.export {
        let title = args.program.lines().next().unwrap_or_default();
        print!(
            "{}",
            script(
                &graph,
                parse(&args.program).ok().as_ref(),
                syntax,
                title,
                Asks {
                    hessian: args.hessian
                }
            )
        );
        return ExitCode::SUCCESS;
    }
    let seed_index = match &args.seed {
        None => 0,
        Some(name) => match graph
            .inputs()
            .iter()
            .position(|&i| graph.node(i).label() == name)
        {
            Some(i) => i,
            None => {
                eprintln!("--seed {name}: the program has no input of that name");
                return ExitCode::FAILURE;
            }
        },
    };
    let trace = evaluate(&graph, &graph.point());
    let seed: Vec<f64> = (0..graph.inputs().len())
        .map(|i| f64::from(u8::from(i == seed_index)))
        .collect();
    let tan = tangents(&graph, &trace, &seed);
    let adj = reverse(&graph, &trace);
    if args.json {
        let mut out = to_json(&graph, &trace, &tan, &adj);
        if let Err(msg) = add_products(&mut out, &graph, &trace, &args) {
            eprintln!("{msg}");
            return ExitCode::FAILURE;
        }
        if args.symbolic {
            add_symbolic(&mut out, &graph);
        }
        add_training(&mut out, &graph, &args);
        if args.hessian {
            out["hessian"] = hessian(&graph, &graph.point())
                .into_iter()
                .map(|row| row.into_iter().map(number).collect::<Value>())
                .collect();
        }
        if args.engine != Engine::Correct {
            let run = run_engine(&graph, &trace, args.engine, 1_000_000);
            out["engine"] = json!(args.engine.name());
            out["gradient"] = graph
                .inputs()
                .iter()
                .zip(&run.gradient)
                .map(|(&i, &d)| (graph.node(i).label().to_string(), number(d)))
                .collect::<serde_json::Map<String, Value>>()
                .into();
        }
        println!("{out}");
    } else {
        print!("{}", to_table(&graph, &trace, &tan, &adj, seed_index));
        if args.symbolic {
            print!("{}", symbolic_lines(&graph));
        }
    }
    ExitCode::SUCCESS
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut json, mut symbolic, mut seed, mut program) = (false, false, None, None);
    let (mut direction, mut cotangent) = (None, None);
    let (mut train, mut fd_sweep) = (None, false);
    let (mut hessian, mut engine, mut export) = (false, Engine::Correct, None);
    let mut list_presets = false;
    let mut descent = Descent {
        rate: 0.1,
        momentum: 0.0,
    };
    let one = |flag: &str, text: Option<String>| -> Result<f64, String> {
        let text = text.ok_or(format!("{flag} needs a number"))?;
        text.trim()
            .parse::<f64>()
            .map_err(|_| format!("{flag}: '{text}' is not a number"))
    };
    let numbers = |flag: &str, text: Option<String>| -> Result<Vec<f64>, String> {
        let text = text.ok_or(format!("{flag} needs numbers, e.g. {flag} 1,0,2"))?;
        text.split(',')
            .map(|t| {
                t.trim()
                    .parse::<f64>()
                    .map_err(|_| format!("{flag}: '{t}' is not a number"))
            })
            .collect()
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--symbolic" => symbolic = true,
            "--seed" => seed = Some(it.next().ok_or("--seed needs an input name")?),
            "--direction" => direction = Some(numbers("--direction", it.next())?),
            "--cotangent" => cotangent = Some(numbers("--cotangent", it.next())?),
            "--train" => {
                let n = one("--train", it.next())?;
                if n < 0.0 || n.fract() != 0.0 || n > MAX_ITERATIONS as f64 {
                    return Err(format!(
                        "--train needs a whole number up to {MAX_ITERATIONS}"
                    ));
                }
                train = Some(n as usize);
            }
            "--lr" => descent.rate = one("--lr", it.next())?,
            "--momentum" => descent.momentum = one("--momentum", it.next())?,
            "--fd-sweep" => fd_sweep = true,
            "--hessian" => hessian = true,
            "--list-presets" => list_presets = true,
            "--engine" => {
                let name = it.next().unwrap_or_default();
                engine = Engine::parse(&name).ok_or(format!(
                    "--engine: '{name}' is not one of correct, overwrite, recursive, twice"
                ))?;
            }
            "--export" => {
                export = Some(match it.next().as_deref() {
                    Some("jax") => Syntax::Jax,
                    Some("pytorch") => Syntax::Torch,
                    other => return Err(format!("--export: {other:?} is not jax or pytorch")),
                });
            }
            _ if program.is_none() => program = Some(a),
            _ => return Err(format!("unexpected argument {a:?}")),
        }
    }
    if list_presets {
        program = Some(String::new());
    }
    let program = program.ok_or("no program given")?;
    Ok(Args {
        json,
        symbolic,
        seed,
        direction,
        cotangent,
        train,
        descent,
        fd_sweep,
        hessian,
        engine,
        export,
        list_presets,
        program,
    })
}

/// Several outputs: their values, the inputs' names and the Jacobian; J·v and uᵀ·J when
/// asked.
fn add_products(out: &mut Value, graph: &Graph, trace: &Trace, args: &Args) -> Result<(), String> {
    let outputs = graph.outputs();
    let inputs: Vec<&str> = graph
        .inputs()
        .iter()
        .map(|&i| graph.node(i).label())
        .collect();
    if outputs.len() > 1 {
        out["outputs"] = outputs
            .iter()
            .map(|&o| json!({"name": graph.node(o).label(), "value": number(trace.value(o))}))
            .collect();
        out["inputs"] = json!(inputs);
        out["jacobian"] = jacobian(graph, trace)
            .into_iter()
            .map(|row| row.into_iter().map(number).collect::<Value>())
            .collect();
    }
    if let Some(v) = &args.direction {
        if v.len() != inputs.len() {
            return Err(format!(
                "--direction has {} numbers for {} inputs",
                v.len(),
                inputs.len()
            ));
        }
        let t = tangents(graph, trace, v);
        out["jvp"] = outputs.iter().map(|&o| number(t.tangent(o))).collect();
    }
    if let Some(u) = &args.cotangent {
        if u.len() != outputs.len() {
            return Err(format!(
                "--cotangent has {} numbers for {} outputs",
                u.len(),
                outputs.len()
            ));
        }
        let seeds: Vec<_> = outputs.iter().copied().zip(u.iter().copied()).collect();
        let a = reverse_seeded(graph, trace, &seeds);
        out["vjp"] = a.gradient().iter().map(|&d| number(d)).collect();
    }
    Ok(())
}

/// The training run and the finite-difference sweep, when asked for.
fn add_training(out: &mut Value, graph: &Graph, args: &Args) {
    let name = |k: usize| graph.node(graph.inputs()[k]).label().to_string();
    if let Some(n) = args.train {
        let params: Vec<usize> = if graph.params().is_empty() {
            (0..graph.inputs().len()).collect()
        } else {
            graph.params().to_vec()
        };
        let per = |values: &[f64]| -> Value {
            let map: serde_json::Map<String, Value> = params
                .iter()
                .zip(values)
                .map(|(&k, &v)| (name(k), number(v)))
                .collect();
            Value::Object(map)
        };
        out["training"] = train(
            graph,
            parse(&args.program).ok().as_ref(),
            &params,
            args.descent,
            n,
        )
        .iter()
        .map(|it| {
            json!({
                "iteration": it.iteration,
                "loss": number(it.loss),
                "gradient": per(&it.gradient),
                "params": per(&it.next),
            })
        })
        .collect();
    }
    if args.fd_sweep {
        let map: serde_json::Map<String, Value> = (0..graph.inputs().len())
            .map(|i| {
                let rows: Value = sweep(graph, i, 0)
                    .iter()
                    .map(|e| {
                        json!({
                            "h": e.h,
                            "forward": number(e.forward),
                            "central": number(e.central),
                            "forward_f32": number(e.forward_f32),
                            "central_f32": number(e.central_f32),
                        })
                    })
                    .collect();
                (name(i), rows)
            })
            .collect();
        out["fd_sweep"] = Value::Object(map);
    }
}

/// A number as JSON: full precision, NaN and infinities as strings.
fn number(v: f64) -> Value {
    if v.is_finite() {
        json!(v)
    } else {
        json!(full(v))
    }
}

fn to_json(graph: &Graph, trace: &Trace, tan: &Tangents, adj: &Adjoints) -> Value {
    let nodes: Vec<Value> = graph
        .order()
        .iter()
        .map(|&id| {
            let n = graph.node(id);
            let mut v = json!({
                "id": n.id, "label": n.label(), "op": n.op.symbol(), "definition": chainrule::formula::text(&graph.definition(id)),
                "value": number(trace.value(id)), "tangent": number(tan.tangent(id)), "adjoint": number(adj.adjoint(id)),
                "iteration": n.iteration.iter().map(|p| p.value).collect::<Vec<_>>(),
                "version": n.version.max(1),
            });
            if let Some(issue) = trace.issue(id) {
                v["issue"] = json!(issue);
            }
            if let Some(call) = graph.call_label(id) {
                v["call"] = json!(call);
            }
            v
        })
        .collect();
    let gradient: serde_json::Map<String, Value> = graph
        .inputs()
        .iter()
        .zip(adj.gradient())
        .map(|(&i, &d)| (graph.node(i).label().to_string(), number(d)))
        .collect();
    let out = graph.output();
    json!({
        "output": {"name": graph.output_name().unwrap_or(graph.node(out).label()), "value": number(trace.value(out))},
        "nodes": nodes,
        "gradient": gradient,
    })
}

fn to_table(graph: &Graph, trace: &Trace, tan: &Tangents, adj: &Adjoints, seed: usize) -> String {
    let seed_name = graph
        .inputs()
        .get(seed)
        .map_or("-", |&i| graph.node(i).label());
    let mut rows = vec![[
        "node".to_string(),
        "definition".to_string(),
        "value".to_string(),
        format!("tangent (seed {seed_name})"),
        "adjoint".to_string(),
    ]];
    for &id in graph.order() {
        let n = graph.node(id);
        if n.op == Op::Const {
            continue;
        }
        let label = if n.name.is_some() && n.op != Op::Input {
            format!("{} ({})", n.id, n.label())
        } else {
            n.id.clone()
        };
        let mut value = full(trace.value(id));
        if let Some(issue) = trace.issue(id) {
            value = format!("{value} ({issue})");
        }
        rows.push([
            label,
            chainrule::formula::text(&graph.definition(id)),
            value,
            full(tan.tangent(id)),
            full(adj.adjoint(id)),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut s = String::new();
    for r in &rows {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        s.push_str(cells.join("  ").trim_end());
        s.push('\n');
    }
    let out = graph.output();
    let name = graph.output_name().unwrap_or("f");
    s.push_str(&format!("\n{name} = {}\n", full(trace.value(out))));
    for (&i, &d) in graph.inputs().iter().zip(adj.gradient()) {
        s.push_str(&format!(
            "d{name}/d{} = {}\n",
            graph.node(i).label(),
            full(d)
        ));
    }
    s
}

/// `--symbolic` in JSON: each input's derivative in chainrule syntax (null when too large
/// to print), the output as an expression, the sizes (tree, DAG, trace) and the median time
/// of the symbolic differentiation over 21 runs.
fn add_symbolic(out: &mut Value, graph: &Graph) {
    let mut times = Vec::new();
    for _ in 0..21 {
        let start = std::time::Instant::now();
        std::hint::black_box(differentiate(graph));
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let s = differentiate(graph);
    let derivatives: serde_json::Map<String, Value> = s
        .names()
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), s.text(i).map_or(Value::Null, Value::String)))
        .collect();
    let sizes = s.sizes(graph);
    out["symbolic"] = Value::Object(derivatives);
    out["symbolic_output"] = s.output_text().map_or(Value::Null, Value::String);
    out["symbolic_sizes"] = json!({
        "tree": sizes.tree.to_string(),
        "dag": sizes.dag,
        "trace_nodes": sizes.trace_nodes,
        "trace_edges": sizes.trace_edges,
    });
    out["symbolic_ms"] = json!(times[times.len() / 2]);
}

/// `--symbolic` as text: a line per input.
fn symbolic_lines(graph: &Graph) -> String {
    let s = differentiate(graph);
    let name = graph.output_name().unwrap_or("f");
    let mut text = String::from("\n");
    for (i, input) in s.names().iter().enumerate() {
        let expr = s.text(i).unwrap_or_else(|| "(too large to print)".into());
        text.push_str(&format!("d{name}/d{input} = {expr}\n"));
    }
    let sizes = s.sizes(graph);
    text.push_str(&format!(
        "sizes: tree {} operations, DAG {}, trace {} nodes + {} edges\n",
        sizes.tree, sizes.dag, sizes.trace_nodes, sizes.trace_edges
    ));
    text
}
