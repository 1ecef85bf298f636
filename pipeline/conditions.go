package pipeline

import (
	"encoding/json"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"strings"

	"github.com/rhysd/actionlint"
)

// Conditions as expressions: a GitHub `if:` is parsed with actionlint's
// expression parser (the grammar GitHub documents), and judged by what
// every way of satisfying it requires. A condition is a guard — something
// between an outsider and the job or step — only when each of its `||`
// branches passes a guard:
//
//   - author_association: `==` an OWNER/MEMBER/COLLABORATOR value,
//     `contains(fromJSON('[…]'), ….author_association)` of such values,
//     or a `!=`/`!contains` that leaves out every outsider value (NONE,
//     CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER);
//   - actor: `github.actor`, `github.triggering_actor`, a `….user.login`
//     or `github.event.sender.login` equal to, or in a list of, literal
//     names (`!=` and substring tests are not guards);
//   - label: `github.event.label.name == '…'`, `contains(….labels.*.name, '…')`;
//   - same repository: the PR's head repository is the base repository, or
//     not a fork;
//   - trusted event: `github.event_name` restricted to events outsiders
//     cannot cause (push, schedule, workflow_dispatch…);
//   - permission check: the output or outcome of a step (or a needed job)
//     that checks the actor's permission;
//   - never: the literal `false`.
//
// A value that mixes `${{ }}` with other text is a string, always true,
// and guards nothing; so does a value that does not parse.

// parseCond parses an `if:` value: a bare expression or one `${{ }}`.
// Each distinct value is parsed once (see memo); the tree is shared.
func parseCond(cond string) (actionlint.ExprNode, bool) {
	p := condMemo.Get(cond, func(cond string) parsedExpr {
		n, ok := parseCondOnce(cond)
		return parsedExpr{n, ok}
	})
	return p.n, p.ok
}

func parseCondOnce(cond string) (actionlint.ExprNode, bool) {
	c := strings.TrimSpace(cond)
	if c == "" {
		return nil, false
	}
	if strings.HasPrefix(c, "${{") && strings.HasSuffix(c, "}}") {
		inner := c[3 : len(c)-2]
		if strings.Contains(inner, "${{") {
			return nil, false // "${{ a }} && ${{ b }}" is a string: always true
		}
		c = inner
	} else if strings.Contains(c, "${{") {
		return nil, false
	}
	n, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(c + "}}"))
	if err != nil || n == nil {
		return nil, false
	}
	return n, true
}

// exprPath renders a property access as a dotted lower-case path
// ("github.event.issue.labels.*.name"); "" for anything else.
func exprPath(n actionlint.ExprNode) string {
	switch x := n.(type) {
	case *actionlint.VariableNode:
		return x.Name
	case *actionlint.ObjectDerefNode:
		if r := exprPath(x.Receiver); r != "" {
			return r + "." + x.Property
		}
	case *actionlint.ArrayDerefNode:
		if r := exprPath(x.Receiver); r != "" {
			return r + ".*"
		}
	case *actionlint.IndexAccessNode:
		r := exprPath(x.Operand)
		if r == "" {
			return ""
		}
		if s, ok := x.Index.(*actionlint.StringNode); ok {
			return r + "." + strings.ToLower(s.Value)
		}
		return r + ".*"
	}
	return ""
}

// literals returns the string values of a literal or of
// `fromJSON('["a","b"]')`; ok is false for anything computed.
func literals(n actionlint.ExprNode) ([]string, bool) {
	switch x := n.(type) {
	case *actionlint.StringNode:
		return []string{x.Value}, true
	case *actionlint.FuncCallNode:
		if !strings.EqualFold(x.Callee, "fromjson") || len(x.Args) != 1 {
			return nil, false
		}
		s, ok := x.Args[0].(*actionlint.StringNode)
		if !ok {
			return nil, false
		}
		var list []string
		if json.Unmarshal([]byte(s.Value), &list) == nil {
			return list, true
		}
		var one string
		if json.Unmarshal([]byte(s.Value), &one) == nil {
			return []string{one}, true
		}
	}
	return nil, false
}

