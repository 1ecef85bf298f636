package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

// firstPartyRepo builds a repository with a root module under Apache-2.0,
// a nested module replaced by its local directory (no license file of its
// own), a forked package with its own BSD-3-Clause LICENSE inside the root
// module, and a nested tools module whose dependency is not in the module
// cache the analysis reads.
func firstPartyRepo(t *testing.T) string {
	dir := t.TempDir()
	env := lt.Proxy(t, dir, []lt.Module{
		{Path: "example.com/a", Version: "v1.0.0", Files: map[string]string{"LICENSE": lt.Text(t, "License/MIT/pristine.txt")}},
		{Path: "example.com/tooldep", Version: "v1.0.0", Files: map[string]string{"LICENSE": lt.Text(t, "License/MIT/pristine.txt")}},
	})
	root := filepath.Join(dir, "repo")
	lt.Write(t, root, map[string]string{
		"go.mod":                      "module example.com/app\n\ngo 1.21\n\nrequire example.com/app/internal/sub v0.0.0\n\nreplace example.com/app/internal/sub => ./internal/sub\n",
		"LICENSE":                     lt.Text(t, "License/Apache-2.0/pristine.txt"),
		"main.go":                     lt.Main("example.com/a", "example.com/app/internal/sub", "example.com/app/third_party/forked"),
		"third_party/forked/LICENSE":  lt.Text(t, "License/BSD-3-Clause/pristine.txt"),
		"third_party/forked/x.go":     "package forked\n",
		"internal/sub/go.mod":         "module example.com/app/internal/sub\n\ngo 1.21\n",
		"internal/sub/x.go":           "package sub\n",
		"tools/go.mod":                "module example.com/app/tools\n\ngo 1.21\n",
		"tools/main.go":               lt.Main("example.com/tooldep"),
		"tools/internal/keep/keep.go": "package keep\n",
	})
	env.Go(t, root, "mod", "tidy")
	// The tools module is resolved into another cache: its dependency is
	// missing from the one the analysis reads, as on a machine that ran
	// `go mod download` at the root only.
	other := env
	other.ModCache = filepath.Join(dir, "othercache")
	other.Go(t, filepath.Join(root, "tools"), "mod", "tidy")
	t.Setenv("GOMODCACHE", env.ModCache)
	t.Setenv("TOLLGATE_LICENSE_CACHE", filepath.Join(dir, "cache"))
	return root
}

type licRow struct {
	Module, Verdict, Expression string
	FirstParty                  bool `json:"first_party"`
}

