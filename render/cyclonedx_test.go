package render

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/report"
)

// sbomFixture is a report whose licenses section has every kind of module
// the licenses domain produces.
func sbomFixture() *report.Report {
	t0 := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	r := &report.Report{
		Tool:       report.Tool{Name: "tollgate", Version: "v1.2.3"},
		Repository: report.Repository{Root: ".", Commit: "0123456789abcdef0123456789abcdef01234567"},
		StartedAt:  t0, FinishedAt: t0,
		Licenses: &report.Licenses{Platforms: []string{"linux/amd64"}, Modules: []report.ModuleLicense{
			{Module: "example.com/app", FirstParty: true, Verdict: "first-party", Declared: "Apache-2.0", Expression: "Apache-2.0", Category: "notice",
				Files:     []report.LicenseFile{{Path: "LICENSE", Kind: "license", SHA256: "cc", Expression: "Apache-2.0"}},
				DependsOn: []string{"example.com/app/internal/sub", "example.com/dual@v1.2.0", "example.com/gpl@v2.0.0+incompatible", "example.com/local"}},
			{Module: "example.com/app/internal/sub", Replace: "./internal/sub", Local: true, FirstParty: true, Verdict: "first-party", Declared: "Apache-2.0", Expression: "Apache-2.0",
				DependsOn: []string{"example.com/readme@v0.1.0", "example.com/gone@v9.9.9"}},
			{Module: "example.com/dual", Version: "v1.2.0", Declared: "Apache-2.0 OR MIT", Expression: "Apache-2.0 OR MIT", Category: "notice", Verdict: "allowed", DecidedBy: "category notice",
				Link:  "https://pkg.go.dev/example.com/dual@v1.2.0",
				Files: []report.LicenseFile{{Path: "LICENSE-APACHE", Kind: "license", SHA256: "aa", Expression: "Apache-2.0"}, {Path: "LICENSE-MIT", Kind: "license", SHA256: "bb", Expression: "MIT"}}},
			{Module: "example.com/readme", Version: "v0.1.0", Expression: "MIT", Category: "notice", Verdict: "allowed", Clarified: true, DecidedBy: "category notice (expression from clarify)"},
			{Module: "example.com/gpl", Version: "v2.0.0+incompatible", Declared: "GPL-3.0-only", Expression: "GPL-3.0-only", Category: "restricted", Verdict: "excepted", Exception: "example.com/gpl"},
			{Module: "example.com/local", Replace: "./local", Local: true, Declared: "BSD-3-Clause", Expression: "BSD-3-Clause", Category: "notice", Verdict: "allowed"},
			{Module: "example.com/Upper Case", Version: "v1.0.0", Vendored: true, Category: "unknown", Verdict: "unknown"},
			{Module: "example.com/ref", Version: "v1.0.0", Declared: "LicenseRef-Facebook-2-Clause", Expression: "LicenseRef-Facebook-2-Clause", Category: "forbidden", Verdict: "not-allowed"},
		}},
	}
	r.Normalize()
	return r
}

