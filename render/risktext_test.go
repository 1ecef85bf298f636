package render

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/report"
)

// riskFormats renders r's risk section in every format that shows it.
func riskFormats(t *testing.T, r *report.Report) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range []string{"markdown", "html", "pr-comment", "github-summary"} {
		if _, err := Lookup(f); err != nil {
			continue
		}
		// Markdown escapes punctuation; the words are what is compared.
		out[f] = mdUnescape.ReplaceAllString(string(renderFormat(t, f, r)), "$1")
	}
	var b bytes.Buffer
	if err := RiskText(&b, r.Risk); err != nil {
		t.Fatal(err)
	}
	out["risk text"] = b.String()
	if len(out) < 4 {
		t.Fatalf("only %d formats rendered: %v", len(out), keys(out))
	}
	return out
}

var mdUnescape = regexp.MustCompile(`\\([[:punct:]])`)

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func riskReport() *report.Report {
	r := fixture()
	r.Risk = &report.Risk{
		Subject: "0123456789abcdef0123456789abcdef01234567..89abcdef0123456789abcdef0123456789abcdef",
		Score:   6, Level: "low", Percentile: 61, Commits: 30,
		Authors: []report.RiskAuthor{{Name: "Xavier", Commits: 12}, {Name: "Yola", Commits: 9}, {Name: "Zed", Commits: 5}, {Name: "Ann", Commits: 3}, {Name: "Bo", Commits: 1}},
		Drivers: []report.RiskDriver{
			{Factor: "la", Name: "lines added", Description: "adds 1,240 lines", Contribution: 3.2},
			{Factor: "no_tests", Name: "code changed without tests", Description: "changes code without changing tests", Contribution: 1.1},
			{Factor: "sexp", Name: "author's experience in these areas", Description: "author has 3 earlier changes in the touched areas", Contribution: -0.8},
		},
		Bands:   report.RiskBands{Medium: 10, High: 25, FromHistory: true},
		Model:   "shipped coefficients (default)",
		History: report.RiskHistory{Commits: 300, Scored: 280, BugInducing: 40, Fixes: 30},
	}
	return r
}

func TestRiskWordsInEveryFormat(t *testing.T) {
	internal := regexp.MustCompile(`(?:^|[\s>|(])(la|sexp|no_tests)(?:[\s<|):]|$)`)
	for f, out := range riskFormats(t, riskReport()) {
		for _, want := range []string{"6/100 (low", "lines added", "code changed without tests", "30 commits by 5 authors (top: Xavier, 12 of 30 commits)",
			"Levels: low below 10, medium 10–24, high 25 and above"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q", f, want)
			}
		}
		if m := internal.FindString(out); m != "" {
			t.Errorf("%s shows an internal driver name %q", f, m)
		}
	}
}

func TestUnscoredRiskInEveryFormat(t *testing.T) {
	r := riskReport()
	k := r.Risk
	k.Unscored, k.Score, k.Level, k.Percentile, k.Commits, k.Authors, k.Drivers = "no commits in range", 0, "none", 0, 0, nil, nil
	for f, out := range riskFormats(t, r) {
		if !strings.Contains(out, "no score (no commits in range)") {
			t.Errorf("%s lacks the reason there is no score", f)
		}
		if strings.Contains(out, "0/100") || strings.Contains(out, "No driver contributed") {
			t.Errorf("%s scores an empty range", f)
		}
	}
}

// TestSizeFallbackSaidInEveryFormat: when the model fell back to lines
// added, every output says so.
func TestSizeFallbackSaidInEveryFormat(t *testing.T) {
	r := riskReport()
	note := "lines added (the shipped model ranked worse than size alone on this history: AUC 0.596 vs 0.793, on the latest 120 commits of this history (31 bug-inducing))"
	r.Risk.Model = note
	r.Risk.Validation = &report.RiskValidation{Chosen: "lines added", AUC: 0.793, AUCLow: 0.7, AUCHigh: 0.85, ShippedAUC: 0.596, SizeAUC: 0.793, BugInducing: 90, Tested: 120, TestedBugInducing: 31}
	outs := riskFormats(t, r)
	outs["json"] = string(renderFormat(t, "json", r))
	for f, out := range outs {
		if !strings.Contains(out, "Model: "+note) && !(f == "json" && strings.Contains(out, `"model": "`+note+`"`)) {
			t.Errorf("%s does not say the score fell back to lines added", f)
		}
	}
	if !strings.Contains(outs["json"], `"chosen": "lines added"`) {
		t.Errorf("json lacks the validation's choice")
	}
}
