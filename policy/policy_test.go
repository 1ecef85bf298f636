package policy

import (
	"errors"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
)

func TestDefaults(t *testing.T) {
	p, err := Load(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if p.FailOn != finding.High || p.MaxFileSize != DefaultMaxFileSize || p.Path != "" || len(p.Digest) != 64 {
		t.Errorf("unexpected defaults: %+v", p)
	}
	if !p.Enabled("anything/at-all") {
		t.Error("rules are disabled by default")
	}
}

func TestParseGood(t *testing.T) {
	src := `
gate {
  fail_on = "medium"
  max_change_risk = 70
}
exclude = ["**/testdata/**"]
rule "parse/error" { severity = "low" }
rule "scan/file-too-large" { enabled = false }
ignore {
  rule   = ["policy/*", "parse/error"]
  paths  = ["examples/**"]
  reason = "examples are not deployed"
}
tags { required = ["owner"] }
`
	p, err := Parse(".tollgate.hcl", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.FailOn != finding.Medium || p.MaxChangeRisk != 70 {
		t.Errorf("gate = %v/%d", p.FailOn, p.MaxChangeRisk)
	}
	if got := p.SeverityOf("parse/error", finding.High); got != finding.Low {
		t.Errorf("severity override = %v", got)
	}
	if p.Enabled("scan/file-too-large") {
		t.Error("rule not disabled")
	}
	if !p.Excluded("a/testdata/x.yml") || p.Excluded("a/x.yml") {
		t.Error("exclude globs wrong")
	}
	if len(p.Ignores) != 1 || p.Ignores[0].Location.StartLine != 9 {
		t.Fatalf("ignores = %+v", p.Ignores)
	}
	ig := p.Ignores[0]
	if !ig.Matches("policy/unused-directive", "examples/a/b.tf") || ig.Matches("policy/x", "src/a.tf") || ig.Matches("tf/x", "examples/a.tf") {
		t.Error("ignore matching wrong")
	}
	if p.Tags == nil || len(p.Tags.Required) != 1 {
		t.Errorf("tags block = %+v", p.Tags)
	}
}

func TestParseErrorsHavePositions(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"unknown block":     {"gat {\n}\n", `x.hcl:1:1: Unsupported block type`},
		"unknown attribute": {"gate {\n  fail = \"high\"\n}\n", `x.hcl:2:3: Unsupported argument`},
		"bad severity":      {"gate {\n  fail_on = \"severe\"\n}\n", `x.hcl:2:13: Invalid severity: unknown severity "severe"`},
		"rule severity":     {"rule \"parse/error\" {\n  severity = 3\n}\n", `x.hcl:2:14: Invalid severity`},
		"ignore no reason":  {"\n\nignore {\n  rule = \"parse/error\"\n}\n", `x.hcl:3:1: Ignore without a reason`},
		"ignore empty rsn":  {"ignore {\n  rule = \"parse/error\"\n  reason = \" \"\n}\n", `x.hcl:1:1: Ignore without a reason`},
		"unknown rule":      {"rule \"parse/eror\" {}\n", `x.hcl:1:1: Unknown rule: No rule has the ID "parse/eror"; ` + "`tollgate rules`" + ` lists them. Did you mean "parse/error"?`},
		"syntax":            {"gate {\n  fail_on = \n}\n", `x.hcl:2:`},
		"risk range":        {"gate {\n  max_change_risk = 170\n}\n", `x.hcl:2:3: Invalid risk threshold`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("x.hcl", []byte(tc.src))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v, want *Error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("gate { fail_on = \"high\" }\n"))
	f.Add([]byte("ignore {\n rule = [\"a/*\"]\n reason = \"x\"\n paths = [\"**\"]\n}\n"))
	f.Add([]byte("rule \"parse/error\" { severity = \"low\" enabled = false }"))
	f.Add([]byte("templates {\n  approved = [\"org/t/.github/workflows/*.yml@v1\", \"./.github/workflows/d.yml\", \"a/[b\"]\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("f.hcl", src)
		if err == nil && p == nil {
			t.Fatal("nil policy without error")
		}
	})
}

func TestMatchRule(t *testing.T) {
	for _, tc := range []struct {
		pattern, rule string
		want          bool
	}{
		{"*", "tf/missing-cost-tags", true},
		{"**", "ci/missing-timeout", true},
		{"tf/*", "tf/missing-cost-tags", true},
		{"tf/*", "ci/missing-timeout", false},
		{"ci/ai-*", "ci/ai-unpinned", true},
		{"ci/ai-*", "ci/missing-timeout", false},
		{"ci/missing-timeout", "ci/missing-timeout", true},
		{"ci/missing", "ci/missing-timeout", false},
	} {
		if got := MatchRule(tc.pattern, tc.rule); got != tc.want {
			t.Errorf("MatchRule(%q, %q) = %v, want %v", tc.pattern, tc.rule, got, tc.want)
		}
	}
}
