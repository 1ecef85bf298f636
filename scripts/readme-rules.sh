#!/usr/bin/env bash
# Regenerates the rule table of README.md from the rule registry (between the
# rules:begin and rules:end markers). TestREADMERuleTable fails until it is run.
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(go run ./cmd/tollgate rules --markdown)
awk -v table="$table" '
  /<!-- rules:begin -->/ { print; print table; skip = 1; next }
  /<!-- rules:end -->/   { skip = 0 }
  !skip { print }
' README.md > README.md.tmp && mv README.md.tmp README.md