// outsiderAssociations are author_association values anyone can have.
var outsiderAssociations = []string{"NONE", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER"}

// allAssociations are every author_association value.
var allAssociations = []string{"OWNER", "MEMBER", "COLLABORATOR", "MANNEQUIN", "NONE", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER"}

// outsiderEvents are the events outsiders can cause (pull_request
// included: a fork's pull request runs it).
var outsiderEvents = append([]string{"pull_request"}, untrustedTriggers...)

var (
	actorField = lazyre.New(`^github\.(?:actor|triggering_actor|event\.sender\.login|event\.(?:comment|issue|pull_request|review|discussion|review_comment)\.user\.login)$`)
	labelList  = lazyre.New(`^github\.event\.(?:issue|pull_request|discussion)\.labels\.\*\.name$`)
	sameRepo   = lazyre.New(`^github\.event\.(?:pull_request\.head\.repo\.full_name|workflow_run\.head_repository\.full_name)$`)
	forkField  = lazyre.New(`^github\.event\.(?:pull_request\.head\.repo\.fork|workflow_run\.head_repository\.fork)$`)
)

// guardCtx is what a condition is judged against: the job (for its
// steps' and needed jobs' ids) and the pipeline's triggers. Built for
// every condition, it computes what it needs on first use.
type guardCtx struct {
	job    *Job
	before *Step
	// checks are the ids of permission-check steps before the guarded
	// step; checkJobs the ids of needed jobs that run one.
	checks, checkJobs map[string]bool
	triggers          []string
	ready             bool
}

// load computes the context's facts once.
func (g *guardCtx) load() {
	if g.ready || g.job == nil {
		return
	}
	g.ready = true
	j := g.job
	g.checks, g.checkJobs = map[string]bool{}, map[string]bool{}
	g.triggers = j.Pipeline.EffectiveTriggers()
	if g.before != nil {
		for _, s := range stepsBefore(j, g.before) {
			if s.ID != "" && isPermissionCheck(s) {
				g.checks[s.ID] = true
			}
		}
	}
	if len(j.Needs) == 0 {
		return
	}
	for _, o := range j.Pipeline.Jobs {
		if !slices.Contains(j.Needs, o.ID) {
			continue
		}
		for _, s := range o.Steps {
			if isPermissionCheck(s) {
				g.checkJobs[o.ID] = true
			}
		}
	}
}

// condGuard returns what the condition requires of every way it can be
// true ("author_association", "actor", "label"…, joined by " or " when
// the branches differ), or "" when some way passes no guard.
func condGuard(cond string, g *guardCtx) string {
	n, ok := parseCond(cond)
	if !ok {
		return ""
	}
	g.load()
	kinds := g.guard(n, false)
	slices.Sort(kinds)
	return strings.Join(slices.Compact(kinds), " or ")
}

// guard returns the guard kinds every way of making n true (false when
// neg) passes; nil when some way passes none.
func (g *guardCtx) guard(n actionlint.ExprNode, neg bool) []string {
	switch x := n.(type) {
	case *actionlint.NotOpNode:
		return g.guard(x.Operand, !neg)
	case *actionlint.LogicalOpNode:
		l, r := g.guard(x.Left, neg), g.guard(x.Right, neg)
		// a && b needs one of them; a || b needs both (and dually).
		if (x.Kind == actionlint.LogicalOpNodeKindAnd) != neg {
			if l == nil {
				return r
			}
			return l
		}
		if l == nil || r == nil {
			return nil
		}
		return append(l, r...)
	case *actionlint.BoolNode:
		if x.Value == neg {
			return []string{"never"}
		}
	case *actionlint.CompareOpNode:
		if k := g.compare(x, neg); k != "" {
			return []string{k}
		}
	case *actionlint.FuncCallNode:
		if k := g.call(x, neg); k != "" {
			return []string{k}
		}
	default:
		if k := g.truthy(exprPath(n), neg); k != "" {
			return []string{k}
		}
	}
	return nil
}

// truthy judges a bare property used as a condition.
func (g *guardCtx) truthy(p string, neg bool) string {
	switch {
	case p == "":
	case forkField.MatchString(p) && neg:
		return "same repository"
	case !neg && g.checkOutput(p):
		return "permission check"
	}
	return ""
}

// checkOutput reports whether the path is the output or outcome of a
// permission-check step or a needed job that runs one.
func (g *guardCtx) checkOutput(p string) bool {
	parts := strings.Split(p, ".")
	if len(parts) < 3 {
		return false
	}
	switch parts[0] {
	case "steps":
		return g.checks[parts[1]]
	case "needs":
		return g.checkJobs[parts[1]]
	}
	return false
}

// compare judges `a == b` / `a != b` (negated when neg).
func (g *guardCtx) compare(x *actionlint.CompareOpNode, neg bool) string {
	if !x.Kind.IsEqualityOp() {
		return ""
	}
	eq := (x.Kind == actionlint.CompareOpNodeKindEq) != neg
	l, r := x.Left, x.Right
	if exprPath(l) == "" {
		l, r = r, l
	}
	p := exprPath(l)
	if p == "" {
		return ""
	}
	if sameRepo.MatchString(p) && exprPath(r) == "github.repository" {
		if eq {
			return "same repository"
		}
		return ""
	}
	if forkField.MatchString(p) {
		if b, ok := r.(*actionlint.BoolNode); ok && b.Value != eq {
			return "same repository"
		}
		return ""
	}
	if g.checkOutput(p) {
		// steps.check.outputs.ok == 'true', steps.check.outcome == 'success'.
		if eq {
			return "permission check"
		}
		return ""
	}
	vals, ok := literals(r)
	if !ok {
		return ""
	}
	return g.restricts(p, vals, eq)
}

// restricts judges a field tested against literal values: in them (in)
// or out of them.
func (g *guardCtx) restricts(p string, vals []string, in bool) string {
	upper := func(vs []string) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = strings.ToUpper(strings.TrimSpace(v))
		}
		return out
	}
	switch {
	case strings.HasSuffix(p, ".author_association"):
		pass := passing(allAssociations, upper(vals), in)
		for _, o := range outsiderAssociations {
			if slices.Contains(pass, o) {
				return ""
			}
		}
		return "author_association"
	case actorField.MatchString(p):
		if in {
			return "actor"
		}
	case p == "github.event.label.name":
		if in {
			return "label"
		}
	case p == "github.event_name":
		// The events that can start the workflow; every outsider event
		// when they are not known.
		events := g.triggers
		if len(events) == 0 {
			events = outsiderEvents
		}
		for _, e := range passing(events, vals, in) {
			if slices.Contains(outsiderEvents, e) {
				return ""
			}
		}
		return "trusted event"
	case p == "github.event.workflow_run.event":
		if in && !slices.ContainsFunc(vals, func(v string) bool { return strings.HasPrefix(v, "pull_request") }) {
			return "trusted event"
		}
	}
	return ""
}

