package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// Summary is the one closing line a command prints on standard error: the
// domains that ran (and those that failed), the active findings by
// severity, and the gate verdict. It is printed whatever the output formats,
// so a failed gate always reaches the terminal.
//
//	tollgate: 6 domains (go, iac, licenses, mlops, pipeline, risk); findings: 0 critical, 1 high, 2 medium, 0 low, 3 info (4 suppressed); gate FAILED: findings (1 high ≥ high)
func Summary(r *report.Report) string {
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
