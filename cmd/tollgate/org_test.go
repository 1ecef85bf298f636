package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/history"
	"github.com/tollgate-dev/tollgate/internal/gitrepo"
)

// TestOrgPlanScanMergeHistory runs the organisation commands as a user
// would: plan from a directory of clones, scan both shards, merge into a
// store, then query it.
func TestOrgPlanScanMergeHistory(t *testing.T) {
	clones := t.TempDir()
	for _, name := range []string{"a", "b", "c"} {
		r := gitrepo.New(t)
		r.Commit("init", map[string]string{".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"})
		dst := filepath.Join(clones, "example.com", "acme", name)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.Rename(r.Dir, dst); err != nil {
			t.Fatal(err)
		}
	}
	work := t.TempDir()
	planPath := filepath.Join(work, "plan.json")
	code, plan, errOut := tollgate(t, "org", "plan", "--dir", clones, "--shards", "2", "--only", "pipeline", "--run", "n1")
	if code != exitClean {
		t.Fatalf("plan: exit %d: %s", code, errOut)
	}
	os.WriteFile(planPath, []byte(plan), 0o644)
	if code, out, _ := tollgate(t, "org", "plan", "--dir", clones, "--shards", "2", "--format", "gha-matrix"); code != exitClean || !strings.Contains(out, "fail-fast: false") {
		t.Errorf("plan as a matrix: exit %d:\n%s", code, out)
	}
	out := filepath.Join(work, "out")
	for _, shard := range []string{"0", "1"} {
		if code, stdout, errOut := tollgate(t, "org", "scan", "--plan", planPath, "--shard", shard, "--out", out); code != exitClean {
			t.Fatalf("scan shard %s: exit %d: %s %s", shard, code, stdout, errOut)
		}
	}
	db := filepath.Join(work, "history.db")
	code, stdout, errOut := tollgate(t, "org", "merge", filepath.Join(out, "n1"), "--store", db)
	if code != exitClean || !strings.Contains(stdout, "merged 3 of 3 repositories") {
		t.Fatalf("merge: exit %d: %s %s", code, stdout, errOut)
	}
	md, err := os.ReadFile(filepath.Join(out, "n1", "org.md"))
	if err != nil || !strings.Contains(string(md), "| example.com/acme/b |") {
		t.Errorf("org.md: %v\n%s", err, md)
	}
	if code, _, errOut := tollgate(t, "org", "scan", "--plan", planPath, "--out", out); code != exitUsage || !strings.Contains(errOut, "want --shard") {
		t.Errorf("scan without a shard: exit %d: %s", code, errOut)
	}

	for _, q := range [][]string{
		{"trend", "--repo", "example.com/acme/a"},
		{"diff", "--repo", "example.com/acme/a"},
		{"mttr"},
		{"export", "--format", "ndjson"},
	} {
		code, stdout, errOut := tollgate(t, append([]string{"history", "--store", db}, q...)...)
		if code != exitClean || stdout == "" {
			t.Errorf("history %v: exit %d: %s %s", q, code, stdout, errOut)
		}
		if q[0] == "export" && strings.Count(stdout, `"type":"run"`) != 3 {
			t.Errorf("export holds %d runs; want 3:\n%s", strings.Count(stdout, `"type":"run"`), stdout)
		}
	}
	// A directory of the JSON records earlier versions of scan --history
	// wrote.
	hist := filepath.Join(work, "scan-history")
	rec := history.Record{Schema: history.Schema, At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Commit: "0123456789ab",
		PolicyDigest: "p", Active: map[string]int{"high": 1}, Rules: map[string]int{}, Fingerprints: []string{"f1"}}
	if _, err := history.Append(hist, rec); err != nil {
		t.Fatal(err)
	}
	if code, stdout, errOut := tollgate(t, "history", "--store", db, "--repo", "example.com/acme/a", "import", hist); code != exitClean || !strings.Contains(stdout, "imported 1 record") {
		t.Errorf("history import: exit %d: %s %s", code, stdout, errOut)
	}
	if code, _, _ := tollgate(t, "history", "--store", db, "diff", "--repo", "x/y/z", "--since", "2026-01-01"); code != exitUsage {
		t.Errorf("diff --since a date: exit %d; want %d", code, exitUsage)
	}
}
