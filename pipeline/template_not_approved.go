package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var templateNotApproved = finding.Rule{
	ID:      "ci/template-not-approved",
	Title:   "AI or deploy job outside the approved pipeline templates",
	Default: finding.Medium,
	Doc: "A job that runs an AI step or deploys is written in place, or runs from a template the\n" +
		"policy does not approve. Standard templates — reusable workflows, GitLab components and\n" +
		"includes maintained by a platform team — carry the governance steps (pinning, gates,\n" +
		"approvals, logging) built in, so each team does not have to get them right again.\n\n" +
		"A job runs from a template when it `uses:` a reusable workflow, is a job of a reusable\n" +
		"workflow, is defined in (or `extends:` a template of) a GitLab include, or comes from a\n" +
		"`component:`, `project:`, `remote:` or `template:` include (a GitLab job with no script of\n" +
		"its own, or extending a template no local file defines: when several such includes could\n" +
		"define it, all of them must be approved). AI jobs are the ones the AI step inventory lists;\n" +
		"deploy jobs those that deploy or publish.\n\n" +
		"```hcl\ntemplates {\n  approved = [\n    \"my-org/ci-templates/.github/workflows/*.yml@v2*\",\n" +
		"    \"./.github/workflows/deploy.yml\",\n    \"gitlab.com/my-group/components/deploy@*\",\n" +
		"    \"my-group/ci-templates/templates/*.yml@v3\",\n  ]\n}\n```\n\n" +
		"Patterns are globs over the reference as written (`*` within a path segment, `**` across);\n" +
		"a pattern without `@ref` matches every ref. The rule is silent when the policy approves no\n" +
		"template; the report's template coverage lists the jobs either way.",
	Controls: []string{"SOC2:CC8.1", "SOC2:CC5.3", "ISO42001:A.6.1.3", "NIST-AI-RMF:GOVERN-1.4"},
}

func init() { register(templateNotApproved, checkTemplateNotApproved) }

func checkTemplateNotApproved(a *analysis) {
	if len(a.opts.ApprovedTemplates) == 0 {
		return
	}
	for _, u := range a.templateUses() {
		if u.approved {
			continue
		}
		j := u.job
		what := map[string]string{"ai": "AI job", "deploy": "deploy job", "ai+deploy": "AI and deploy job"}[u.kind]
		e := ev("job", j.ID, "kind", u.kind, "template", u.template)
		switch {
		case u.template == "":
			a.report(templateNotApproved, j.Pos, e, "%s %q is written in place, not from an approved template", what, j.ID)
		case u.unsure:
			a.report(templateNotApproved, j.Pos, e, "%s %q comes from one of the includes %s, not all of which the policy approves", what, j.ID, quoteAll(strings.Split(u.template, ", ")))
		default:
			a.report(templateNotApproved, j.Pos, e, "%s %q runs from template %q, which the policy does not approve", what, j.ID, u.template)
		}
	}
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = `"` + x + `"`
	}
	return strings.Join(q, ", ")
}
