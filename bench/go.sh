#!/usr/bin/env bash
# Benchmarks the Go domain: `tollgate check` (fast mode, Go domain only) beside
# `go vet ./...` on the same module, in the same run, alternating, and prints
# the median wall and CPU (user+sys) times and their ratios.
#
#   bench/go.sh [module-dir] [runs]
#
# module-dir defaults to /tmp/corpus/k8sgpt: a checkout of k8sgpt-ai/k8sgpt
# (fetch it with the search tool's fetch, `git archive HEAD | tar -x`) whose
# dependencies are already in the module cache (`go mod download` in that
# copy). Nothing is downloaded here: both tools run with GOPROXY=off.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/tmp/corpus/k8sgpt}
runs=${2:-5}
if [ ! -f "$dir/go.mod" ]; then
  echo "bench/go.sh: $dir is not a Go module checkout; skipped"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$here" && CGO_ENABLED=0 go build -o "$tmp/tollgate" ./cmd/tollgate && CGO_ENABLED=0 go build -o "$tmp/tollgate-vet" ./cmd/tollgate-vet)
export GOPROXY=off GOFLAGS=-mod=readonly GOTOOLCHAIN=local CGO_ENABLED=0
cd "$dir"
pkgs=$(go list ./... | wc -l)
load0=$(cut -d' ' -f1 /proc/loadavg)
tg() { "$tmp/tollgate" check --skip iac,licenses,mlops,pipeline ./... >/dev/null 2>&1 || true; }
vet() { go vet ./... >/dev/null 2>&1 || true; }
vettool() { go vet -vettool="$tmp/tollgate-vet" ./... >/dev/null 2>&1 || true; }
measure() { # name command... -> appends "wall cpu" to $tmp/name
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@"
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$tmp/t" >> "$tmp/$name"
}
export -f tg vet vettool
export tmp
# Warm the build cache, untimed, for all three: export data for go vet and
# tollgate, and the facts go vet -vettool computes once for every dependency
# (minutes on a cold cache; left out, it lands in the first timed run).
bash -c vet; bash -c tg; bash -c vettool
for _ in $(seq "$runs"); do
  measure vet bash -c vet
  measure tg bash -c tg
  measure vettool bash -c vettool
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
row() { # name label
  w=$(cut -d' ' -f1 "$tmp/$1" | median); c=$(cut -d' ' -f2 "$tmp/$1" | median)
  echo "$w $c"
}
read vw vc < <(row vet); read tw tc < <(row tg); read xw xc < <(row vettool)
for n in vet tg vettool; do echo "runs $n (wall cpu): $(tr '\n' ' ' < "$tmp/$n")" >&2; done
echo "module: $(go list -m) at $dir, $pkgs packages, $runs runs each, medians; $(nproc) cores, load average $load0 at the start, $(cut -d' ' -f1 /proc/loadavg) at the end"
printf '| command | wall s | CPU s | wall vs go vet | CPU vs go vet |\n|---|---|---|---|---|\n'
printf '| `go vet ./...` | %s | %s | 1.00 | 1.00 |\n' "$vw" "$vc"
printf '| `tollgate check --skip iac,licenses,mlops,pipeline ./...` (fast) | %s | %s | %.2f | %.2f |\n' "$tw" "$tc" "$(echo "$tw / $vw" | bc -l)" "$(echo "$tc / $vc" | bc -l)"
printf '| `go vet -vettool=tollgate-vet ./...` (facts) | %s | %s | %.2f | %.2f |\n' "$xw" "$xc" "$(echo "$xw / $vw" | bc -l)" "$(echo "$xc / $vc" | bc -l)"