// passing returns the values of all that a test lets through: those in
// vals, or those not in it.
func passing(all, vals []string, in bool) []string {
	if in {
		return vals
	}
	var out []string
	for _, v := range all {
		if !slices.Contains(vals, v) {
			out = append(out, v)
		}
	}
	return out
}

// call judges contains(), startsWith() and endsWith().
func (g *guardCtx) call(x *actionlint.FuncCallNode, neg bool) string {
	if len(x.Args) != 2 {
		return ""
	}
	if g.labelCall(x, neg) {
		return "label"
	}
	switch strings.ToLower(x.Callee) {
	case "contains":
		hay, needle := x.Args[0], x.Args[1]
		if p := exprPath(hay); labelList.MatchString(p) {
			if _, ok := literals(needle); ok && !neg {
				return "label"
			}
			return ""
		}
		vals, ok := literals(hay)
		p := altPath(needle)
		if !ok || p == "" {
			return ""
		}
		if s, isStr := hay.(*actionlint.StringNode); isStr {
			// contains('OWNER,MEMBER', x) is a substring test: split the
			// list; an actor's name could be a substring of it.
			if !strings.HasSuffix(p, ".author_association") && p != "github.event_name" {
				return ""
			}
			vals = strings.FieldsFunc(s.Value, func(r rune) bool { return r == ',' || r == ' ' || r == '|' })
		}
		return g.restricts(p, vals, !neg)
	case "endswith":
		// endsWith(github.actor, '[bot]'): a GitHub App installed on the
		// repository (names of people cannot hold brackets).
		if p := exprPath(x.Args[0]); actorField.MatchString(p) && !neg {
			if v, ok := literals(x.Args[1]); ok && len(v) == 1 && v[0] == "[bot]" {
				return "actor"
			}
		}
	}
	return ""
}

