#!/usr/bin/env bash
# Benchmark of the licenses domain beside go-licenses, on the same module
# graph in the same run, and (with COMPARE=1) a module-by-module comparison
# of the verdicts with go-licenses v1.6.0 and v2.0.1.
#
#   bench/licenses.sh [module-dir ...]      default: /tmp/corpus/cobra /tmp/corpus/prometheus
#
# The module directories are checkouts made outside the repository, with
# their modules downloaded (go mod download, in workspace mode for a go.work);
# directories that are absent are skipped. Peers: GOLICENSES_V2 (required;
# go-licenses v2.0.1) and GOLICENSES_V1 (optional; v1.6.0, needed for
# COMPARE=1), built with the Go toolchain into a scratch GOBIN. RUNS sets the
# rounds (default 3). Each round runs go-licenses v2.0.1 `check ./...`,
# tollgate `licenses` with an empty cache (cold) and tollgate `licenses` with
# the cache filled (warm), one after the other, so the three share the
# machine's load; each run is measured by GNU time: wall seconds, CPU seconds
# (user+sys, the go list child included) and peak RSS (the largest process
# of the run). The tables give medians over the rounds, and the ratios are
# the medians of each round's own ratio to go-licenses. Everything runs with
# GOPROXY=off: nothing is downloaded during the measurement.
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
if [ ! -x /usr/bin/time ]; then
  echo "GNU time (/usr/bin/time) is needed for CPU seconds and peak RSS" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/tollgate" ./cmd/tollgate
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS=-mod=readonly

# measure NAME COMMAND... runs the command and appends "wall cpu rss_mib" to
# $work/NAME; the command's own exit status is ignored (a policy failure is
# not a benchmark failure).
measure() {
  local name=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>&1 || true
  tail -1 "$work/t" | awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' >> "$work/$name"
}
# median: the median of the numbers on standard input.
median() { sort -g | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
# col NAME N: column N of $work/NAME.
col() { cut -d' ' -f"$2" "$work/$1"; }
# ratio NAME N: the median over the rounds of NAME's column N divided by v2's.
ratio() { paste -d' ' <(col "$1" "$2") <(col v2 "$2") | awk '{printf "%.4f\n", ($2 > 0 ? $1 / $2 : 0)}' | median; }

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), rounds: $RUNS (medians), $(date -u +%Y-%m-%d), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
for d in "${dirs[@]}"; do
  if [ ! -f "$d/go.mod" ] && [ ! -f "$d/go.work" ]; then
    echo "skip $d: no go.mod or go.work (fetch and go mod download it first)"
    continue
  fi
  cd "$d"
  rm -f "$work/v2" "$work/cold" "$work/warm"
  for _ in $(seq "$RUNS"); do
    measure v2 "$GOLICENSES_V2" check ./...
    rm -rf "$work/cache"
    measure cold "$work/tollgate" licenses --cache "$work/cache" .
    measure warm "$work/tollgate" licenses --cache "$work/cache" .
  done
  stats=$("$work/tollgate" licenses --stats --cache "$work/cache" . 2>&1 >/dev/null | grep "^licenses:" || true)
  commit=$(git -C "$d" rev-parse --short=8 HEAD 2>/dev/null || echo unknown)
  echo
  echo "## $(basename "$d") at $commit — $stats"
  echo
  echo "| run | wall s | CPU s | peak RSS MiB | wall ratio | CPU ratio |"
  echo "|---|---|---|---|---|---|"
  for n in v2 cold warm; do
    case $n in
    v2) label='go-licenses v2.0.1 `check ./...`' ;;
    cold) label='tollgate `licenses`, cold (empty cache)' ;;
    warm) label='tollgate `licenses`, warm (cache filled)' ;;
    esac
    printf '| %s | %s | %s | %.0f | %.2f | %.2f |\n' "$label" "$(col $n 1 | median)" "$(col $n 2 | median)" \
      "$(col $n 3 | median)" "$(ratio $n 1)" "$(ratio $n 2)"
  done
  echo
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "${COMPARE:-0}" = 1 ]; then
    "$work/tollgate" licenses --json --cache "$work/cache" . > "$work/tg.json" 2>/dev/null || true
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
