package render

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// prFixture is the fixture as a pull-request run: some findings new, one
// fixed.
func prFixture() *report.Report {
	r := fixture()
	base := []finding.Finding{}
	for _, f := range r.Findings {
		if f.Fingerprint == "fp-low-1" || f.Fingerprint == "fp-medium-2" {
			base = append(base, f)
		}
	}
	base = append(base, finding.Finding{Rule: "ci/missing-timeout", Severity: finding.Medium, Message: "job " + hMarker + " fixed " + hDetails,
		Location: finding.Location{Path: ".github/workflows/old.yml", StartLine: 9}, Fingerprint: "fp-fixed-1"})
	c := report.Compare(base, r.Findings)
	c.Base = "fedcba9876543210fedcba9876543210fedcba98"
	c.BaseRef = "origin/main" + hMention
	c.Head = r.Repository.Commit
	r.Comparison = &c
	return r
}

func TestPRCommentGolden(t *testing.T) {
	got := renderFormat(t, "pr-comment", prFixture())
	golden(t, "pr-comment.md", got)
	checkMarkdownSafe(t, string(got), true)
	if !strings.Contains(string(got), "**4 new**, 2 existing, 1 fixed") {
		t.Errorf("counts missing:\n%s", got)
	}
}

func TestPRCommentWithoutComparison(t *testing.T) {
	got := renderFormat(t, "pr-comment", fixture())
	checkMarkdownSafe(t, string(got), true)
}

func TestPRCommentBudget(t *testing.T) {
	r := bigReport(5000)
	var base []finding.Finding
	for i, f := range r.Findings {
		if i%3 == 0 {
			base = append(base, f)
		}
	}
	c := report.Compare(base, r.Findings)
	c.Base, c.Head = "base", "head"
	r.Comparison = &c
	got := string(renderFormat(t, "pr-comment", r))
	if n := utf8.RuneCountInString(got); n >= 60000 {
		t.Fatalf("comment is %d characters, want under 60,000", n)
	}
	checkMarkdownSafe(t, got, true)
	if !strings.Contains(got, "more in the full report") {
		t.Error("a cut comment must say how much is left out")
	}
	// The footer survives every cut.
	if !strings.Contains(got, "policy .tollgate.hcl sha256") {
		t.Error("footer missing")
	}
	// Critical new findings come first in the top list.
	top := got[strings.Index(got, "### Top new findings"):]
	if !strings.Contains(top[:2000], "| critical |") {
		t.Error("top new findings do not start with critical ones")
	}
}

func TestCompare(t *testing.T) {
	f := func(fp string) finding.Finding { return finding.Finding{Rule: "x/y", Fingerprint: fp} }
	sup := f("s")
	sup.Suppressed = &finding.Suppression{Reason: "r"}
	c := report.Compare([]finding.Finding{f("a"), f("b"), f("b"), f("c")}, []finding.Finding{f("a"), f("b"), f("d"), f("d"), sup})
	if c.New != 2 || c.Existing != 2 || c.Fixed != 2 {
		t.Errorf("new %d existing %d fixed %d, want 2 2 2", c.New, c.Existing, c.Fixed)
	}
	r := &report.Report{Findings: []finding.Finding{f("a"), f("b"), f("d"), f("d"), sup}, Comparison: &c}
	n, e := r.Split()
	if len(n) != 2 || len(e) != 2 {
		t.Errorf("split %d new %d existing, want 2 2", len(n), len(e))
	}
}

func TestSectionGrow(t *testing.T) {
	s := mdSection{title: "t\n\n", tableHead: "| a |\n|---|\n", tail: "end\n"}
	for i := range 12 {
		s.rows = append(s.rows, strings.Repeat("x", i)+"\n")
	}
	for k := range len(s.rows) {
		if got, want := s.grow(k), s.size(k+1)-s.size(k); got != want {
			t.Errorf("grow(%d) = %d, want %d", k, got, want)
		}
	}
}

// TestPRCommentUnknownAndPolicy: the comment says which policy judged and,
// loudly, which domains could not be compared.
func TestPRCommentUnknownAndPolicy(t *testing.T) {
	r := prFixture()
	r.Comparison.Policy = "base"
	r.Comparison.Unknown = []report.UnknownDomain{{Name: "go", Side: "base", Reason: "the domain failed on the base: " + hMarker + hDetails, Findings: 3, Blocking: true}}
	got := string(renderFormat(t, "pr-comment", r))
	checkMarkdownSafe(t, got, true)
	for _, want := range []string{"Judged with the base's policy", "**Comparison unknown** for `go` (base side): 3 finding(s) counted neither new nor existing"} {
		if !strings.Contains(got, want) {
			t.Errorf("comment lacks %q:\n%s", want, got)
		}
	}
}
