package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/history"
	"github.com/tollgate-dev/tollgate/report"
)

// HistoryFile is the database `scan --history DIR` keeps in DIR.
const HistoryFile = "history.db"

// sqliteSuffixes name a --history target as a SQLite file rather than a
// directory.
var sqliteSuffixes = []string{".db", ".sqlite", ".sqlite3"}

// OpenHistory opens the history that `scan --history target` names:
//
//   - a postgres:// URL: that database;
//   - a path ending in .db, .sqlite or .sqlite3, or an existing regular
//     file: that SQLite file;
//   - anything else: a directory (created if missing) that holds
//     history.db. The JSON records earlier versions of tollgate wrote in
//     it are imported as runs of repo on every open; importing again
//     changes nothing, and the records are left where they are.
//
// The history often lives in the scanned repository, which chooses what it
// holds: the directory must be a real directory (not a symbolic link, nor
// reached through one when given as a relative path), and the database and
// SQLite's journal files beside it must be regular files or absent, so a
// link planted there cannot make tollgate write where the repository
// chooses.
func OpenHistory(ctx context.Context, target, repo string) (*Store, error) {
	if IsPostgres(target) {
		return Open(ctx, target)
	}
	file, dir := target, ""
	if !isSQLiteFile(target) {
		dir = target
		if err := history.RealDir(dir, true); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("open history: %w", err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open history: %w", err)
		}
		if err := history.RealDir(dir, false); err != nil {
			return nil, fmt.Errorf("open history: %w", err)
		}
		file = filepath.Join(dir, HistoryFile)
	} else if parent := filepath.Dir(file); parent != "." {
		if err := history.RealDir(parent, true); err != nil {
			return nil, fmt.Errorf("open history: %w", err)
		}
	}
	for _, p := range []string{file, file + "-wal", file + "-shm", file + "-journal"} {
		st, err := os.Lstat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("open history: %w", err)
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("open history: %q is not a regular file (%s); remove it", p, st.Mode().Type())
		}
	}
	s, err := Open(ctx, file)
	if err != nil {
		return nil, err
	}
	if dir != "" {
		if _, err := s.ImportHistory(ctx, repo, dir); err != nil {
			s.Close()
			return nil, fmt.Errorf("open history: %w", err)
		}
	}
	return s, nil
}

// isSQLiteFile reports whether a --history target names a SQLite file.
func isSQLiteFile(target string) bool {
	for _, suf := range sqliteSuffixes {
		if strings.HasSuffix(strings.ToLower(target), suf) {
			return true
		}
	}
	st, err := os.Lstat(target)
	return err == nil && st.Mode().IsRegular()
}

// ReportTrend lays out the report's trend section for cur, the run about to
// be recorded: the latest earlier run of each other commit, at most
// history.MaxSeries runs with cur last, and the findings new and fixed
// since the previous run, by fingerprint. Earlier runs of cur's own commit
// (re-runs) are not "earlier": the newest run of a commit stands for it.
func (s *Store) ReportTrend(ctx context.Context, cur Run, findings []Finding) (*report.Trend, error) {
	// Re-runs of a commit take rows of the window; read a few series' worth
	// so that they rarely crowd out older commits.
	runs, err := s.Trend(ctx, cur.Repo, 4*history.MaxSeries)
	if err != nil {
		return nil, err
	}
	var earlier []Run
	for _, r := range runs {
		if cur.Commit != "" && r.Commit == cur.Commit {
			continue
		}
		if !r.At.Before(cur.At) {
			continue
		}
		if n := len(earlier); n > 0 && r.Commit != "" && earlier[n-1].Commit == r.Commit {
			earlier[n-1] = r // runs are oldest first: keep the newest of a commit
			continue
		}
		earlier = append(earlier, r)
	}
	t := &report.Trend{}
	if n := len(earlier); n > 0 {
		prev := earlier[n-1]
		pt := trendPoint(prev)
		t.Previous = &pt
		before, err := s.runFindings(ctx, prev.ID)
		if err != nil {
			return nil, err
		}
		t.New, t.Fixed = diffFingerprints(before, findings)
	}
	if len(earlier) > history.MaxSeries-1 {
		earlier = earlier[len(earlier)-(history.MaxSeries-1):]
	}
	for _, r := range earlier {
		t.Series = append(t.Series, trendPoint(r))
	}
	t.Series = append(t.Series, trendPoint(cur))
	return t, nil
}

// trendPoint is a run as the report's trend shows it.
func trendPoint(r Run) report.TrendPoint {
	c := r.Counts
	active := map[string]int{
		finding.Critical.String(): c.Critical, finding.High.String(): c.High, finding.Medium.String(): c.Medium,
		finding.Low.String(): c.Low, finding.Info.String(): c.Info,
	}
	return report.TrendPoint{At: r.At, Commit: r.Commit, Active: active, Passed: r.Passed, Risk: r.Risk}
}

// diffFingerprints counts the fingerprints only in cur (new) and only in
// prev (fixed); a fingerprint counts once however often it was reported,
// as the store keeps it.
func diffFingerprints(prev, cur []Finding) (added, fixed int) {
	set := func(fs []Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Fingerprint)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	p, c := set(prev), set(cur)
	for _, fp := range c {
		if _, ok := slices.BinarySearch(p, fp); !ok {
			added++
		}
	}
	for _, fp := range p {
		if _, ok := slices.BinarySearch(c, fp); !ok {
			fixed++
		}
	}
	return added, fixed
}

// ScanHistory ties one scan to its history: the trend is read before the
// report is written, and the run is recorded after, so a run whose outputs
// failed is not recorded.
type ScanHistory struct {
	s        *Store
	run      Run
	findings []Finding
}

// BeginScan opens the history target names (see OpenHistory) and returns
// the trend of r, the report of a scan of repo, against it.
func BeginScan(ctx context.Context, target, repo string, r *report.Report) (*ScanHistory, *report.Trend, error) {
	s, err := OpenHistory(ctx, target, repo)
	if err != nil {
		return nil, nil, err
	}
	run, fs := FromReport(repo, r)
	t, err := s.ReportTrend(ctx, run, fs)
	if err != nil {
		s.Close()
		return nil, nil, fmt.Errorf("read history: %w", err)
	}
	return &ScanHistory{s: s, run: run, findings: fs}, t, nil
}

// Record ingests the run and closes the history.
func (h *ScanHistory) Record(ctx context.Context) error {
	_, err := h.s.Ingest(ctx, h.run, h.findings)
	return errors.Join(err, h.s.Close())
}

// Close closes the history without recording the run.
func (h *ScanHistory) Close() error { return h.s.Close() }
