package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// Run is one scan of one repository as the store keeps it.
type Run struct {
	ID     int64     `json:"id,omitempty"`
	Repo   string    `json:"repo"`
	Commit string    `json:"commit"`
	Branch string    `json:"branch,omitempty"`
	At     time.Time `json:"at"`
	// ToolVersion is tollgate's version; ScoringVersion names the risk
	// model that scored the run, empty when no score was made.
	ToolVersion    string `json:"tool_version"`
	ScoringVersion string `json:"scoring_version"`
	PolicyDigest   string `json:"policy_digest"`
	Passed         bool   `json:"passed"`
	Risk           *int   `json:"risk,omitempty"`
	Counts         Counts `json:"counts"`
}

// Counts are a run's active findings per severity, and the suppressed ones.
type Counts struct {
	Active     int `json:"active"`
	Critical   int `json:"critical"`
	High       int `json:"high"`
	Medium     int `json:"medium"`
	Low        int `json:"low"`
	Info       int `json:"info"`
	Suppressed int `json:"suppressed"`
}

// Finding is one active finding of a run, by fingerprint.
type Finding struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Severity    string `json:"severity"`
	Path        string `json:"path"`
}

// FromReport turns a report into the run and findings to ingest. repo names
// the repository (host/owner/name, or the path when scanned alone).
func FromReport(repo string, r *report.Report) (Run, []Finding) {
	run := Run{
		Repo: repo, Commit: r.Repository.Commit, Branch: r.Repository.Branch, At: r.StartedAt.UTC(),
		ToolVersion: r.Tool.Version, PolicyDigest: r.PolicyDigest, Passed: r.Passed(),
	}
	if r.Risk != nil && r.Risk.Unscored == "" {
		run.ScoringVersion = r.Risk.Model
		score := r.Risk.Score
		run.Risk = &score
	}
	var fs []Finding
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			run.Counts.Suppressed++
			continue
		}
		run.Counts.Active++
		switch f.Severity {
		case finding.Critical:
			run.Counts.Critical++
		case finding.High:
			run.Counts.High++
		case finding.Medium:
			run.Counts.Medium++
		case finding.Low:
			run.Counts.Low++
		default:
			run.Counts.Info++
		}
		fs = append(fs, Finding{Fingerprint: f.Fingerprint, Rule: f.Rule, Severity: f.Severity.String(), Path: f.Location.Path})
	}
	return run, fs
}

// key identifies a run so that ingesting it again changes nothing.
func (r Run) key() string {
	h := sha256.Sum256([]byte(strings.Join([]string{
		r.Repo, r.Commit, fmt.Sprint(ns(r.At)), r.ToolVersion, r.PolicyDigest,
	}, "\x00")))
	return fmt.Sprintf("%x", h)
}

// Ingest records a run and its findings in one transaction and returns the
// run's ID. Ingesting the same run (repository, commit, time, version,
// policy) again returns the first ID and changes nothing. A run newer than
// every earlier run of its repository moves the findings' lifecycle on: new
// fingerprints are first seen, present ones last seen, absent ones fixed (and
// a fixed one seen again is open again). An older run is recorded but leaves
// the lifecycle alone.
func (s *Store) Ingest(ctx context.Context, run Run, findings []Finding) (int64, error) {
	// Duplicate fingerprints (one finding reported twice) count once.
	findings = slices.Clone(findings)
	slices.SortFunc(findings, func(a, b Finding) int { return strings.Compare(a.Fingerprint, b.Fingerprint) })
	findings = slices.CompactFunc(findings, func(a, b Finding) bool { return a.Fingerprint == b.Fingerprint })

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("ingest %q: %w", run.Repo, err)
	}
	defer tx.Rollback()
	id, err := s.ingest(ctx, tx, run, findings)
	if err != nil {
		return 0, fmt.Errorf("ingest %q: %w", run.Repo, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("ingest %q: %w", run.Repo, err)
	}
	return id, nil
}

func (s *Store) ingest(ctx context.Context, tx *sql.Tx, run Run, findings []Finding) (int64, error) {
	key := run.key()
	var id int64
	err := tx.QueryRowContext(ctx, s.q("SELECT id FROM runs WHERE run_key = ?"), key).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	var newest sql.NullInt64
	if err := tx.QueryRowContext(ctx, s.q("SELECT MAX(at_ns) FROM runs WHERE repo = ?"), run.Repo).Scan(&newest); err != nil {
		return 0, err
	}
	var risk sql.NullInt64
	if run.Risk != nil {
		risk = sql.NullInt64{Int64: int64(*run.Risk), Valid: true}
	}
	c := run.Counts
	// ON CONFLICT DO NOTHING: a concurrent writer of the same run wins and
	// this one reads its ID.
	err = tx.QueryRowContext(ctx, s.q(`INSERT INTO runs (run_key, repo, commit_hash, branch, at_ns, tool_version,
		scoring_version, policy_digest, passed, risk, active, critical, high, medium, low, info, suppressed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_key) DO NOTHING RETURNING id`),
		key, run.Repo, run.Commit, run.Branch, ns(run.At), run.ToolVersion, run.ScoringVersion, run.PolicyDigest,
		run.Passed, risk, c.Active, c.Critical, c.High, c.Medium, c.Low, c.Info, c.Suppressed).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, s.q("SELECT id FROM runs WHERE run_key = ?"), key).Scan(&id)
		return id, err
	}
	if err != nil {
		return 0, err
	}
	at := ns(run.At)
	for _, f := range findings {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO run_findings (run_id, fingerprint, rule, severity, path)
			VALUES (?, ?, ?, ?, ?)`), id, f.Fingerprint, f.Rule, f.Severity, f.Path); err != nil {
			return 0, err
		}
	}
	if newest.Valid && newest.Int64 > at {
		return id, nil
	}
	for _, f := range findings {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO findings (repo, fingerprint, rule, severity, path,
			first_seen_ns, first_run, last_seen_ns, last_run)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (repo, fingerprint) DO UPDATE SET
			rule = CASE WHEN excluded.rule = '' THEN findings.rule ELSE excluded.rule END,
			severity = CASE WHEN excluded.severity = '' THEN findings.severity ELSE excluded.severity END,
			path = CASE WHEN excluded.path = '' THEN findings.path ELSE excluded.path END, last_seen_ns = excluded.last_seen_ns, last_run = excluded.last_run,
			fixed_ns = NULL, fixed_run = NULL`),
			run.Repo, f.Fingerprint, f.Rule, f.Severity, f.Path, at, id, at, id); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE findings SET fixed_ns = ?, fixed_run = ?
		WHERE repo = ? AND fixed_ns IS NULL AND last_run <> ?`), at, id, run.Repo, id); err != nil {
		return 0, err
	}
	return id, nil
}
