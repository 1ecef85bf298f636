#!/usr/bin/env bash
# Times tollgate's Terraform analysis beside tflint with its AWS ruleset on
# the same directories, in the same run, and prints a Markdown table with the
# ratios. The repositories are never committed: point TF_CORPUS at a folder
# holding work trees of them (one sub-folder per repository), for example
# made from the search tool's fetch:
#
#   for r in terraform-aws-modules/terraform-aws-vpc terraform-aws-modules/terraform-aws-eks \
#            Azure/terraform-azurerm-aks terraform-google-modules/terraform-google-kubernetes-engine \
#            GoogleCloudPlatform/cloud-foundation-fabric; do ...fetch, then git archive | tar -x...; done
#
# tflint and the ruleset build from source with the Go toolchain:
#   go install github.com/terraform-linters/tflint@v0.64.0
#   (in a checkout of terraform-linters/tflint-ruleset-aws) go build -o $TFLINT_PLUGIN_DIR/tflint-ruleset-aws .
# Without the plugin, tflint is measured alone and the table says so.
#
# Usage: bench/terraform.sh [runs]   (TF_CORPUS, TFLINT, TFLINT_PLUGIN_DIR override the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
corpus=${TF_CORPUS:-/tmp/iac-corpus}
tflint=${TFLINT:-$(command -v tflint || echo "$(go env GOPATH)/bin/tflint")}
plugins=${TFLINT_PLUGIN_DIR:-/tmp/tflint-plugins}
if [ ! -d "$corpus" ]; then
  echo "skip: no corpus at $corpus (set TF_CORPUS)"; exit 0
fi
if [ ! -x "$tflint" ]; then
  echo "skip: tflint not found (go install github.com/terraform-linters/tflint@v0.64.0)"; exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/tollgate" ./cmd/tollgate
cat > "$tmp/policy.hcl" <<'HCL'
tags {
  required          = ["cost-center", "owner"]
  provider_coverage = true
}
HCL
aws=1
if [ -x "$plugins/tflint-ruleset-aws" ]; then
  cat > "$tmp/tflint.hcl" <<'HCL'
config {
  call_module_type = "local"
}
plugin "aws" {
  enabled = true
}
rule "aws_resource_missing_tags" {
  enabled = true
  tags    = ["cost-center", "owner"]
}
HCL
else
  aws=0
  printf 'config {\n  call_module_type = "local"\n}\n' > "$tmp/tflint.hcl"
fi
# Skip every domain but Terraform.
skip="go,licenses,mlops,pipeline"

now() { date +%s.%N; }
# best of $runs wall-clock seconds for a command
best() {
  local b=""
  for _ in $(seq "$runs"); do
    local s e d
    s=$(now); "$@" > /dev/null 2>&1 || true; e=$(now)
    d=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$d < $b" | bc -l)" = 1 ]; then b=$d; fi
  done
  printf '%.3f' "$b"
}

echo "| repository | .tf files | tollgate (s) | tflint$( [ $aws = 1 ] && echo ' + aws ruleset') (s) | ratio | tollgate tf/ findings | tflint issues |"
echo "|---|---:|---:|---:|---:|---:|---:|"
tt=0; tf=0
for dir in "$corpus"/*/; do
  name=$(basename "$dir")
  files=$(find "$dir" -name '*.tf' -o -name '*.tf.json' | wc -l)
  t1=$(best "$tmp/tollgate" check -skip "$skip" -policy "$tmp/policy.hcl" "$dir")
  t2=$(cd "$dir" && TFLINT_PLUGIN_DIR="$plugins" best "$tflint" --recursive --force --config "$tmp/tflint.hcl")
  n1=$("$tmp/tollgate" check -skip "$skip" -policy "$tmp/policy.hcl" "$dir" 2>/dev/null | grep -c '(tf/' || true)
  n2=$(cd "$dir" && TFLINT_PLUGIN_DIR="$plugins" "$tflint" --recursive --force --config "$tmp/tflint.hcl" --format compact 2>/dev/null | grep -c '^[^ ].*:[0-9]*:[0-9]*: ' || true)
  ratio=$(echo "$t2 / $t1" | bc -l)
  printf '| %s | %d | %s | %s | %.0f× | %d | %d |\n' "$name" "$files" "$t1" "$t2" "$ratio" "$n1" "$n2"
  tt=$(echo "$tt + $t1" | bc -l); tf=$(echo "$tf + $t2" | bc -l)
done
printf '| **total** | | %.3f | %.3f | %.0f× | | |\n' "$tt" "$tf" "$(echo "$tf / $tt" | bc -l)"
echo
echo "runs: best of $runs; tflint $("$tflint" --version 2>/dev/null | head -1 | awk '{print $3}'); aws ruleset: $([ $aws = 1 ] && echo yes || echo 'not installed, tflint alone'); cores: $(nproc)"
