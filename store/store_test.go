package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tollgate-dev/tollgate/history"
)

var t0 = time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)

var pgSchemas atomic.Int64

// backends returns the DSNs each test runs on: a fresh SQLite file always,
// and a fresh schema of the PostgreSQL database named by
// TOLLGATE_TEST_POSTGRES when it is set.
func backends(t *testing.T) map[string]func(t *testing.T) string {
	b := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return filepath.Join(t.TempDir(), "history.db") },
	}
	if dsn := os.Getenv("TOLLGATE_TEST_POSTGRES"); dsn != "" {
		b["postgres"] = func(t *testing.T) string {
			db, err := sql.Open("pgx", dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			schema := fmt.Sprintf("tg_%d_%d", os.Getpid(), pgSchemas.Add(1))
			if _, err := db.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				db, err := sql.Open("pgx", dsn)
				if err == nil {
					db.Exec("DROP SCHEMA " + schema + " CASCADE")
					db.Close()
				}
			})
			sep := "?"
			if strings.Contains(dsn, "?") {
				sep = "&"
			}
			return dsn + sep + "search_path=" + schema
		}
	}
	return b
}

// each runs f on every backend.
func each(t *testing.T, f func(t *testing.T, dsn string)) {
	for _, name := range []string{"sqlite", "postgres"} {
		mk, ok := backends(t)[name]
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) { f(t, mk(t)) })
	}
}

func open(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func run(repo string, hour int) Run {
	return Run{Repo: repo, Commit: fmt.Sprintf("c%02d", hour), At: t0.Add(time.Duration(hour) * time.Hour),
		ToolVersion: "v1.2.3", ScoringVersion: "model-1", PolicyDigest: "p1", Passed: true}
}

func fs(fps ...string) []Finding {
	var out []Finding
	for _, fp := range fps {
		out = append(out, Finding{Fingerprint: fp, Rule: "TG" + fp, Severity: "high", Path: fp + ".go"})
	}
	return out
}

func ingest(t *testing.T, s *Store, r Run, f []Finding) int64 {
	t.Helper()
	id, err := s.Ingest(context.Background(), r, f)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestMigrationsOnceAndReopen(t *testing.T) {
	each(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ingest(t, s, run("r", 0), fs("a"))
		s.Close()
		s = open(t, dsn)
		v, err := s.SchemaVersion(context.Background())
		if err != nil || v != len(migrations) {
			t.Fatalf("schema version = %d, %v; want %d", v, err, len(migrations))
		}
		if runs, err := s.Trend(context.Background(), "r", 0); err != nil || len(runs) != 1 {
			t.Fatalf("after reopen: %d runs, %v; want 1", len(runs), err)
		}
	})
}

func TestLifecycleDiffAndMTTR(t *testing.T) {
	each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		ingest(t, s, run("r", 0), fs("a", "b"))
		ingest(t, s, run("r", 2), fs("b", "c"))
		ingest(t, s, run("r", 5), fs("c", "a"))

		ls, err := s.Lifecycles(ctx, "r")
		if err != nil {
			t.Fatal(err)
		}
		at := func(h int) *time.Time { x := t0.Add(time.Duration(h) * time.Hour); return &x }
		type life struct {
			FP          string
			First, Last time.Time
			Fixed       *time.Time
		}
		var got []life
		for _, l := range ls {
			got = append(got, life{l.Fingerprint, l.FirstSeen, l.LastSeen, l.Fixed})
		}
		want := []life{
			{"a", *at(0), *at(5), nil}, // fixed at 2, seen again at 5: open
			{"b", *at(0), *at(2), at(5)},
			{"c", *at(2), *at(5), nil},
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("lifecycles (-want +got):\n%s", d)
		}

		d, err := s.DiffSinceLast(ctx, "r")
		if err != nil {
			t.Fatal(err)
		}
		if d.From.Commit != "c02" || d.To.Commit != "c05" {
			t.Errorf("diff compares %q with %q; want c02 with c05", d.From.Commit, d.To.Commit)
		}
		if d := cmp.Diff(fs("a"), d.New); d != "" {
			t.Errorf("new (-want +got):\n%s", d)
		}
		if d := cmp.Diff(fs("b"), d.Fixed); d != "" {
			t.Errorf("fixed (-want +got):\n%s", d)
		}

		m, err := s.TimeToFix(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		want2 := MTTR{Fixed: 1, Open: 2, Mean: 5 * time.Hour, Median: 5 * time.Hour,
			BySeverity: map[string]time.Duration{"high": 5 * time.Hour}}
		if d := cmp.Diff(want2, m); d != "" {
			t.Errorf("mttr (-want +got):\n%s", d)
		}

		tr, err := s.Trend(ctx, "r", 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(tr) != 2 || tr[0].Commit != "c02" || tr[1].Commit != "c05" || tr[1].ScoringVersion != "model-1" {
			t.Errorf("trend of 2 = %+v; want runs c02, c05 with their scoring version", tr)
		}
	})
}

func TestIngestIsIdempotent(t *testing.T) {
	each(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		id1 := ingest(t, s, run("r", 0), fs("a", "a", "b"))
		id2 := ingest(t, s, run("r", 0), fs("a", "b"))
		if id1 != id2 {
			t.Errorf("second ingest gave run %d; want the first, %d", id2, id1)
		}
		var buf bytes.Buffer
		if err := s.Export(context.Background(), &buf, ""); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(buf.String(), `"type":"run"`); n != 1 {
			t.Errorf("export has %d runs; want 1:\n%s", n, buf.String())
		}
	})
}

