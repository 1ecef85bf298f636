#!/usr/bin/env bash
# Benchmark of the licenses domain beside go-licenses, on the same module
# graph in the same run, and (with COMPARE=1) a module-by-module comparison
# of the verdicts with go-licenses v1.6.0 and v2.0.1.
#
#   bench/licenses.sh [module-dir ...]      default: /tmp/corpus/cobra /tmp/corpus/prometheus
#
# The module directories are checkouts made outside the repository, with
# their modules downloaded (go mod download); directories that are absent
# are skipped. Peers: GOLICENSES_V2 (required; go-licenses v2.0.1) and
# GOLICENSES_V1 (optional; v1.6.0, needed for COMPARE=1), installed with the
# Go toolchain into a scratch GOBIN. RUNS sets the repetitions (default 3);
# the median is printed. Everything runs with GOPROXY=off: nothing is
# downloaded during the measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
GOLICENSES_V2=${GOLICENSES_V2:-/tmp/peers/v2/go-licenses}
GOLICENSES_V1=${GOLICENSES_V1:-/tmp/peers/v1/go-licenses}
RUNS=${RUNS:-3}
dirs=("$@")
[ ${#dirs[@]} -eq 0 ] && dirs=(/tmp/corpus/cobra /tmp/corpus/prometheus)
if [ ! -x "$GOLICENSES_V2" ]; then
  echo "go-licenses v2.0.1 not found at $GOLICENSES_V2; set GOLICENSES_V2" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/tollgate" ./cmd/tollgate
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS=-mod=readonly

# seconds runs a command and prints its wall-clock time in seconds.
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), runs: $RUNS (median)"
for d in "${dirs[@]}"; do
  if [ ! -f "$d/go.mod" ] && [ ! -f "$d/go.work" ]; then
    echo "skip $d: no go.mod or go.work (fetch and go mod download it first)"
    continue
  fi
  cd "$d"
  v2=() cold=() warm=()
  for i in $(seq "$RUNS"); do
    v2+=("$(seconds "$GOLICENSES_V2" check ./...)")
    rm -rf "$work/cache"
    cold+=("$(seconds "$work/tollgate" licenses --cache "$work/cache" .)")
    warm+=("$(seconds "$work/tollgate" licenses --cache "$work/cache" .)")
  done
  mv2=$(median "${v2[@]}"); mcold=$(median "${cold[@]}"); mwarm=$(median "${warm[@]}")
  stats=$("$work/tollgate" licenses --stats --cache "$work/cache" . 2>&1 >/dev/null | tail -1)
  echo
  echo "## $(basename "$d") — $stats"
  echo
  echo "| run | seconds | ratio to go-licenses v2.0.1 check |"
  echo "|---|---|---|"
  echo "| go-licenses v2.0.1 \`check ./...\` | $mv2 | 1.00 |"
  echo "| tollgate \`licenses\`, cold (empty cache) | $mcold | $(echo "$mcold / $mv2" | bc -l | xargs printf '%.2f') |"
  echo "| tollgate \`licenses\`, warm (cache filled) | $mwarm | $(echo "$mwarm / $mv2" | bc -l | xargs printf '%.2f') |"
  if [ "${COMPARE:-0}" = 1 ]; then
    "$work/tollgate" licenses --json --cache "$work/cache" . > "$work/tg.json"
    "$GOLICENSES_V2" csv ./... > "$work/v2.csv" 2>/dev/null || true
    args=(-tollgate "$work/tg.json" -v2 "$work/v2.csv")
    if [ -x "$GOLICENSES_V1" ]; then
      "$GOLICENSES_V1" csv ./... > "$work/v1.csv" 2>/dev/null || true
      args+=(-v1 "$work/v1.csv")
    fi
    echo
    (cd "$repo" && go run ./bench/licensescmp "${args[@]}")
  fi
  cd "$repo"
done
