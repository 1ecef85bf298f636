#!/usr/bin/env bash
# Memory benchmark (issue 11): peak RSS of a full `tollgate scan` of a large
# real repository, with the default budget, with `--max-memory 512MiB`, and
# inside a 512 MiB cgroup memory limit (the kernel kills a process that goes
# over it; tollgate must finish with a report). Not a test: it prints figures.
#
#   bench/memory.sh [repo-dir]
#
# repo-dir defaults to /work/corpus/terraform (the search tool's
# `fetch github:hashicorp/terraform`, cloned, then `go mod download` in it
# so that the Go domain loads packages as a user's machine would).
set -uo pipefail
repo=${1:-/work/corpus/terraform}
if [ ! -d "$repo" ]; then echo "skip: no repository at $repo"; exit 0; fi
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
bin=$work/tollgate
(cd "$here" && CGO_ENABLED=0 go build -o "$bin" ./cmd/tollgate) || exit 1
echo "repository: $repo ($(git -C "$repo" rev-parse --short HEAD), $(git -C "$repo" ls-files | wc -l) files), $(nproc) cores"

measure() { # name, then the command's extra arguments
  local name=$1; shift
  local out=$work/$name.json
  /usr/bin/time -f '%M %e' -o "$work/$name.time" "$@" >"$work/$name.stdout" 2>"$work/$name.stderr"
  local rc=$?
  read -r kb secs < <(tail -1 "$work/$name.time")
  local budget=""
  [ -f "$out" ] && budget=$(grep -c '"scan/memory-budget"' "$out")
  printf '%-22s exit %-3s peak RSS %5d MiB  wall %6.1f s  report %s  memory-budget findings %s\n' \
    "$name" "$rc" $((kb / 1024)) "$secs" "$([ -s "$out" ] && echo yes || echo NO)" "${budget:-0}"
}

cd "$repo"
measure default "$bin" scan --format json="$work/default.json" .
measure max-memory-512MiB "$bin" scan --max-memory 512MiB --format json="$work/max-memory-512MiB.json" .

# A 512 MiB cgroup (v1 or v2), when this machine lets us make one.
cg=""
if [ -w /sys/fs/cgroup/memory ]; then
  cg=/sys/fs/cgroup/memory/tollgate-bench-$$
  mkdir -p "$cg" && echo $((512 << 20)) >"$cg/memory.limit_in_bytes" && echo 0 >"$cg/memory.swappiness" 2>/dev/null
elif [ -w /sys/fs/cgroup/cgroup.subtree_control ]; then
  cg=/sys/fs/cgroup/tollgate-bench-$$
  mkdir -p "$cg" && echo $((512 << 20)) >"$cg/memory.max" && echo 0 >"$cg/memory.swap.max"
fi
if [ -n "$cg" ]; then
  measure cgroup-512MiB sh -c "echo \$\$ > $cg/cgroup.procs && exec $bin scan --format json=$work/cgroup-512MiB.json ."
  tail -3 "$work/cgroup-512MiB.stderr"
  rmdir "$cg" 2>/dev/null
else
  echo "cgroup-512MiB: skipped (no writable cgroup memory controller here)"
fi
rm -rf "$work"
