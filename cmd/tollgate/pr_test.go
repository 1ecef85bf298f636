package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/tollgate-dev/tollgate/internal/gitrepo"
)

const (
	brokenYAML   = "on: push\njobs:\n  test:\n    steps:\n      - run: a\n     - run: b\n"
	goodYAML     = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\npermissions: {}\nconcurrency: ci\n"
	writeAllYAML = "on: push\npermissions: write-all\nconcurrency: ci\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: echo hi\n"
)

// prRepo has a base commit on "main" with two broken workflows, and a head
// that fixes one, keeps the other and breaks a third.
func prRepo(t *testing.T) *gitrepo.Repo {
	repo := gitrepo.New(t)
	base := repo.Commit("base", map[string]string{
		".github/workflows/a.yml": brokenYAML,
		".github/workflows/d.yml": brokenYAML,
		".github/workflows/c.yml": goodYAML,
	})
	if err := repo.Git.Storer.SetReference(plumbing.NewHashReference("refs/heads/main", base)); err != nil {
		t.Fatal(err)
	}
	repo.Commit("head: fix a, break c", map[string]string{
		".github/workflows/a.yml": goodYAML,
		".github/workflows/c.yml": brokenYAML + "# @org/team <!-- tollgate:report v1 -->\n",
	})
	t.Chdir(repo.Dir)
	return repo
}

func TestPRComment(t *testing.T) {
	repo := prRepo(t)
	before := snapshot(t, repo.Dir)
	code, out, errOut := tollgate(t, "pr", "--base", "main", "--now", "2026-01-02T15:04:05Z")
	if code != exitGate {
		t.Errorf("exit = %d, want %d (a new high finding); stderr:\n%s", code, exitGate, errOut)
	}
	if !strings.HasPrefix(out, "<!-- tollgate:report v1 -->\n") {
		t.Errorf("comment must start with the marker:\n%s", out)
	}
	if strings.Count(out, "<!--") != 1 {
		t.Errorf("forged marker in the comment:\n%s", out)
	}
	if !strings.Contains(out, "**1 new**, 1 existing, 1 fixed") {
		t.Errorf("want 1 new (c.yml), 1 existing (d.yml), 1 fixed (a.yml):\n%s", out)
	}
	if !strings.Contains(out, "no new active finding at or above high") {
		t.Errorf("the findings gate must count new findings only:\n%s", out)
	}
	if after := snapshot(t, repo.Dir); after != before {
		t.Errorf("pr changed the work tree:\nbefore %s\nafter  %s", before, after)
	}
}

func TestPRNothingNew(t *testing.T) {
	repo := gitrepo.New(t)
	h := repo.Commit("base", map[string]string{".github/workflows/d.yml": brokenYAML})
	repo.Commit("docs", map[string]string{"README.md": "hello\n"})
	t.Chdir(repo.Dir)
	code, out, errOut := tollgate(t, "pr", "--base", h.String(), "--format", "json")
	if code != exitClean {
		t.Errorf("exit = %d, want 0: existing debt must not fail a pull request; stderr:\n%s\n%s", code, errOut, out)
	}
	if !strings.Contains(out, `"existing": 1`) || !strings.Contains(out, `"new": 0`) {
		t.Errorf("comparison missing from JSON:\n%s", out)
	}
}

