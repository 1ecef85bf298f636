package pipeline

import (
	"path"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiUnapproved = finding.Rule{
	ID:      "ci/ai-unapproved",
	Title:   "AI action, model or endpoint not approved by the policy",
	Default: finding.High,
	Doc: "The AI step uses an action, a model or an endpoint that the policy's `ai` block does not\n" +
		"list. Vendor and model approval is how an organisation keeps AI use inside what legal,\n" +
		"security and procurement reviewed (data processing terms, regions, retention).\n\n" +
		"```hcl\nai {\n  approved_actions   = [\"anthropics/claude-code-action\"]   # prefix patterns\n  approved_models    = [\"claude-sonnet-4-5-*\", \"gpt-4.1-2025-04-14\"] # globs\n  approved_endpoints = [\"api.anthropic.com\", \"*.openai.azure.com\"]\n}\n```\n\n" +
		"Each list is checked only when the policy sets it. A model that is implicit or comes from\n" +
		"`vars` cannot be verified and is reported when `approved_models` is set.",
	Controls: []string{"ISO42001:A.10.3", "NIST-AI-RMF:GOVERN-6.1", "EU-AI-Act:Art.26", "SOC2:CC9.2"},
}

func init() { register(aiUnapproved, checkAIUnapproved) }

func globAny(patterns []string, s string) bool {
	s = strings.ToLower(s)
	for _, p := range patterns {
		p = strings.ToLower(strings.TrimSpace(p))
		if ok, _ := path.Match(p, s); ok || p == s {
			return true
		}
	}
	return false
}

func checkAIUnapproved(a *analysis) {
	o := a.opts
	for _, u := range a.ai {
		if u.Step == nil {
			continue
		}
		st := u.Step
		if st.Origin != nil {
			st = st.Origin
		}
		if len(o.ApprovedActions) > 0 && u.Via == "action" && !strings.HasPrefix(st.Uses, "./") && !allowedBy(o.ApprovedActions, st.Uses) {
			a.report(aiUnapproved, st.UsesPos, ev("uses", st.Uses), "AI action %q is not in the approved actions of the policy", strings.Split(st.Uses, "@")[0])
		}
		if len(o.ApprovedModels) > 0 && u.Strong() {
			switch {
			case u.Model == "implicit" || u.Model == "unknown" || strings.HasPrefix(u.Model, "from "):
				a.report(aiUnapproved, u.Pos, ev("model", u.Model), "AI step %q runs a model that cannot be checked against the approved models (%s)", u.label(), u.Model)
			case !globAny(o.ApprovedModels, u.Model):
				a.report(aiUnapproved, u.ModelPos, ev("model", u.Model), "model %q of AI step %q is not in the approved models of the policy", u.Model, u.label())
			}
		}
		if len(o.ApprovedEndpoints) > 0 && u.Endpoint != "" {
			host := u.Endpoint
			if i := strings.IndexAny(host, "/:"); i >= 0 {
				host = host[:i]
			}
			if !globAny(o.ApprovedEndpoints, host) {
				a.report(aiUnapproved, u.Pos, ev("endpoint", host), "AI endpoint %q is not in the approved endpoints of the policy", host)
			}
		}
	}
}
