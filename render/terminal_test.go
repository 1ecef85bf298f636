package render

import (
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/termsafe"
	"github.com/tollgate-dev/tollgate/report"
)

// checkTerminalSafe fails when out holds a raw control, bidi or separator
// character other than the newline ending each line.
func checkTerminalSafe(t *testing.T, format, out string) {
	t.Helper()
	for _, r := range out {
		if r != '\n' && termsafe.Unsafe(r) {
			t.Errorf("%s output holds a raw %U:\n%q", format, r, out)
			return
		}
	}
}

// TestTerminalFormatsHostileNames renders file names, messages, rule IDs,
// suppression reasons and gate details holding ESC, BEL, C1 controls and
// bidi overrides in the formats read on a terminal or a CI log (text,
// github): none may come out raw.
func TestTerminalFormatsHostileNames(t *testing.T) {
	for _, name := range []string{"evil\x1b[31m\x07", "admin\u202etxt.exe", "c1\u009b2J\u0085", "sep\u2028\u2029x", "cr\rlf\n::error::forged"} {
		r := &report.Report{
			Findings: []finding.Finding{
				{Rule: "ci/x" + name, Severity: finding.High, Message: "job " + name + " is bad",
					Location: finding.Location{Path: ".github/" + name + ".yml", StartLine: 3, StartCol: 1}},
				{Rule: "ci/y", Severity: finding.Medium, Message: "medium " + name,
					Location: finding.Location{Path: name + ".tf", StartLine: 1}},
				{Rule: "ci/z", Severity: finding.Low, Message: "suppressed " + name, Location: finding.Location{Path: name},
					Suppressed: &finding.Suppression{Kind: "directive", Reason: "because " + name}},
			},
			Gates: []report.Gate{{Name: "findings" + name, Detail: "gate " + name, Threshold: name, Observed: name}},
		}
		var text strings.Builder
		if err := Text(&text, r, Options{ShowSuppressed: true}); err != nil {
			t.Fatal(err)
		}
		checkTerminalSafe(t, "text", text.String())
		if got := strings.Count(text.String(), "\n"); got != 3 {
			t.Errorf("text output for %q has %d lines, want 3:\n%s", name, got, text.String())
		}
		var gh strings.Builder
		if err := GitHubAnnotations(&gh, r, Options{}); err != nil {
			t.Fatal(err)
		}
		checkTerminalSafe(t, "github", gh.String())
		checkAnnotations(t, gh.String())
	}
}

// TestGitHubAnnotationProperties pins the escaping of a hostile file name in
// the file= property: control and bidi characters as escapes, the
// workflow-command delimiters as %XX.
func TestGitHubAnnotationProperties(t *testing.T) {
	r := &report.Report{Findings: []finding.Finding{{Rule: "ci/x", Severity: finding.High, Message: "m\x1b[2J",
		Location: finding.Location{Path: "a,b:c%\x1b[31m\x07\u202e.yml", StartLine: 4}}}}
	var gh strings.Builder
	if err := GitHubAnnotations(&gh, r, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "::error file=a%2Cb%3Ac%25\\x1b[31m\\a\\u202e.yml,line=4,title=ci/x (high)::m\\x1b[2J\n"
	if gh.String() != want {
		t.Errorf("got  %q\nwant %q", gh.String(), want)
	}
}

func TestTerminal(t *testing.T) {
	for in, want := range map[string]string{
		"plain/path.yml":  "plain/path.yml",
		"a\x1b[2Jb":       `a\x1b[2Jb`,
		"line\nbreak\r":   `line\nbreak\r`,
		"bad\xffutf8":     `bad\xffutf8`,
		"ünïcödé ok":      "ünïcödé ok",
		"admin\u202e.exe": `admin\u202e.exe`,
		"bell\x07":        `bell\a`,
	} {
		if got := Terminal(in); got != want {
			t.Errorf("Terminal(%q) = %q, want %q", in, got, want)
		}
	}
}
