package iac

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzAnalyze runs the loader, the evaluator and every rule on a fuzzed
// module (a root calling a child, both written from the input): no input
// may panic, and none may take long, however deep it nests.
func FuzzAnalyze(f *testing.F) {
	seeds := []string{
		`resource "aws_s3_bucket" "b" { tags = merge(var.tags, { a = 1 }) }`,
		`variable "tags" { default = {} }
locals { a = local.b
  b = local.a
  c = merge(local.c, {}) }
resource "aws_instance" "i" { instance_type = "p4d.24xlarge"
  tags = local.a ? { x = 1 } : try(var.tags.x, {}) }`,
		`provider "aws" { alias = "x"
  default_tags { tags = { for k, v in var.m : k => v } } }
module "m" { source = "./"
  providers = { aws = aws.x } }`,
		`resource "aws_autoscaling_group" "a" { dynamic "tag" { for_each = range(100000000)
  content { key = tag.key } } }`,
		`locals { x = format("%999999999d", 1)
  y = setproduct(range(1000), range(1000), range(1000)) }
resource "aws_s3_bucket" "b" { tags = { (local.x) = local.y } }`,
		`{"resource": {"aws_s3_bucket": {"b": {"tags": "${merge(local.t, {a = 1})}"}}}}`,
		strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000),
		`locals {` + strings.Repeat(" a = [", 200) + strings.Repeat("]", 200) + `}`,
		`resource "google_container_node_pool" "p" { node_config { labels = {} } }
resource "aws_launch_template" "t" { lifecycle { ignore_changes = all } }
module "r" { source = "hashicorp/consul/aws" }`,
		`variable "d" {
  type    = object({ a = optional(set(string), ["x"]), b = optional(object({ c = optional(number, 1) })) })
  default = {}
}
variable "p" { default = [{ accelerator_count = 1 }] }
locals { p = [for x in var.p : var.d.b != null ? merge(x, { z = 1 }) : x] }
module "m" { source = "./"
  p = local.p }
module "ai" { source = "Azure/avm-res-cognitiveservices-account/azurerm" }
resource "kubernetes_daemon_set_v1" "d" { spec { template { spec { node_selector = { "nvidia.com/gpu" = "1" } } } } }
resource "helm_release" "h" { values = [templatefile("${path.module}/../x.yaml", {})] }`,
	}
	// Deep and huge expressions: chains that nest without brackets (refused
	// before parsing past maxChain) and wide ones that do not nest.
	seeds = append(seeds,
		"locals { x = 1"+strings.Repeat(" + 1", 1100)+" }",
		"locals { x = "+strings.Repeat("!", 1100)+"true }",
		"locals { x = "+strings.Repeat("true ? 1 : ", 1100)+"0 }",
		"locals { x = local.y"+strings.Repeat("[local.i]", 1100)+" }",
		"locals { x = <<EOT\n"+strings.Repeat("%{if true}", 1100)+strings.Repeat("%{endif}", 1100)+"\nEOT\n}",
		"locals { x = \""+strings.Repeat("${local.x}", 1000)+"\" }",
		"locals { x = ["+strings.Repeat("1 + 1, ", 1000)+"] }",
		"resource \"aws_s3_bucket\" \"b\" { tags = "+strings.Repeat("merge(", 200)+"{}"+strings.Repeat(")", 200)+" }",
	)
	// Module cycles: the child calls the root, itself, or leaves the tree.
	seeds = append(seeds,
		`module "up" { source = "../" }`,
		`module "self" { source = "./" }
module "again" { source = "../child" }`,
		`module "out" { source = "../../outside" }`,
	)
	for _, s := range seeds {
		f.Add(s, "variable \"tags\" {}\nmodule \"c\" { source = \"./child\"\n tags = var.tags }")
	}
	f.Add(`module "up" { source = "../" }`, `module "c" { source = "./child" }
module "d" { source = "./child" }`)
	f.Fuzz(func(t *testing.T, child, root string) {
		fsys := fstest.MapFS{
			"child/main.tf":      {Data: []byte(child)},
			"child/main.tf.json": {Data: []byte(child)},
			"main.tf":            {Data: []byte(root)},
			"terraform.tfvars":   {Data: []byte(root)},
		}
		files := []string{"child/main.tf", "child/main.tf.json", "main.tf", "terraform.tfvars"}
		res, err := Analyze(context.Background(), fsys, files, Options{Required: []string{"a", "b"}, ProviderCoverage: true})
		if err != nil {
			t.Fatalf("Analyze: %v", err)
		}
		// Work per input is bounded by construction: at most two
		// modules, each loaded once, and no call followed around a
		// cycle, so each instance but the roots' is one call followed.
		calls := 0
		for _, m := range res.Modules {
			calls += len(m.Calls)
		}
		if len(res.Modules) > 2 || res.Instances > len(res.Modules)+calls {
			t.Fatalf("%d modules, %d calls, %d instances: module expansion not bounded", len(res.Modules), calls, res.Instances)
		}
	})
}

