package pipeline

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"

	"github.com/rhysd/actionlint"
	"slices"
	"strings"
)

// untrustedTriggers are the GitHub events that anyone able to open an
// issue, comment or fork can cause, carrying text they wrote.
var untrustedTriggers = []string{
	"discussion", "discussion_comment", "issue_comment", "issues", "pull_request_review",
	"pull_request_review_comment", "pull_request_target", "workflow_run",
}

// untrustedExpr matches expressions whose value an outsider controls.
var untrustedExpr = lazyre.New(`github\.(?:event\.(?:` +
	`issue\.(?:title|body)|pull_request\.(?:title|body|head\.ref|head\.label|head\.repo\.description)|` +
	`comment\.body|review\.body|review_comment\.body|discussion\.(?:title|body)|` +
	`head_commit\.(?:message|author\.(?:name|email))|commits(?:\[\d+\]|\.\*)\.(?:message|author\.(?:name|email))|` +
	`pages(?:\[\d+\]|\.\*)\.page_name|workflow_run\.(?:head_branch|display_title|head_commit\.message|head_commit\.author\.(?:name|email)|pull_requests(?:\[\d+\]|\.\*)\.head\.ref)|` +
	`release\.(?:name|body)|inputs\.[A-Za-z0-9_-]+` +
	`)|head_ref)`)

// untrustedIn returns the first outsider-controlled expression in text.
func untrustedIn(text string) string { return untrustedFor(nil, text) }

// untrustedFor returns the first outsider-controlled expression in text
// whose event field one of the triggers of p can carry (any, for a nil
// p): a workflow run only on `schedule` has no `github.event.issue`.
func untrustedFor(p *Pipeline, text string) string {
	if !strings.Contains(text, "${{") {
		return ""
	}
	cands := untrustedCandidates(text)
	if len(cands) == 0 {
		return ""
	}
	var triggers []string
	if p != nil {
		triggers = p.EffectiveTriggers()
	}
	// `inputs.x || github.event.release.body`: look past the input.
	for _, u := range cands {
		// workflow_dispatch inputs come from people with write access.
		if strings.HasPrefix(u, "github.event.inputs.") || !carriedBy(triggers, u) {
			continue
		}
		return u
	}
	return ""
}

// eventCarriers are the events whose payload holds an event object (or,
// for github.head_ref, whose run sets it).
var eventCarriers = []struct {
	prefix string
	events []string
}{
	{"github.head_ref", []string{"pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"}},
	{"github.event.issue.", []string{"issues", "issue_comment"}},
	{"github.event.pull_request.", []string{"pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"}},
	{"github.event.comment.", []string{"issue_comment", "pull_request_review_comment", "discussion_comment", "commit_comment"}},
	{"github.event.review.", []string{"pull_request_review"}},
	{"github.event.review_comment.", []string{"pull_request_review_comment"}},
	{"github.event.discussion.", []string{"discussion", "discussion_comment"}},
	{"github.event.head_commit.", []string{"push"}},
	{"github.event.commits", []string{"push"}},
	{"github.event.pages", []string{"gollum"}},
	{"github.event.workflow_run.", []string{"workflow_run"}},
	{"github.event.release.", []string{"release"}},
}

// carriedBy reports whether one of the triggers can carry the field of an
// untrusted expression. No known trigger, or `workflow_call` (the
// caller's event), carries every field.
func carriedBy(triggers []string, expr string) bool {
	if len(triggers) == 0 || slices.Contains(triggers, "workflow_call") {
		return true
	}
	for _, c := range eventCarriers {
		if strings.HasPrefix(expr, c.prefix) {
			for _, e := range c.events {
				if slices.Contains(triggers, e) {
					return true
				}
			}
			return false
		}
	}
	return true
}

// permissionCheck matches steps that verify the actor's permission.
var permissionCheck = lazyre.New(`(?i)collaborators/[^/\s]+/permission|check-user-permission|actions-cool/check-user-permission|get-user-teams-membership|/teams/[^/\s]+/memberships/|getCollaboratorPermissionLevel|checkMembershipForUser|getMembershipForUserInOrg|listCollaborators|checkCollaborator\b`)

