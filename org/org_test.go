package org

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tollgate-dev/tollgate/internal/gitrepo"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixedNow is the clock of every scan in these tests.
func fixedNow() time.Time { return time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC) }

const testVersion = "v0.0.0-test"

// testOnly keeps the scans fast: the pipeline domain alone.
var testOnly = []string{"pipeline"}

const aiWorkflow = `name: autofix
on:
  push:
    branches: [main]
permissions:
  contents: write
jobs:
  fix:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - name: Fix lint
        env:
          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}
        run: |
          codex exec --model gpt-5-codex "fix the lint errors"
          git commit -am "autofix" && git push
`

const plainWorkflow = `name: ci
on: [push]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - run: make test
`

// makeOrg builds n small repositories under clones/host/owner/name and a
// repository list naming them. Every third has an AI workflow.
func makeOrg(t testing.TB, n int) (clones, list string) {
	t.Helper()
	clones = t.TempDir()
	var names []string
	for i := range n {
		name := fmt.Sprintf("example.com/team%d/repo%02d", i%3, i)
		r := gitrepo.New(t)
		wf := plainWorkflow
		if i%3 == 0 {
			wf = aiWorkflow
		}
		r.Commit("init", map[string]string{".github/workflows/ci.yml": wf, "README.md": fmt.Sprintf("repo %d\n", i)})
		dst := filepath.Join(clones, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(r.Dir, dst); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	list = filepath.Join(clones, "repos.txt")
	content := "# the organisation\n\n" + strings.Join(names, "\n") + "\n"
	if err := os.WriteFile(list, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return clones, list
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, d)
	}
}

// fixedPlan is a plan over fixed names and dirs, for golden files.
func fixedPlan(t *testing.T, shards int) *Plan {
	var repos []Repo
	for i := range 7 {
		repos = append(repos, Repo{Name: fmt.Sprintf("github.com/acme/svc%d", i), Dir: fmt.Sprintf("clones/github.com/acme/svc%d", i)})
	}
	p, err := NewPlan(repos, PlanOptions{Shards: shards, Version: testVersion, Only: testOnly})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEngineFormatsGolden(t *testing.T) {
	p := fixedPlan(t, 3)
	for _, f := range append([]string{"json"}, Formats...) {
		b, err := Render(p, f, "plan.json")
		if err != nil {
			t.Fatal(err)
		}
		name := "plan3." + f + ".yaml"
		if f == "json" {
			name = "plan3.json"
		}
		golden(t, name, b)
	}
	one, err := Render(fixedPlan(t, 1), "gitlab", "plan.json")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "plan1.gitlab.yaml", one)
}

func TestPlanIsDeterministic(t *testing.T) {
	a := fixedPlan(t, 3)
	var rev []Repo
	for i := len(a.Repos) - 1; i >= 0; i-- {
		rev = append(rev, Repo{Name: a.Repos[i].Name, Dir: a.Repos[i].Dir})
	}
	b, err := NewPlan(rev, PlanOptions{Shards: 3, Version: testVersion, Only: testOnly})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Encode(), b.Encode()) {
		t.Error("the same repositories in another order gave another plan")
	}
	// Adding a repository moves no other.
	more, err := NewPlan(append(rev, Repo{Name: "github.com/acme/new", Dir: "x"}), PlanOptions{Shards: 3, Version: testVersion, Only: testOnly})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range more.Repos {
		for _, o := range a.Repos {
			if r.Name == o.Name && r.Shard != o.Shard {
				t.Errorf("%q moved from shard %d to %d", r.Name, o.Shard, r.Shard)
			}
		}
	}
	if more.Digest == a.Digest || more.ReposDigest == a.ReposDigest {
		t.Error("another repository list gave the same digest")
	}
}