func TestOlderRunLeavesLifecycleAlone(t *testing.T) {
	each(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ingest(t, s, run("r", 5), fs("a"))
		ingest(t, s, run("r", 1), fs("b"))
		ls, err := s.Lifecycles(context.Background(), "r")
		if err != nil {
			t.Fatal(err)
		}
		if len(ls) != 1 || ls[0].Fingerprint != "a" || ls[0].Fixed != nil {
			t.Errorf("lifecycles = %+v; want only a, open", ls)
		}
		tr, _ := s.Trend(context.Background(), "r", 0)
		if len(tr) != 2 || tr[0].Commit != "c01" {
			t.Errorf("trend = %+v; want the older run first", tr)
		}
	})
}

// Parallel shards ingest into one store: separate Store values (separate
// connection pools, as separate processes have), many runs at once, some of
// them the same run twice.
func TestConcurrentWriters(t *testing.T) {
	each(t, func(t *testing.T, dsn string) {
		open(t, dsn) // create the schema first, as the first shard would
		const writers, runs = 6, 8
		var wg sync.WaitGroup
		errs := make(chan error, writers*runs)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(context.Background(), dsn)
				if err != nil {
					errs <- err
					return
				}
				defer s.Close()
				for i := range runs {
					// Writers w and w+1 share repository w/2: same runs twice.
					repo := fmt.Sprintf("repo%d", w/2)
					if _, err := s.Ingest(context.Background(), run(repo, i), fs(fmt.Sprint(i), "x")); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		s := open(t, dsn)
		for r := range writers / 2 {
			tr, err := s.Trend(context.Background(), fmt.Sprintf("repo%d", r), 0)
			if err != nil || len(tr) != runs {
				t.Errorf("repo%d: %d runs, %v; want %d", r, len(tr), err, runs)
			}
		}
		m, err := s.TimeToFix(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		// Per repository: "x" and the last run's finding open, the rest fixed.
		if want := (MTTR{Fixed: (runs - 1) * writers / 2, Open: 2 * writers / 2}); m.Fixed != want.Fixed || m.Open != want.Open {
			t.Errorf("fixed %d open %d; want %d and %d", m.Fixed, m.Open, want.Fixed, want.Open)
		}
	})
}

// Two stores holding the same runs export the same bytes, whatever order
// the repositories came in.
func TestExportIsDeterministic(t *testing.T) {
	each(t, func(t *testing.T, dsn string) {
		a := open(t, dsn)
		b := open(t, filepath.Join(t.TempDir(), "b.db"))
		ingest(t, a, run("one", 0), fs("a"))
		ingest(t, a, run("two", 0), fs("b"))
		ingest(t, a, run("one", 1), fs("c"))
		ingest(t, b, run("two", 0), fs("b"))
		ingest(t, b, run("one", 0), fs("a"))
		ingest(t, b, run("one", 1), fs("c"))
		var ea, eb bytes.Buffer
		if err := a.Export(context.Background(), &ea, ""); err != nil {
			t.Fatal(err)
		}
		if err := b.Export(context.Background(), &eb, ""); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(ea.String(), eb.String()); d != "" {
			t.Errorf("exports differ (-a +b):\n%s", d)
		}
		lines := strings.Split(strings.TrimSpace(ea.String()), "\n")
		if len(lines) != 6 || !strings.Contains(lines[0], `"repo":"one"`) || !strings.Contains(lines[5], `"type":"finding"`) {
			t.Errorf("export = %s; want 3 run lines (one, one, two) then 3 finding lines", ea.String())
		}
	})
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	each(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		if _, err := s.db.Exec(s.q("INSERT INTO schema_migrations (version) VALUES (?)"), len(migrations)+1); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if _, err := Open(context.Background(), dsn); err == nil || !strings.Contains(err.Error(), "newer") {
			t.Errorf("open of a newer schema: %v; want an error saying it is newer", err)
		}
	})
}

func TestImportHistory(t *testing.T) {
	each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		dir := t.TempDir()
		risk := 40
		for i, fps := range [][]string{{"a", "b"}, {"b"}} {
			rec := history.Record{Schema: history.Schema, At: t0.Add(time.Duration(i) * time.Hour), Commit: fmt.Sprintf("c%d", i),
				PolicyDigest: "p", Passed: i == 1, Active: map[string]int{"high": len(fps)}, Rules: map[string]int{}, Risk: &risk,
				Fingerprints: fps}
			if _, err := history.Append(dir, rec); err != nil {
				t.Fatal(err)
			}
		}
		s := open(t, dsn)
		for range 2 {
			n, err := s.ImportHistory(ctx, "r", dir)
			if err != nil || n != 2 {
				t.Fatalf("import: %d, %v; want 2 records", n, err)
			}
		}
		tr, err := s.Trend(ctx, "r", 0)
		if err != nil || len(tr) != 2 || tr[1].Counts.High != 1 || *tr[1].Risk != 40 || !tr[1].Passed {
			t.Fatalf("trend after importing twice = %+v, %v; want two runs, the last with one high finding", tr, err)
		}
		// A later scan names the rule the record did not keep.
		ingest(t, s, run("r", 2), fs("b"))
		ls, _ := s.Lifecycles(ctx, "r")
		var got []string
		for _, l := range ls {
			state := "open"
			if l.Fixed != nil {
				state = "fixed"
			}
			got = append(got, strings.TrimSpace(strings.Join([]string{l.Fingerprint, l.Rule, l.Severity, l.Path}, " "))+" "+state)
		}
		if d := cmp.Diff([]string{"a fixed", "b TGb high b.go open"}, got); d != "" {
			t.Errorf("lifecycles (-want +got):\n%s", d)
		}
	})
}
