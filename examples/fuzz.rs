//! A fuzzer on stable Rust: programs made three ways (random bytes, token soups, mutations
//! of a corpus of every preset and test program) run through everything the page computes
//! ([`chainrule::exercise`]), each caught if it panics and timed.
//!
//! cargo run --release --example fuzz -- [--seed N] [--count N] [--save DIR]
//!
//! Prints inputs per second and every input that panicked or took over 100 ms at under 1 KB;
//! a panicking input is written to DIR (default `tests/fuzz-corpus`), which the corpus test
//! replays. Exits 1 if any input panicked.

use std::io::Write;
use std::panic;
use std::time::{Duration, Instant};

use chainrule::exercise::exercise;

/// SplitMix64: small, fast, and the same sequence for the same seed everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// The language's pieces, for token soups and mutations.
const TOKENS: &[&str] = &[
    "x",
    "y",
    "x1",
    "x2",
    "f",
    "a",
    "b",
    "h",
    "w",
    "i",
    "pi",
    "e",
    "0",
    "1",
    "2",
    "0.5",
    "-3",
    "1e308",
    "1e-320",
    "1e400",
    "0x10",
    "NaN",
    "inf",
    "+",
    "-",
    "*",
    "/",
    "^",
    "**",
    "(",
    ")",
    "[",
    "]",
    ",",
    "=",
    "+=",
    "-=",
    "*=",
    "/=",
    ";",
    "\n",
    " ",
    "sin",
    "cos",
    "tan",
    "exp",
    "ln",
    "log",
    "sqrt",
    "tanh",
    "sigmoid",
    "relu",
    "abs",
    "step",
    "sign",
    "max",
    "min",
    "detach",
    "for",
    "in",
    "..",
    "..=",
    "while",
    "if",
    "else",
    "def",
    "return",
    "param",
    "and",
    "or",
    "not",
    "<",
    "<=",
    ">",
    ">=",
    "==",
    "!=",
    "{",
    "}",
    "#",
    "é",
    "∂",
    "\t",
    "f(x1, x2)",
    "ln(-1)",
    "0/0",
    "sqrt(-1)",
];

/// Programs to mutate: every preset, the big ones small, and the tests' vectors.
fn corpus() -> Vec<String> {
    let mut c: Vec<String> = chainrule::presets::PRESETS
        .iter()
        .map(|p| p.program.to_string())
        .collect();
    c.push(chainrule::presets::chain(20));
    c.push(chainrule::presets::calls(5));
    c.extend(
        [
            "f = exp(3*x); x = 2",
            "a = 1; b = a + a; c = b + b",
            "f(x0, x1, x2) = [x0^2 + x1^2 - x1*x2, x0^2 - x1^2 + 3*x0*x2]; x0 = 3; x1 = 4; x2 = 5",
            "def sig(z) = 1/(1 + exp(-z))\nf = sig(w0*x0 + w1*x1 + w2)\nw0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3",
            "def sq(a) {\n  t = a*a\n  return t + 1\n}\nf = sq(x) * sq(y)\nx = 2; y = 3",
            "s = 0\nfor i in 0..3 {\n  for j in 0..=i {\n    s = s + x^i * y\n  }\n}\nx = 1.5; y = 0.5",
            "param w = 0.5; param b = 0\nloss = (w*x + b - y)^2\nx = 1; y = 2",
            "f = ln(x) + 1/y + sqrt(z); x = -1; y = 0; z = -4",
        ]
        .map(str::to_string),
    );
    if let Ok(dir) = std::fs::read_dir("tests/fuzz-corpus") {
        for e in dir.flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                c.push(t);
            }
        }
    }
    c
}

/// Random bytes, mostly printable ASCII, some UTF-8, cut to a valid string.
fn bytes(r: &mut Rng) -> String {
    let n = r.below(120);
    let raw: Vec<u8> = (0..n)
        .map(|_| match r.below(10) {
            0 => r.next() as u8,
            1 => b"\n;={}()"[r.below(7)],
            _ => 32 + r.below(95) as u8,
        })
        .collect();
    String::from_utf8_lossy(&raw).into_owned()
}

fn soup(r: &mut Rng) -> String {
    let n = 1 + r.below(40);
    (0..n).map(|_| *r.pick(TOKENS)).collect::<Vec<_>>().join("")
}

