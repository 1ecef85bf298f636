package pipeline

import (
	"github.com/tollgate-dev/tollgate/finding"
)

var aiWildcardActors = finding.Rule{
	ID:      "ci/ai-wildcard-actors",
	Title:   "AI action open to every actor",
	Default: finding.High,
	Doc: "The AI action is told to accept requests from anyone: `allowed_non_write_users: \"*\"`,\n" +
		"`allowed_bots: \"*\"` (claude-code-action), `allow-users: \"*\"`, `allow-bots: \"*\"`\n" +
		"(codex-action). These actions refuse by default to act for users without write access to\n" +
		"the repository; the wildcard turns that check off, so any GitHub account (or any bot)\n" +
		"can put text in front of the agent and have it act with the workflow's token.\n\n" +
		"List the accounts that may use it, or keep the default and let maintainers trigger it:\n\n" +
		"```yaml\nallowed_bots: \"dependabot[bot],renovate[bot]\"\n```",
	Controls: []string{"NIST-AI-RMF:MANAGE-2.4", "ISO42001:A.6.2.8", "SOC2:CC6.1"},
}

func init() { register(aiWildcardActors, checkAIWildcardActors) }

func checkAIWildcardActors(a *analysis) {
	for _, u := range a.ai {
		if u.Profile == nil || u.Step == nil {
			continue
		}
		for _, spec := range u.Profile.Actors {
			if kv, ok := lookupWith(u.Step, spec); ok {
				if v := trimQuotes(kv.Value); v == "*" {
					a.report(aiWildcardActors, kv.Pos, ev("input", spec, "value", "*"),
						"AI step %q accepts every actor (%s: \"*\")", u.label(), spec)
				}
			}
		}
	}
}
