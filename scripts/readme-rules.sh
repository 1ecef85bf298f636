#!/usr/bin/env bash
# Regenerates the rule table of docs/rules.md from the rule registry (between
# the rules:begin and rules:end markers). TestREADMERuleTable fails until it is
# run. (The table lived in README.md before the README was split into docs/.)
set -euo pipefail
cd "$(dirname "$0")/.."
page=docs/rules.md
grep -q '<!-- rules:begin -->' "$page" || { echo "$page lacks the rules:begin marker" >&2; exit 1; }
table=$(go run ./cmd/tollgate rules --markdown)
awk -v table="$table" '
  /<!-- rules:begin -->/ { print; print table; skip = 1; next }
  /<!-- rules:end -->/   { skip = 0 }
  !skip { print }
' "$page" > "$page.tmp" && mv "$page.tmp" "$page"