func TestLicensesFirstPartyAgreesWithScan(t *testing.T) {
	root := firstPartyRepo(t)
	code, out, errs := tollgate(t, "licenses", "--json", root)
	if code != exitInternal {
		t.Errorf("tools graph incomplete: exit %d, want %d: %s", code, exitInternal, errs)
	}
	var sec struct{ Modules []licRow }
	if err := json.Unmarshal([]byte(out), &sec); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	got := map[string]licRow{}
	for _, m := range sec.Modules {
		got[m.Module] = m
	}
	for _, mod := range []string{"example.com/app", "example.com/app/internal/sub", "example.com/app/tools"} {
		if m := got[mod]; m.Verdict != "first-party" || !m.FirstParty || m.Expression != "Apache-2.0" {
			t.Errorf("%s: %+v, want first-party under the project's Apache-2.0", mod, m)
		}
	}
	if m := got["example.com/a"]; m.Verdict != "allowed" || m.Expression != "MIT" {
		t.Errorf("example.com/a: %+v", m)
	}

	// scan judges the same modules the same way, and a nested module's
	// missing dependency is not a high finding.
	var others []string
	for _, d := range domainNames() {
		if d != "licenses" {
			others = append(others, d)
		}
	}
	code, sout, serrs := tollgate(t, "scan", "--skip", strings.Join(others, ","), "--format", "json", root)
	if code != exitClean {
		t.Errorf("scan: exit %d: %s", code, serrs)
	}
	var rep struct {
		Findings []struct{ Rule, Severity, Message string }
		Licenses struct{ Modules []licRow }
	}
	if err := json.Unmarshal([]byte(sout), &rep); err != nil {
		t.Fatalf("scan json: %v\n%s", err, sout)
	}
	if len(rep.Licenses.Modules) != len(sec.Modules) {
		t.Errorf("scan has %d modules, licenses %d", len(rep.Licenses.Modules), len(sec.Modules))
	}
	for _, m := range rep.Licenses.Modules {
		if g := got[m.Module]; g != m {
			t.Errorf("licenses says %+v, scan says %+v", g, m)
		}
	}
	sawGap := false
	for _, f := range rep.Findings {
		if f.Rule == "lic/graph-error" {
			sawGap = true
			if f.Severity == "high" || !strings.Contains(f.Message, "go mod download") {
				t.Errorf("graph gap: %+v", f)
			}
		}
	}
	if !sawGap {
		t.Errorf("the tools module's missing dependency is not reported: %+v", rep.Findings)
	}

	// The forked package is third-party code: its license is in the
	// notices, the project's own is not.
	code, notices, errs := tollgate(t, "licenses", "notices", "-o", "-", root)
	if code != exitInternal {
		t.Errorf("notices: exit %d: %s", code, errs)
	}
	for _, want := range []string{"example.com/app (third-party code in the repository)", "License: BSD-3-Clause", "third_party/forked/LICENSE", "Redistribution and use in source and binary forms"} {
		if !strings.Contains(notices, want) {
			t.Errorf("notices lack %q:\n%s", want, notices)
		}
	}
	if strings.Contains(notices, "Apache License") {
		t.Errorf("the project's own license is in the third-party notices:\n%s", notices)
	}

	// The SBOM's subject is the project, with a purl and its license; the
	// nested modules are components; the graph links the app to its
	// dependencies.
	sbom := filepath.Join(t.TempDir(), "sbom.json")
	if code, _, errs := tollgate(t, "scan", "--skip", strings.Join(others, ","), "--format", "cyclonedx="+sbom, root); code != exitClean {
		t.Errorf("scan sbom: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(sbom)
	if err != nil {
		t.Fatal(err)
	}
	validSBOM(t, b)
	var bom struct {
		Metadata struct {
			Component struct {
				Name, Purl string
				BOMRef     string `json:"bom-ref"`
				Licenses   []struct{ License struct{ ID string } }
			}
		}
		Components   []struct{ Name, Purl string }
		Dependencies []struct {
			Ref       string
			DependsOn []string
		}
	}
	if err := json.Unmarshal(b, &bom); err != nil {
		t.Fatal(err)
	}
	mc := bom.Metadata.Component
	if mc.Name != "example.com/app" || !strings.HasPrefix(mc.Purl, "pkg:golang/example.com/app") || len(mc.Licenses) != 1 || mc.Licenses[0].License.ID != "Apache-2.0" {
		t.Errorf("metadata.component: %+v", mc)
	}
	names := map[string]bool{}
	for _, c := range bom.Components {
		names[c.Name] = c.Purl != ""
	}
	if !names["example.com/app/internal/sub"] || !names["example.com/app/tools"] || !names["example.com/a"] {
		t.Errorf("components: %+v", bom.Components)
	}
	deps := map[string][]string{}
	for _, d := range bom.Dependencies {
		deps[d.Ref] = d.DependsOn
	}
	if got := deps[mc.BOMRef]; !slices.Contains(got, "pkg:golang/example.com/a@v1.0.0") || !slices.Contains(got, "pkg:golang/example.com/app/internal/sub") {
		t.Errorf("the app's dependencies: %q", got)
	}

	// The table shows the project's license on the first-party row.
	_, table, _ := tollgate(t, "licenses", root)
	for _, l := range strings.Split(table, "\n") {
		if strings.HasPrefix(l, "example.com/app ") && !strings.Contains(l, "Apache-2.0") {
			t.Errorf("first-party row without the project's license: %q", l)
		}
	}
}
