package policy

import (
	"strings"
	"testing"
)

func TestLicensesBlock(t *testing.T) {
	src := `licenses {
  allow        = ["MIT"]
  deny         = ["AGPL-3.0-only"]
  unknown      = "fail"
  needs_review = "allow"
  categories   = { reciprocal = "warn" }
  first_party  = ["example.com/org"]
  platforms    = ["linux/amd64", "windows/amd64"]
  exception "example.com/lib" {
    licenses = ["GPL-2.0-only"]
    reason   = "internal tool"
    approver = "legal"
    expires  = "2027-06-30"
  }
  clarify "example.com/other" {
    expression  = "MIT"
    file_sha256 = "` + strings.Repeat("ab", 32) + `"
  }
}
`
	p, err := Parse(".tollgate.hcl", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	l := p.Licenses
	if *l.Unknown != "fail" || l.Categories["reciprocal"] != "warn" || len(l.Exceptions) != 1 || len(l.Clarifications) != 1 {
		t.Fatalf("decoded %+v", l)
	}
	e := l.Exceptions[0]
	if e.Line() != 11 || e.ReasonText() != "internal tool" {
		t.Errorf("exception line %d reason %q", e.Line(), e.ReasonText())
	}
	if exp, err := e.ExpiresAt(); err != nil || exp.Format("2006-01-02") != "2027-06-30" {
		t.Errorf("expires %v %v", exp, err)
	}
	if c := l.Clarifications[0]; c.ExpressionText() != "MIT" || c.Line() != 16 {
		t.Errorf("clarify %q line %d", c.ExpressionText(), c.Line())
	}
}

func TestLicensesBlockErrors(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"action":   {`licenses { unknown = "maybe" }`, `licenses.unknown is "maybe"`},
		"category": {`licenses { categories = { weird = "fail" } }`, `licenses.categories has "weird"`},
		"platform": {`licenses { platforms = ["linux"] }`, `want GOOS/GOARCH`},
		"reason":   {"licenses {\n exception \"x\" { reason = \"\" }\n}", `:2:`},
		"date":     {"licenses {\n exception \"x\" {\n reason = \"r\"\n expires = \"June\"\n }\n}", `want a date`},
		"hash":     {"licenses {\n clarify \"x\" {\n expression = \"MIT\"\n file_sha256 = \"abc\"\n }\n}", `file_sha256 = "abc"`},
		"unknown":  {`licenses { alow = ["MIT"] }`, `Unsupported argument`},
	} {
		_, err := Parse(".tollgate.hcl", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", name, err, tc.want)
		}
	}
}
