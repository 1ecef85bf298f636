package render

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/report"
)

// TestCycloneDXSubject: the module at the repository root is the SBOM's
// subject even when a nested module has a shorter path, and a first-party
// npm package with a version gets a pkg:npm package URL.
func TestCycloneDXSubject(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	r := &report.Report{StartedAt: t0, FinishedAt: t0, Repository: report.Repository{Commit: "abc"},
		Licenses: &report.Licenses{Modules: []report.ModuleLicense{
			{Module: "compliance", FirstParty: true, Dir: "compliance", Verdict: "first-party"},
			{Module: "github.com/acme/prom", FirstParty: true, Dir: ".", Verdict: "first-party"},
			{Module: "webui", Version: "4.36.3", Ecosystem: "npm", FirstParty: true, Dir: "web/ui", Verdict: "first-party"},
		}}}
	r.Normalize()
	var bom struct {
		Metadata struct {
			Component struct{ Name, Purl string }
		}
		Components []struct{ Name, Purl string }
	}
	if err := json.Unmarshal(renderFormat(t, "cyclonedx", r), &bom); err != nil {
		t.Fatal(err)
	}
	if got := bom.Metadata.Component.Name; got != "github.com/acme/prom" {
		t.Errorf("subject = %q; want the module at the root", got)
	}
	purls := map[string]string{bom.Metadata.Component.Name: bom.Metadata.Component.Purl}
	for _, c := range bom.Components {
		purls[c.Name] = c.Purl
	}
	if got := purls["webui"]; got != "pkg:npm/webui@4.36.3" {
		t.Errorf("first-party npm package purl = %q; want pkg:npm/webui@4.36.3", got)
	}
}
