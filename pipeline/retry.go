package pipeline

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var retryRule = finding.Rule{
	ID:      "ci/retry",
	Title:   "Job or step retried automatically",
	Default: finding.Low,
	Doc: "The job is retried on failure (GitLab `retry:`), or a step runs under a retry action\n" +
		"(`nick-fields/retry`, `Wandalen/wretry.action`). Retries hide flaky tests and flaky\n" +
		"infrastructure, and multiply the runner time of every real failure (a CD-Linter smell).\n\n" +
		"Retry only on infrastructure failures (`retry: {max: 2, when: [runner_system_failure,\n" +
		"stuck_or_timeout_failure]}` is not flagged), and fix or quarantine flaky tests.",
	Controls: []string{"SOC2:CC7.1"},
}

func init() { register(retryRule, checkRetry) }

var retryAction = lazyre.New(`(?i)^(nick-fields/retry|nick-invision/retry|wandalen/wretry\.action)`)

func checkRetry(a *analysis) {
	for _, p := range a.pipelines {
		for _, j := range p.Jobs {
			if j.Retry > 0 && !infraOnlyRetry(j) {
				a.report(retryRule, j.RetryPos, ev("job", j.ID, "max", itoa(j.Retry)), "job %q is retried up to %d times on any failure", j.ID, j.Retry)
			}
			for _, s := range j.Steps {
				if retryAction.MatchString(s.Uses) {
					a.report(retryRule, s.UsesPos, ev("uses", s.Uses), "step %q is retried by %q", s.Label(), strings.Split(s.Uses, "@")[0])
				}
			}
		}
	}
}

// infraOnlyRetry reports whether a GitLab retry is limited to runner and
// infrastructure failures.
func infraOnlyRetry(j *Job) bool { return j.facts.infraRetry }
