package pipeline

import (
	"fmt"

	"github.com/tollgate-dev/tollgate/finding"
)

var workflowTooLarge = finding.Rule{
	ID:      "ci/workflow-too-large",
	Title:   "Workflow too large",
	Default: finding.Low,
	Doc: "The workflow file has more lines (default limit 306, the 90th percentile of real\n" +
		"workflows) or more jobs (default 10) than the policy allows. Large pipeline files are\n" +
		"where copy-pasted jobs drift apart, where nobody sees which job gates a release, and\n" +
		"where review stops: \"pipeline complexity overflow\".\n\n" +
		"Split by purpose (build, release, nightly), move repeated jobs into a reusable workflow\n" +
		"(`on: workflow_call`) or repeated steps into a composite action; in GitLab use\n" +
		"`include:` and `extends:`. Thresholds: `pipelines { max_lines = 400 max_jobs = 12 }`.\n" +
		"For a generated file the finding names its source.",
	Controls: []string{"SOC2:CC8.1"},
}

func init() { register(workflowTooLarge, checkWorkflowTooLarge) }

func checkWorkflowTooLarge(a *analysis) {
	for _, p := range a.workflows() {
		var why []string
		if p.Lines > a.opts.MaxLines {
			why = append(why, fmt.Sprintf("%d lines (limit %d)", p.Lines, a.opts.MaxLines))
		}
		if len(p.Jobs) > a.opts.MaxJobs {
			why = append(why, fmt.Sprintf("%d jobs (limit %d)", len(p.Jobs), a.opts.MaxJobs))
		}
		if len(why) == 0 {
			continue
		}
		what := "workflow"
		if p.Kind == GitLab {
			what = "pipeline"
		}
		a.report(workflowTooLarge, p.Pos, ev("lines", itoa(p.Lines), "jobs", itoa(len(p.Jobs))), "%s has %s", what, joinAnd(why))
	}
}
