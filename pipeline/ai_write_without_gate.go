package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiWriteWithoutGate = finding.Rule{
	ID:      "ci/ai-write-without-gate",
	Title:   "AI step with write access and no human gate",
	Default: finding.High,
	Doc: "An AI step's job token can write — contents, pull requests, issues, actions, id-token,\n" +
		"packages — and nothing puts a person between the trigger and what the model does: no\n" +
		"`environment:` (where required reviewers live), no `author_association`, actor, team or\n" +
		"label condition, no permission-check step before it, no action-side write-access check,\n" +
		"and the workflow is not only started by hand (`workflow_dispatch`). The model's output is\n" +
		"then applied to the repository unreviewed: the human oversight the EU AI Act (Art. 14)\n" +
		"and ISO/IEC 42001 ask for is missing.\n\n" +
		"Give the job an environment with reviewers, gate it on a label a maintainer sets, or\n" +
		"reduce the token to read and let the agent propose (comment, artifact) instead of write:\n\n" +
		"```yaml\njobs:\n  agent:\n    environment: ai-agents   # required reviewers\n    permissions:\n      contents: write\n```\n\n" +
		"A job with no `permissions` anywhere counts as writing (the repository default may be\n" +
		"write-all). GitHub Actions only.",
	Controls: []string{"EU-AI-Act:Art.14", "NIST-AI-RMF:MANAGE-2.4", "ISO42001:A.9.2", "SOC2:CC8.1"},
}

func init() { register(aiWriteWithoutGate, checkAIWriteWithoutGate) }

func checkAIWriteWithoutGate(a *analysis) {
	for _, u := range a.ai {
		if u.Job.Pipeline.Kind != GitHub {
			continue
		}
		writes := a.aiWrites(u.Job)
		if len(writes) == 0 || u.gate() != "" {
			continue
		}
		// The untrusted-trigger rule already reports the worse case.
		if len(untrustedEvents(u.Job.Pipeline)) > 0 {
			continue
		}
		a.report(aiWriteWithoutGate, u.Pos, ev("write_scopes", strings.Join(writes, ", "), "job", u.Job.ID),
			"AI step %q can write %s with no human gate", u.label(), strings.Join(writes, ", "))
	}
}
