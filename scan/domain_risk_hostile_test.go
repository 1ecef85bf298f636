package scan

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
)

// outside makes a directory beside the repository with one file in it and
// returns a check that fails the test when anything in it changed.
func outside(t *testing.T, dir string) func() {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "old.json"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		ents, _ := os.ReadDir(dir)
		if len(ents) != 1 || ents[0].Name() != "old.json" {
			t.Errorf("%s changed: %v", dir, ents)
		}
		if b, err := os.ReadFile(filepath.Join(dir, "old.json")); err != nil || string(b) != "precious" {
			t.Errorf("old.json changed: %q, %v", b, err)
		}
	}
}

// TestRiskPolicyCacheDirIgnored: a policy that points the cache outside
// the repository is reported, and nothing is written or deleted there.
func TestRiskPolicyCacheDirIgnored(t *testing.T) {
	cache := userCache(t)
	dir := gitRepo(t)
	check := outside(t, filepath.Join(filepath.Dir(dir), "somewhere"))
	pol, err := policy.Parse(policy.FileName, []byte("risk {\n  cache_dir = \"../somewhere\"\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for run := 0; run < 2; run++ {
		r, err := Run(context.Background(), Options{Root: dir, Policy: pol, Now: fixedNow, Only: []string{"risk"}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Risk == nil {
			t.Fatal("not scored")
		}
		var got []finding.Finding
		for _, f := range r.Findings {
			if f.Rule == "risk/cache-dir-ignored" {
				got = append(got, f)
			}
		}
		if len(got) != 1 || got[0].Location.Path != policy.FileName || got[0].Location.StartLine != 2 ||
			!strings.Contains(got[0].Message, "is ignored") {
			t.Fatalf("run %d: findings %+v", run, r.Findings)
		}
	}
	check()
	if m, _ := filepath.Glob(filepath.Join(cache, "risk", "*", "commits.bin")); len(m) != 1 {
		t.Errorf("the cache is not in the user's cache directory: %v", m)
	}
	// A policy without the key says nothing about it.
	pol, err = policy.Parse(policy.FileName, []byte("risk {\n  refit = false\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), Options{Root: dir, Policy: pol, Now: fixedNow, Only: []string{"risk"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Findings {
		if f.Rule == "risk/cache-dir-ignored" {
			t.Errorf("finding without the key: %+v", f)
		}
	}
}

// TestRiskIgnoresLinksInGitDir: the old in-tree cache folder committed (or
// planted) as a link out of the repository is not used.
func TestRiskIgnoresLinksInGitDir(t *testing.T) {
	userCache(t)
	dir := gitRepo(t)
	out := filepath.Join(filepath.Dir(dir), "out")
	check := outside(t, out)
	if err := os.MkdirAll(filepath.Join(dir, ".git", "tollgate"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(out, filepath.Join(dir, ".git", "tollgate", "risk")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(out, filepath.Join(dir, ".tollgate")); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Options{Root: dir, Now: fixedNow, Only: []string{"risk"}}); err != nil {
		t.Fatal(err)
	}
	check()
}

// TestRiskDomainDamagedObject: a damaged loose object is named as damaged,
// not as a shallow or partial clone.
func TestRiskDomainDamagedObject(t *testing.T) {
	userCache(t)
	dir := gitRepo(t)
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := repo.Head()
	co, err := repo.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	parent, err := co.Parent(0)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parent.File("a.go")
	if err != nil {
		t.Fatal(err)
	}
	corrupt := func(h string) {
		t.Helper()
		p := filepath.Join(dir, ".git", "objects", h[:2], h[2:])
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("damaged"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	corrupt(f.Hash.String())
	for run := 0; run < 2; run++ {
		r, err := Run(context.Background(), Options{Root: dir, Now: fixedNow, Only: []string{"risk"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Findings) != 1 || r.Findings[0].Rule != "risk/history-unavailable" ||
			!strings.Contains(r.Findings[0].Message, "object "+f.Hash.String()+" is damaged: ") ||
			strings.Contains(r.Findings[0].Message, "clone") {
			t.Fatalf("run %d: findings %+v", run, r.Findings)
		}
		if r.Risk == nil || r.Risk.History.Shallow || r.Risk.History.MissingObjects != 0 {
			t.Errorf("run %d: risk section %+v", run, r.Risk)
		}
	}
	// The tip itself damaged: not scored, and said why.
	corrupt(head.Hash().String())
	r, err := Run(context.Background(), Options{Root: dir, Now: fixedNow, Only: []string{"risk"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 1 || !strings.Contains(r.Findings[0].Message, "is damaged") || strings.Contains(r.Findings[0].Message, "clone") {
		t.Fatalf("damaged tip: findings %+v", r.Findings)
	}
}

// TestScoreRiskIgnoresDamagedResult: a damaged remembered result is a
// miss, recomputed, never a crash.
func TestScoreRiskIgnoresDamagedResult(t *testing.T) {
	dir := gitRepo(t)
	cache := t.TempDir()
	opts := RiskOptions(dir, policy.Default(), map[string]string{"risk.cache_dir": cache})
	first, _, err := ScoreRisk(context.Background(), dir, "HEAD", opts)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(cache, "risk", "*", "results", "*.json"))
	if len(files) != 1 {
		t.Fatalf("results = %v", files)
	}
	for _, bad := range []string{"", "{", `{"subject":"x","score":1000,"level":"high"}`, "null", `[]`} {
		if err := os.WriteFile(files[0], []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		again, a, err := ScoreRisk(context.Background(), dir, "HEAD", opts)
		if err != nil || a == nil {
			t.Fatalf("over %q: %v, recomputed %v", bad, err, a != nil)
		}
		if again.Score != first.Score {
			t.Errorf("over %q: score %d, want %d", bad, again.Score, first.Score)
		}
	}
}

// FuzzDecodeMemo feeds the remembered-result decoder arbitrary bytes: the
// file is on disk, where anything can damage it.
func FuzzDecodeMemo(f *testing.F) {
	good, _ := json.Marshal(&report.Risk{Subject: "abc", Score: 12, Level: "low", Drivers: []report.RiskDriver{{Factor: "la", Contribution: 1.5}}})
	f.Add(good)
	f.Add([]byte(""))
	f.Add([]byte("null"))
	f.Add([]byte(`{"subject":"x","score":-1,"level":"low"}`))
	f.Add([]byte(`{"subject":"x","score":5,"level":"low","percentile":1e999}`))
	f.Add([]byte(strings.Repeat("[", 10000)))
	f.Fuzz(func(t *testing.T, b []byte) {
		sec, ok := decodeMemo(b)
		if ok != (sec != nil) {
			t.Fatalf("ok %v with section %v", ok, sec)
		}
		if ok && (sec.Score < 0 || sec.Score > 100 || sec.Subject == "") {
			t.Fatalf("accepted %+v", sec)
		}
	})
}
