//! Ready-made programs for class, each with one line of teaching note.

/// One preset: a stable id (for links and tests), a title, the note, and the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable id: `seed`, `baydin`, ...
    pub id: &'static str,
    /// The menu entry.
    pub title: &'static str,
    /// What to point out.
    pub note: &'static str,
    /// The program text.
    pub program: &'static str,
}

/// Every preset, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "seed",
        title: "The seed article: x₁² + 2x₂",
        note: "Manual, symbolic and automatic give the same ∇f = (4, 2): the red path is x₁'s, the blue x₂'s.",
        program: "f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3",
    },
    Preset {
        id: "baydin",
        title: "Baydin et al. (2018), Tables 2 and 3",
        note: "x₁ and x₂ are each used twice: watch their adjoints arrive in two contributions each.",
        program: "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5",
    },
    Preset {
        id: "olah",
        title: "Olah (2015): e = (a + b)(b + 1)",
        note: "b reaches e by two paths; the chain rule sums them: 1·2 + 1·3 = 5.",
        program: "c = a + b; d = b + 1; e = c * d; a = 2; b = 1",
    },
    Preset {
        id: "neuron",
        title: "micrograd's neuron: tanh(x·w + b)",
        note: "Karpathy's example: o = 0.7071, and tanh passes back 1 − o² = 0.5.",
        program: "o = tanh(x1*w1 + x2*w2 + b)\nx1 = 2; x2 = 0; w1 = -3; w2 = 1; b = 6.881373587019543",
    },
    Preset {
        id: "logistic",
        title: "Logistic regression: cross-entropy loss",
        note: "Through sigmoid and ln, ∂loss/∂w simplifies to (p − y)·x.",
        program: "p = sigmoid(w*x + b)\nloss = -(y*ln(p) + (1 - y)*ln(1 - p))\nw = 0.5; b = -0.2; x = 1.5; y = 1",
    },
    Preset {
        id: "softmax",
        title: "Softmax cross-entropy, 3 classes",
        note: "The gradient on the scores is softmax minus one-hot: (p₁ − 1, p₂, p₃).",
        program: "e1 = exp(z1); e2 = exp(z2); e3 = exp(z3)\ns = e1 + e2 + e3\nloss = -ln(e1 / s)\nz1 = 2; z2 = 1; z3 = 0.1",
    },
    Preset {
        id: "mlp",
        title: "A 2-layer MLP on one example",
        note: "Backpropagation is reverse mode: one backward pass gives all nine weights' gradients.",
        program: "h1 = tanh(w11*x1 + w12*x2 + b1)\nh2 = tanh(w21*x1 + w22*x2 + b2)\nout = v1*h1 + v2*h2 + c\nloss = (out - y)^2\nx1 = 1; x2 = -0.5; y = 0.8\nw11 = 0.4; w12 = -0.3; b1 = 0.1; w21 = -0.2; w22 = 0.6; b2 = 0\nv1 = 0.7; v2 = -0.5; c = 0.05",
    },
    Preset {
        id: "accumulate",
        title: "One node used many times",
        note: "x feeds six edges: its adjoint is the sum of six contributions (the running sum shows it).",
        program: "f = x*x + x*sin(x) + exp(x) + x; x = 0.5",
    },
    Preset {
        id: "micrograd",
        title: "micrograd's README: a program that reassigns",
        note: "c and d are assigned again and again: each version is its own node (c, c⁽²⁾, c⁽³⁾); ∂g/∂a = 138.8338, ∂g/∂b = 645.5773.",
        program: "a = -4\nb = 2\nc = a + b\nd = a * b + b**3\nc += c + 1\nc += 1 + c + (-a)\nd += d * 2 + relu(b + a)\nd += 3 * d + relu(b - a)\ne = c - d\nf = e**2\ng = f / 2.0\ng += 10.0 / f",
    },
    Preset {
        id: "logistic-map",
        title: "A loop: the logistic map, 3 steps",
        note: "The loop unrolls into the graph, one pass after another (i = 0, 1, 2); the reverse pass walks it back: dv/dx = 9.0661.",
        program: "v = x\nfor i in 0..3 {\n  v = 4*v*(1 - v)\n}\nx = 0.2",
    },
    Preset {
        id: "relu-branch",
        title: "A branch: ReLU written with if, beside relu(x)",
        note: "Only the branch taken at the point is in the graph; the other contributes nothing to the gradient here: ∂f/∂x = 3 + 2 = 5.",
        program: "if x > 0 {\n  y = x\n} else {\n  y = 0\n}\nf = 3*y + 2*relu(x)\nx = 1.5",
    },
    Preset {
        id: "d2l-loop",
        title: "d2l: gradient through a while loop and a branch",
        note: "b doubles until |b| ≥ 1000, so c is linear in a on this path: dc/da = c/a = 1024.",
        program: "b = a * 2\nwhile abs(b) < 1000 {\n  b = b * 2\n}\nif b > 0 {\n  c = b\n} else {\n  c = 100 * b\n}\na = 1",
    },
    Preset {
        id: "sigmoid-chain",
        title: "Vanishing gradients: ten sigmoids deep",
        note: "Each sigmoid's local gradient is at most 1/4: turn on gradient flow and watch the contributions shrink from the output down (∂f/∂x ≈ 3.5e-7).",
        program: "h = x\nfor i in 1..=10 {\n  h = sigmoid(h)\n}\nf = h\nx = 0.5",
    },
    Preset {
        id: "tanh-chain",
        title: "Exploding gradients: ten tanh layers, weight 2",
        note: "Each layer multiplies the gradient by 2·tanh′ ≈ 2 while the values are small: turn on gradient flow and watch the contributions grow from the output down (∂f/∂x ≈ 350).",
        program: "h = x\nfor i in 1..=10 {\n  h = tanh(w*h)\n}\nf = h\nx = 0.001; w = 2",
    },
    Preset {
        id: "bug-twice",
        title: "Break the engine: a node used twice",
        note: "Correct: ∂c/∂a = 4. Choose an engine under 'Beyond the gradient': overwrite gives 1 (= instead of +=), recursive 8 (b passes its adjoint once per edge), twice 8 (no zeroing).",
        program: "a = 1; b = a + a; c = b + b",
    },
    Preset {
        id: "bug-diamond",
        title: "Break the engine: a diamond",
        note: "h feeds p and q, which meet again in f: correct ∂f/∂x = 3cos 3 + 18 = 15.03. Overwrite keeps only p's contribution (−2.97), recursive passes h's adjoint on before all of it has arrived (27.09), twice doubles the answer (30.06).",
        program: "h = 3*x\np = sin(h)\nq = h*h\nf = p + q\nx = 1",
    },
    Preset {
        id: "swell",
        title: "Expression swell",
        note: "Each line uses the one before twice: the derivative's tree doubles each line, the trace grows by two nodes.",
        program: "a1 = x * sin(x)\na2 = a1 * sin(a1)\na3 = a2 * sin(a2)\na4 = a3 * sin(a3)\na5 = a4 * sin(a4)\na6 = a5 * sin(a5)\na7 = a6 * sin(a6)\na8 = a7 * sin(a7)\na9 = a8 * sin(a8)\na10 = a9 * sin(a9)\nx = 2",
    },
];

