package pipeline

import (
	"github.com/tollgate-dev/tollgate/finding"
)

var jobTooManySteps = finding.Rule{
	ID:      "ci/job-too-many-steps",
	Title:   "Job with too many steps",
	Default: finding.Low,
	Doc: "The job has more steps than the policy allows (default 15; the 90th percentile of real\n" +
		"jobs is 9). GitLab counts each entry of `before_script`, `script` and `after_script`.\n" +
		"Long jobs fail late, are hard to rerun in part, and usually mix concerns (build, test,\n" +
		"package, publish).\n\n" +
		"Split the job along its concerns with `needs:`, or move set-up sequences into a composite\n" +
		"action (GitLab: a hidden job and `extends:`). Threshold: `pipelines { max_steps = 20 }`.",
	Controls: []string{"SOC2:CC8.1"},
}

func init() { register(jobTooManySteps, checkJobTooManySteps) }

func checkJobTooManySteps(a *analysis) {
	for _, p := range a.workflows() {
		for _, j := range p.Jobs {
			if n := len(j.Steps); n > a.opts.MaxSteps {
				a.report(jobTooManySteps, j.Pos, ev("steps", itoa(n)), "job %q has %d steps (limit %d)", j.ID, n, a.opts.MaxSteps)
			}
		}
	}
}
