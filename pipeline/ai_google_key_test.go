package pipeline

import (
	"strings"
	"testing"
)

func TestGoogleKeyEvidence(t *testing.T) {
	why := aiWhy(t, "testdata/google-key")
	for step, want := range map[string]string{
		"Gemini tests": "a Google key used for a model: tests/llm/test_gemini/conftest.py imports google.genai",
		"Chat tests":   "tests/integration/test_chat.py imports langchain_google_genai",
		"Smoke":        "it runs scripts/gemini_smoke.py, named like model code",
		"Google tests": `step "OpenAI tests" of the job is handed a model vendor's key`,
	} {
		if got, ok := why[step]; !ok {
			t.Errorf("step %q: not an AI step", step)
		} else if !strings.Contains(got, want) {
			t.Errorf("step %q: evidence %q lacks %q", step, got, want)
		}
	}
	for _, step := range []string{"Geocoding tests", "Channel stats", "Unit tests"} {
		if _, ok := why[step]; ok {
			t.Errorf("step %q is an AI step; a Google key alone is not one", step)
		}
	}
}