/// The preset whose program is exactly `text`, if any.
pub fn matching(text: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.program == text)
}

/// The big programs chainrule is measured on (issue 12), shared by the benchmarks and the
/// tests: `a_i = sin(a_{i-1})*x + a_{i-2}` for `lines` lines, three operations a line (`x`
/// is used on every line, so its edges span the whole graph).
pub fn chain(lines: usize) -> String {
    let mut src = String::from("x = 0.5; a0 = 0.25*x; a1 = x + 1\n");
    for i in 2..lines + 2 {
        src.push_str(&format!("a{i} = sin(a{})*x + a{}\n", i - 1, i - 2));
    }
    src
}

/// The 3-16-1 network with its neuron as a function: 16 calls to fold.
pub fn neurons() -> String {
    let body = "def neuron(a, b, c, w0, w1, w2, bias) = tanh(w0*a + w1*b + w2*c + bias)\n";
    let mut src = network();
    for j in 0..16 {
        src = src.replace(
            &format!("h{j} = tanh(w{j}_0*x0 + w{j}_1*x1 + w{j}_2*x2 + b{j})"),
            &format!("h{j} = neuron(x0, x1, x2, w{j}_0, w{j}_1, w{j}_2, b{j})"),
        );
    }
    format!("{body}{src}")
}

/// `calls` calls in a row of a three-operation function: `h3 = cell(h2)`.
pub fn calls(calls: usize) -> String {
    let mut src = String::from("def cell(z) = sin(z)*z + 1\nx = 0.5; h0 = x\n");
    for k in 1..=calls {
        src.push_str(&format!("h{k} = cell(h{})\n", k - 1));
    }
    src
}

/// A 3-16-1 tanh network, every binding a number: 226 nodes.
pub fn network() -> String {
    let mut src = String::from("x0 = 0.5; x1 = -1; x2 = 2\n");
    let mut out = Vec::new();
    for j in 0..16 {
        src.push_str(&format!(
            "h{j} = tanh(w{j}_0*x0 + w{j}_1*x1 + w{j}_2*x2 + b{j})\n"
        ));
        for i in 0..3 {
            let w = 0.1 * (j as f64 + 1.0) - 0.05 * i as f64;
            src.push_str(&format!("w{j}_{i} = {w}\n"));
        }
        let (b, v) = (0.01 * j as f64, 0.3 - 0.02 * j as f64);
        src.push_str(&format!("b{j} = {b}; v{j} = {v}\n"));
        out.push(format!("v{j}*h{j}"));
    }
    src.push_str(&format!("f = {}\n", out.join(" + ")));
    src
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autodiff::{evaluate, reverse};
    use crate::expr::parse;
    use crate::graph::Graph;

    #[test]
    fn every_preset_builds_and_has_a_finite_gradient() {
        for p in PRESETS {
            let g = parse(p.program)
                .and_then(|prog| Graph::build(&prog))
                .unwrap_or_else(|e| panic!("{}: {}", p.id, e.render(p.program)));
            assert!(g.warnings().is_empty(), "{}: warnings", p.id);
            let t = evaluate(&g, &g.point());
            let grad = reverse(&g, &t).gradient().to_vec();
            assert!(grad.iter().all(|d| d.is_finite()), "{}: {grad:?}", p.id);
        }
    }

    #[test]
    fn the_neuron_is_micrograds() {
        let p = PRESETS.iter().find(|p| p.id == "neuron").expect("neuron");
        let g = parse(p.program)
            .and_then(|prog| Graph::build(&prog))
            .expect("builds");
        let t = evaluate(&g, &g.point());
        assert!((t.value(g.output()) - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-12);
    }
}
