package controls_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tollgate-dev/tollgate/controls"
	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// testRules is a small registry, independent of the rules of the build.
var testRules = []finding.Rule{
	{ID: "ci/ai-unlogged", Controls: []string{"EU-AI-Act:Art.12", "SOC2:CC7.2"}},
	{ID: "ci/ai-step-inventory", Controls: []string{"EU-AI-Act:Art.12", "ISO42001:A.4.2"}},
	{ID: "ci/deploy-without-environment", Controls: []string{"SOC2:CC8.1", "ISO42001:A.6.2.5"}},
	{ID: "tf/missing-cost-tags", Controls: []string{"ISO42001:A.4.5"}},
	{ID: "lic/denied", Controls: []string{"SOC2:CC9.2", "SOC2:CC9.2"}},
	{ID: "mlops/model-card-missing", Controls: []string{"ISO42001:A.6.2.7"}},
	{ID: "parse/error", Controls: []string{"SOC2:CC8.1"}},
}

func handBuilt() *report.Report {
	return &report.Report{
		Domains: []report.DomainRun{
			{Name: "pipeline", Files: 2},
			{Name: "iac", Files: 0},
			{Name: "licenses", Files: 1, Error: "go command failed"},
			{Name: "mlops", Files: 2},
		},
		Findings: []finding.Finding{
			{Rule: "ci/ai-unlogged", Severity: finding.Medium},
			{Rule: "ci/ai-unlogged", Severity: finding.Medium, Suppressed: &finding.Suppression{Reason: "logged elsewhere"}},
			{Rule: "ci/ai-step-inventory", Severity: finding.Info},
			{Rule: "ci/deploy-without-environment", Severity: finding.Medium, Suppressed: &finding.Suppression{Reason: "docs only"}},
			{Rule: "go/unregistered", Severity: finding.High},
		},
		AI:    &report.AI{Pipeline: []report.AIStep{{Job: "review"}}},
		MLOps: &report.MLOps{Level: -1},
		Governance: &report.Governance{
			Gates: &report.GateInventory{Gates: []report.QualityGate{
				{Kind: "tests", Tool: "pytest"},
				{Kind: "evaluation", Tool: "python", Placebo: "|| true"},
			}},
		},
	}
}

func find(t *testing.T, c *report.Controls, id string) report.Control {
	t.Helper()
	for _, ctl := range c.Controls {
		if ctl.ID == id {
			return ctl
		}
	}
	t.Fatalf("control %s not in the result", id)
	return report.Control{}
}

func TestEvaluate(t *testing.T) {
	r := handBuilt()
	before, _ := json.Marshal(r)
	got := controls.Evaluate(r, testRules)
	if after, _ := json.Marshal(r); string(after) != string(before) {
		t.Error("Evaluate changed the report")
	}

	for _, tc := range []struct {
		id     string
		status string
		rules  []report.ControlRule
		invs   []string
	}{
		// An active finding fails the control; suppressed ones are counted.
		{"EU-AI-Act:Art.12", controls.Fail, []report.ControlRule{
			{Rule: "ci/ai-step-inventory", Ran: true},
			{Rule: "ci/ai-unlogged", Ran: true, Findings: 1, Suppressed: 1},
		}, nil},
		// The AI inventory covers A.4.2; the informational inventory
		// finding does not fail it.
		{"ISO42001:A.4.2", controls.Pass, []report.ControlRule{{Rule: "ci/ai-step-inventory", Ran: true}}, []string{"ai"}},
		// Only a suppressed finding: pass.
		{"ISO42001:A.6.2.5", controls.Pass, []report.ControlRule{{Rule: "ci/deploy-without-environment", Ran: true, Suppressed: 1}}, nil},
		// A rule of a domain that looked at nothing gives no evidence.
		{"ISO42001:A.4.5", controls.NoEvidence, []report.ControlRule{{Rule: "tf/missing-cost-tags"}}, nil},
		// A domain that failed did not run its rules; a control named
		// twice by one rule lists it once.
		{"SOC2:CC9.2", controls.NoEvidence, []report.ControlRule{{Rule: "lic/denied"}}, nil},
		// mlops found no machine-learning asset: nothing was checked.
		{"ISO42001:A.6.2.7", controls.NoEvidence, []report.ControlRule{{Rule: "mlops/model-card-missing"}}, nil},
		// Engine rules always run.
		{"SOC2:CC8.1", controls.Pass, []report.ControlRule{
			{Rule: "ci/deploy-without-environment", Ran: true, Suppressed: 1},
			{Rule: "parse/error", Ran: true},
		}, []string{"gates:tests"}},
		// A gate that can fail is evidence; a placebo gate is not.
		{"NIST-AI-RMF:MEASURE-2.3", controls.Pass, nil, []string{"gates:tests"}},
		{"NIST-AI-RMF:MEASURE-2.1", controls.NoEvidence, nil, nil},
		{"EU-AI-Act:Art.53", controls.NoEvidence, nil, nil},
	} {
		ctl := find(t, got, tc.id)
		if ctl.Status != tc.status {
			t.Errorf("%s: status %q, want %q", tc.id, ctl.Status, tc.status)
		}
		if diff := cmp.Diff(tc.rules, ctl.Rules); diff != "" {
			t.Errorf("%s: rules (-want +got):\n%s", tc.id, diff)
		}
		if diff := cmp.Diff(tc.invs, ctl.Inventories); diff != "" {
			t.Errorf("%s: inventories (-want +got):\n%s", tc.id, diff)
		}
	}

	with := 0
	for _, c := range got.Controls {
		if c.Status != controls.NoEvidence {
			with++
		}
	}
	if got.WithEvidence != with || got.Total != len(got.Controls) || got.Total != len(controls.Default().All()) {
		t.Errorf("WithEvidence %d Total %d, counted %d of %d", got.WithEvidence, got.Total, with, len(got.Controls))
	}
	if got.Catalogue != controls.Default().Label() || len(got.Frameworks) != len(controls.Default().Frameworks) {
		t.Errorf("catalogue %q with %d frameworks", got.Catalogue, len(got.Frameworks))
	}
}

