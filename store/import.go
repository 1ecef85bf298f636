package store

import (
	"context"
	"fmt"

	"github.com/tollgate-dev/tollgate/history"
)

// FromRecord turns a record that `scan --history` kept into a run to ingest.
// A record keeps the fingerprints of the active findings but not their
// rule, severity or path, nor the tool version: those stay empty (a later
// run of the same finding fills them in).
func FromRecord(repo string, rec history.Record) (Run, []Finding) {
	run := Run{Repo: repo, Commit: rec.Commit, Branch: rec.Branch, At: rec.At.UTC(), PolicyDigest: rec.PolicyDigest,
		Passed: rec.Passed, Risk: rec.Risk}
	c := &run.Counts
	c.Critical, c.High, c.Medium, c.Low, c.Info = rec.Active["critical"], rec.Active["high"], rec.Active["medium"], rec.Active["low"], rec.Active["info"]
	c.Active = c.Critical + c.High + c.Medium + c.Low + c.Info
	var fs []Finding
	for _, fp := range rec.Fingerprints {
		fs = append(fs, Finding{Fingerprint: fp})
	}
	return run, fs
}

// ImportHistory ingests every record of a `scan --history` directory as
// runs of repo, oldest first, and returns how many it read. Importing again
// changes nothing.
func (s *Store) ImportHistory(ctx context.Context, repo, dir string) (int, error) {
	recs, err := history.Load(dir)
	if err != nil {
		return 0, err
	}
	for _, rec := range recs {
		run, fs := FromRecord(repo, rec)
		if _, err := s.Ingest(ctx, run, fs); err != nil {
			return 0, fmt.Errorf("import %q: %w", dir, err)
		}
	}
	return len(recs), nil
}