// altPath is exprPath, and for `a || b || c` of paths that end alike
// (`github.event.comment.author_association || github.event.review.author_association`:
// one defined per event) a path with that ending.
func altPath(n actionlint.ExprNode) string {
	if p := exprPath(n); p != "" {
		return p
	}
	x, ok := n.(*actionlint.LogicalOpNode)
	if !ok || x.Kind != actionlint.LogicalOpNodeKindOr {
		return ""
	}
	l, r := altPath(x.Left), altPath(x.Right)
	if l == "" || r == "" {
		return ""
	}
	ll, rl := l[strings.LastIndexByte(l, '.')+1:], r[strings.LastIndexByte(r, '.')+1:]
	if ll != rl || !actorField.MatchString(l) && !strings.HasSuffix(l, ".author_association") {
		return ""
	}
	if ll == "login" {
		return "github.event.sender.login"
	}
	return "github.event." + ll
}

// partlyGuarded reports whether some `||` branch of the condition passes
// a guard (though not every one).
func partlyGuarded(cond string, g *guardCtx) bool {
	n, ok := parseCond(cond)
	if !ok {
		return false
	}
	g.load()
	var branches func(n actionlint.ExprNode) bool
	branches = func(n actionlint.ExprNode) bool {
		if x, ok := n.(*actionlint.LogicalOpNode); ok && x.Kind == actionlint.LogicalOpNodeKindOr {
			return branches(x.Left) || branches(x.Right)
		}
		return g.guard(n, false) != nil
	}
	return branches(n)
}

// statusOverride reports whether a job condition runs the job even when a
// job it needs was skipped (always(), !cancelled(), failure()).
func statusOverride(cond string) bool {
	n, ok := parseCond(cond)
	if !ok {
		return strings.Contains(cond, "always()") || strings.Contains(cond, "cancelled()")
	}
	found := false
	actionlint.VisitExprNode(n, func(node, parent actionlint.ExprNode, entering bool) {
		if f, ok := node.(*actionlint.FuncCallNode); ok && entering {
			switch strings.ToLower(f.Callee) {
			case "always", "failure":
				found = true
			case "cancelled":
				if _, isNot := parent.(*actionlint.NotOpNode); isNot {
					found = true
				}
			}
		}
	})
	return found
}

// identityKinds are the guards that make the text of the event trusted:
// they restrict who wrote it (a label or an environment approval does
// not: a maintainer can approve a pull request whose title is hostile).
var identityKinds = []string{"actor", "author_association", "same repository", "trusted event", "permission check", "never"}

// identityGuarded reports whether the job (its condition, or that of a
// job it needs) or the step runs only for writers the repository trusts.
func identityGuarded(j *Job, s *Step) bool {
	if j.Pipeline.Kind != GitHub {
		return false
	}
	ok := identityKindsOnly
	if ok(condGuard(j.If, newGuardCtx(j, nil))) || s != nil && stepIdentityGuarded(j, s) {
		return true
	}
	if statusOverride(j.If) {
		return false
	}
	seen := map[string]bool{}
	stack := slices.Clone(j.Needs)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[id] {
			continue
		}
		seen[id] = true
		for _, o := range j.Pipeline.Jobs {
			if o.ID == id {
				if ok(condGuard(o.If, newGuardCtx(o, nil))) {
					return true
				}
				stack = append(stack, o.Needs...)
			}
		}
	}
	return false
}

// identityKindsOnly reports whether every guard kind is an identity one.
func identityKindsOnly(kinds string) bool {
	if kinds == "" {
		return false
	}
	for _, k := range strings.Split(kinds, " or ") {
		if !slices.Contains(identityKinds, k) {
			return false
		}
	}
	return true
}

// stepIdentityGuarded reports whether the step's own condition admits only
// trusted writers.
func stepIdentityGuarded(j *Job, s *Step) bool {
	return s.If != "" && identityKindsOnly(condGuard(s.If, newGuardCtx(j, s)))
}
