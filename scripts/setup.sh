# shellcheck shell=bash
# Installs what chainrule's build and tests need, each step skipped when the right
# version is already there. Sourced by serve.sh and test.sh. Every download goes
# through a package registry (cargo, npm, apt); trunk itself runs offline.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
WASM_OPT_VERSION="version_132"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
skip() { printf '    %s\n' "$*"; }

# The wasm-bindgen version the app links against, read from Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    skip "wasm32-unknown-unknown target: present"
  else
    step "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
    skip "trunk $TRUNK_VERSION: present"
  else
    step "Installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores, once)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(wasm_bindgen_version)"
  if ! grep -q "^wasm_bindgen = \"$want\"" "$ROOT/Trunk.toml"; then
    echo "Trunk.toml's [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen ($want)" >&2
    exit 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $want" ]; then
    skip "wasm-bindgen-cli $want: present"
  else
    step "Installing wasm-bindgen-cli $want (about 5 minutes, once)"
    # Not --locked: the CLI's own lockfile pins a crate version missing from the index.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

# wasm-opt (binaryen 132) and Playwright, from the committed package-lock.json.
ensure_node_packages() {
  local stamp="$ROOT/node_modules/.chainrule-lock"
  local want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    skip "node packages (binaryen, Playwright): match package-lock.json"
  else
    step "Installing node packages from package-lock.json"
    (cd "$ROOT" && npm ci --no-audit --no-fund --prefer-offline)
    echo "$want" > "$stamp"
  fi
  if ! wasm-opt --version | grep -q "$WASM_OPT_VERSION"; then
    echo "wasm-opt on PATH is not binaryen $WASM_OPT_VERSION: $(command -v wasm-opt)" >&2
    exit 1
  fi
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    skip "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
    return
  fi
  step "Installing chromium and chromium-driver from apt"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium chromium-driver
}

# python3-venv from apt when Debian's python3 lacks it.
ensure_sympy_venv_tools() {
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends python3-venv
  fi
}

# SymPy, pinned, in a virtual environment under target/ (from PyPI; python3-venv from apt
# when Debian's python3 lacks it).
SYMPY_VENV="$ROOT/target/sympy-venv"
ensure_sympy() {
  if "$SYMPY_VENV/bin/python" -c 'import sympy, sys; sys.exit(sympy.__version__ != "1.14.0")' 2>/dev/null; then
    skip "sympy: 1.14.0 in target/sympy-venv"
    return
  fi
  step "Installing SymPy 1.14.0 into target/sympy-venv"
  ensure_sympy_venv_tools
  rm -rf "$SYMPY_VENV"
  python3 -m venv "$SYMPY_VENV"
  "$SYMPY_VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/scripts/sympy-requirements.txt"
}

# JAX (CPU), pinned, in a virtual environment under target/ (from PyPI), for
# scripts/jax_check.py: the app's JAX exports run under JAX.
JAX_VENV="$ROOT/target/jax-venv"
ensure_jax() {
  if "$JAX_VENV/bin/python" -c 'import jax, sys; sys.exit(jax.__version__ != "0.4.38")' 2>/dev/null; then
    skip "jax: 0.4.38 in target/jax-venv"
    return
  fi
  step "Installing JAX 0.4.38 (CPU) into target/jax-venv"
  ensure_sympy_venv_tools
  rm -rf "$JAX_VENV"
  python3 -m venv "$JAX_VENV"
  "$JAX_VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/scripts/jax-requirements.txt"
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_node_packages
}
