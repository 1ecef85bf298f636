package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"
)

const runColumns = `id, repo, commit_hash, branch, at_ns, tool_version, scoring_version, policy_digest, passed, risk,
	active, critical, high, medium, low, info, suppressed`

func scanRun(sc interface{ Scan(...any) error }) (Run, error) {
	var r Run
	var at int64
	var risk sql.NullInt64
	c := &r.Counts
	err := sc.Scan(&r.ID, &r.Repo, &r.Commit, &r.Branch, &at, &r.ToolVersion, &r.ScoringVersion, &r.PolicyDigest,
		&r.Passed, &risk, &c.Active, &c.Critical, &c.High, &c.Medium, &c.Low, &c.Info, &c.Suppressed)
	r.At = fromNS(at)
	if risk.Valid {
		v := int(risk.Int64)
		r.Risk = &v
	}
	return r, err
}

// Trend returns the last n runs of a repository (all when n ≤ 0), oldest
// first.
func (s *Store) Trend(ctx context.Context, repo string, n int) ([]Run, error) {
	query := "SELECT " + runColumns + " FROM runs WHERE repo = ? ORDER BY at_ns DESC, id DESC"
	args := []any{repo}
	if n > 0 {
		query += " LIMIT ?"
		args = append(args, n)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("trend of %q: %w", repo, err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("trend of %q: %w", repo, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("trend of %q: %w", repo, err)
	}
	slices.Reverse(out)
	return out, nil
}

// Repos returns the repositories with at least one run, sorted.
func (s *Store) Repos(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT DISTINCT repo FROM runs ORDER BY repo")
	if err != nil {
		return nil, fmt.Errorf("list repositories: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("list repositories: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Diff is what changed between two runs of a repository.
type Diff struct {
	From, To Run
	// New are in To and not in From; Fixed in From and not in To. Both
	// sorted by fingerprint.
	New, Fixed []Finding
}

// DiffSinceLast compares a repository's newest run with the one before it.
// With a single run, everything in it is new and From is the zero Run.
func (s *Store) DiffSinceLast(ctx context.Context, repo string) (Diff, error) {
	runs, err := s.Trend(ctx, repo, 2)
	if err != nil {
		return Diff{}, err
	}
	if len(runs) == 0 {
		return Diff{}, fmt.Errorf("diff of %q: no runs recorded", repo)
	}
	var d Diff
	d.To = runs[len(runs)-1]
	to, err := s.runFindings(ctx, d.To.ID)
	if err != nil {
		return Diff{}, err
	}
	var from []Finding
	if len(runs) == 2 {
		d.From = runs[0]
		if from, err = s.runFindings(ctx, d.From.ID); err != nil {
			return Diff{}, err
		}
	}
	in := func(set []Finding, fp string) bool {
		_, ok := slices.BinarySearchFunc(set, fp, func(f Finding, fp string) int { return cmpString(f.Fingerprint, fp) })
		return ok
	}
	for _, f := range to {
		if !in(from, f.Fingerprint) {
			d.New = append(d.New, f)
		}
	}
	for _, f := range from {
		if !in(to, f.Fingerprint) {
			d.Fixed = append(d.Fixed, f)
		}
	}
	return d, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// runFindings returns a run's findings sorted by fingerprint.
func (s *Store) runFindings(ctx context.Context, id int64) ([]Finding, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT fingerprint, rule, severity, path FROM run_findings
		WHERE run_id = ? ORDER BY fingerprint`), id)
	if err != nil {
		return nil, fmt.Errorf("findings of run %d: %w", id, err)
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		var f Finding
		if err := rows.Scan(&f.Fingerprint, &f.Rule, &f.Severity, &f.Path); err != nil {
			return nil, fmt.Errorf("findings of run %d: %w", id, err)
		}
		out = append(out, f)
	}
	// Sort again in Go: the databases' collations may differ.
	slices.SortFunc(out, func(a, b Finding) int { return cmpString(a.Fingerprint, b.Fingerprint) })
	return out, rows.Err()
}

// Lifecycle is a finding's life in one repository.
type Lifecycle struct {
	Repo string `json:"repo"`
	Finding
	FirstSeen time.Time  `json:"first_seen"`
	LastSeen  time.Time  `json:"last_seen"`
	Fixed     *time.Time `json:"fixed,omitempty"`
}

// Lifecycles returns every finding ever seen in repo (every repository when
// repo is empty), sorted by repository and fingerprint.
func (s *Store) Lifecycles(ctx context.Context, repo string) ([]Lifecycle, error) {
	query := `SELECT repo, fingerprint, rule, severity, path, first_seen_ns, last_seen_ns, fixed_ns FROM findings`
	var args []any
	if repo != "" {
		query += " WHERE repo = ?"
		args = append(args, repo)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("read findings: %w", err)
	}
	defer rows.Close()
	var out []Lifecycle
	for rows.Next() {
		var l Lifecycle
		var first, last int64
		var fixed sql.NullInt64
		if err := rows.Scan(&l.Repo, &l.Fingerprint, &l.Rule, &l.Severity, &l.Path, &first, &last, &fixed); err != nil {
			return nil, fmt.Errorf("read findings: %w", err)
		}
		l.FirstSeen, l.LastSeen = fromNS(first), fromNS(last)
		if fixed.Valid {
			t := fromNS(fixed.Int64)
			l.Fixed = &t
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b Lifecycle) int {
		if c := cmpString(a.Repo, b.Repo); c != 0 {
			return c
		}
		return cmpString(a.Fingerprint, b.Fingerprint)
	})
	return out, rows.Err()
}

// MTTR is the time to fix findings: from first seen to the first run that
// no longer had them.
type MTTR struct {
	// Fixed counts the fixed findings; Open the ones still present.
	Fixed  int           `json:"fixed"`
	Open   int           `json:"open"`
	Mean   time.Duration `json:"mean_ns"`
	Median time.Duration `json:"median_ns"`
	// BySeverity is the mean per severity, for severities with fixes.
	BySeverity map[string]time.Duration `json:"by_severity_ns,omitempty"`
}

// TimeToFix computes the MTTR over repo's findings (every repository when
// repo is empty).
func (s *Store) TimeToFix(ctx context.Context, repo string) (MTTR, error) {
	ls, err := s.Lifecycles(ctx, repo)
	if err != nil {
		return MTTR{}, err
	}
	var m MTTR
	var all []time.Duration
	sum := map[string]time.Duration{}
	n := map[string]int{}
	for _, l := range ls {
		if l.Fixed == nil {
			m.Open++
			continue
		}
		d := l.Fixed.Sub(l.FirstSeen)
		all = append(all, d)
		sum[l.Severity] += d
		n[l.Severity]++
	}
	m.Fixed = len(all)
	if m.Fixed == 0 {
		return m, nil
	}
	slices.Sort(all)
	var total time.Duration
	for _, d := range all {
		total += d
	}
	m.Mean = total / time.Duration(len(all))
	if len(all)%2 == 1 {
		m.Median = all[len(all)/2]
	} else {
		m.Median = (all[len(all)/2-1] + all[len(all)/2]) / 2
	}
	m.BySeverity = map[string]time.Duration{}
	for sev, d := range sum {
		m.BySeverity[sev] = d / time.Duration(n[sev])
	}
	return m, nil
}

// exportLine is one line of the NDJSON export.
type exportLine struct {
	Type     string     `json:"type"`
	Run      *Run       `json:"run,omitempty"`
	Findings []Finding  `json:"findings,omitempty"`
	Finding  *Lifecycle `json:"finding,omitempty"`
}

// Export writes the store as NDJSON: a "run" line per run (repository, time
// order) with its findings, then a "finding" line per finding lifecycle.
// Limited to repo when it is not empty. Run IDs are left out so that two
// stores holding the same runs export the same bytes.
func (s *Store) Export(ctx context.Context, w io.Writer, repo string) error {
	repos := []string{repo}
	if repo == "" {
		var err error
		if repos, err = s.Repos(ctx); err != nil {
			return err
		}
	}
	enc := json.NewEncoder(w)
	for _, r := range repos {
		runs, err := s.Trend(ctx, r, 0)
		if err != nil {
			return err
		}
		for i := range runs {
			fs, err := s.runFindings(ctx, runs[i].ID)
			if err != nil {
				return err
			}
			runs[i].ID = 0
			if err := enc.Encode(exportLine{Type: "run", Run: &runs[i], Findings: fs}); err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
	}
	ls, err := s.Lifecycles(ctx, repo)
	if err != nil {
		return err
	}
	for i := range ls {
		if err := enc.Encode(exportLine{Type: "finding", Finding: &ls[i]}); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}
