package pipeline

import (
	"strings"
	"testing"
)

// TestActionInputsNegatives: a composite action whose key inputs get a
// literal or the job token holds no AI step (ok/ leaves the inventory
// out of the comparison, so it is checked here).
func TestActionInputsNegatives(t *testing.T) {
	res := analyseDir(t, "testdata/ok/action-inputs")
	for _, s := range res.AISteps {
		t.Errorf("unexpected AI step %s:%d (%s)", s.Pos.Path, s.Pos.Line, s.Via)
	}
}

// TestActionInputsEvidence: the action's step names the caller's input,
// and each caller names the action step that uses it.
func TestActionInputsEvidence(t *testing.T) {
	res := analyseDir(t, "testdata/action-inputs")
	want := map[string]string{
		".github/actions/agent/action.yml:26": "caller's input anthropic_key",
		".github/workflows/nightly.yml:14":    `runs a program in step "Run agent"`,
		".github/workflows/fallback.yml:14":   `runs a program in step "Run agent"`,
	}
	for _, f := range res.Findings {
		if f.Rule != aiStepInventory.ID {
			continue
		}
		at := f.Location.Path + ":" + itoa(f.Location.StartLine)
		w, ok := want[at]
		if !ok {
			t.Errorf("unexpected AI step at %s", at)
			continue
		}
		delete(want, at)
		if why := f.Evidence["recognised_by"]; !strings.Contains(why, w) {
			t.Errorf("%s: recognised_by %q, want it to hold %q", at, why, w)
		}
	}
	for at := range want {
		t.Errorf("no AI step at %s", at)
	}
}
