package pipeline

import "testing"

// TestModelsActionNegatives: in a job granted models: read, an action step
// with the token but no prompt files, or prompt files but no token, is not
// the models step; the job is recorded at its models: line (13).
func TestModelsActionNegatives(t *testing.T) {
	res := analyseDir(t, "testdata/ok/models-action")
	for _, s := range res.AISteps {
		if s.Pos.Line != 13 {
			t.Errorf("AI step at %s:%d, want only the models: line 13", s.Pos.Path, s.Pos.Line)
		}
	}
}
