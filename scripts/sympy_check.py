"""chainrule's symbolic derivatives against SymPy's.

    python scripts/sympy_check.py check PROGRAMS.jsonl TRACE_BINARY
        For every program dumped by the property test (CHAINRULE_DUMP_PROGRAMS) and every
        published test vector: SymPy's diff of the program's function must equal our
        derivative (their difference simplifies to 0, or they agree to 1e-9 at the point and
        at three random points near it). Exits 1 on any disagreement.

    python scripts/sympy_check.py swell TRACE_BINARY
        Expression swell: per example, SymPy's derivative size (count_ops) and time beside
        ours as a tree, as a DAG, and the autodiff trace. Prints a Markdown table.

TRACE_BINARY is the `trace` example (cargo build --release --example trace).
"""

import json
import random
import subprocess
import sys
import time

import sympy as sp

VECTORS = [
    "f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3",
    "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5",
    "c = a + b; d = b + 1; e = c * d; a = 2; b = 1",
    "a = 3; b = a + a",
    "x = 3; f = x*x",
    "x = -2; f = -x^2",
    "y = sigmoid(w*x + b) * tanh(x) + sqrt(x) + abs(w); w = -0.5; x = 1.5; b = 0.25",
    "y = exp(-x*x) / tan(x) + x^x - 2^x; x = 0.9",
    # CS231n's gates (max routes the gradient) and min, away from a tie.
    "f = 2*(x*y + max(z, w)); x = 3; y = -4; z = 2; w = -1",
    "f = min(x*x, y) + max(sin(x), y/3); x = 0.7; y = 1.2",
]


def functions():
    """chainrule's function names in SymPy."""
    return {
        "ln": sp.log,
        "log": sp.log,
        "exp": sp.exp,
        "sin": sp.sin,
        "cos": sp.cos,
        "tan": sp.tan,
        "sqrt": sp.sqrt,
        "tanh": sp.tanh,
        "abs": sp.Abs,
        "sigmoid": lambda a: 1 / (1 + sp.exp(-a)),
        "relu": lambda a: sp.Max(a, 0),
        "step": lambda a: sp.Heaviside(a, 0),
        "sign": sp.sign,
        "max": sp.Max,
        "min": sp.Min,
    }


def to_sympy(text, symbols):
    """A chainrule expression (explicit operators, as the core prints) in SymPy."""
    local = dict(functions())
    local.update(symbols)
    return sp.parse_expr(text.replace("^", "**"), local_dict=local, evaluate=True)


def trace(binary, program):
    out = subprocess.run(
        [binary, "--json", "--symbolic", program], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


NUMERIC = [
    {
        "Heaviside": lambda a, *_: 1.0 if a > 0 else 0.0,
        "sign": lambda a: float((a > 0) - (a < 0)),
    },
    "math",
]


def agree(reference, ours, symbols, point, rng):
    """True when two SymPy expressions are equal: numerically at the point and at three
    random points near it (to 1e-9, relative), else by simplification."""
    args = list(symbols.values())
    f = sp.lambdify(args, reference, modules=NUMERIC)
    g = sp.lambdify(args, ours, modules=NUMERIC)
    points = [point] + [[v + rng.uniform(-0.3, 0.3) for v in point] for _ in range(3)]
    try:
        for p in points:
            a, b = f(*p), g(*p)
            if abs(a - b) > 1e-9 * max(1.0, abs(a)):
                break
        else:
            return True
    except (ValueError, ZeroDivisionError, OverflowError, TypeError):
        pass
    return sp.simplify(reference - ours) == 0


def check(dump, binary):
    rng = random.Random(1)
    cases = []
    with open(dump) as f:
        for line in f:
            d = json.loads(line)
            cases.append((d["program"], d["function"], d["inputs"], d["point"], d["symbolic"]))
    for program in VECTORS:
        t = trace(binary, program)
        inputs = list(t["gradient"].keys())
        point = [t["nodes"][k]["value"] for k in range(len(inputs))]
        cases.append((program, t["symbolic_output"], inputs, point, t["symbolic"]))
    checked = derivatives = skipped = 0
    for program, function, inputs, point, ours in cases:
        if not function:
            skipped += 1
            continue
        symbols = {n: sp.Symbol(n, real=True) for n in inputs}
        f = to_sympy(function, symbols)
        for name, text in ours.items():
            if text is None:
                continue
            reference = sp.diff(f, symbols[name])
            mine = to_sympy(text, symbols)
            if not agree(reference, mine, symbols, point, rng):
                print(f"DISAGREE on {program!r}\n  d/d{name}: ours {text}\n  SymPy {reference}")
                sys.exit(1)
            derivatives += 1
        checked += 1
    print(
        f"SymPy {sp.__version__} agrees with chainrule on {derivatives} derivatives of "
        f"{checked} programs ({len(VECTORS)} test vectors, the rest from the property tests; "
        f"{skipped} too large to print skipped)"
    )


def swell_program(n):
    lines = ["a1 = x * sin(x)"] + [f"a{k} = a{k - 1} * sin(a{k - 1})" for k in range(2, n + 1)]
    return "\n".join(lines + ["x = 0.5"])


def swell(binary):
    x = sp.Symbol("x", real=True)
    print("| n | SymPy ops | SymPy diff ms | ours: tree ops | ours: DAG ops | trace nodes + edges | ours ms |")
    print("|---|---|---|---|---|---|---|")
    for n in [1, 2, 4, 6, 8, 10, 12, 20, 50, 100]:
        t = trace(binary, swell_program(n))
        s = t["symbolic_sizes"]
        sympy_ops, sympy_ms = "—", "—"
        if n <= 10:
            a = x * sp.sin(x)
            for _ in range(2, n + 1):
                a = a * sp.sin(a)
            start = time.perf_counter()
            d = sp.diff(a, x)
            sympy_ms = f"{(time.perf_counter() - start) * 1e3:.2f}"
            sympy_ops = str(sp.count_ops(d))
        print(
            f"| {n} | {sympy_ops} | {sympy_ms} | {s['tree']} | {s['dag']} | "
            f"{s['trace_nodes']} + {s['trace_edges']} | {t['symbolic_ms']:.3f} |"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "swell":
        swell(sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)
