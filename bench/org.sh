#!/usr/bin/env bash
# Organisation benchmark: the merge of 1,000 synthetic repository results
# (20 findings each) into org.json and org.md, the same merge with the
# ingest into a fresh SQLite history store, and the throughput of one shard
# scanning 20 small repositories (pipeline, Terraform and MLOps domains).
#
#   bench/org.sh [rounds]
#
# Each benchmark runs `rounds` times (default 3); Go prints the mean per
# operation, and repos/min for the shard.
set -euo pipefail
rounds=${1:-3}
cd "$(dirname "$0")/.."
echo "$(nproc) cores, $(go version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg)"
go test ./org/ -run '^$' -bench 'BenchmarkMerge1000|BenchmarkScanShard' -benchtime "${rounds}x" -benchmem |
  grep -E '^(Benchmark|ok|FAIL)'
