package pipeline

import (
	"testing"
)

func TestCondGuard(t *testing.T) {
	p := &Pipeline{Kind: GitHub, Triggers: []Trigger{{Event: "issue_comment"}, {Event: "workflow_dispatch"}}}
	j := &Job{ID: "agent", Pipeline: p}
	p.Jobs = []*Job{j}
	g := &guardCtx{job: j, checks: map[string]bool{"perm": true}, checkJobs: map[string]bool{"authorize": true}, triggers: p.EffectiveTriggers(), ready: true}
	for _, c := range []struct{ cond, want string }{
		{"", ""},
		{"github.event.comment.author_association == 'OWNER'", "author_association"},
		{"${{ github.event.comment.author_association == 'MEMBER' }}", "author_association"},
		{"contains(fromJSON('[\"OWNER\",\"MEMBER\",\"COLLABORATOR\"]'), github.event.comment.author_association)", "author_association"},
		{"contains(fromJSON('[\"OWNER\",\"CONTRIBUTOR\"]'), github.event.comment.author_association)", ""},
		{"contains('OWNER,MEMBER,COLLABORATOR', github.event.comment.author_association)", "author_association"},
		{"github.event.comment.author_association != 'NONE'", ""},
		{"!contains(fromJSON('[\"NONE\",\"CONTRIBUTOR\",\"FIRST_TIME_CONTRIBUTOR\",\"FIRST_TIMER\"]'), github.event.comment.author_association)", "author_association"},
		// A guard on one || branch only leaves the other open.
		{"github.event.comment.author_association == 'OWNER' || contains(github.event.comment.body, '@claude')", ""},
		{"contains(github.event.comment.body, '@claude') && (github.event.comment.author_association == 'OWNER' || github.actor == 'alice')", "actor or author_association"},
		{"github.event_name == 'workflow_dispatch' || github.event.comment.author_association == 'OWNER'", "author_association or trusted event"},
		{"github.event_name == 'issue_comment'", ""},
		{"github.event_name != 'issue_comment'", "trusted event"}, // only workflow_dispatch is left
		{"github.actor == 'dependabot[bot]'", "actor"},
		{"github.actor != 'dependabot[bot]'", ""},
		{"contains(github.actor, 'bot')", ""},
		{"endsWith(github.actor, '[bot]')", "actor"},
		{"contains(fromJSON('[\"alice\",\"bob\"]'), github.event.comment.user.login)", "actor"},
		{"github.event.label.name == 'ai-ok'", "label"},
		{"contains(github.event.issue.labels.*.name, 'ai-ok')", "label"},
		{"!contains(github.event.issue.labels.*.name, 'skip')", ""},
		{"contains(github.event.label.name, 'evals')", "label"},
		{"startsWith(github.event.label.name, 'ai:')", "label"},
		{"github.event_name == 'workflow_dispatch' || contains(github.event.label.name, 'evals')", "label or trusted event"},
		{"!contains(github.event.label.name, 'evals')", ""},
		{"contains(github.event.label.name, '')", ""},
		{"contains(github.event.label.name, github.event.pull_request.title)", ""},
		{"contains(github.event.pull_request.title, 'evals')", ""},
		{"github.event.pull_request.head.repo.full_name == github.repository", "same repository"},
		{"!github.event.pull_request.head.repo.fork", "same repository"},
		{"github.event.pull_request.head.repo.fork == false", "same repository"},
		{"github.event.pull_request.head.repo.fork", ""},
		{"steps.perm.outputs.allowed == 'true'", "permission check"},
		{"steps.other.outputs.allowed == 'true'", ""},
		{"needs.authorize.outputs.ok", "permission check"},
		{"false", "never"},
		{"!(github.actor != 'alice' || github.event_name == 'issue_comment')", "actor"},
		{"github.repository_owner == 'acme'", ""},
		{"always()", ""},
		// Text around ${{ }} makes a string: always true.
		{"${{ github.actor == 'alice' }} && ${{ true }}", ""},
		{"x ${{ github.actor == 'alice' }}", ""},
		{"github.actor ==", ""},
	} {
		if got := condGuard(c.cond, g); got != c.want {
			t.Errorf("condGuard(%q) = %q, want %q", c.cond, got, c.want)
		}
	}
}

func TestEnvironmentGate(t *testing.T) {
	for _, c := range []struct {
		env  string
		want bool
	}{
		{"", false},
		{"ai-agents", true},
		{"${{ github.event.pull_request.head.repo.fork && 'external' || 'internal' }}", true},
		{"${{ github.event.pull_request.head.repo.fork && 'external' || '' }}", false},
		{"${{ inputs.environment }}", false},
		{"deploy-${{ inputs.env }}", false},
	} {
		if got := environmentGate(c.env); got != c.want {
			t.Errorf("environmentGate(%q) = %v, want %v", c.env, got, c.want)
		}
	}
}

func TestStatusOverride(t *testing.T) {
	for _, c := range []struct {
		cond string
		want bool
	}{
		{"", false},
		{"always() && github.actor == 'x'", true},
		{"!cancelled()", true},
		{"cancelled()", false},
		{"success()", false},
		{"failure()", true},
	} {
		if got := statusOverride(c.cond); got != c.want {
			t.Errorf("statusOverride(%q) = %v, want %v", c.cond, got, c.want)
		}
	}
}

func FuzzCondGuard(f *testing.F) {
	for _, s := range []string{
		"github.event.comment.author_association == 'OWNER'",
		"${{ contains(fromJSON('[\"OWNER\"]'), github.event.comment.author_association) || github.actor == 'a' }}",
		"!(a.b[0].c != 'x') && fromJSON('{') || endsWith(github.actor, '[bot]')",
		"${{ a }} ${{ b }}",
		"github.event.issue.labels.*.name",
		"environment: ${{ a && 'x' || '' }}",
	} {
		f.Add(s)
	}
	p := &Pipeline{Kind: GitHub, Triggers: []Trigger{{Event: "issues"}}}
	j := &Job{ID: "j", Pipeline: p}
	g := &guardCtx{job: j, checks: map[string]bool{}, checkJobs: map[string]bool{}, triggers: []string{"issues"}, ready: true}
	f.Fuzz(func(t *testing.T, s string) {
		condGuard(s, g)
		environmentGate(s)
		statusOverride(s)
	})
}

func TestDispatcherConditions(t *testing.T) {
	p := &Pipeline{Kind: GitHub, Triggers: []Trigger{{Event: "issue_comment"}, {Event: "issues"}}}
	g := &guardCtx{job: &Job{Pipeline: p}, checks: map[string]bool{}, checkJobs: map[string]bool{}, triggers: p.EffectiveTriggers(), ready: true}
	cond := `(github.event_name == 'issues') || (startsWith(github.event.comment.body, '@bot') &&
  contains(fromJSON('["OWNER", "MEMBER"]'), github.event.comment.author_association || github.event.review.author_association))`
	if got := condGuard(cond, g); got != "" {
		t.Errorf("condGuard = %q, want no guard (the issues branch is open)", got)
	}
	if !partlyGuarded(cond, g) {
		t.Error("partlyGuarded = false, want true (the comment branch checks the association)")
	}
	if partlyGuarded("github.event_name == 'issues' || always()", g) {
		t.Error("partlyGuarded = true for a condition without a guard")
	}
}
