package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/tollgate-dev/tollgate/changerisk"
)

func riskRepo(t *testing.T, n int) string {
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
	content := "package a\n"
	for i := 0; i < n; i++ {
		content += strings.Repeat("var v = 1\n", i%5+1)
		if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add("a.go"); err != nil {
			t.Fatal(err)
		}
		sig := &object.Signature{Name: "Ada", Email: "ada@example.com", When: when.Add(time.Duration(i) * time.Hour)}
		if _, err := wt.Commit("change", &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestRiskCommand(t *testing.T) {
	t.Setenv(changerisk.CacheEnv, t.TempDir())
	dir := riskRepo(t, 5)
	code, out, errs := runCmd(t, "risk", "-C", dir)
	if code != exitClean || !strings.Contains(out, "/100 (") || !strings.Contains(out, "Model: ") {
		t.Fatalf("risk: code %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCmd(t, "risk", "-C", dir, "--format", "json", "HEAD~1")
	var sec struct {
		Subject string `json:"subject"`
		Score   int    `json:"score"`
	}
	if code != exitClean || json.Unmarshal([]byte(out), &sec) != nil || len(sec.Subject) != 40 {
		t.Fatalf("risk HEAD~1 json: code %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, "risk", "-C", dir, "--all", "--format", "json")
	var all []map[string]any
	if code != exitClean || json.Unmarshal([]byte(out), &all) != nil || len(all) != 5 {
		t.Fatalf("risk --all: code %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, "risk", "-C", dir, "--range", "HEAD~2..HEAD")
	if code != exitClean || !strings.Contains(out, "2 commits by") {
		t.Fatalf("risk --range: code %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, "risk", "-C", dir, "--range", "HEAD..HEAD")
	if code != exitClean || !strings.Contains(out, "no score (no commits in range)") || strings.Contains(out, "/100") {
		t.Fatalf("risk --range of an empty range: code %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, "risk", "-C", dir, "--evaluate", "--bootstrap", "10")
	if code != exitClean || !strings.Contains(out, "too little labelled history") {
		t.Fatalf("risk --evaluate: code %d\n%s", code, out)
	}
}

func TestRiskCommandGate(t *testing.T) {
	t.Setenv(changerisk.CacheEnv, t.TempDir())
	dir := riskRepo(t, 3)
	pol := filepath.Join(t.TempDir(), "p.hcl")
	if err := os.WriteFile(pol, []byte("gate {\n  max_change_risk = 1\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCmd(t, "risk", "-C", dir, "--policy", pol)
	if !strings.Contains(out, "gate risk") {
		t.Fatalf("no gate line:\n%s", out)
	}
	if strings.Contains(out, "FAILED") != (code == exitGate) {
		t.Errorf("exit %d does not match the gate:\n%s", code, out)
	}
}

func TestRiskCommandErrors(t *testing.T) {
	t.Setenv(changerisk.CacheEnv, t.TempDir())
	if code, _, errs := runCmd(t, "risk", "-C", t.TempDir()); code != exitUsage || !strings.Contains(errs, "not a git repository") {
		t.Errorf("outside git: code %d, %s", code, errs)
	}
	if code, _, _ := runCmd(t, "risk", "--range", "main"); code != exitUsage {
		t.Errorf("bad range: code %d", code)
	}
	if code, _, _ := runCmd(t, "risk", "--all", "--evaluate"); code != exitUsage {
		t.Errorf("--all with --evaluate: code %d", code)
	}
}

// TestRiskCommandCacheDir: the cache goes below --cache-dir, whatever the
// repository's policy says, and nothing is written into the repository.
func TestRiskCommandCacheDir(t *testing.T) {
	t.Setenv(changerisk.CacheEnv, t.TempDir())
	dir := riskRepo(t, 3)
	elsewhere := filepath.Join(filepath.Dir(dir), "elsewhere")
	if err := os.WriteFile(filepath.Join(dir, ".tollgate.hcl"), []byte("risk {\n  cache_dir = \"../elsewhere\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(t.TempDir(), "mine")
	code, out, errs := runCmd(t, "risk", "-C", dir, "--cache-dir", cache)
	if code != exitClean {
		t.Fatalf("risk --cache-dir: code %d\n%s\n%s", code, out, errs)
	}
	if m, _ := filepath.Glob(filepath.Join(cache, "risk", "*", "commits.bin")); len(m) != 1 {
		t.Errorf("no cache below --cache-dir: %v", m)
	}
	for _, p := range []string{elsewhere, filepath.Join(dir, ".git", "tollgate")} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s was written: %v", p, err)
		}
	}
}

// TestStarterMinRefitBugs: `tollgate init` documents the default the code
// uses.
func TestStarterMinRefitBugs(t *testing.T) {
	want := fmt.Sprintf("min_refit_bugs = %d ", changerisk.DefaultMinRefitBugs)
	if !strings.Contains(string(starterPolicy), want) {
		t.Errorf("starter policy does not document %q", want)
	}
}

// TestRiskVerbose: -v says what the run cost, phase by phase, and then that
// a rerun on unchanged history read the remembered result.
func TestRiskVerbose(t *testing.T) {
	t.Setenv(changerisk.CacheEnv, t.TempDir())
	dir := riskRepo(t, 4)
	code, _, errs := runCmd(t, "risk", "-v", "-C", dir)
	if code != exitClean || !strings.Contains(errs, "4 commits (4 diffed now, 0 from the cache); walk ") {
		t.Fatalf("risk -v: code %d\n%s", code, errs)
	}
	code, _, errs = runCmd(t, "risk", "-v", "-C", dir)
	if code != exitClean || !strings.Contains(errs, "from the cache") {
		t.Fatalf("risk -v rerun: code %d\n%s", code, errs)
	}
	if code, _, errs = runCmd(t, "risk", "-C", dir); code != exitClean || errs != "" {
		t.Errorf("risk without -v wrote %q", errs)
	}
}
