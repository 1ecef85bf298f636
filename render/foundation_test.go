package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

var updateFoundation = flag.Bool("update-foundation", false, "rewrite the text and json golden files")

// foundationFixture is a small report with hostile text from a repository:
// terminal escapes, newlines, invalid UTF-8 and markup.
func foundationFixture() *report.Report {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	r := &report.Report{
		Tool:         report.Tool{Name: "tollgate", Version: "v0.0.0-test"},
		Repository:   report.Repository{Root: ".", Commit: "0123456789abcdef0123456789abcdef01234567", Branch: "main"},
		PolicyDigest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		StartedAt:    at, FinishedAt: at,
		Findings: []finding.Finding{
			{Rule: "parse/error", Severity: finding.High, Message: "cannot parse: did not find expected key",
				Location: finding.Location{Path: ".github/workflows/ci.yml", StartLine: 7, StartCol: 6}, Fingerprint: "aa"},
			{Rule: "scan/file-unreadable", Severity: finding.Medium, Message: "symbolic link \"evil\x1b[31m\\nlink\" points outside the repository",
				Location: finding.Location{Path: "evil\x1b[31m\nlink\xff"}, Fingerprint: "bb",
				Evidence: map[string]string{"z": "last", "a": "<script>alert(1)</script>"}},
			{Rule: "parse/error", Severity: finding.High, Message: "accepted",
				Location:    finding.Location{Path: "a.tf", StartLine: 2, StartCol: 1},
				Fingerprint: "cc", Suppressed: &finding.Suppression{Kind: "directive", Reason: "generated\tcode", Location: finding.Location{Path: "a.tf", StartLine: 1, StartCol: 1}}},
		},
		Gates:   []report.Gate{{Name: "findings", Passed: false, Threshold: "no active finding at or above high", Observed: "1"}},
		Domains: []report.DomainRun{{Name: "pipeline", Files: 1}, {Name: "iac", Files: 1}},
	}
	r.Normalize()
	return r
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateFoundation {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-foundation)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestTextGolden(t *testing.T) {
	for name, opts := range map[string]Options{"text.golden": {}, "text_suppressed.golden": {ShowSuppressed: true}} {
		var b bytes.Buffer
		if err := Text(&b, foundationFixture(), opts); err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(b.Bytes(), "\x1b\r") {
			t.Error("text output carries a raw control character")
		}
		checkGolden(t, name, b.Bytes())
	}
}

func TestJSONGolden(t *testing.T) {
	var a, b bytes.Buffer
	if err := JSON(&a, foundationFixture(), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := JSON(&b, foundationFixture(), Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("JSON output is not deterministic")
	}
	checkGolden(t, "report.json.golden", a.Bytes())
}
