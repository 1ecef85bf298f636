package main

import (
	"os"
	"strings"
	"testing"
)

// rulesPage is the documentation page that carries the generated rule table
// (it was the README's "Rules" section before the README was split).
const rulesPage = "../../docs/rules.md"

// TestREADMERuleTable fails when the rule table of docs/rules.md differs
// from the registry. Run scripts/readme-rules.sh to regenerate it.
func TestREADMERuleTable(t *testing.T) {
	b, err := os.ReadFile(rulesPage)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	const begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatal("docs/rules.md lacks the rules:begin / rules:end markers")
	}
	got := s[i+len(begin) : j]
	if want := ruleTable(); got != want {
		t.Errorf("docs/rules.md rule table is stale; run scripts/readme-rules.sh\n--- docs/rules.md\n%s\n--- registry\n%s", got, want)
	}
}