func TestPRUsage(t *testing.T) {
	prRepo(t)
	if code, _, _ := tollgate(t, "pr"); code != exitUsage {
		t.Errorf("pr without --base: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := tollgate(t, "pr", "--base", "no-such-ref"); code != exitUsage {
		t.Errorf("pr with a bad --base: exit %d, want %d", code, exitUsage)
	}
}

// snapshot lists every path under dir (but .git) with its size and mode.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if info.Name() == ".git" {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + " " + info.Mode().String() + " " + info.ModTime().String() + "\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestPRHostileRepository runs pr on a repository whose workflow names carry
// hostile text, and checks the comment stays inert end to end.
func TestPRHostileRepository(t *testing.T) {
	repo := gitrepo.New(t)
	base := repo.Commit("base", map[string]string{"README.md": "x\n"})
	hostile := "on: push\npermissions: {}\njobs:\n  \"x<!-- tollgate:report v1 --> @org/team | <script>alert(1)</script> </details>\":\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n"
	repo.CommitAs("@evil <script>", "e@example.com", "<!-- tollgate:report v1 --> @org/team", map[string]string{".github/workflows/h.yml": hostile})
	t.Chdir(repo.Dir)
	_, out, errOut := tollgate(t, "pr", "--base", base.String())
	if !strings.Contains(out, "**") || strings.Count(out, "<!--") != 1 {
		t.Fatalf("want one marker and findings; stderr %s\n%s", errOut, out)
	}
	for _, bad := range []string{"<script", " @org", "| <", "</details> |"} {
		if strings.Contains(out, bad) {
			t.Errorf("comment holds %q:\n%s", bad, out)
		}
	}
	if strings.Count(out, "<details>") != strings.Count(out, "</details>") {
		t.Errorf("unbalanced <details>:\n%s", out)
	}
}

// TestPRBasePolicyJudges: a pull request that adds `ignore { rule = "*" }`
// still fails its gate, in every output, and its policy change is a
// finding with the diff.
func TestPRBasePolicyJudges(t *testing.T) {
	repo := gitrepo.New(t)
	base := repo.Commit("base", map[string]string{".tollgate.hcl": "gate {\n  fail_on = \"high\"\n}\n"})
	repo.Commit("head", map[string]string{
		".tollgate.hcl":           "gate {\n  fail_on = \"critical\"\n}\nignore {\n  rule   = [\"*\", \"**\"]\n  reason = \"trust me\"\n}\n",
		".github/workflows/w.yml": writeAllYAML,
	})
	t.Chdir(repo.Dir)
	code, out, errOut := tollgate(t, "pr", "--base", base.String(), "--format", "text", "--format", "pr-comment=comment.md")
	if code != exitGate {
		t.Errorf("exit = %d, want %d: the base's policy judges; stderr:\n%s", code, exitGate, errOut)
	}
	for _, want := range []string{
		".github/workflows/w.yml:2:1: high: workflow grants the token write-all permissions (ci/write-all-permissions)",
		`.tollgate.hcl:2: medium: pull request changes policy file ".tollgate.hcl"; the base's policy judges it (policy/changed-in-pr)`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	comment, err := os.ReadFile(filepath.Join(repo.Dir, "comment.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(comment), "Judged with the base's policy") {
		t.Errorf("comment does not say which policy judged:\n%s", comment)
	}
}

// TestPRUnknownDomain: the base's workflow did not parse, so the head's
// finding in it cannot be told new or old; the run says so on stderr and
// in the output, and the gate fails instead of passing silently.
func TestPRUnknownDomain(t *testing.T) {
	repo := gitrepo.New(t)
	base := repo.Commit("base", map[string]string{".github/workflows/w.yml": brokenYAML})
	repo.Commit("head", map[string]string{".github/workflows/w.yml": writeAllYAML})
	t.Chdir(repo.Dir)
	code, out, errOut := tollgate(t, "pr", "--base", base.String(), "--format", "text")
	if code != exitGate {
		t.Errorf("exit = %d, want %d; stderr:\n%s", code, exitGate, errOut)
	}
	if !strings.Contains(errOut, `tollgate pr: comparison unknown for domain "pipeline"`) || !strings.Contains(errOut, "the gate fails until both sides load") {
		t.Errorf("stderr does not say the comparison is unknown:\n%s", errOut)
	}
	if !strings.Contains(out, `comparison unknown for domain "pipeline"`) || !strings.Contains(out, "(pr/comparison-unknown)") {
		t.Errorf("text output does not say the comparison is unknown:\n%s", out)
	}
}
