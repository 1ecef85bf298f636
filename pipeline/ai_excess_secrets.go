package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiExcessSecrets = finding.Rule{
	ID:      "ci/ai-excess-secrets",
	Title:   "AI job with inherited secrets or an unneeded id-token",
	Default: finding.Medium,
	Doc: "A job that runs an AI step holds more credentials than it uses:\n\n" +
		"- it is a reusable workflow called with `secrets: inherit`, so the agent's runner holds\n" +
		"  every secret of the repository and organisation, not the one API key it needs;\n" +
		"- it has `id-token: write` but nothing in it exchanges an OIDC token (no cloud\n" +
		"  login action, no Workload Identity Federation input of the AI action, no attestation, and\n" +
		"  no AI action that trades it for its own token — `anthropics/claude-code-action` without\n" +
		"  `github_token` exchanges it for its GitHub App's token, so there it is needed):\n" +
		"  an agent that can mint OIDC tokens can authenticate to every cloud that trusts the\n" +
		"  repository.\n\n" +
		"Pass secrets by name, and grant `id-token: write` only to the job that needs it:\n\n" +
		"```yaml\n  review:\n    uses: ./.github/workflows/ai-review.yml\n    secrets:\n      ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n```",
	Controls: []string{"SOC2:CC6.1", "SOC2:CC6.3", "ISO42001:A.6.2.8", "NIST-AI-RMF:MANAGE-2.4"},
}

func init() { register(aiExcessSecrets, checkAIExcessSecrets) }

// oidcMarks are lowercase substrings of steps that exchange the job's
// OIDC token.
var oidcMarks = []string{"aws-actions/configure-aws-credentials", "google-github-actions/auth", "azure/login", "hashicorp/vault-action",
	"actions/attest", "sigstore/", "cosign", "pypa/gh-action-pypi-publish", "actions_id_token_request", "--provenance", "octo-sts",
	"id-token", "getidtoken(", "federation_rule_id", "workload_identity", "workload-identity", "role-to-assume", "trusted_publish", "trusted-publish", "npm publish", "cargo publish"}

func oidcUser(s string) bool { return hasAny(strings.ToLower(s), oidcMarks) }

// needsOIDC reports whether something in the job exchanges an OIDC token.
func (a *analysis) needsOIDC(j *Job) bool {
	if v, ok := a.oidc[j]; ok {
		return v
	}
	v := a.findOIDC(j)
	a.oidc[j] = v
	return v
}

func (a *analysis) findOIDC(j *Job) bool {
	for _, s := range j.AllSteps() {
		if oidcUser(s.Uses) || oidcUser(s.Run) {
			return true
		}
		for _, kv := range s.With {
			if oidcUser(kv.Key) || gitHubScript(s.Uses) && oidcUser(kv.Value) {
				return true
			}
		}
		for _, kv := range s.Env {
			if fedNames[kv.Key] != "" {
				return true // the SDK exchanges the token (ai_wif.go)
			}
		}
		if u := a.aiByStep[s]; u != nil && u.Profile != nil {
			for _, spec := range u.Profile.OIDC {
				if kv, ok := lookupWith(s, spec); ok && strings.TrimSpace(kv.Value) != "" && !strings.EqualFold(trimQuotes(kv.Value), "false") {
					return true
				}
			}
			if oidcUnless(s, u.Profile.OIDCUnless) {
				return true
			}
		}
	}
	return false
}

func checkAIExcessSecrets(a *analysis) {
	seen := map[*Job]bool{}
	for _, u := range a.ai {
		j := u.Job
		if seen[j] || j.Pipeline.Kind != GitHub {
			continue
		}
		seen[j] = true
		for _, c := range j.Pipeline.Callers {
			for _, s := range c.Secrets {
				if s == "inherit" {
					a.report(aiExcessSecrets, c.SecretsPos, ev("caller", c.ID, "workflow", j.Pipeline.Path),
						"job %q passes every secret (secrets: inherit) to %q, which runs AI step %q", c.ID, j.Pipeline.Path, u.label())
				}
			}
		}
		p := j.Permissions
		if p == nil {
			p = j.Pipeline.Permissions
		}
		if p == nil || p.Level("id-token") != "write" || a.needsOIDC(j) {
			continue
		}
		pos := p.Pos
		for _, sc := range p.Scopes {
			if sc.Name == "id-token" {
				pos = sc.Pos
			}
		}
		a.report(aiExcessSecrets, pos, ev("job", j.ID, "permission", "id-token: write"),
			"job %q runs AI step %q with id-token: write that nothing in it uses", j.ID, u.label())
	}
}
