package history

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

func rep(day int, commit string, fps ...string) *report.Report {
	at := time.Date(2026, 5, day, 2, 0, 0, 0, time.UTC)
	r := &report.Report{StartedAt: at, Repository: report.Repository{Commit: commit}}
	for _, fp := range fps {
		r.Findings = append(r.Findings, finding.Finding{Rule: "ci/x", Severity: finding.Medium, Fingerprint: fp})
	}
	r.Findings = append(r.Findings, finding.Finding{Rule: "ci/y", Severity: finding.High, Fingerprint: "sup",
		Suppressed: &finding.Suppression{Kind: "policy", Reason: "r"}})
	r.Gates = []report.Gate{{Name: "findings", Passed: true}}
	return r
}

func TestAppendLoadTrend(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "h")
	if past, err := Load(dir); err != nil || len(past) != 0 {
		t.Fatalf("empty history: %v %v", past, err)
	}
	for i, r := range []*report.Report{rep(1, "aaaa", "a", "b"), rep(2, "bbbb", "b", "c", "c")} {
		if _, err := Append(dir, FromReport(r)); err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
	}
	past, err := Load(dir)
	if err != nil || len(past) != 2 || past[0].Commit != "aaaa" {
		t.Fatalf("Load = %+v, %v", past, err)
	}
	cur := FromReport(rep(3, "cccc", "c", "d"))
	tr := Trend(past, cur)
	if tr.Previous == nil || tr.Previous.Commit != "bbbb" {
		t.Fatalf("previous = %+v", tr.Previous)
	}
	// bbbb had b, c, c; now c, d: d is new; b and one c are fixed.
	if tr.New != 1 || tr.Fixed != 2 {
		t.Errorf("new/fixed = %d/%d, want 1/2", tr.New, tr.Fixed)
	}
	if len(tr.Series) != 3 || tr.Series[2].Commit != "cccc" || tr.Series[2].Active["medium"] != 2 || tr.Series[2].Active["high"] != 0 {
		t.Errorf("series = %+v", tr.Series)
	}
	// Re-running the same night replaces its record instead of adding one.
	if _, err := Append(dir, cur); err != nil {
		t.Fatal(err)
	}
	if _, err := Append(dir, cur); err != nil {
		t.Fatal(err)
	}
	if past, _ := Load(dir); len(past) != 3 {
		t.Errorf("records = %d, want 3", len(past))
	}
	if tr := Trend(past, cur); tr.Previous.Commit != "bbbb" {
		t.Errorf("a run compared itself with its own record: %+v", tr.Previous)
	}
}

func TestLoadRejectsCorruptRecord(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.json"), []byte("{not json"), 0o644)
	if _, err := Load(dir); err == nil {
		t.Error("corrupt record accepted")
	}
}

func TestSeriesIsCapped(t *testing.T) {
	var past []Record
	for i := 1; i <= 40; i++ {
		rec := FromReport(rep(1, "c", "x"))
		rec.At = rec.At.Add(time.Duration(i) * time.Hour)
		past = append(past, rec)
	}
	cur := FromReport(rep(9, "d"))
	if tr := Trend(past, cur); len(tr.Series) != MaxSeries || tr.Fixed != 1 {
		t.Errorf("series %d fixed %d", len(tr.Series), tr.Fixed)
	}
}