func TestPlanRefusals(t *testing.T) {
	repos := []Repo{{Name: "github.com/acme/a", Dir: "a"}}
	for _, tc := range []struct {
		name  string
		repos []Repo
		opts  PlanOptions
		want  string
	}{
		{"too many shards", repos, PlanOptions{Shards: 257}, "want 1 to 256"},
		{"no repositories", nil, PlanOptions{}, "no repositories"},
		{"bad name", []Repo{{Name: "github.com/acme/../x"}}, PlanOptions{}, "want host/owner/name"},
		{"dot name", []Repo{{Name: "github.com/acme/.git"}}, PlanOptions{}, "bad path element"},
		{"twice", append(repos, repos...), PlanOptions{}, "listed twice"},
		{"bad run", repos, PlanOptions{Run: "../up"}, "one path element"},
	} {
		if _, err := NewPlan(tc.repos, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v; want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestParsePlanRefusesTampering(t *testing.T) {
	p := fixedPlan(t, 2)
	good := p.Encode()
	if _, err := ParsePlan(good); err != nil {
		t.Fatalf("own plan refused: %v", err)
	}
	bad := bytes.Replace(good, []byte("svc3"), []byte("svc9"), 1)
	if _, err := ParsePlan(bad); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("edited plan: %v; want a digest mismatch", err)
	}
	gha, _ := Render(fixedPlan(t, MaxShards), "gha-matrix", "p")
	_, matrix, _ := strings.Cut(string(gha), "shard: [")
	matrix, _, _ = strings.Cut(matrix, "]")
	if n := len(strings.Split(matrix, ", ")); n != MaxShards || !strings.HasSuffix(matrix, "255") {
		t.Errorf("256-shard matrix has %d jobs ending %q; want 256 ending with 255", n, matrix[len(matrix)-3:])
	}
}

func TestReadRepos(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "repos.txt")
	os.WriteFile(list, []byte("# c\n\ngithub.com/a/b\ngithub.com/a/c /abs/c\ngithub.com/a/d rel/d\nnot-a-name\ngithub.com/a/e x y\n"), 0o644)
	got, err := ReadRepos(list, "")
	want := []Repo{
		{Name: "github.com/a/b", Dir: filepath.Join(dir, "github.com/a/b")},
		{Name: "github.com/a/c", Dir: "/abs/c"},
		{Name: "github.com/a/d", Dir: filepath.Join(dir, "rel/d")},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("repos (-want +got):\n%s", d)
	}
	if err == nil || !strings.Contains(err.Error(), "repos.txt:6:") || !strings.Contains(err.Error(), "repos.txt:7:") {
		t.Errorf("error %v; want lines 6 and 7 named", err)
	}
}

func TestShardFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		engine string
		vars   map[string]string
		want   int
		err    bool
	}{
		{"k8s", map[string]string{"JOB_COMPLETION_INDEX": "0"}, 0, false},
		{"k8s", map[string]string{"JOB_COMPLETION_INDEX": "3"}, 3, false},
		{"gitlab", map[string]string{"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "4"}, 0, false},
		{"gitlab", map[string]string{"CI_NODE_INDEX": "4", "CI_NODE_TOTAL": "4"}, 3, false},
		{"gitlab", map[string]string{}, 0, false},
		{"gitlab", map[string]string{"CI_NODE_INDEX": "0", "CI_NODE_TOTAL": "4"}, 0, true},
		{"gha", map[string]string{"TOLLGATE_SHARD": "2"}, 2, false},
		{"gha", map[string]string{"TOLLGATE_SHARD": "2x"}, 0, true},
		{"k8s", map[string]string{}, 0, true},
		{"nomad", map[string]string{}, 0, true},
	} {
		got, err := ShardFromEnv(tc.engine, env(tc.vars))
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ShardFromEnv(%q, %v) = %d, %v; want %d, error %v", tc.engine, tc.vars, got, err, tc.want, tc.err)
		}
	}
}

