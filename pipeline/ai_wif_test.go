package pipeline

import (
	"strings"
	"testing"
)

// aiWhy returns the evidence of each AI step of a fixture, by step label.
func aiWhy(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range analyseDir(t, dir).Findings {
		if f.Rule != aiStepInventory.ID {
			continue
		}
		label := f.Message[len(`AI step "`):]
		label = label[:strings.IndexByte(label, '"')]
		out[label] = f.Evidence["recognised_by"]
	}
	return out
}

func TestHandoverEvidence(t *testing.T) {
	why := aiWhy(t, "testdata/wif")
	for step, want := range map[string]string{
		"Live tests":      `OIDC token for api.anthropic.com minted and handed over by step "Mint token" through $GITHUB_ENV (ANTHROPIC_IDENTITY_TOKEN_FILE, .github/actions/mint-ai-token/action.yml:15)`,
		"Container tests": `handed over by step "Mint token" through $GITHUB_ENV (ANTHROPIC_IDENTITY_TOKEN_FILE`,
		"Evals":           `minted and handed over by step "Request token" through $GITHUB_ENV (ANTHROPIC_IDENTITY_TOKEN_FILE, .github/workflows/federation.yml:49)`,
		"Summarise":       `handed over by step "Export key" through $GITHUB_ENV (.github/workflows/federation.yml:`,
		"Report":          `handed over by step "Export" through $GITHUB_ENV (.github/actions/export-key/action.yml:10)`,
	} {
		if got, ok := why[step]; !ok {
			t.Errorf("step %q: not an AI step", step)
		} else if !strings.Contains(got, want) {
			t.Errorf("step %q: evidence %q lacks %q", step, got, want)
		}
	}
	for _, step := range []string{"Mint token", "Request token", "Export key", "Prepare workspace"} {
		if _, ok := why[step]; ok {
			t.Errorf("step %q is an AI step; want a hand-over", step)
		}
	}
}

func TestComposedAIEvidence(t *testing.T) {
	why := aiWhy(t, "testdata/composite-ai")
	want := "local action ./.github/actions/run-agent runs AI action anthropics/claude-code-action@v1 (.github/actions/run-agent/action.yml:13)"
	if got := why["Run agent"]; !strings.Contains(got, want) {
		t.Errorf("evidence %q lacks %q", got, want)
	}
}
