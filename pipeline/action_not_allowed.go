package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var actionNotAllowed = finding.Rule{
	ID:      "ci/action-not-allowed",
	Title:   "Action outside the policy's allowlist",
	Default: finding.High,
	Doc: "The pipeline runs an action or reusable workflow that `pipelines { allowed_actions = [...] }`\n" +
		"in `.tollgate.hcl` does not list. Third-party actions run with the job's token and\n" +
		"secrets; the allowlist is the organisation's review of which ones may.\n\n" +
		"Patterns match by prefix: `\"actions/*\"` allows every action of the `actions` owner,\n" +
		"`\"docker/login-action\"` one action. Local actions (`./...`) are always allowed. The rule\n" +
		"is silent when the policy lists nothing. GitLab `project:` includes and `component:` includes\n" +
		"are checked against the same list (`\"my-group/ci-templates\"`).\n\n" +
		"```hcl\npipelines {\n  allowed_actions = [\"actions/*\", \"github/codeql-action/*\", \"docker/login-action\"]\n}\n```",
	Controls: []string{"SOC2:CC8.1", "SOC2:CC9.2", "ISO42001:A.10.3"},
}

func init() { register(actionNotAllowed, checkActionNotAllowed) }

// allowedBy reports whether name (without @ref) matches one of the prefix
// patterns: "owner/*", "owner/repo", "owner/repo/path", or a trailing "*".
func allowedBy(patterns []string, uses string) bool {
	name, _, _ := strings.Cut(uses, "@")
	name = strings.ToLower(name)
	for _, p := range patterns {
		p = strings.ToLower(strings.TrimSpace(p))
		if pre, ok := strings.CutSuffix(p, "*"); ok {
			if strings.HasPrefix(name, pre) {
				return true
			}
			continue
		}
		if name == p || strings.HasPrefix(name, p+"/") {
			return true
		}
	}
	return false
}

func checkActionNotAllowed(a *analysis) {
	if len(a.opts.AllowedActions) == 0 {
		return
	}
	for _, p := range a.pipelines {
		for _, in := range p.Includes {
			name := ""
			switch in.Type {
			case "project":
				name = in.Project
			case "component":
				name = in.Location
				if i := strings.IndexByte(name, '/'); i >= 0 && strings.Contains(name[:i], ".") {
					name = name[i+1:] // drop the instance host: gitlab.com/group/proj/comp
				}
			}
			if name != "" && !allowedBy(a.opts.AllowedActions, name) {
				a.report(actionNotAllowed, in.Pos, ev("include", in.Location), "%s include %q is not in the allowed actions of the policy", in.Type, strings.Split(name, "@")[0])
			}
		}
		for _, j := range p.Jobs {
			if j.Uses != "" && !strings.HasPrefix(j.Uses, "./") && !allowedBy(a.opts.AllowedActions, j.Uses) {
				a.report(actionNotAllowed, j.UsesPos, ev("uses", j.Uses), "reusable workflow %q is not in the allowed actions of the policy", j.Uses)
			}
			for _, s := range j.Steps {
				if s.Uses == "" || strings.HasPrefix(s.Uses, "./") || strings.HasPrefix(s.Uses, "docker://") || allowedBy(a.opts.AllowedActions, s.Uses) {
					continue
				}
				a.report(actionNotAllowed, s.UsesPos, ev("uses", s.Uses), "action %q is not in the allowed actions of the policy", s.Uses)
			}
		}
	}
}
