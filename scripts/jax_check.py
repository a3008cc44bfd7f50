"""chainrule's exported JAX scripts run under JAX: the same numbers as the app.

    python scripts/jax_check.py PROGRAMS.jsonl TRACE_BINARY [LIMIT]

For every preset, a few test vectors (control flow and functions among them) and the
programs dumped by the property test (CHAINRULE_DUMP_PROGRAMS; the first LIMIT if given):
`trace --export jax --hessian` is run under JAX (float64) in this process (it must be the
program as written, its loops, branches and functions Python's, not the unrolled graph), and its value, gradient (or Jacobian with several
outputs) and Hessian must equal `trace --json --hessian`'s to 1e-9 (relative). JAX is
imported once; each script runs in its own namespace.

PyTorch's wheel is too large for the test machine, so its export is not run: each program's
`trace --export pytorch --hessian` must parse as Python and call only `torch` APIs from
TORCH_APIS. Exits 1 on any disagreement.
"""

import contextlib
import io
import json
import math
import re
import subprocess
import sys
import time

VECTORS = [
    "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5",
    "f = exp(3*x); x = 2",
    "a = 1; b = a + a; c = b + b",
    "f(x0, x1, x2) = [x0^2 + x1^2 - x1*x2, x0^2 - x1^2 + 3*x0*x2]; x0 = 3; x1 = 4; x2 = 5",
    "def sig(z) = 1/(1 + exp(-z))\nf = sig(w0*x0 + w1*x1 + w2)\nw0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3",
    "f = 2*(x*y + max(z, w)); x = 3; y = -4; z = 2; w = -1",
    # Control flow and functions, exported as Python's own:
    "def cell(z) = sin(z)*z + 1\nx = 0.5; h0 = x\nh1 = cell(h0)\nh2 = cell(h1)\nh3 = cell(h2)",
    "def sq(a) {\n  t = a*a\n  return t + 1\n}\nf = sq(x) * sq(y)\nx = 2; y = 3",
    "def g(z) = z*w\nf = g(x) + g(x*x)\nw = 3; x = 2",
    "f = g + 1; g = x*2; x = 1.5",
    "s = 0\nfor i in 0..3 {\n  for j in 0..=i {\n    s = s + x^i * y\n  }\n}\n"
    "if s > 100 {\n  t = s\n} else if s > 1 and not (x < 0) {\n  t = s * s\n} else {\n  t = -s\n}\n"
    "x = 1.5; y = 0.5",
    "def range(z) = z + 1\nf = range(int) * float + e*pi\nint = 2; float = 3",
    "n = 3; v = x\nfor i in 1..=n {\n  v = v*x + i\n}\nf = v\nx = 0.7",
    "h = x\nfor i in 1..=10 {\n  h = sigmoid(h) + sin(i)\n}\nf = h\nx = 0.5",
    "def sq(a) {\n  t = a*a\n  return t + 1\n}\nsum = 0\nfor i in 0..=2 { sum = sum + x*i }\nf = sq(x) + sum\nx = 2",
]


# The torch names an export may use: the maths the ops need and the autograd calls.
TORCH_APIS = {
    "torch.set_default_dtype", "torch.float64", "torch.tensor", "torch.stack",
    "torch.sin", "torch.cos", "torch.tan", "torch.exp", "torch.log", "torch.sqrt",
    "torch.tanh", "torch.sigmoid", "torch.relu", "torch.abs", "torch.sign",
    "torch.maximum", "torch.minimum", "torch.autograd.functional.hessian", "torch.as_tensor",
}


def torch_names(script):
    """The dotted torch names a script uses (torch.autograd.functional.hessian, ...)."""
    import ast

    names = set()

    class Visit(ast.NodeVisitor):
        def visit_Attribute(self, node):
            parts, n = [], node
            while isinstance(n, ast.Attribute):
                parts.append(n.attr)
                n = n.value
            if isinstance(n, ast.Name) and n.id == "torch":
                names.add(".".join(["torch"] + parts[::-1]))
                return
            self.generic_visit(node)

    Visit().visit(ast.parse(script))
    return names


def run(binary, *args):
    return subprocess.run([binary, *args], capture_output=True, text=True, check=True).stdout


def number(v):
    if isinstance(v, str):
        return float(v.replace("∞", "inf").replace("NaN", "nan"))
    return float(v)


def same(a, b):
    a, b = number(a), number(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-9 * (1 + max(abs(a), abs(b)))


def flat(x):
    if isinstance(x, (list, tuple)):
        return [y for z in x for y in flat(z)]
    return [x]


def main():
    dump, binary = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    programs = json.loads(run(binary, "--list-presets")) + VECTORS
    with open(dump) as f:
        dumped = [json.loads(line)["program"] for line in f if line.strip()]
    programs += dumped[:limit]
    import jax  # noqa: F401  (imported once, before the scripts ask for it)

    started = time.time()
    bad = 0
    for program in programs:
        ours = json.loads(run(binary, "--json", "--hessian", program))
        script = run(binary, "--export", "jax", "--hessian", program)
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(script, "<chainrule export>", "exec"), {"__name__": "__main__"})
        except Exception as e:  # noqa: BLE001  (any failure is a disagreement, shown)
            bad += 1
            print(f"FAILED on {program!r}: {e}\n{script}")
            continue
        theirs = json.loads(out.getvalue())
        if "the program as written" not in script:
            bad += 1
            print(f"NOT STRUCTURED: the export of {program!r} unrolls it\n{script}")
        torch_script = run(binary, "--export", "pytorch", "--hessian", program)
        extra = torch_names(torch_script) - TORCH_APIS
        if extra or "import torch" not in torch_script:
            bad += 1
            print(f"PYTORCH EXPORT of {program!r} uses {sorted(extra)}\n{torch_script}")
        if "jacobian" in ours:
            pairs = [("values", [o["value"] for o in ours["outputs"]]), ("jacobian", ours["jacobian"])]
        else:
            # The gradient in the script's argument order (a Python keyword gets a trailing _).
            params = re.search(r"^def f\((.*)\):$", script, re.M).group(1).split(", ")
            names = [p if p in ours["gradient"] else p[:-1] for p in params if p]
            pairs = [("value", ours["output"]["value"]), ("gradient", [ours["gradient"][k] for k in names])]
        pairs.append(("hessian", ours["hessian"]))
        for key, want in pairs:
            got = theirs.get(key)
            if got is None or len(flat(got)) != len(flat(want)) or not all(
                same(a, b) for a, b in zip(flat(got), flat(want))
            ):
                bad += 1
                print(f"DISAGREE on {program!r}: {key}\n  chainrule {want}\n  JAX       {got}")
    print(
        f"JAX agrees on {len(programs) - bad} of {len(programs)} programs, and their PyTorch exports "
        f"parse and use only allowed torch APIs ({time.time() - started:.1f} s)"
    )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
