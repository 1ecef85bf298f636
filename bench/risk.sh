#!/usr/bin/env bash
# Change-risk benchmark: the cold history walk and a warm rerun of
# `tollgate risk`, beside `git log --numstat` on the same clone, interleaved
# so that both see the same load. Prints wall times, ratios and peak memory.
#
#   bench/risk.sh [repo-dir] [rounds]
#
# repo-dir defaults to /tmp/riskc/prometheus; make it with the search tool's
# `fetch github:prometheus/prometheus` and `git clone <mirror> <dir>`. The
# script skips when the directory is absent. Columns: git's time; the cold
# `tollgate risk` (walk, features, SZZ, model, score: no cache); the same
# with the per-commit cache warm but the result recomputed; the warm rerun
# (unchanged history: the remembered result). Paths whose blobs a partial
# clone lacks are excluded from git's run (git would stop on them; tollgate
# counts them as unreadable and goes on).
set -euo pipefail
repo=${1:-/tmp/riskc/prometheus}
rounds=${2:-3}
if [ ! -d "$repo/.git" ] && [ ! -f "$repo/HEAD" ]; then
  echo "skip: no repository at $repo"; exit 0
fi
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$(mktemp -d)/tollgate
(cd "$here" && go build -o "$bin" ./cmd/tollgate)
cache=$(mktemp -d)
policy=$(mktemp --suffix=.hcl)
printf 'risk {\n  cache_dir = "%s"\n}\n' "$cache" > "$policy"

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
echo "repository: $repo ($commits commits, $(nproc) cores, git $(git --version | cut -d' ' -f3))"
[ ${#exclude[@]} -gt 0 ] && echo "excluded from git's run (blobs missing in this partial clone): ${#exclude[@]} paths"

t() { # t <label> <cmd...>: prints "seconds peak-KB"
  /usr/bin/time -f "%e %M" -o /tmp/.risk-bench-time "$@" >/dev/null 2>/tmp/.risk-bench-err || { cat /tmp/.risk-bench-err >&2; return 1; }
  cat /tmp/.risk-bench-time
}
# walk_seconds: the history walk's share of the last run, from `risk -v`.
walk_seconds() {
  sed -n 's/.*; walk \([^;]*\);.*/\1/p' /tmp/.risk-bench-err | awk '{
    s = $1; t = 0
    if (match(s, /[0-9.]+h/)) { t += substr(s, RSTART, RLENGTH-1) * 3600 }
    if (match(s, /[0-9.]+m[^s]/) || match(s, /[0-9.]+m$/)) { t += substr(s, RSTART, RLENGTH-1) * 60 }
    if (match(s, /[0-9.]+ms/)) { t += substr(s, RSTART, RLENGTH-2) / 1000 }
    else if (match(s, /[0-9.]+s/)) { t += substr(s, RSTART, RLENGTH-1) }
    printf "%.2f", t }'
}
printf '%-6s %9s %10s %8s %7s %9s %12s %9s %9s\n' round "git (s)" "cold (s)" "walk (s)" "walk/git" "cold MB" "recompute (s)" "warm (s)" "warm MB"
ratios=()
for i in $(seq 1 "$rounds"); do
  rm -rf "$cache"/*
  read -r gs _ < <(cd "$repo" && t git log --numstat --format=%H -- . "${exclude[@]}")
  read -r cs cm < <(cd "$repo" && t "$bin" risk -v --policy "$policy")
  wk=$(walk_seconds)
  rm -rf "$cache/results" # keep the commit cache, recompute the analysis
  read -r rs _ < <(cd "$repo" && t "$bin" risk --policy "$policy")
  read -r ws wm < <(cd "$repo" && t "$bin" risk --policy "$policy")
  r=$(awk -v a="$wk" -v b="$gs" 'BEGIN{printf "%.2f", a/b}')
  ratios+=("$r")
  printf '%-6s %9s %10s %8s %7s %9d %12s %9s %9d\n' "$i" "$gs" "$cs" "$wk" "$r" $((cm/1024)) "$rs" "$ws" $((wm/1024))
done
printf 'median ratio (cold walk / git log --numstat): %s\n' "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$cache" "$policy" "$(dirname "$bin")"
