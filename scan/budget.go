package scan

import (
	"fmt"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/membudget"
)

// stoppedFinding is the scan/memory-budget finding for a domain the memory
// watchdog stopped. Its fingerprint carries the exact figures, so no
// baseline or base-branch scan holds the same one: a degraded run is always
// new.
func stoppedFinding(domain string, ex *membudget.Exceeded) finding.Finding {
	f := finding.MemoryBudget.New(finding.Location{},
		"domain %q stopped at %s of a %s memory budget; its findings are incomplete",
		domain, membudget.FormatSize(ex.Live), membudget.FormatSize(ex.Budget))
	f.Detail = "The live heap reached the budget's trigger while the domain was running, so the domain was stopped " +
		"to let the run finish and report. Raise --max-memory (or the container's memory), or narrow the scan."
	f.Evidence = map[string]string{
		"domain":       domain,
		"live_bytes":   fmt.Sprint(ex.Live),
		"budget_bytes": fmt.Sprint(ex.Budget),
	}
	f.Fingerprint = finding.Fingerprint(f.Rule, "", fmt.Sprintf("%s %d %d", domain, ex.Live, ex.Budget))
	return f
}
