package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADMERuleTable fails when the README's rule table differs from the
// registry. Run scripts/readme-rules.sh to regenerate it.
func TestREADMERuleTable(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	const begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatal("README.md lacks the rules:begin / rules:end markers")
	}
	got := s[i+len(begin) : j]
	if want := ruleTable(); got != want {
		t.Errorf("README rule table is stale; run scripts/readme-rules.sh\n--- README\n%s\n--- registry\n%s", got, want)
	}
}
