package pipeline

import (
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiPRHeadCheckout = finding.Rule{
	ID:      "ci/ai-pr-head-checkout",
	Title:   "AI step reads a checked-out PR head under a privileged trigger",
	Default: finding.High,
	Doc: "The workflow runs on `pull_request_target` or `workflow_run` — with the base repository's\n" +
		"secrets and a token that can write — checks out the pull request's head\n" +
		"(`ref: ${{ github.event.pull_request.head.sha }}`, `github.head_ref`,\n" +
		"`workflow_run.head_sha`, `refs/pull/…`, `gh pr checkout`), then runs an AI step in the same\n" +
		"job. The agent reads the tree, and every file of it — `CLAUDE.md`, `GEMINI.md`, `.cursorrules`,\n" +
		"READMEs, code comments, its settings in `.claude/` or `.gemini/` — is written by the PR's\n" +
		"author: instructions there steer an agent holding the secrets (vector D).\n\n" +
		"Run the agent on `pull_request` (no secrets for forks), or check out the base and give the\n" +
		"agent the diff as data, or gate the job on an environment with reviewers or an\n" +
		"`author_association` check. `pull_request_target` without a head checkout is not flagged.\n\n" +
		"The detail prints the path hop by hop (file:line).",
	Controls: []string{"NIST-AI-RMF:MANAGE-2.4", "ISO42001:A.6.2.8", "SOC2:CC6.1", "EU-AI-Act:Art.15", "OWASP-LLM:LLM01"},
}

func init() { register(aiPRHeadCheckout, checkAIPRHeadCheckout) }

var (
	headRef      = lazyre.New(`github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch)|refs/pull/|github\.event\.pull_request\.head\.repo\.full_name|github\.event\.workflow_run\.head_repository\.full_name`)
	headCheckout = lazyre.New(`\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|pull)\b.*(?:pull/|head_ref|HEAD_REF|PR_HEAD|head\.sha|head\.ref)`)
)

// headCheckoutStep returns the step that checks out the PR head and where.
func (a *analysis) headCheckoutStep(j *Job, before *Step) (*Step, Pos, string) {
	for _, s := range stepsBefore(j, before) {
		if strings.HasPrefix(strings.ToLower(s.Uses), "actions/checkout") {
			for _, k := range []string{"ref", "repository"} {
				if kv, ok := Lookup(s.With, k); ok && headRef.MatchString(kv.Value) {
					return s, kv.ValuePos, fmt.Sprintf("actions/checkout with %s: %s", k, strings.TrimSpace(kv.Value))
				}
			}
		}
		for _, l := range s.RunLines {
			if headCheckout.MatchString(l.Text) {
				return s, l.Pos, strings.TrimSpace(l.Text)
			}
		}
		if at, what := a.carriedCheckout(j, s); what != "" {
			return s, at, what
		}
	}
	return nil, Pos{}, ""
}

func checkAIPRHeadCheckout(a *analysis) {
	for _, u := range a.ai {
		if u.Step == nil || !u.Strong() || u.Job.Pipeline.Kind != GitHub {
			continue
		}
		evs := u.Job.Pipeline.EffectiveTriggers()
		var trig string
		for _, t := range []string{"pull_request_target", "workflow_run"} {
			if slices.Contains(evs, t) {
				trig = t
				break
			}
		}
		if trig == "" || u.gate() != "" && u.gate() != "the action's write-access check" {
			continue
		}
		st := u.Step
		if st.Origin != nil {
			st = st.Origin
		}
		co, at, what := a.headCheckoutStep(u.Job, st)
		if co == nil {
			continue
		}
		tpos := u.Job.Pipeline.TriggersPos
		for _, t := range u.Job.Pipeline.Triggers {
			if t.Event == trig {
				tpos = t.Pos
			}
		}
		f := a.report(aiPRHeadCheckout, u.Pos, ev("trigger", trig, "checkout", what, "job", u.Job.ID),
			"AI step %q runs on %q after checking out the pull request's head", u.label(), trig)
		f.Detail = hopDetail("Files the pull request's author wrote are in the agent's working tree while it holds the base repository's secrets.", []hop{
			{tpos, "triggered by " + trig + " (base repository's secrets and token)"},
			{at, fmt.Sprintf("step %q checks out the PR head: %s", co.Label(), what)},
			{u.Pos, "AI step " + u.label() + " reads the tree"},
		})
	}
}
