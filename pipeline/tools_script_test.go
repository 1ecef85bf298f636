package pipeline

import (
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
)

func TestFixedScriptTool(t *testing.T) {
	cases := []struct {
		list, entry string
		want        finding.Severity
	}{
		{"Read,Bash(node tools/check.mjs:*)", "Bash(node tools/check.mjs:*)", finding.Medium},
		{"Bash(python3 ./tools/report.py *)", "Bash(python3 ./tools/report.py *)", finding.Medium},
		{"Edit(/data/*.json),Bash(ruby tools/x.rb:*)", "Bash(ruby tools/x.rb:*)", finding.Medium},
		{"Bash(node -e:*)", "Bash(node -e:*)", finding.High},
		{"Bash(python -c:*)", "Bash(python -c:*)", finding.High},
		{"Bash(node tools/*.mjs:*)", "Bash(node tools/*.mjs:*)", finding.High},
		{"Bash(node ../x.js:*)", "Bash(node ../x.js:*)", finding.High},
		{"Bash(node tools:*)", "Bash(node tools:*)", finding.High},
		{"Edit,Bash(node tools/check.mjs:*)", "Bash(node tools/check.mjs:*)", finding.High},
		{"Write(/tools/*),Bash(node tools/check.mjs:*)", "Bash(node tools/check.mjs:*)", finding.High},
		{"Edit(/tools/**),Bash(sh tools/x.sh:*)", "Bash(sh tools/x.sh:*)", finding.High},
	}
	for _, c := range cases {
		var got *toolIssue
		for _, is := range judgeTools(c.list, []string{"Bash"}, nil) {
			if is.Tool == c.entry {
				got = &is
			}
		}
		if got == nil || got.Severity != c.want {
			t.Errorf("judgeTools(%q) for %q = %v, want %s", c.list, c.entry, got, c.want)
		}
	}
}