func TestCycloneDXGolden(t *testing.T) {
	got := renderFormat(t, "cyclonedx", sbomFixture())
	golden(t, "sbom.cdx.json", got)
	if again := renderFormat(t, "cyclonedx", sbomFixture()); !bytes.Equal(got, again) {
		t.Error("the same report gave different bytes")
	}
	var bom struct {
		BOMFormat, SpecVersion, SerialNumber string
		Metadata                             struct {
			Component struct {
				Name, Version, Purl, Type string
				BOMRef                    string `json:"bom-ref"`
				Licenses                  []struct {
					License *struct{ ID, Acknowledgement string }
				}
			}
		}
		Dependencies []struct {
			Ref       string
			DependsOn []string
		}
		Components []struct {
			Name, Version, Purl string
			BOMRef              string `json:"bom-ref"`
			Licenses            []struct {
				License *struct {
					ID, Acknowledgement string
				}
				Expression, Acknowledgement string
			}
		}
	}
	if err := json.Unmarshal(got, &bom); err != nil {
		t.Fatal(err)
	}
	if bom.BOMFormat != "CycloneDX" || bom.SpecVersion != "1.7" || len(bom.SerialNumber) != len("urn:uuid:")+36 {
		t.Errorf("header: %s %s %s", bom.BOMFormat, bom.SpecVersion, bom.SerialNumber)
	}
	if len(bom.Components) != 7 || bom.Metadata.Component.Name != "example.com/app" {
		t.Fatalf("want 7 components (6 third-party, 1 nested first-party) and the app as the subject, got %d and %q", len(bom.Components), bom.Metadata.Component.Name)
	}
	byName := map[string]int{}
	for i, c := range bom.Components {
		byName[c.Name] = i
	}
	dual := bom.Components[byName["example.com/dual"]]
	if dual.Purl != "pkg:golang/example.com/dual@v1.2.0" || len(dual.Licenses) != 2 ||
		dual.Licenses[0].Expression != "Apache-2.0 OR MIT" || dual.Licenses[0].Acknowledgement != "declared" || dual.Licenses[1].Acknowledgement != "concluded" {
		t.Errorf("dual: %+v", dual)
	}
	readme := bom.Components[byName["example.com/readme"]]
	if len(readme.Licenses) != 1 || readme.Licenses[0].License == nil || readme.Licenses[0].License.ID != "MIT" || readme.Licenses[0].License.Acknowledgement != "concluded" {
		t.Errorf("clarified module should carry only a concluded license: %+v", readme.Licenses)
	}
	if up := bom.Components[byName["example.com/Upper Case"]]; up.Purl != "pkg:golang/example.com/Upper%20Case@v1.0.0" || len(up.Licenses) != 0 {
		t.Errorf("escaping or unknown license: %+v", up)
	}
	if local := bom.Components[byName["example.com/local"]]; local.Purl != "" {
		t.Errorf("a local replacement has no package URL: %q", local.Purl)
	}

	// The subject is the project with a purl and its own license; the
	// nested first-party module is a component with both.
	mc := bom.Metadata.Component
	if mc.Type != "application" || mc.Purl != "pkg:golang/example.com/app@0123456789abcdef0123456789abcdef01234567" || mc.BOMRef != "pkg:golang/example.com/app" ||
		len(mc.Licenses) != 1 || mc.Licenses[0].License == nil || mc.Licenses[0].License.ID != "Apache-2.0" {
		t.Errorf("metadata.component: %+v", mc)
	}
	sub, ok := byName["example.com/app/internal/sub"]
	if !ok || bom.Components[sub].Purl == "" || len(bom.Components[sub].Licenses) != 1 {
		t.Errorf("nested first-party module: %+v", bom.Components)
	}

	// The dependency graph names only refs the SBOM defines, and has an
	// entry for the subject and every component.
	defined := map[string]bool{mc.BOMRef: true}
	for _, c := range bom.Components {
		defined[c.BOMRef] = true
	}
	on := map[string][]string{}
	for _, d := range bom.Dependencies {
		if !defined[d.Ref] {
			t.Errorf("dependency entry for undefined ref %q", d.Ref)
		}
		for _, x := range d.DependsOn {
			if !defined[x] {
				t.Errorf("%q depends on undefined ref %q", d.Ref, x)
			}
		}
		on[d.Ref] = d.DependsOn
	}
	if len(bom.Dependencies) != len(defined) {
		t.Errorf("%d dependency entries for %d refs", len(bom.Dependencies), len(defined))
	}
	want := []string{"local:example.com/local", "pkg:golang/example.com/app/internal/sub", "pkg:golang/example.com/dual@v1.2.0", "pkg:golang/example.com/gpl@v2.0.0+incompatible"}
	if got := on["pkg:golang/example.com/app"]; !slices.Equal(got, want) {
		t.Errorf("the app depends on %q, want %q", got, want)
	}
	if got := on["pkg:golang/example.com/app/internal/sub"]; !slices.Equal(got, []string{"pkg:golang/example.com/readme@v0.1.0"}) {
		t.Errorf("sub depends on %q", got)
	}
}

func TestCycloneDXSharedFixture(t *testing.T) {
	got := renderFormat(t, "cyclonedx", fixture())
	checkNoRawHTML(t, got)
	var v map[string]any
	if err := json.Unmarshal(got, &v); err != nil {
		t.Fatal(err)
	}
}
