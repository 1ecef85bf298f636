// Package history keeps the record of nightly scans, one small JSON file per
// run in a directory, and answers the trend questions over it: what is new
// since the last run, what was fixed, and how the counts move.
package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/report"
)

// Schema names the version of a record's encoding.
const Schema = "tollgate.history/v1"

// MaxSeries is how many recorded runs a trend shows.
const MaxSeries = 30

// Record is what is kept of one run.
type Record struct {
	Schema       string         `json:"schema"`
	At           time.Time      `json:"at"`
	Commit       string         `json:"commit,omitempty"`
	Branch       string         `json:"branch,omitempty"`
	PolicyDigest string         `json:"policy_digest"`
	Passed       bool           `json:"passed"`
	Active       map[string]int `json:"active"`
	Rules        map[string]int `json:"rules"`
	Risk         *int           `json:"risk,omitempty"`
	// Fingerprints of the active findings, sorted.
	Fingerprints []string `json:"fingerprints"`
}

// FromReport summarizes a report into a record.
func FromReport(r *report.Report) Record {
	rec := Record{
		Schema: Schema, At: r.StartedAt.UTC(), Commit: r.Repository.Commit, Branch: r.Repository.Branch,
		PolicyDigest: r.PolicyDigest, Passed: r.Passed(), Active: map[string]int{}, Rules: map[string]int{},
		Fingerprints: []string{},
	}
	for _, s := range finding.Severities() {
		rec.Active[s.String()] = 0
	}
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			continue
		}
		rec.Active[f.Severity.String()]++
		rec.Rules[f.Rule]++
		rec.Fingerprints = append(rec.Fingerprints, f.Fingerprint)
	}
	slices.Sort(rec.Fingerprints)
	if r.Risk != nil && r.Risk.Unscored == "" {
		score := r.Risk.Score
		rec.Risk = &score
	}
	return rec
}

// MaxRecordSize caps the bytes read of one record: a record holds the
// fingerprints of the active findings, some tens of bytes each.
var MaxRecordSize int64 = 64 << 20

// ParseRecord decodes one record's bytes.
func ParseRecord(b []byte) (Record, error) {
	var rec Record
	if err := json.Unmarshal(b, &rec); err != nil {
		return Record{}, err
	}
	if rec.Schema != Schema {
		return Record{}, fmt.Errorf("schema %q, want %q", rec.Schema, Schema)
	}
	return rec, nil
}

// Load reads every record in dir, oldest first. A missing directory is an
// empty history; a record that cannot be read is an error naming its file.
// The directory may sit in the scanned repository, which chooses what it
// holds: dir must be a real directory, as for Append; only regular files
// are read (a symbolic link, a FIFO or a device in it is skipped); and
// each record is capped at MaxRecordSize.
// When several records are of one commit (a run that stopped between
// writing a record and removing the one it replaces), the latest is kept.
func Load(dir string) ([]Record, error) {
	if err := realDir(dir, true); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("read history: %w", err)
	}
	root, err := safefs.Open(dir, MaxRecordSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	defer root.Close()
	entries, err := root.ListDir(".")
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	var out []Record
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := root.ReadFileMax(e.Name(), MaxRecordSize)
		if errors.Is(err, safefs.ErrNotRegular) {
			continue // replaced since the listing
		}
		if err != nil {
			return nil, fmt.Errorf("read history record %q: %w", e.Name(), err)
		}
		rec, err := ParseRecord(b)
		if err != nil {
			return nil, fmt.Errorf("read history record %q: %w", e.Name(), err)
		}
		out = append(out, rec)
	}
	slices.SortStableFunc(out, func(a, b Record) int { return a.At.Compare(b.At) })
	return latestPerCommit(out), nil
}

// latestPerCommit keeps, of records sorted by time, the last of each
// commit; records without a commit are all kept.
func latestPerCommit(recs []Record) []Record {
	last := map[string]int{}
	for i, r := range recs {
		if r.Commit != "" {
			last[r.Commit] = i
		}
	}
	out := recs[:0]
	for i, r := range recs {
		if r.Commit == "" || last[r.Commit] == i {
			out = append(out, r)
		}
	}
	return out
}

// Append writes rec into dir as <time>-<commit>.json, through a temporary
// file and a rename, so a crash never leaves half a record, and then
// removes the earlier records of the same commit: re-running a commit
// replaces its record. (A record without a commit replaces only one of the
// same time.) dir is created if missing; it must be a real directory, and,
// when given as a relative path, none of the directories on the way to it
// may be a symbolic link: the history often lives in the scanned
// repository, and a link there would make tollgate write where the
// repository chooses.
func Append(dir string, rec Record) (string, error) {
	if err := realDir(dir, true); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("write history: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("write history: %w", err)
	}
	if err := realDir(dir, false); err != nil {
		return "", fmt.Errorf("write history: %w", err)
	}
	name := recordName(rec)
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, ".record*.tmp")
	if err != nil {
		return "", fmt.Errorf("write history: %w", err)
	}
	_, werr := tmp.Write(append(b, '\n'))
	if err := errors.Join(werr, tmp.Close()); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write history: %w", err)
	}
	path := filepath.Join(dir, name)
	// A rename replaces a link of that name, never what it points to.
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write history: %w", err)
	}
	if rec.Commit != "" {
		if err := removeOlder(dir, name, commitPart(rec.Commit)); err != nil {
			return path, fmt.Errorf("write history: %w", err)
		}
	}
	return path, nil
}

