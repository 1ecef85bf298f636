package pipeline

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var ignoredFailure = finding.Rule{
	ID:      "ci/ignored-failure",
	Title:   "Failure ignored",
	Default: finding.Low,
	Doc: "A failure is swallowed: `continue-on-error: true` on a job or step, GitLab's\n" +
		"`allow_failure: true`, or a command followed by `|| true` (`|| :`, `|| exit 0`). The\n" +
		"pipeline goes green while a check fails, and the failure is found by a user instead\n" +
		"(one of the CD-Linter smells).\n\n" +
		"Fix or delete the flaky check; if it must not block, report it somewhere people look\n" +
		"(a summary, an issue) instead of dropping it, and say why in a suppression:\n\n" +
		"```yaml\n# tollgate:ignore ci/ignored-failure the link checker hits rate limits; tracked in #123\ncontinue-on-error: true\n```\n\n" +
		"Matrix experiments (`continue-on-error: ${{ matrix.experimental }}`), manual GitLab jobs\n" +
		"(whose `allow_failure` defaults to true) and `$(cmd || true)` inside a command substitution\n" +
		"(capturing output that may be empty) are not flagged.",
	Controls: []string{"SOC2:CC7.1", "SOC2:CC8.1"},
}

func init() { register(ignoredFailure, checkIgnoredFailure) }

var orTrue = lazyre.New(`\|\|\s*(true|:|exit\s+0)\s*(;|$|\)|#)`)

func checkIgnoredFailure(a *analysis) {
	for _, p := range a.pipelines {
		for _, j := range p.Jobs {
			if j.ContinueOnError {
				a.report(ignoredFailure, j.ContinueOnErrorPos, ev("job", j.ID), "job %q continues on error", j.ID)
			}
			if j.AllowFailure && !j.Manual {
				a.report(ignoredFailure, j.AllowFailPos, ev("job", j.ID), "job %q is allowed to fail", j.ID)
			}
			for _, s := range j.Steps {
				if s.ContinueOnError {
					a.report(ignoredFailure, s.ContinueOnPos, ev("step", s.Label()), "step %q continues on error", s.Label())
				}
				for _, l := range s.RunLines {
					t := strings.TrimSpace(l.Text)
					if strings.HasPrefix(t, "#") {
						continue
					}
					if !strings.Contains(t, "||") {
						continue
					}
					if m := orTrue.FindString(t); m != "" && !strings.HasSuffix(m, ")") {
						a.report(ignoredFailure, l.Pos, ev("step", s.Label()), "command failure is ignored with %q", strings.TrimRight(strings.TrimSpace(m), ";)#"))
					}
				}
			}
		}
	}
}
