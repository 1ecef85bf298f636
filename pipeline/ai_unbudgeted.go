package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiUnbudgeted = finding.Rule{
	ID:      "ci/ai-unbudgeted",
	Title:   "AI step without a time, turn or concurrency budget",
	Default: finding.Medium,
	Doc: "The AI step runs without one or more bounds:\n\n" +
		"- no `timeout-minutes` on the step or its job (GitLab: `timeout`), so a looping agent\n" +
		"  runs for 6 hours;\n" +
		"- no turn or token limit (`--max-turns`, `max_turns`, `maxSessionTurns`, `max-tokens`),\n" +
		"  so cost per run is unbounded;\n" +
		"- no `concurrency` group (GitLab: `resource_group`), so a burst of comments starts as many\n" +
		"  agents in parallel, each billed.\n\n" +
		"```yaml\njobs:\n  claude:\n    timeout-minutes: 15\n    concurrency:\n      group: claude-${{ github.event.issue.number }}\n    steps:\n      - uses: anthropics/claude-code-action@<sha>\n        with:\n          claude_args: --max-turns 10\n```\n\n" +
		"The message lists what is missing.",
	Controls: []string{"NIST-AI-RMF:MANAGE-2.2", "ISO42001:A.6.2.4", "SOC2:A1.1"},
}

func init() { register(aiUnbudgeted, checkAIUnbudgeted) }

func checkAIUnbudgeted(a *analysis) {
	for _, u := range a.ai {
		if u.Step == nil || (u.Via != "action" && u.Via != "cli") {
			continue
		}
		var missing []string
		st := u.Step
		if st.Origin != nil {
			st = st.Origin
		}
		if !st.TimeoutSet && !u.Job.TimeoutSet {
			missing = append(missing, "no timeout")
		}
		if !hasTurnLimit(u) {
			missing = append(missing, "no turn or token limit")
		}
		if u.Job.Concurrency == nil && u.Job.Pipeline.Concurrency == nil && !callerConcurrency(u.Job) {
			missing = append(missing, "no concurrency group")
		}
		if len(missing) == 0 {
			continue
		}
		a.report(aiUnbudgeted, u.Pos, ev("missing", strings.Join(missing, ", ")), "AI step %q has %s", u.label(), joinAnd(missing))
	}
}

func callerConcurrency(j *Job) bool {
	for _, c := range j.Pipeline.Callers {
		if c.Concurrency != nil || c.Pipeline.Concurrency != nil {
			return true
		}
	}
	return false
}

func hasTurnLimit(u *AIUse) bool {
	if u.Profile != nil {
		for _, spec := range append(append([]string(nil), u.Profile.MaxTurns...), u.Profile.MaxTokens...) {
			if _, _, ok := inputText(u.Step, spec); ok {
				return true
			}
		}
		// A single-call action is bounded by its one call (and the action's
		// default token cap); only agents loop.
		return !u.Profile.Agent
	}
	if u.CLI != nil {
		if !u.CLI.Agent {
			return true
		}
		for _, f := range u.CLI.MaxTurns {
			for _, l := range u.Step.RunLines {
				if strings.Contains(l.Text, f) {
					return true
				}
			}
		}
		return false
	}
	return true
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 1:
		return xs[0]
	case 2:
		return xs[0] + " and " + xs[1]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
