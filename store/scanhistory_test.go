package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/history"
)

func TestReportTrend(t *testing.T) {
	each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		ingest(t, s, run("r", 0), fs("a", "b"))
		ingest(t, s, run("r", 1), fs("a", "b", "c"))
		// A re-run of commit c01 an hour later stands for it.
		rerun := run("r", 2)
		rerun.Commit = "c01"
		ingest(t, s, rerun, fs("a", "c"))
		ingest(t, s, run("other", 5), fs("z"))

		cur := run("r", 3)
		cur.Counts.High = 2
		tr, err := s.ReportTrend(ctx, cur, fs("c", "d", "d"))
		if err != nil {
			t.Fatal(err)
		}
		var commits []string
		for _, p := range tr.Series {
			commits = append(commits, p.Commit)
		}
		if got := strings.Join(commits, " "); got != "c00 c01 c03" {
			t.Errorf("series = %s; want c00 c01 c03", got)
		}
		if tr.Previous == nil || !tr.Previous.At.Equal(rerun.At) {
			t.Fatalf("previous = %+v; want the re-run of c01", tr.Previous)
		}
		// Against the re-run {a c}: d is new (once), a is fixed.
		if tr.New != 1 || tr.Fixed != 1 {
			t.Errorf("new %d fixed %d; want 1 and 1", tr.New, tr.Fixed)
		}
		if got := tr.Series[2].Active["high"]; got != 2 {
			t.Errorf("this run's high count = %d; want 2", got)
		}
		// Re-scanning c01 itself: the other runs of c01 are not earlier.
		again := run("r", 4)
		again.Commit = "c01"
		tr, err = s.ReportTrend(ctx, again, nil)
		if err != nil || tr.Previous == nil || tr.Previous.Commit != "c00" || len(tr.Series) != 2 {
			t.Errorf("trend of a re-run = %+v, %v; want c00 then this run", tr, err)
		}
	})
}

func TestReportTrendKeepsTheLastSeries(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "h.db"))
	for h := range history.MaxSeries + 5 {
		ingest(t, s, run("r", h), nil)
	}
	tr, err := s.ReportTrend(context.Background(), run("r", 99), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Series) != history.MaxSeries || tr.Series[0].Commit != fmt.Sprintf("c%02d", 6) {
		t.Errorf("series of %d from %s; want %d from c06", len(tr.Series), tr.Series[0].Commit, history.MaxSeries)
	}
}

func TestOpenHistoryTargets(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rec := history.Record{Schema: history.Schema, At: t0, Commit: "c00", PolicyDigest: "p", Active: map[string]int{"low": 1},
		Rules: map[string]int{}, Fingerprints: []string{"x"}}
	if _, err := history.Append(dir, rec); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		s, err := OpenHistory(ctx, dir, "r")
		if err != nil {
			t.Fatal(err)
		}
		runs, err := s.Trend(ctx, "r", 0)
		s.Close()
		if err != nil || len(runs) != 1 {
			t.Fatalf("runs after opening the directory = %v, %v; want the one imported record", runs, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, HistoryFile)); err != nil {
		t.Errorf("no %s in the directory: %v", HistoryFile, err)
	}
	// A file target is a SQLite file, with or without its suffix once it
	// exists.
	file := filepath.Join(t.TempDir(), "scans.sqlite")
	s, err := OpenHistory(ctx, file, "r")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if st, err := os.Stat(file); err != nil || !st.Mode().IsRegular() {
		t.Errorf("%s is not a file: %v", file, err)
	}

	// Links: a directory reached through a link, a link as the database.
	real := t.TempDir()
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenHistory(ctx, link, "r"); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("history directory that is a link: %v; want an error", err)
	}
	victim := filepath.Join(t.TempDir(), "victim.db")
	planted := t.TempDir()
	if err := os.Symlink(victim, filepath.Join(planted, HistoryFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenHistory(ctx, planted, "r"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("database that is a link: %v; want an error", err)
	}
	if _, err := os.Lstat(victim); err == nil {
		t.Errorf("the link's target was created")
	}
}
