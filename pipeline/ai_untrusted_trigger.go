package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiUntrustedTrigger = finding.Rule{
	ID:      "ci/ai-untrusted-trigger",
	Title:   "AI step on an untrusted trigger with a write token",
	Default: finding.High,
	Doc: "An AI step runs on an event that outsiders can cause — `issues`, `issue_comment`,\n" +
		"`pull_request_target`, `pull_request_review`, `pull_request_review_comment`,\n" +
		"`discussion`, `discussion_comment`, `workflow_run` — and its job's token can write\n" +
		"(contents, pull requests, issues, actions, packages, id-token...), with nothing that checks\n" +
		"who started it. Anyone who can open an issue can then steer an agent that holds a write\n" +
		"token: the prompt-injection-to-repository-takeover path seen in 2025 against AI triage bots.\n\n" +
		"Fix one side: drop the write scopes (`permissions: {contents: read}`), or restrict who can\n" +
		"start it:\n\n" +
		"```yaml\nif: contains(fromJSON('[\"OWNER\",\"MEMBER\",\"COLLABORATOR\"]'), github.event.comment.author_association)\n```\n\n" +
		"An `environment:` with required reviewers, an `author_association`/actor/label condition,\n" +
		"a permission-check step, or the action's own write-access check (claude-code-action and\n" +
		"codex-action check it unless `allowed_non_write_users`/`allow-users` is `\"*\"`) count as a\n" +
		"check, and so does one in a job this job `needs` (it cannot run unless that job ran, so not\n" +
		"when its condition has `always()`, `!cancelled()` or `failure()`). Conditions are parsed as\n" +
		"expressions: a guard counts only when every `||` branch passes one (an\n" +
		"OWNER/MEMBER/COLLABORATOR association, a literal actor or actor list, a label, the same\n" +
		"repository, an event outsiders cannot cause, a permission check's output), so\n" +
		"`author_association == 'OWNER' || contains(comment.body, '/ai')` is no guard, nor is an\n" +
		"`if:` that mixes `${{ }}` with text (a string, always true), nor a permission-check action\n" +
		"whose answer no condition reads. A reusable workflow is judged with its callers'\n" +
		"triggers. GitHub Actions only:\n" +
		"GitLab jobs have no per-job token scopes.",
	Controls: []string{"NIST-AI-RMF:MANAGE-2.4", "ISO42001:A.6.2.8", "SOC2:CC6.1", "EU-AI-Act:Art.15"},
}

func init() { register(aiUntrustedTrigger, checkAIUntrustedTrigger) }

func checkAIUntrustedTrigger(a *analysis) {
	for _, u := range a.ai {
		if u.Job.Pipeline.Kind != GitHub {
			continue
		}
		bad := untrustedEvents(u.Job.Pipeline)
		writes := a.aiWrites(u.Job)
		if len(bad) == 0 || len(writes) == 0 || u.gate() != "" {
			continue
		}
		a.report(aiUntrustedTrigger, u.Pos, ev("triggers", strings.Join(bad, ", "), "write_scopes", strings.Join(writes, ", "), "job", u.Job.ID),
			"AI step %q runs on untrusted trigger %q with a token that can write %s", u.label(), bad[0], strings.Join(writes, ", "))
	}
}