// TestEvaluateDeterministic checks that the result does not depend on the
// order of the rules or of the findings.
func TestEvaluateDeterministic(t *testing.T) {
	a := controls.Evaluate(handBuilt(), testRules)
	rev := make([]finding.Rule, len(testRules))
	for i, r := range testRules {
		rev[len(testRules)-1-i] = r
	}
	r := handBuilt()
	for i, j := 0, len(r.Findings)-1; i < j; i, j = i+1, j-1 {
		r.Findings[i], r.Findings[j] = r.Findings[j], r.Findings[i]
	}
	b := controls.Evaluate(r, rev)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("order changed the result (-first +second):\n%s", diff)
	}
}

func TestInventories(t *testing.T) {
	r := &report.Report{
		Licenses:  &report.Licenses{Modules: []report.ModuleLicense{{Module: "m"}}},
		Risk:      &report.Risk{},
		Terraform: &report.Terraform{Resources: 0},
		MLOps: &report.MLOps{Level: 2, Cards: []string{"MODEL_CARD.md"},
			Tools: []report.MLTool{{Name: "dvc", Role: "versioning"}, {Name: "mlflow", Role: "tracking"}}},
		Governance: &report.Governance{
			Gates:     &report.GateInventory{Deploys: []report.Deploy{{Job: "deploy"}}},
			Templates: &report.TemplateCoverage{Total: 2},
		},
	}
	got := controls.Inventories(r)
	want := []string{"deploys", "licenses", "mlops", "mlops:tracking", "mlops:versioning", "model-cards", "risk", "sbom"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("inventories (-want +got):\n%s", diff)
	}
	// Coverage counts as evidence only against approved templates.
	r.Governance.Templates.Approved = []string{"org/templates/*"}
	if got := controls.Inventories(r); !contains(got, "templates") {
		t.Errorf("inventories %v lack templates", got)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestEveryInventoryMapped checks that each inventory Inventories can name
// has controls in the catalogue: a name without an entry gives no evidence.
func TestEveryInventoryMapped(t *testing.T) {
	c := controls.Default()
	names := []string{"ai", "ai-infrastructure", "licenses", "sbom", "deploys", "templates", "risk", "terraform", "mlops", "model-cards"}
	for _, k := range []string{"tests", "sast", "dependency-scan", "secret-scan", "container-scan", "license", "tollgate", "evaluation", "fairness", "model-card", "approval"} {
		names = append(names, "gates:"+k)
	}
	for _, k := range []string{"tracking", "versioning", "pipeline", "registry", "feature-store", "lineage", "monitoring", "serving"} {
		names = append(names, "mlops:"+k)
	}
	for _, n := range names {
		if len(c.Inventories[n]) == 0 {
			t.Errorf("inventory %q maps to no control", n)
		}
	}
}