// failsJob matches scripts that stop the job when the check fails.
var failsJob = lazyre.New(`\bexit\s+[1-9]|core\.setFailed|process\.exit\(\s*[1-9]|\bthrow\b|::error`)

// isPermissionCheck reports whether a step checks the actor's permission.
func isPermissionCheck(s *Step) bool {
	match := func(t string) bool {
		// Every pattern holds one of these; most scripts hold none, and the
		// case-insensitive regexp is slow.
		return (strings.Contains(t, "ermission") || strings.Contains(t, "embership") || strings.Contains(t, "ERMISSION") || strings.Contains(t, "EMBERSHIP") || strings.Contains(t, "Collaborator")) &&
			permissionCheck.MatchString(t)
	}
	if match(s.Run) || match(s.Uses) {
		return true
	}
	if kv, ok := Lookup(s.With, "script"); ok && match(kv.Value) {
		return true
	}
	return false
}

// checkFails reports whether a permission-check step fails the job when
// the check fails (so the steps after it do not run).
func checkFails(s *Step) bool {
	if s.ContinueOnError || s.Uses != "" && !strings.HasPrefix(strings.ToLower(s.Uses), "actions/github-script") {
		return false
	}
	text := s.Run
	if kv, ok := Lookup(s.With, "script"); ok {
		text += "\n" + kv.Value
	}
	return failsJob.MatchString(text)
}

// newGuardCtx builds the context a condition of job j (or of its step
// before) is judged in; its facts are computed when a condition needs them.
func newGuardCtx(j *Job, before *Step) *guardCtx {
	return &guardCtx{job: j, before: before}
}

// environmentGate reports whether a job's environment is a fixed name (a
// place for required reviewers). A computed name that can be empty or any
// value is not: GitHub creates an environment it does not know, unprotected.
func environmentGate(name string) bool {
	if name == "" {
		return false
	}
	if !strings.Contains(name, "${{") {
		return true
	}
	n, ok := parseCond(name)
	if !ok {
		return false
	}
	// cond && 'a' || 'b': every value it can take must be a non-empty literal.
	var leaves func(n actionlint.ExprNode) bool
	leaves = func(n actionlint.ExprNode) bool {
		switch x := n.(type) {
		case *actionlint.StringNode:
			return x.Value != ""
		case *actionlint.LogicalOpNode:
			if x.Kind == actionlint.LogicalOpNodeKindOr {
				return leaves(x.Left) && leaves(x.Right)
			}
			return leaves(x.Right)
		}
		return false
	}
	return leaves(n)
}

// jobGate returns what in the job itself stands between an outsider and
// its steps: its environment, a manual start, its condition.
func jobGate(j *Job) string {
	if environmentGate(j.Environment) {
		return "environment " + j.Environment
	}
	if j.Manual {
		return "manual job"
	}
	if j.Pipeline.Kind != GitHub {
		return ""
	}
	if k := condGuard(j.If, newGuardCtx(j, nil)); k != "" {
		return "job condition (" + k + ")"
	}
	for _, s := range j.Steps {
		if isPermissionCheck(s) && checkFails(s) {
			return "permission check step"
		}
	}
	return ""
}

// gate returns what stands between an outsider and the AI step: an
// environment, a manual start, an actor check, the action's own write-access
// check, or "" when nothing does.
func (u *AIUse) gate() string {
	j := u.Job
	if environmentGate(j.Environment) {
		return "environment " + j.Environment
	}
	if j.Manual {
		return "manual job"
	}
	if k := condGuard(j.If, newGuardCtx(j, nil)); k != "" {
		return "job condition (" + k + ")"
	}
	if neededGate(j) {
		return "condition of a needed job"
	}
	for _, c := range j.Pipeline.Callers {
		if jobGate(c) != "" || neededGate(c) {
			return "caller condition"
		}
	}
	if u.Step != nil {
		st := u.Step
		if st.Origin != nil {
			st = st.Origin
		}
		if k := condGuard(st.If, newGuardCtx(j, st)); k != "" {
			return "step condition (" + k + ")"
		}
		if !statusOverride(st.If) {
			for _, prev := range stepsBefore(j, st) {
				if isPermissionCheck(prev) && checkFails(prev) {
					return "permission check step"
				}
			}
		}
	}
	if u.Profile != nil && len(u.Profile.Actors) > 0 && u.wildcardActor() == nil {
		return "the action's write-access check"
	}
	if onlyTriggers(j.Pipeline, "workflow_dispatch") {
		return "manual dispatch"
	}
	return ""
}

