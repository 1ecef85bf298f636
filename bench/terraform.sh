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
CGO_ENABLED=0 go build -o "$tmp/tollgate" ./cmd/tollgate
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

# best of $runs: prints "wall cpu" seconds (cpu = user + system, children
# included: tflint's plugin and worker processes are its children). CPU time
# is the steadier figure on a shared machine; both are printed.
best() {
  local bw="" bc="" w u s c
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" > /dev/null 2>&1 || true
    read -r w u s <<< "$(tail -n 1 "$tmp/time")"
    c=$(echo "$u + $s" | bc -l)
    if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc -l)" = 1 ]; then bw=$w; fi
    if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc -l)" = 1 ]; then bc=$c; fi
  done
  printf '%.2f %.2f' "$bw" "$bc"
}

peer="tflint$( [ $aws = 1 ] && echo ' + aws ruleset')"
echo "| repository | .tf files | tollgate wall (s) | $peer wall (s) | wall ratio | tollgate CPU (s) | $peer CPU (s) | CPU ratio | tollgate tf/ findings | tflint issues |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
tw=0; fw=0; tc=0; fc=0
for dir in "$corpus"/*/; do
  name=$(basename "$dir")
  files=$(find "$dir" -name '*.tf' -o -name '*.tf.json' | wc -l)
  read -r w1 c1 <<< "$(best "$tmp/tollgate" check -skip "$skip" -policy "$tmp/policy.hcl" "$dir")"
  read -r w2 c2 <<< "$(cd "$dir" && TFLINT_PLUGIN_DIR="$plugins" best "$tflint" --recursive --force --config "$tmp/tflint.hcl")"
  n1=$("$tmp/tollgate" check -skip "$skip" -policy "$tmp/policy.hcl" "$dir" 2>/dev/null | grep -c '(tf/' || true)
  n2=$(cd "$dir" && TFLINT_PLUGIN_DIR="$plugins" "$tflint" --recursive --force --config "$tmp/tflint.hcl" --format compact 2>/dev/null | grep -c '^[^ ].*:[0-9]*:[0-9]*: ' || true)
  printf '| %s | %d | %s | %s | %.0f× | %s | %s | %.0f× | %d | %d |\n' "$name" "$files" "$w1" "$w2" "$(echo "$w2 / $w1" | bc -l)" \
    "$c1" "$c2" "$(echo "$c2 / $c1" | bc -l)" "$n1" "$n2"
  tw=$(echo "$tw + $w1" | bc -l); fw=$(echo "$fw + $w2" | bc -l)
  tc=$(echo "$tc + $c1" | bc -l); fc=$(echo "$fc + $c2" | bc -l)
done
printf '| **total** | | %.2f | %.2f | %.0f× | %.2f | %.2f | %.0f× | | |\n' "$tw" "$fw" "$(echo "$fw / $tw" | bc -l)" "$tc" "$fc" "$(echo "$fc / $tc" | bc -l)"
echo
echo "runs: best of $runs; $(cd "$tmp" && TFLINT_PLUGIN_DIR="$plugins" "$tflint" --config "$tmp/tflint.hcl" --version 2>/dev/null | tr '\n' ' '); cores: $(nproc)"
