#!/usr/bin/env bash
# Benchmarks tollgate's pipeline domain (all ci/ rules) against actionlint
# v1.7.12 without shellcheck and pyflakes, on the same workflow files, in one
# run, alternating the two tools round by round so both see the same load.
#
#   bench/pipeline.sh [corpus-dir] [rounds]
#
# corpus-dir holds one directory per repository with its .github/ tree
# (default /tmp/corpus-ci). Build it from the pipeline repositories of
# CORPUS.md, for example, for each mirror fetched with the search tool:
#   git --git-dir=<mirror> archive HEAD .github | tar -x -C /tmp/corpus-ci/<name>
# The script skips when the corpus is absent, and installs actionlint from
# the Go module proxy when it is not on PATH.
#
# Both tools get every workflow file in one process: the files are copied
# into one scratch repository (<repo>__<file>.yml), so per-file figures
# include each tool's start-up once per round, not once per repository.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-/tmp/corpus-ci}"
rounds="${2:-10}"
if [ ! -d "$corpus" ]; then
  echo "no corpus at $corpus; skipping"; exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/tollgate" ./cmd/tollgate
actionlint=$(command -v actionlint || true)
if [ -z "$actionlint" ]; then
  GOBIN="$work" go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
  actionlint="$work/actionlint"
fi
echo "actionlint: $("$actionlint" -version | head -1)"

one="$work/one"
mkdir -p "$one/.github/workflows"
for d in "$corpus"/*/; do
  name=$(basename "$d")
  [ -d "$d.github/workflows" ] || continue
  for f in "$d".github/workflows/*.yml "$d".github/workflows/*.yaml; do
    [ -f "$f" ] && cp "$f" "$one/.github/workflows/${name}__$(basename "$f")"
  done
done
files=("$one"/.github/workflows/*)
n=${#files[@]}
echo "corpus: $n GitHub workflow files from $corpus, $rounds rounds"

# cpu runs a command and prints "user system wall" seconds.
cpu() {
  { TIMEFORMAT='%U %S %R'; time "$@" >/dev/null 2>&1 || true; } 2>&1 | tail -1
}

tg_cpu=0; tg_wall=0; al_cpu=0; al_wall=0; st_cpu=0; gc_cpu=0; un_cpu=0
for ((r = 0; r < rounds; r++)); do
  read -r u s w < <(cpu "$work/tollgate" check --skip go,iac,licenses,mlops,risk "$one")
  tg_cpu=$(echo "$tg_cpu + $u + $s" | bc); tg_wall=$(echo "$tg_wall + $w" | bc)
  read -r u s w < <(cpu "$actionlint" -shellcheck= -pyflakes= -no-color "${files[@]}")
  al_cpu=$(echo "$al_cpu + $u + $s" | bc); al_wall=$(echo "$al_wall + $w" | bc)
  read -r u s w < <(cpu "$work/tollgate" version)
  st_cpu=$(echo "$st_cpu + $u + $s" | bc)
  read -r u s w < <(cpu env GOGC=400 "$work/tollgate" check --skip go,iac,licenses,mlops,risk "$one")
  gc_cpu=$(echo "$gc_cpu + $u + $s" | bc)
  read -r u s w < <(cpu env TOLLGATE_SUPERVISED=off "$work/tollgate" check --skip go,iac,licenses,mlops,risk "$one")
  un_cpu=$(echo "$un_cpu + $u + $s" | bc)
done
total=$((n * rounds))
printf '%-40s %10s %10s %14s\n' "tool (one process per round)" "CPU s" "wall s" "files/CPU-s"
printf '%-40s %10.2f %10.2f %14.0f\n' "tollgate check (pipeline domain only)" "$tg_cpu" "$tg_wall" "$(echo "$total / $tg_cpu" | bc -l)"
printf '%-40s %10.2f %10.2f %14.0f\n' "actionlint -shellcheck= -pyflakes=" "$al_cpu" "$al_wall" "$(echo "$total / $al_cpu" | bc -l)"
printf '%-40s %10.2f\n' "tollgate start-up alone (tollgate version)" "$st_cpu"
printf '%-40s %10.2f\n' "tollgate check with GOGC=400" "$gc_cpu"
printf '%-40s %10.2f\n' "tollgate check, no supervisor process" "$un_cpu"
printf 'CPU ratio tollgate/actionlint: %.2f (%.2f without tollgate start-up)\n' \
  "$(echo "$tg_cpu / $al_cpu" | bc -l)" "$(echo "($tg_cpu - $st_cpu) / $al_cpu" | bc -l)"
echo
echo "in-process, analysis only (every repository of the corpus, workflows, actions and GitLab files):"
TOLLGATE_PIPELINE_CORPUS="$corpus" go test -run '^$' -bench BenchmarkAnalyzeCorpus -benchtime 20x ./pipeline/ | grep Benchmark
