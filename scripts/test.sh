#!/usr/bin/env bash
# Runs every test: format, clippy, native tests, the symbolic derivatives against SymPy, the
# JAX exports under JAX, 100,000 fuzzed programs, the release build, its size, and the
# end-to-end tests in Chromium against dist/. Installs what is missing first.
source "$(dirname "$0")/setup.sh"
ensure_build_tools
ensure_chromium
ensure_sympy
ensure_jax
cd "$ROOT"

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --workspace --lib --bins --locked --target wasm32-unknown-unknown -- -D warnings

step "cargo test"
cargo test --workspace --locked

step "Symbolic derivatives against SymPy (every property-test program and test vector)"
rm -f target/sympy-programs.jsonl
CHAINRULE_DUMP_PROGRAMS="$ROOT/target/sympy-programs.jsonl" cargo test --locked --test properties symbolic -- --quiet
cargo build --locked --release --example trace
"$SYMPY_VENV/bin/python" scripts/sympy_check.py check target/sympy-programs.jsonl target/release/examples/trace

step "The JAX exports under JAX, the PyTorch exports against an allow-list (every preset and property-test program)"
"$JAX_VENV/bin/python" scripts/jax_check.py target/sympy-programs.jsonl target/release/examples/trace

step "Fuzzing: 100,000 programs through everything the page computes (seeds 1 and 2)"
# Fixed seeds for now: a seed drawn per run (the issue's aim) waits until the fuzzer has run
# its 10,000,000 clean inputs, so that a new find fails a fuzzing run, not a landing.
cargo build --locked --release --example fuzz
./target/release/examples/fuzz --seed 1 --count 50000
./target/release/examples/fuzz --seed 2 --count 50000

step "trunk build --release"
trunk build --release

step "Release size"
node scripts/size.mjs

step "End-to-end tests in Chromium"
npx playwright test --config end2end/playwright.config.ts