// onlyTriggers reports whether every effective trigger is in the list.
func onlyTriggers(p *Pipeline, events ...string) bool {
	ts := p.EffectiveTriggers()
	if len(ts) == 0 {
		return false
	}
	for _, t := range ts {
		if t != "workflow_call" && !slices.Contains(events, t) {
			return false
		}
	}
	return true
}

// wildcardActor returns the actor input set to "*", if any.
func (u *AIUse) wildcardActor() *KV {
	if u.Profile == nil || u.Step == nil {
		return nil
	}
	for _, spec := range u.Profile.Actors {
		if kv, ok := lookupWith(u.Step, spec); ok {
			v := strings.Trim(strings.TrimSpace(kv.Value), `"'`)
			if v == "*" {
				return &kv
			}
		}
	}
	return nil
}

// lookupWith finds a with: input of the step (or of its calling step).
func lookupWith(s *Step, name string) (KV, bool) {
	if kv, ok := Lookup(s.With, name); ok {
		return kv, true
	}
	if s.Origin != nil {
		return Lookup(s.Origin.With, name)
	}
	return KV{}, false
}

// untrustedEvents returns the effective triggers outsiders can cause.
func untrustedEvents(p *Pipeline) []string {
	var out []string
	for _, t := range p.EffectiveTriggers() {
		if slices.Contains(untrustedTriggers, t) {
			out = append(out, t)
		}
	}
	return out
}

// stepsBefore returns the steps of the job before s.
func stepsBefore(j *Job, s *Step) []*Step {
	top := s
	if s.Origin != nil {
		top = s.Origin
	}
	var out []*Step
	for _, x := range j.Steps {
		if x == top {
			break
		}
		out = append(out, x)
	}
	return out
}

func trimQuotes(s string) string { return strings.Trim(strings.TrimSpace(s), `"'`) }

// neededGate reports whether a job the given job needs (transitively) is
// itself gated by an actor condition or an environment: it cannot run
// unless that job ran. Each job is visited once, so a wide or cyclic needs
// graph costs its size.
func neededGate(j *Job) bool {
	// always(), !cancelled() and failure() run the job even when a job it
	// needs was skipped.
	if statusOverride(j.If) {
		return false
	}
	byID := make(map[string]*Job, len(j.Pipeline.Jobs))
	for _, o := range j.Pipeline.Jobs {
		if _, dup := byID[o.ID]; !dup {
			byID[o.ID] = o
		}
	}
	seen := map[*Job]bool{j: true}
	stack := []*Job{j}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, n := range cur.Needs {
			other := byID[n]
			if other == nil || seen[other] {
				continue
			}
			if jobGate(other) != "" {
				return true
			}
			// A dispatcher: some of its branches are guarded, and this job
			// runs on a value it computed (needs.x.outputs.command ==
			// 'invoke'). Which branch yields which value is in its script,
			// not its condition, so the guard is given the benefit of the
			// doubt.
			if cur == j && strings.Contains(strings.ToLower(j.If), "needs."+strings.ToLower(other.ID)+".outputs.") && partlyGuarded(other.If, newGuardCtx(other, nil)) {
				return true
			}
			seen[other] = true
			stack = append(stack, other)
		}
	}
	return false
}

// aiWrites returns the scopes the AI job's token can write, leaving out an
// id-token the job exchanges to reach the model (that is how it
// authenticates, not a write to the repository).
func (a *analysis) aiWrites(j *Job) []string {
	ws := j.WriteScopes()
	if !slices.Contains(ws, "id-token") || !a.needsOIDC(j) {
		return ws
	}
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		if w != "id-token" {
			out = append(out, w)
		}
	}
	return out
}
