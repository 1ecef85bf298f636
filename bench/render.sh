#!/usr/bin/env bash
# Renders a 5,000-finding report (hostile strings, every section filled) in
# every format and prints the time per report beside encoding/json of the same
# report (the json format), measured in the same run. No peer tool renders our
# report, so the baseline is the cheapest possible serialisation of it.
#
#   bash bench/render.sh            # from the repository root
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test -run '^$' -bench 'BenchmarkFormats' -benchtime "${BENCHTIME:-20x}" -count 1 ./render/)
echo "$out" | awk '
/^BenchmarkFormats\// {
  split($1, p, "/"); name = p[2]; sub(/-[0-9]+$/, "", name)
  ns[name] = $3; mem[name] = $5; names[++n] = name
}
END {
  base = ns["json"]
  printf "%-15s %12s %12s %10s\n", "format", "ms/report", "MB alloc", "x json"
  for (i = 1; i <= n; i++) {
    f = names[i]
    printf "%-15s %12.1f %12.1f %10.2f\n", f, ns[f] / 1e6, mem[f] / 1e6, ns[f] / base
  }
}'
