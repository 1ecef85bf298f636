// Package history keeps the record of nightly scans, one small JSON file per
// run in a directory, and answers the trend questions over it: what is new
// since the last run, what was fixed, and how the counts move.
package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
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
	if r.Risk != nil {
		score := r.Risk.Score
		rec.Risk = &score
	}
	return rec
}

// Load reads every record in dir, oldest first. A missing directory is an
// empty history; a record that cannot be read is an error naming its file.
func Load(dir string) ([]Record, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	var out []Record
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read history: %w", err)
		}
		var rec Record
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("read history record %s: %w", e.Name(), err)
		}
		if rec.Schema != Schema {
			return nil, fmt.Errorf("read history record %s: schema %q, want %q", e.Name(), rec.Schema, Schema)
		}
		out = append(out, rec)
	}
	slices.SortStableFunc(out, func(a, b Record) int { return a.At.Compare(b.At) })
	return out, nil
}

// Append writes rec into dir as <time>-<commit>.json, through a temporary
// file and a rename, so a crash never leaves half a record. A record of the
// same time and commit is replaced: re-running a night is idempotent.
func Append(dir string, rec Record) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("write history: %w", err)
	}
	commit := rec.Commit
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if commit == "" {
		commit = "nocommit"
	}
	name := rec.At.UTC().Format("20060102T150405Z") + "-" + commit + ".json"
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
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write history: %w", err)
	}
	return path, nil
}

// Trend compares the current run with the latest earlier record and lays
// out the last MaxSeries runs, the current one last.
func Trend(past []Record, cur Record) *report.Trend {
	t := &report.Trend{}
	// Records of this very run (a re-run of the same night) are not "earlier".
	var earlier []Record
	for _, p := range past {
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