// TestHostileShapes feeds the shapes that make naive evaluators explode:
// brackets nested thousands deep, locals that double at each step, a module
// tree that doubles at each level, a module calling itself. Each must end
// (bounded work by construction: nesting refused before parsing, locals and
// key analysis memoized, module depth and instance count capped).
func TestHostileShapes(t *testing.T) {
	var locals strings.Builder
	locals.WriteString("locals {\n  l0 = { a = 1 }\n")
	for i := 1; i < 60; i++ {
		fmt.Fprintf(&locals, "  l%d = merge(local.l%d, local.l%d, { k%d = 1 })\n", i, i-1, i-1, i)
	}
	locals.WriteString("}\nresource \"aws_s3_bucket\" \"b\" { tags = local.l59 }\n")
	fsys := fstest.MapFS{
		"deep.tf":      {Data: []byte("locals { x = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + " }")},
		"locals/a.tf":  {Data: []byte(locals.String())},
		"self/main.tf": {Data: []byte(`module "again" { source = "./" }` + "\n" + `module "up" { source = "../self" }`)},
	}
	files := []string{"deep.tf", "locals/a.tf", "self/main.tf"}
	// Nesting without brackets: each of these overflowed the goroutine
	// stack (a fatal error, not a panic) in the parser or the evaluator.
	chains := map[string]string{
		"chain/plus.tf":  "locals { x = 1" + strings.Repeat("+1", 300000) + " }",
		"chain/not.tf":   "locals { x = " + strings.Repeat("!", 300000) + "true }",
		"chain/cond.tf":  "locals { x = " + strings.Repeat("true ? 1 : ", 300000) + "0 }",
		"chain/index.tf": "locals { x = local.y" + strings.Repeat("[local.i]", 300000) + " }",
		"chain/if.tf":    "locals { x = <<EOT\n" + strings.Repeat("%{if true}", 300000) + strings.Repeat("%{endif}", 300000) + "\nEOT\n}",
	}
	for _, p := range sortedKeys(chains) {
		fsys[p] = &fstest.MapFile{Data: []byte(chains[p])}
		files = append(files, p)
	}
	// A binary tree of modules 40 levels deep: 2^40 instances uncapped.
	for i := 0; i < 40; i++ {
		p := fmt.Sprintf("tree/m%d/main.tf", i)
		src := fmt.Sprintf(`module "l" { source = "../m%d" }`+"\n"+`module "r" { source = "../m%d" }`+"\n"+`resource "aws_s3_bucket" "b" {}`, i+1, i+1)
		fsys[p] = &fstest.MapFile{Data: []byte(src)}
		files = append(files, p)
	}
	res, err := Analyze(context.Background(), fsys, files, Options{Required: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]bool{}
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "nest") || strings.Contains(f.Message, "too deep") {
			refused[f.Location.Path] = true
		}
	}
	for _, p := range append([]string{"deep.tf"}, sortedKeys(chains)...) {
		if !refused[p] {
			t.Errorf("%s: deep nesting not refused", p)
		}
	}
	if res.Instances > maxInstances+len(res.Modules) {
		t.Errorf("%d instances, over the cap", res.Instances)
	}
}

// FuzzInstalledManifest reads a fuzzed .terraform/modules/modules.json
// beside a root calling two registry modules: no manifest may panic, and
// none may make tollgate read outside the tree it was given.
func FuzzInstalledManifest(f *testing.F) {
	f.Add(`{"Modules":[{"Key":"a","Source":"registry.terraform.io/x/a/aws","Dir":".terraform/modules/a"}]}`)
	f.Add(`{"Modules":[{"Key":"a","Dir":"../.."},{"Key":"b","Dir":"/etc"},{"Key":"a.b","Dir":".terraform/modules/a"}]}`)
	f.Add(`{"Modules":[{"Key":"a","Dir":"."},{"Key":"b","Dir":".terraform"}]}`)
	f.Add(`{"Modules":null}`)
	f.Add(`[`)
	f.Fuzz(func(t *testing.T, man string) {
		fsys := fstest.MapFS{
			"main.tf": {Data: []byte(`module "a" { source = "x/a/aws"
  tags = {} }
module "b" { source = "x/b/aws" }`)},
			".terraform/modules/modules.json": {Data: []byte(man)},
			".terraform/modules/a/main.tf":    {Data: []byte(`module "b" { source = "x/b/aws" }`)},
		}
		if _, err := Analyze(context.Background(), fsys, []string{"main.tf"}, Options{Required: []string{"k"}}); err != nil {
			t.Fatal(err)
		}
	})
}