const timeLayout = "20060102T150405Z"

func commitPart(commit string) string {
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if commit == "" {
		commit = "nocommit"
	}
	return commit
}

func recordName(rec Record) string {
	return rec.At.UTC().Format(timeLayout) + "-" + commitPart(rec.Commit) + ".json"
}

// removeOlder removes the records of dir, other than keep, that tollgate
// wrote for the same commit: regular files named <time>-<commit>.json.
// Nothing else is touched.
func removeOlder(dir, keep, commit string) error {
	root, err := safefs.Open(dir, MaxRecordSize)
	if err != nil {
		return err
	}
	defer root.Close()
	entries, err := root.ListDir(".")
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		n := e.Name()
		if n == keep || !e.Type().IsRegular() || !ownRecord(n, commit) {
			continue
		}
		if err := root.RemoveFile(n); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ownRecord reports whether name is what recordName gives for a record of
// commit (its first 12 characters).
func ownRecord(name, commit string) bool {
	stamp, ok := strings.CutSuffix(name, "-"+commit+".json")
	if !ok || len(stamp) != len(timeLayout) {
		return false
	}
	_, err := time.Parse(timeLayout, stamp)
	return err == nil
}

// RealDir checks that dir is a directory and not a symbolic link; with
// parents, it checks the same of every existing directory on the way to it
// when dir is relative. A missing dir is fs.ErrNotExist. Writers of files
// into a directory the scanned repository may hold call it first.
func RealDir(dir string, parents bool) error { return realDir(dir, parents) }

// realDir checks that dir is a directory and not a symbolic link; with
// parents, it checks the same of every existing directory on the way to
// it when dir is relative. A missing dir is fs.ErrNotExist.
func realDir(dir string, parents bool) error {
	clean := filepath.Clean(dir)
	if parents && !filepath.IsAbs(clean) {
		parts := strings.Split(clean, string(filepath.Separator))
		for i := 1; i < len(parts); i++ {
			p := filepath.Join(parts[:i]...)
			if parts[i-1] == ".." || parts[i-1] == "." {
				continue
			}
			if err := isRealDir(p); err != nil {
				return err
			}
		}
	}
	return isRealDir(clean)
}

func isRealDir(p string) error {
	st, err := os.Lstat(p)
	if err != nil {
		return err
	}
	switch {
	case st.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("history directory %q is a symbolic link; give the directory it leads to", p)
	case !st.IsDir():
		return fmt.Errorf("history directory %q is not a directory", p)
	}
	return nil
}

// Trend compares the current run with the latest earlier record and lays
// out the last MaxSeries runs, the current one last.
func Trend(past []Record, cur Record) *report.Trend {
	t := &report.Trend{}
	// Records of this very commit (a re-run, whose record this run
	// replaces) are not "earlier", nor are later ones.
	var earlier []Record
	for _, p := range past {
		if cur.Commit != "" && p.Commit == cur.Commit {
			continue
		}
		if p.At.Before(cur.At) || (p.At.Equal(cur.At) && p.Commit != cur.Commit) {
			earlier = append(earlier, p)
		}
	}
	if n := len(earlier); n > 0 {
		prev := earlier[n-1]
		pt := point(prev)
		t.Previous = &pt
		t.New, t.Fixed = diff(prev.Fingerprints, cur.Fingerprints)
	}
	if len(earlier) > MaxSeries-1 {
		earlier = earlier[len(earlier)-(MaxSeries-1):]
	}
	for _, p := range earlier {
		t.Series = append(t.Series, point(p))
	}
	t.Series = append(t.Series, point(cur))
	return t
}

func point(r Record) report.TrendPoint {
	return report.TrendPoint{At: r.At, Commit: r.Commit, Active: r.Active, Passed: r.Passed, Risk: r.Risk}
}

// diff counts fingerprints only in cur (new) and only in prev (fixed), as
// multisets: two identical findings fixed to one count as one fixed.
func diff(prev, cur []string) (added, removed int) {
	count := map[string]int{}
	for _, f := range prev {
		count[f]++
	}
	for _, f := range cur {
		count[f]--
	}
	for _, n := range count {
		if n < 0 {
			added -= n
		} else {
			removed += n
		}
	}
	return added, removed
}
