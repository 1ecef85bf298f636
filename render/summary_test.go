package render

import (
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

func TestSummary(t *testing.T) {
	r := &report.Report{
		Domains: []report.DomainRun{{Name: "go"}, {Name: "pipeline", Error: "boom"}},
		Findings: []finding.Finding{
			{Rule: "ci/x", Severity: finding.High},
			{Rule: "ci/y", Severity: finding.Low},
			{Rule: "ci/z", Severity: finding.Low, Suppressed: &finding.Suppression{Reason: "ok"}},
		},
		Gates: []report.Gate{{Name: "findings", Passed: false, Threshold: "high\x1b[2J", Observed: "1 high"}},
	}
	want := `tollgate: 2 domains (go, pipeline), failed: pipeline; findings: 0 critical, 1 high, 0 medium, 1 low, 0 info (1 suppressed); gate FAILED: findings (1 high, threshold high\x1b[2J)`
	if got := Summary(r); got != want {
		t.Errorf("Summary =\n%s\nwant\n%s", got, want)
	}
	r.Gates[0].Passed = true
	r.Domains[1].Error = ""
	want = `tollgate: 2 domains (go, pipeline); findings: 0 critical, 1 high, 0 medium, 1 low, 0 info (1 suppressed); gate passed`
	if got := Summary(r); got != want {
		t.Errorf("Summary =\n%s\nwant\n%s", got, want)
	}
}
