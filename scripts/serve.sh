#!/usr/bin/env bash
# Serves chainrule at http://127.0.0.1:8080 with live reload, after installing what is missing.
source "$(dirname "$0")/setup.sh"
ensure_build_tools
cd "$ROOT"
step "Serving chainrule: open http://127.0.0.1:8080 in a browser (Ctrl-C stops)"
exec trunk serve "$@"
