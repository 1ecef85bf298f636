package iac

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestModuleCalls checks how local module calls are expanded: a diamond is
// expanded through both paths, a cycle is cut at the call that closes it,
// each directory is one module however often it is called.
func TestModuleCalls(t *testing.T) {
	tests := []struct {
		dir                   string
		modules, instances    int
		notFollowed, findings int
	}{
		// root, left, right, and base twice under each.
		{"testdata/ok/module-diamond", 4, 7, 0, 0},
		// root, a, b, self, c, c/d: each once; b->a, self twice and
		// d->c are not followed.
		{"testdata/want/module-cycle", 6, 6, 4, 4},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			res, _ := runCase(t, tt.dir)
			seen := map[string]bool{}
			for _, m := range res.Modules {
				if seen[m.Dir] {
					t.Errorf("module %q loaded twice", m.Dir)
				}
				seen[m.Dir] = true
			}
			cycles := 0
			for _, f := range res.Findings {
				if f.Rule == ModuleCycle.ID {
					cycles++
				}
			}
			if len(res.Modules) != tt.modules || res.Instances != tt.instances || res.CallsNotFollowed != tt.notFollowed || cycles != tt.findings {
				t.Errorf("%d modules, %d instances, %d calls not followed, %d cycle findings; want %d, %d, %d, %d",
					len(res.Modules), res.Instances, res.CallsNotFollowed, cycles, tt.modules, tt.instances, tt.notFollowed, tt.findings)
			}
		})
	}
}

// TestModuleCallWork checks that fan-out is bounded by work, not only by
// the number of instances: a module with a thousand locals, reached through
// a binary tree of calls nine deep (512 paths, far under maxInstances), is
// evaluated in its callers' context only while the work budget lasts.
func TestModuleCallWork(t *testing.T) {
	fsys := fstest.MapFS{}
	var files []string
	add := func(p, src string) {
		fsys[p] = &fstest.MapFile{Data: []byte(src)}
		files = append(files, p)
	}
	var big strings.Builder
	big.WriteString("variable \"n\" {}\nlocals {\n")
	for i := range 1000 {
		fmt.Fprintf(&big, "  l%d = %d\n", i, i)
	}
	big.WriteString("}\nresource \"aws_s3_bucket\" \"b\" {\n  tags = { n = local.l999 }\n}\n")
	add("big/main.tf", big.String())
	const depth = 9
	for i := range depth {
		next := fmt.Sprintf("../t%d", i+1)
		if i == depth-1 {
			next = "../big"
		}
		add(fmt.Sprintf("t%d/main.tf", i), fmt.Sprintf("module \"l\" {\n  source = %q\n  n = \"l\"\n}\nmodule \"r\" {\n  source = %q\n  n = \"r\"\n}\n", next, next))
	}
	res, err := Analyze(context.Background(), fsys, files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var bigMod *Module
	for _, m := range res.Modules {
		if m.Dir == "big" {
			bigMod = m
		}
	}
	if bigMod == nil {
		t.Fatal("module big not loaded")
	}
	tree := 1<<depth - 1 // t0 once, t1 twice, …
	bigInstances := res.Instances - tree
	if limit := maxCallWork / bigMod.cost(); bigInstances > limit || bigInstances < 1 || res.CallsNotFollowed == 0 {
		t.Errorf("module big evaluated %d times (%d calls not followed), want at most %d: fan-out not bounded by work",
			bigInstances, res.CallsNotFollowed, limit)
	}
	if len(res.Resources) != 1 || res.Resources[0].Status == "" {
		t.Errorf("big's resource not judged: %+v", res.Resources)
	}
}

// TestRemoteVerdicts checks the verdict recorded on each call to a module
// outside the repository, unknown ones with the reason.
func TestRemoteVerdicts(t *testing.T) {
	res, _ := runCase(t, "testdata/ok/remote-modules")
	got := map[string]string{}
	for _, e := range res.External {
		got[e.Location.Path+":"+e.Name] = e.Tags
		if e.Tags == statusUnknown && e.TagsWhy == "" {
			t.Errorf("%s: unknown without a reason", e.Name)
		}
	}
	want := map[string]string{
		"root/main.tf:vpc": "pass", "root/main.tf:eks": "pass", "root/main.tf:label": "unknown",
		"root/main.tf:naming": "unknown", "root/main.tf:sa": "unknown", "root/main.tf:kv": "unknown",
		"lib/main.tf:vpc": "unknown", "lib/main.tf:bucket": "unknown", "lib/main.tf:sa": "unknown",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: tags %q, want %q", k, got[k], w)
		}
	}
}

func TestRemoteProvider(t *testing.T) {
	tests := []struct{ src, want string }{
		{"terraform-aws-modules/vpc/aws", "aws"},
		{"app.terraform.io/acme/net/google//modules/subnets", "google"},
		{"Azure/avm-res-storage-storageaccount/azurerm", "azurerm"},
		{"cloudposse/label/null", "null"},
		{"git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v21.0.0", "aws"},
		{"git::ssh://git@github.com/acme/terraform-google-gke.git//modules/pool?ref=v1", "google"},
		{"git@github.com:acme/terraform-azurerm-aks.git", "azurerm"},
		{"github.com/acme/infra-modules", ""},
	}
	for _, tt := range tests {
		if got := remoteProvider(tt.src, sourceKind(tt.src)); got != tt.want {
			t.Errorf("remoteProvider(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestInstalledLinks checks that modules downloaded by terraform init are
// loaded from the manifest and evaluated in their callers' context, and
// that an entry leading out of the tree is not read.
func TestInstalledLinks(t *testing.T) {
	res, _ := runCase(t, "testdata/ok/installed")
	var dirs []string
	for _, m := range res.Modules {
		dirs = append(dirs, m.Dir)
	}
	want := ". .terraform/modules/label .terraform/modules/vpc .terraform/modules/vpc.kms .terraform/modules/vpc/modules/flow"
	if got := strings.Join(dirs, " "); got != want {
		t.Errorf("modules %q, want %q", got, want)
	}
	// root, vpc, flow, kms, label
	if res.Instances != 5 {
		t.Errorf("%d instances, want 5", res.Instances)
	}
	if len(res.External) != 2 {
		t.Errorf("%d external calls listed, want the root's 2: %v", len(res.External), res.External)
	}
}

// TestRootDetail checks that a verdict resting on a root configuration's
// defaults or implicit provider says so, and how the root was told.
func TestRootDetail(t *testing.T) {
	res, _ := runCase(t, "testdata/want/root-defaults")
	want := map[string][]string{
		"aws_s3_bucket \"logs\"":          {"root configuration", "a backend, a tfvars file", "`var.tags`", "TF_VAR_"},
		"google_compute_instance \"gpu\"": {"root configuration", "empty configuration"},
		"module \"lib\"":                  {"root configuration", "`var.tags`"},
	}
	found := 0
	for _, f := range res.Findings {
		for name, parts := range want {
			if !strings.Contains(f.Message, name) {
				continue
			}
			found++
			for _, p := range parts {
				if !strings.Contains(f.Detail, p) {
					t.Errorf("%s: detail %q lacks %q", name, f.Detail, p)
				}
			}
		}
	}
	if found != len(want) {
		t.Errorf("%d findings checked, want %d", found, len(want))
	}
}
