package suite

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/tollgate-dev/tollgate/finding"
)

func TestSuite(t *testing.T) {
	for _, facts := range []bool{true, false} {
		s := New(Config{Facts: facts})
		if err := analysis.Validate(s.All()); err != nil {
			t.Fatal(err)
		}
		if got := len(s.Inventory.FactTypes) > 0; got != facts {
			t.Errorf("facts=%v: inventory FactTypes %v", facts, s.Inventory.FactTypes)
		}
		for _, a := range s.Rules {
			if len(a.Requires) == 0 || a.Requires[0] != s.Inventory {
				t.Errorf("%s is not built on the suite's inventory", a.Name)
			}
			if a.Doc == "" {
				t.Errorf("%s has no doc", a.Name)
			}
		}
	}
	// Every go/ rule has controls.
	for _, r := range finding.Rules() {
		if r.Area() == "go" && len(r.Controls) == 0 {
			t.Errorf("rule %s has no controls", r.ID)
		}
	}
}