fn mutate(r: &mut Rng, corpus: &[String]) -> String {
    let mut s = r.pick(corpus).clone();
    for _ in 0..1 + r.below(3) {
        let len = s.len();
        let at = |r: &mut Rng, s: &str| {
            let mut k = r.below(s.len() + 1);
            while !s.is_char_boundary(k) {
                k -= 1;
            }
            k
        };
        match r.below(8) {
            // Splice in a piece of another program.
            0 => {
                let other = r.pick(corpus).clone();
                let (a, b) = (at(r, &other), at(r, &other));
                let (a, b) = (a.min(b), a.max(b));
                let k = at(r, &s);
                s.insert_str(k, &other[a..b]);
            }
            // Duplicate a span.
            1 if len > 0 => {
                let (a, b) = (at(r, &s), at(r, &s));
                let (a, b) = (a.min(b), a.max(b));
                let piece = s[a..b].to_string();
                s.insert_str(b, &piece);
            }
            // Delete a span.
            2 if len > 0 => {
                let (a, b) = (at(r, &s), at(r, &s));
                let (a, b) = (a.min(b), a.max(b));
                s.replace_range(a..b, "");
            }
            // Insert a token.
            3 => {
                let k = at(r, &s);
                let t = *r.pick(TOKENS);
                s.insert_str(k, t);
            }
            // Deepen the nesting around a span.
            4 if len > 0 => {
                let (a, b) = (at(r, &s), at(r, &s));
                let (a, b) = (a.min(b), a.max(b));
                let depth = 1 + r.below(60);
                let f = *r.pick(&["(", "sin(", "-(", "exp(", "ln("]);
                s = format!(
                    "{}{}{}{}{}",
                    &s[..a],
                    f.repeat(depth),
                    &s[a..b],
                    ")".repeat(depth),
                    &s[b..]
                );
            }
            // Blow a number up, or make a domain error.
            5 => {
                let k = s.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
                let big = *r.pick(&["1e308", "-1e308", "1e-308", "0", "(0/0)", "(-1)", "1e400"]);
                s.insert_str(k, big);
            }
            // Swap two lines.
            6 => {
                let mut lines: Vec<&str> = s.lines().collect();
                if lines.len() > 1 {
                    let (i, j) = (r.below(lines.len()), r.below(lines.len()));
                    lines.swap(i, j);
                }
                s = lines.join("\n");
            }
            // Repeat a line many times (a long program).
            _ => {
                let line = s.lines().next().unwrap_or("x = 1").to_string();
                let times = 1 + r.below(200);
                s.push('\n');
                s.push_str(&vec![line; times].join("\n"));
            }
        }
    }
    s
}

fn main() {
    let mut seed = 1u64;
    let mut count = 10_000usize;
    let mut save = String::from("tests/fuzz-corpus");
    // Each input written here before it runs, to find one that aborts the process (a stack
    // overflow cannot be caught).
    let mut trace: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            "--count" => count = args.next().and_then(|v| v.parse().ok()).unwrap_or(count),
            "--save" => save = args.next().unwrap_or(save),
            "--trace" => trace = args.next(),
            _ => {
                eprintln!("usage: fuzz [--seed N] [--count N] [--save DIR] [--trace FILE]");
                std::process::exit(2);
            }
        }
    }
    // The seed first, so a run that aborts (a stack overflow) can be repeated.
    println!("fuzz seed {seed}: {count} inputs");
    let _ = std::io::stdout().flush();
    // Panics are caught and reported, not printed as they happen.
    panic::set_hook(Box::new(|_| {}));
    let corpus = corpus();
    let mut r = Rng(seed);
    let started = Instant::now();
    let (mut panics, mut slow, mut built, mut bytes_total) = (0usize, 0usize, 0usize, 0usize);
    let mut slowest = (Duration::ZERO, String::new());
    for k in 0..count {
        let text = match r.below(10) {
            0..=1 => bytes(&mut r),
            2..=3 => soup(&mut r),
            _ => mutate(&mut r, &corpus),
        };
        bytes_total += text.len();
        if let Some(path) = &trace {
            let _ = std::fs::write(path, &text);
        }
        let t0 = Instant::now();
        let result = panic::catch_unwind(|| exercise(&text));
        let took = t0.elapsed();
        match result {
            Ok(e) => built += usize::from(e.built),
            Err(why) => {
                panics += 1;
                let msg = why
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| why.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                println!("PANIC on input {k} (seed {seed}): {msg}\n{text:?}");
                let _ = std::fs::create_dir_all(&save);
                let name = format!("{save}/seed{seed}-input{k}.txt");
                if let Ok(mut f) = std::fs::File::create(&name) {
                    let _ = f.write_all(text.as_bytes());
                    println!("  saved as {name}");
                }
            }
        }
        if took > slowest.0 {
            slowest = (took, text.clone());
        }
        if took > Duration::from_millis(100) && text.len() < 1024 {
            slow += 1;
            println!(
                "SLOW: {took:?} on input {k} (seed {seed}), {} bytes: {text:?}",
                text.len()
            );
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "fuzz seed {seed}: {count} inputs ({built} built into graphs, {:.0} bytes on average) in {secs:.1} s: {:.0} inputs/s; {panics} panics, {slow} over 100 ms; slowest {:?} ({} bytes)",
        bytes_total as f64 / count.max(1) as f64,
        count as f64 / secs,
        slowest.0,
        slowest.1.len()
    );
    if panics > 0 {
        std::process::exit(1);
    }
}
