#!/usr/bin/env bash
# Change-risk benchmark: the whole cold `tollgate risk` and a warm rerun,
# beside `git log --numstat` on the same clone, interleaved so that both see
# the same load. Prints wall times and peak memory, and their ratios to git's.
#
#   bench/risk.sh [repo-dir] [rounds]
#
# repo-dir defaults to /tmp/riskc/prometheus; make it with the search tool's
# `fetch github:prometheus/prometheus` and `git clone <mirror> <dir>`. The
# script skips when the directory is absent. Columns: git's time and peak
# memory; the cold `tollgate risk` (walk, features, SZZ, validation, model,
# score: empty cache); the same with the per-commit cache warm but the result
# recomputed; the warm rerun (unchanged history: the remembered result).
# Paths whose blobs a partial clone lacks are excluded from git's run (git
# would stop on them; tollgate counts them as unreadable and goes on); git's
# exit status is checked, so a run git could not finish stops the benchmark
# instead of flattering tollgate. The cache is a fresh directory named by
# TOLLGATE_CACHE_DIR (the policy has no say in where it goes). CPU is user
# plus system seconds of the whole process tree (the supervisor and the
# analysing child): on a shared machine its ratio moves less than wall time's.
set -euo pipefail
repo=${1:-/tmp/riskc/prometheus}
rounds=${2:-3}
if [ ! -e "$repo/.git" ] && [ ! -f "$repo/HEAD" ]; then
  echo "skip: no repository at $repo"; exit 0
fi
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$(mktemp -d)/tollgate
(cd "$here" && CGO_ENABLED=0 go build -o "$bin" ./cmd/tollgate)
cache=$(mktemp -d)
export TOLLGATE_CACHE_DIR=$cache
timing=$(mktemp)
errs=$(mktemp)
trap 'rm -rf "$cache" "$timing" "$errs" "$(dirname "$bin")"' EXIT

# Pathspec excluding paths with blobs missing from a partial clone.
exclude=()
missing=$(git -C "$repo" rev-list --objects --missing=print HEAD | sed -n 's/^?//p' | sort)
if [ -n "$missing" ]; then
  while IFS= read -r p; do exclude+=(":(exclude)$p"); done < <(
    git -C "$repo" log --raw --no-abbrev --format= --no-renames HEAD |
      awk '{print $3"\t"$6; print $4"\t"$6}' | sort -u |
      join -t$'\t' <(printf '%s\n' "$missing") - | cut -f2 | sort -u)
fi
commits=$(git -C "$repo" rev-list --count HEAD)
echo "repository: $repo ($commits commits, $(nproc) cores, git $(git --version | cut -d' ' -f3)); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
[ ${#exclude[@]} -gt 0 ] && echo "excluded from git's run (blobs missing in this partial clone): ${#exclude[@]} paths"

# t <cmd...>: runs the command, sets secs, kb and cpu (wall seconds, peak
# KB of the largest process, user+system seconds);
# a command that fails stops the benchmark with its standard error.
t() {
  if ! /usr/bin/time -f "%e %M %U %S" -o "$timing" "$@" >/dev/null 2>"$errs"; then
    echo "failed: $*" >&2; cat "$errs" >&2; exit 1
  fi
  read -r secs kb us ss < "$timing"
  cpu=$(awk -v u="$us" -v s="$ss" 'BEGIN{printf "%.2f", u+s}')
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
printf '%-6s %8s %8s %7s %9s %9s %8s %9s %8s %9s %13s %9s\n' round "git (s)" "git CPU" "git MB" "cold (s)" "cold CPU" "cold MB" "wall/git" "CPU/git" "mem/git" "recompute (s)" "warm (s)"
wr=(); mr=(); cr=()
for i in $(seq 1 "$rounds"); do
  rm -rf "${cache:?}"/*
  t git -C "$repo" log --numstat --format=%H -- . "${exclude[@]}"; gs=$secs gk=$kb gc=$cpu
  t "$bin" risk -C "$repo"; cs=$secs ck=$kb cc=$cpu
  rm -rf "$cache"/risk/*/results # keep the commit cache, recompute the analysis
  t "$bin" risk -C "$repo"; rs=$secs
  t "$bin" risk -C "$repo"; ws=$secs
  w=$(ratio "$cs" "$gs"); m=$(ratio "$ck" "$gk"); u=$(ratio "$cc" "$gc")
  wr+=("$w"); mr+=("$m"); cr+=("$u")
  printf '%-6s %8s %8s %7d %9s %9s %8d %9s %8s %9s %13s %9s\n' "$i" "$gs" "$gc" $((gk/1024)) "$cs" "$cc" $((ck/1024)) "$w" "$u" "$m" "$rs" "$ws"
done
echo "median whole cold tollgate risk / git log --numstat: wall $(printf '%s\n' "${wr[@]}" | median)x, CPU $(printf '%s\n' "${cr[@]}" | median)x, peak memory $(printf '%s\n' "${mr[@]}" | median)x"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