func TestScanShardSkipsDoneAndRefusesChangedPlan(t *testing.T) {
	ctx := context.Background()
	clones, list := makeOrg(t, 4)
	repos, err := ReadRepos(list, clones)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(repos, PlanOptions{Shards: 1, Version: testVersion, Only: testOnly, Run: "nightly"})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	opts := ScanOptions{Out: out, Now: fixedNow, Version: testVersion}
	d, err := ScanShard(ctx, p, 0, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range d.Repos {
		if st.State != "ok" {
			t.Errorf("first run: %s %s %s; want ok", st.Repo, st.State, st.Reason)
		}
	}
	d, err = ScanShard(ctx, p, 0, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range d.Repos {
		if st.State != "skipped" {
			t.Errorf("second run: %s %s; want skipped", st.Repo, st.State)
		}
	}
	// The list changed mid-run: the same run refuses the new plan.
	changed, err := NewPlan(repos[1:], PlanOptions{Shards: 1, Version: testVersion, Only: testOnly, Run: "nightly"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ScanShard(ctx, changed, 0, opts); err == nil || !strings.Contains(err.Error(), "changed mid-run") {
		t.Errorf("changed plan: %v; want it refused", err)
	}
	if _, err := ScanShard(ctx, p, 0, ScanOptions{Out: out, Version: "v9"}); err == nil || !strings.Contains(err.Error(), "make a new plan") {
		t.Errorf("other version: %v; want it refused", err)
	}
	// A repository that is not a clone fails alone, with its reason.
	broken := append([]Repo{{Name: "example.com/x/missing", Dir: filepath.Join(clones, "nowhere")}}, repos...)
	bp, _ := NewPlan(broken, PlanOptions{Shards: 1, Version: testVersion, Only: testOnly, Run: "broken"})
	d, err = ScanShard(ctx, bp, 0, opts)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, st := range d.Repos {
		states[st.State]++
		if st.State == "failed" && (st.Repo != "example.com/x/missing" || !strings.Contains(st.Reason, "open clone")) {
			t.Errorf("failed %s: %s", st.Repo, st.Reason)
		}
	}
	if states["failed"] != 1 || states["ok"] != 4 {
		t.Errorf("states %v; want 1 failed and 4 ok", states)
	}
	rep, err := Merge(ctx, filepath.Join(out, "broken"), MergeOptions{MinCompletion: 0.99})
	if err == nil || !strings.Contains(err.Error(), "below the minimum") {
		t.Errorf("merge at 4/5: %v; want completion refused", err)
	}
	if rep == nil || len(rep.Missing) != 1 || !strings.Contains(rep.Missing[0].Reason, "open clone") {
		t.Errorf("missing = %+v; want the broken repository with its reason", rep)
	}
	if _, err := Merge(ctx, filepath.Join(out, "broken"), MergeOptions{MinCompletion: 0.8}); err != nil {
		t.Errorf("merge at 4/5 with minimum 0.8: %v", err)
	}
}

// The HTML page escapes what repositories chose and loads nothing.
func TestReportHTML(t *testing.T) {
	r := &Report{Schema: ReportSchema, Run: "n<1>", Planned: 1, Scanned: 1, Verdicts: map[string]int{"failed": 1},
		Repos:      []RepoSummary{{Repo: "example.com/a/b", Counts: map[string]int{}}},
		AI:         []AIUse{{Provider: `<script>alert(1)</script>[x](javascript:alert(1))`, Kind: "pipeline", Uses: 1}},
		Severities: map[string]int{}, RiskDeciles: make([]int, 10)}
	h := string(r.HTML())
	for _, bad := range []string{"<script>", "javascript:", "n<1>"} {
		if strings.Contains(h, bad) {
			t.Errorf("HTML contains %q:\n%s", bad, h)
		}
	}
	for _, want := range []string{"<table>", "example.com/a/b", "default-src 'none'", "n&lt;1&gt;"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q:\n%s", want, h)
		}
	}
	if !bytes.Equal(r.HTML(), r.HTML()) {
		t.Error("two renderings differ")
	}
}
