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

func TestRuleCounts(t *testing.T) {
	var fs []finding.Finding
	add := func(rule string, sev finding.Severity, n int) {
		for range n {
			fs = append(fs, finding.Finding{Rule: rule, Severity: sev})
		}
	}
	add("ci/b", finding.Low, 3)
	add("ci/a", finding.Medium, 3)
	add("ci/c", finding.High, 5)
	add("ci/info", finding.Info, 9)
	for i := range 9 {
		add("x/r"+string(rune('0'+i)), finding.Low, 1)
	}
	pedantic := finding.Finding{Rule: "ci/timeout", Severity: finding.Info}
	finding.MarkPedantic(&pedantic)
	fs = append(fs, pedantic, finding.Finding{Rule: "ci/sup", Severity: finding.High, Suppressed: &finding.Suppression{Reason: "ok"}},
		finding.Finding{Rule: "ci/\x1b[2J", Severity: finding.Low})
	r := &report.Report{Findings: fs}

	got := RuleCounts(r, Options{Persona: finding.Regular, MinSeverity: finding.Low})
	want := `tollgate: by rule (regular: low and above): ci/c 5, ci/a 3, ci/b 3, ci/\x1b[2J 1, x/r0 1, x/r1 1, x/r2 1, x/r3 1 (+5 more rules, 5 findings)`
	if got != want {
		t.Errorf("RuleCounts regular =\n%s\nwant\n%s", got, want)
	}
	got = RuleCounts(r, Options{Persona: finding.Pedantic, MinSeverity: finding.High})
	want = `tollgate: by rule (pedantic: high and above): ci/c 5, ci/timeout 1`
	if got != want {
		t.Errorf("RuleCounts pedantic =\n%s\nwant\n%s", got, want)
	}
	if got := RuleCounts(r, Options{Persona: finding.Regular, MinSeverity: finding.Critical}); got != "" {
		t.Errorf("RuleCounts with nothing shown = %q, want empty", got)
	}
}
