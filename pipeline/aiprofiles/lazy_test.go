package aiprofiles

import "testing"

// The tables' expressions compile on first use (internal/lazyre): compile
// them all here, so that a bad one fails a test rather than a scan.
func TestTableExpressionsCompile(t *testing.T) {
	for i, r := range needs {
		if r != nil && r.Get() == nil {
			t.Errorf("SDK %d: Needs %q did not compile", i, r.String())
		}
	}
	for i, rs := range actionNames {
		for _, r := range rs {
			if r.Get() == nil {
				t.Errorf("profile %d: action name %q did not compile", i, r.String())
			}
		}
	}
}
