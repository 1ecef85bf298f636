package scan

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/tollgate-dev/tollgate/changerisk"
	"github.com/tollgate-dev/tollgate/policy"
)

func fixedNow() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

// gitRepo makes a small history: three commits, the last a big one.
func gitRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := r.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, content := range []string{"package a\n", "package a\n\nvar x = 1\n", "package a\n\nvar x = 1\n" + strings.Repeat("var y = 2\n", 200)} {
		if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add("a.go"); err != nil {
			t.Fatal(err)
		}
		sig := &object.Signature{Name: "Ada", Email: "ada@example.com", When: when.Add(time.Duration(i) * time.Hour)}
		if _, err := wt.Commit("change "+string(rune('a'+i)), &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// userCache points tollgate's cache directory at a fresh temporary one.
func userCache(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(changerisk.CacheEnv, dir)
	return dir
}

func TestRiskDomainScoresHead(t *testing.T) {
	cache := userCache(t)
	dir := gitRepo(t)
	pol := policy.Default()
	pol.MaxChangeRisk = 1
	r, err := Run(context.Background(), Options{Root: dir, Policy: pol, Now: fixedNow, Only: []string{"risk"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Risk == nil || r.Risk.Subject != r.Repository.Commit || r.Risk.History.Commits != 3 {
		t.Fatalf("risk section = %+v", r.Risk)
	}
	var gate bool
	for _, g := range r.Gates {
		if g.Name == "risk" {
			gate = true
			if g.Passed != (r.Risk.Score <= 1) {
				t.Errorf("risk gate %+v for score %d", g, r.Risk.Score)
			}
		}
	}
	if !gate {
		t.Errorf("no risk gate in %+v", r.Gates)
	}
	if m, _ := filepath.Glob(filepath.Join(cache, "risk", "*", "commits.bin")); len(m) != 1 {
		t.Errorf("no feature cache written in the user's cache directory: %v", m)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "tollgate")); !os.IsNotExist(err) {
		t.Errorf("the repository was written to: %v", err)
	}
}

func TestRiskDomainRange(t *testing.T) {
	userCache(t)
	dir := gitRepo(t)
	r, err := Run(context.Background(), Options{Root: dir, Now: fixedNow, Mode: "pr", Only: []string{"risk"},
		DomainOptions: map[string]string{"risk.range": "HEAD~2..HEAD"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Risk == nil || r.Risk.Commits != 2 || !strings.Contains(r.Risk.Subject, "..") {
		t.Fatalf("risk section = %+v", r.Risk)
	}
}

func TestRiskDomainWithoutGit(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pol := policy.Default()
	pol.MaxChangeRisk = 50
	r, err := Run(context.Background(), Options{Root: dir, Policy: pol, Now: fixedNow, Only: []string{"risk"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Risk != nil {
		t.Errorf("risk section without git: %+v", r.Risk)
	}
	if len(r.Findings) != 0 {
		t.Fatalf("a plain directory has no history to report on: %+v", r.Findings)
	}
	if !r.Passed() {
		t.Errorf("a repository without git must not fail the gates: %+v", r.Gates)
	}
}

func TestRiskDomainNoCommits(t *testing.T) {
	dir := t.TempDir()
	if _, err := git.PlainInit(dir, false); err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), Options{Root: dir, Now: fixedNow, Only: []string{"risk"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 0 || r.Risk != nil {
		t.Fatalf("a repository without commits has nothing to score: %+v", r.Findings)
	}
}

func TestRiskDomainBrokenHistory(t *testing.T) {
	userCache(t)
	dir := gitRepo(t)
	// Damage the object store: remove every loose object.
	objs := filepath.Join(dir, ".git", "objects")
	entries, _ := os.ReadDir(objs)
	for _, e := range entries {
		if len(e.Name()) == 2 {
			os.RemoveAll(filepath.Join(objs, e.Name()))
		}
	}
	r, err := Run(context.Background(), Options{Root: dir, Now: fixedNow, Only: []string{"risk"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 1 || r.Findings[0].Rule != "risk/history-unavailable" {
		t.Fatalf("findings = %+v", r.Findings)
	}
}

func TestScoreRiskRemembersResults(t *testing.T) {
	dir := gitRepo(t)
	opts := RiskOptions(dir, policy.Default(), map[string]string{"risk.cache_dir": t.TempDir()})
	first, a, err := ScoreRisk(context.Background(), dir, "HEAD", opts)
	if err != nil || a == nil {
		t.Fatalf("first run: %v, analysis %v", err, a)
	}
	again, a, err := ScoreRisk(context.Background(), dir, "HEAD", opts)
	if err != nil || a != nil {
		t.Fatalf("second run should come from the cache: %v, analysis %v", err, a)
	}
	if !reflect.DeepEqual(first, again) {
		t.Errorf("remembered result differs:\n%+v\n%+v", first, again)
	}
	// Another subject is computed afresh.
	if _, a, err := ScoreRisk(context.Background(), dir, "HEAD~1", opts); err != nil || a == nil {
		t.Fatalf("HEAD~1: %v, analysis %v", err, a)
	}
}
