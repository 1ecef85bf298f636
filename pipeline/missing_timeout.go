package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var missingTimeout = finding.Rule{
	ID:      "ci/missing-timeout",
	Title:   "Job without a timeout",
	Default: finding.Low,
	Doc: "The job sets no `timeout-minutes` (GitHub) or `timeout` (GitLab, nor in `default:`), so a\n" +
		"hung test or a stuck agent runs until the platform's limit: 6 hours on GitHub, the\n" +
		"project's limit (1 hour by default) on GitLab. That is billed runner time and a blocked\n" +
		"queue. 82% of jobs in real workflows have none.\n\n" +
		"Set a bound a little above the job's usual duration:\n\n" +
		"```yaml\njobs:\n  test:\n    timeout-minutes: 15\n```\n\n" +
		"Jobs that call a reusable workflow or trigger a child pipeline cannot set one and are not flagged.\n\n" +
		"Judged by cost: the rule keeps its severity (low) for jobs where a hang is expensive — a\n" +
		"matrix, an AI step, a self-hosted or large runner — and reports the others at info, the\n" +
		"pedantic level; the `cost` evidence says which. A pull-request trigger alone is pedantic\n" +
		"too (`cost: trigger pull_request only`): every push reruns the job, but its author watches\n" +
		"the run and cancels a hang. Pedantic findings are shown by `--persona pedantic` and\n" +
		"`auditor`, hidden by the default `regular`, and never fail the default `fail_on`.",
	Controls: []string{"SOC2:A1.1"},
}

func init() { register(missingTimeout, checkMissingTimeout) }

func checkMissingTimeout(a *analysis) {
	for _, p := range a.workflows() {
		for _, j := range p.Jobs {
			if j.TimeoutSet || j.Uses != "" || j.Trigger != "" {
				continue
			}
			limit := "360"
			if p.Kind == GitLab {
				limit = "60"
			}
			f := a.report(missingTimeout, j.Pos, ev("job", j.ID, "platform_limit_minutes", limit), "job %q has no timeout", j.ID)
			switch why := a.costReason(j); {
			case strings.HasPrefix(why, "trigger "):
				// The only cost driver is a pull-request trigger.
				f.Severity = finding.Info
				finding.MarkPedantic(f)
				f.Evidence["cost"] = why + " only"
			case why != "":
				f.Evidence["cost"] = why
			default:
				f.Severity = finding.Info
				finding.MarkPedantic(f)
				f.Evidence["cost"] = "none (no matrix, AI step, pull-request trigger or large runner)"
			}
		}
	}
}
