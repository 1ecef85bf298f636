package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// Summary is what a command prints on standard error when it is done: the
// closing line with the domains that ran (and those that failed), the
// active findings by severity, and the gate verdict. It is printed whatever
// the output formats, so a failed gate always reaches the terminal. When the
// report has a gate inventory or an MLOps stage, one line for each comes
// first, so the verdict stays the last line:
//
//	tollgate: gates: 7 (5 blocking, 1 placebo); deploys: 3, 1 ungated
//	tollgate: mlops: stage 1 of 4 (ML pipeline automation); capped by placebo evaluation gate; tools: dvc, mlflow
//	tollgate: 6 domains (go, iac, licenses, mlops, pipeline, risk); findings: 0 critical, 1 high, 2 medium, 0 low, 3 info (4 suppressed); gate FAILED: findings (1 high ≥ high)
//
// Every line is escaped for the terminal on its own.
func Summary(r *report.Report) string {
	var lines []string
	if g := r.Governance; g != nil && g.Gates != nil && len(g.Gates.Gates)+len(g.Gates.Deploys) > 0 {
		lines = append(lines, Terminal("tollgate: "+gateLine(g.Gates)))
	}
	if m := r.MLOps; m != nil && m.Level >= 0 && m.Stage != "" {
		lines = append(lines, Terminal("tollgate: "+stageLine(m)))
	}
	return strings.Join(append(lines, closingLine(r)), "\n")
}

// closingLine is the summary's last line.
func closingLine(r *report.Report) string {
	var b strings.Builder
	b.WriteString("tollgate: ")
	var ran, failed []string
	for _, d := range r.Domains {
		ran = append(ran, d.Name)
		if d.Error != "" {
			failed = append(failed, d.Name)
		}
	}
	fmt.Fprintf(&b, "%d domains (%s)", len(ran), strings.Join(ran, ", "))
	if len(failed) > 0 {
		fmt.Fprintf(&b, ", failed: %s", strings.Join(failed, ", "))
	}
	counts := map[finding.Severity]int{}
	for _, f := range r.Active() {
		counts[f.Severity]++
	}
	sevs := finding.Severities()
	slices.Reverse(sevs)
	var parts []string
	for _, s := range sevs {
		parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
	}
	fmt.Fprintf(&b, "; findings: %s", strings.Join(parts, ", "))
	if n := len(r.Suppressed()); n > 0 {
		fmt.Fprintf(&b, " (%d suppressed)", n)
	}
	var bad []string
	for _, g := range r.Gates {
		if !g.Passed {
			bad = append(bad, fmt.Sprintf("%s (%s, threshold %s)", g.Name, g.Observed, g.Threshold))
		}
	}
	if len(bad) == 0 {
		b.WriteString("; gate passed")
	} else {
		fmt.Fprintf(&b, "; gate FAILED: %s", strings.Join(bad, "; "))
	}
	return Terminal(b.String())
}

// maxRuleCounts is how many rules the per-rule line names before it sums
// up the rest.
const maxRuleCounts = 8

// RuleCounts is the per-rule count line a command prints on standard error
// before its closing line, as linters' users expect: the findings the text
// output shows (the same persona and least severity, suppressed ones left
// out), counted by rule, most frequent first, ties by rule ID, so the rules
// that make the noise — or the risk — are named:
//
//	tollgate: by rule (regular: low and above): ci/unpinned-action 12, ci/excessive-permissions 4, go/unbounded-agent-loop 1
//
// At most eight rules are named; the rest are summed up ("+3 more rules,
// 5 findings"). It is empty when nothing is shown.
func RuleCounts(r *report.Report, opts Options) string {
	counts := map[string]int{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppressed != nil || !opts.Persona.Shows(f, opts.MinSeverity) {
			continue
		}
		counts[f.Rule]++
	}
	if len(counts) == 0 {
		return ""
	}
	rules := make([]string, 0, len(counts))
	for rule := range counts {
		rules = append(rules, rule)
	}
	slices.SortFunc(rules, func(a, b string) int {
		if d := counts[b] - counts[a]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	var b strings.Builder
	b.WriteString("tollgate: by rule (")
	if opts.Persona != "" {
		fmt.Fprintf(&b, "%s: ", opts.Persona)
	}
	fmt.Fprintf(&b, "%s and above): ", opts.MinSeverity)
	for i, rule := range rules {
		if i == maxRuleCounts {
			rest := 0
			for _, r := range rules[i:] {
				rest += counts[r]
			}
			fmt.Fprintf(&b, " (+%d more %s, %d %s)", len(rules)-i, plural(len(rules)-i, "rule", "rules"), rest, plural(rest, "finding", "findings"))
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", rule, counts[rule])
	}
	return Terminal(b.String())
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
