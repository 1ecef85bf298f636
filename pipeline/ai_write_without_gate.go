package pipeline

import (
	"slices"
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
		"What the AI can do with the token decides the severity. An agent (tools), an action that\n" +
		"applies the model's answer (labels, comments) or an AI CLI can use it: high. A test run that\n" +
		"sends fixed prompts through an SDK (`pytest`, `npm test`…) and is not handed the token cannot\n" +
		"be steered into writing: no finding. Other scripts calling a model keep the finding.\n\n" +
		"A job with no `permissions` anywhere gets the repository's default token, which the\n" +
		"workflow does not show (read-only for repositories created since February 2023, write for\n" +
		"older ones unless changed): the finding says the default is unknown, and is medium for a\n" +
		"step whose AI cannot act by itself. GitHub Actions only.",
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
		acts := u.Agent() || u.Via == "action" || u.Via == "cli"
		if !acts && u.Step != nil && !stepGetsToken(u.Job, u.Step) {
			if w, _ := a.testCall(u.Step); w != nil {
				continue // fixed test prompts; the token is not in the step
			}
		}
		if slices.Equal(writes, []string{"(default)"}) {
			if !acts && u.Step != nil && !stepGetsToken(u.Job, u.Step) && !a.jobPushes(u.Job) {
				// Nothing shows the token can write, the AI cannot act,
				// its step is not handed the token and no step pushes.
				continue
			}
			f := a.report(aiWriteWithoutGate, u.Pos, ev("write_scopes", "unknown (repository default)", "job", u.Job.ID),
				"AI step %q runs with the repository's default token, whose write access the workflow does not show, with no human gate", u.label())
			if !acts {
				f.Severity = finding.Medium
			}
			continue
		}
		a.report(aiWriteWithoutGate, u.Pos, ev("write_scopes", strings.Join(writes, ", "), "job", u.Job.ID),
			"AI step %q can write %s with no human gate", u.label(), strings.Join(writes, ", "))
	}
}

// stepGetsToken reports whether a step is handed the job's token: an
// env or `with:` value (the step's, the job's or the workflow's) or its
// script names `github.token` or `secrets.GITHUB_TOKEN`.
func stepGetsToken(j *Job, s *Step) bool {
	has := func(t string) bool {
		return strings.Contains(t, "github.token") || strings.Contains(t, "GITHUB_TOKEN") && strings.Contains(t, "secrets")
	}
	for _, kvs := range [][]KV{s.Env, s.With, j.Env, j.Pipeline.Env} {
		for _, kv := range kvs {
			if has(kv.Value) {
				return true
			}
		}
	}
	return has(s.Run)
}

// jobPushes reports whether a step of the job runs `git push` (with the
// credentials actions/checkout leaves in .git/config, the token needs not
// be handed to the step).
func (a *analysis) jobPushes(j *Job) bool {
	for _, s := range j.AllSteps() {
		if !strings.Contains(s.Run, "push") {
			continue
		}
		for _, c := range a.commands(s) {
			if c.has("git", "push") {
				return true
			}
		}
	}
	return false
}
