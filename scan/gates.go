package scan

import (
	"fmt"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
)

// severityGate fails when any active finding is at or above the policy's
// fail_on severity.
func severityGate(pol *policy.Policy, fs []finding.Finding) report.Gate {
	n := 0
	for _, f := range fs {
		if f.Suppressed == nil && f.Severity >= pol.FailOn {
			n++
		}
	}
	return report.Gate{
		Name:      "findings",
		Passed:    n == 0,
		Threshold: fmt.Sprintf("no active finding at or above %s", pol.FailOn),
		Observed:  fmt.Sprintf("%d", n),
		Detail:    fmt.Sprintf("%d active finding(s) of severity %s or higher", n, pol.FailOn),
	}
}
