package pipeline

import (
	"github.com/tollgate-dev/tollgate/finding"
)

var manualJob = finding.Rule{
	ID:      "ci/manual-job",
	Title:   "Manual job in the pipeline",
	Default: finding.Info,
	Doc: "A GitLab job runs only when someone clicks it (`when: manual`, directly or in `rules:`).\n" +
		"Manual steps in a delivery pipeline are where releases stall and where the step that\n" +
		"was \"always run by hand\" is forgotten (a CD-Linter smell). For a deliberate approval\n" +
		"before production, a protected environment with approvers says so explicitly and is\n" +
		"recorded; for anything else, automate the step or delete it.\n\n" +
		"Manual jobs with an `environment:` are not flagged: that is an approval gate.",
	Controls: []string{"SOC2:CC8.1"},
}

func init() { register(manualJob, checkManualJob) }

func checkManualJob(a *analysis) {
	for _, p := range a.workflows() {
		for _, j := range p.Jobs {
			if j.Manual && j.Environment == "" {
				a.report(manualJob, j.ManualPos, ev("job", j.ID), "job %q runs only when started by hand", j.ID)
			}
		}
	}
}
