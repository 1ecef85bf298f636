package changerisk

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// testRepo builds a git history in a temporary directory with go-git.
type testRepo struct {
	t    *testing.T
	dir  string
	repo *git.Repository
	wt   *git.Worktree
	when time.Time
}

func newTestRepo(t *testing.T) *testRepo {
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
	return &testRepo{t: t, dir: dir, repo: r, wt: wt, when: time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)}
}

func (r *testRepo) write(path, content string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.wt.Add(path); err != nil {
		r.t.Fatal(err)
	}
}

func (r *testRepo) remove(path string) {
	r.t.Helper()
	if _, err := r.wt.Remove(path); err != nil {
		r.t.Fatal(err)
	}
}

func (r *testRepo) commit(msg, author string, parents ...plumbing.Hash) plumbing.Hash {
	r.t.Helper()
	r.when = r.when.Add(24 * time.Hour)
	sig := &object.Signature{Name: author, Email: strings.ToLower(author) + "@example.com", When: r.when}
	opts := &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true}
	if len(parents) > 0 {
		opts.Parents = parents
	}
	h, err := r.wt.Commit(msg, opts)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

func (r *testRepo) checkout(branch string, create bool) {
	r.t.Helper()
	if err := r.wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(branch), Create: create, Keep: false}); err != nil {
		r.t.Fatal(err)
	}
}

func genLines(n int, prefix string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(prefix)
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString("\n")
	}
	return b.String()
}

// history builds the shared fixture: a root commit, a rename, a binary
// file, an empty commit, a merge, and a bug introduced then fixed.
type fixture struct {
	*testRepo
	root, rename, binary, empty, side, mainline, merge, inducing, fix, tip plumbing.Hash
}

const calcV1 = `package calc

// Ratio divides a by b.
func Ratio(a, b int) int {
	return a / b
}
`

const calcV2 = `package calc

// Ratio divides a by b.
func Ratio(a, b int) int {
	if b == 0 {
		return 0
	}
	return a / b
}
`

func buildFixture(t *testing.T) *fixture {
	f := &fixture{testRepo: newTestRepo(t)}
	f.write("main.go", "package main\n\nfunc main() {}\n")
	f.write("README.md", "# demo\n")
	f.root = f.commit("initial import", "Ada")
	f.write("util/strings.go", "package util\n\n"+genLines(40, "// helper "))
	f.rename = f.commit("add string helpers", "Ada")
	f.remove("util/strings.go")
	f.write("text/strings.go", "package util\n\n"+genLines(40, "// helper ")+"// one more line\n")
	f.rename = f.commit("move helpers to text", "Ada")
	f.write("logo.raw", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
	f.binary = f.commit("add logo", "Bob")
	f.empty = f.commit("empty commit to trigger CI", "Bob")
	f.checkout("side", true)
	f.write("side.go", "package main\n\nvar side = 1\n")
	f.side = f.commit("side feature", "Cyd")
	f.checkout("master", false)
	f.write("ci.go", "package main\n\nvar ci = 2\n")
	f.mainline = f.commit("mainline work", "Ada")
	// The merge: the union of both sides.
	f.write("side.go", "package main\n\nvar side = 1\n")
	f.merge = f.commit("Merge branch 'side'", "Ada", f.mainline, f.side)
	f.write("calc/calc.go", calcV1)
	f.inducing = f.commit("add ratio helper", "Bob")
	f.write(".github/workflows/ci.yml", "on: push\njobs: {}\n")
	f.commit("ci: add workflow", "Ada")
	f.write("calc/calc.go", calcV2)
	f.fix = f.commit("fix division by zero in Ratio (#12)", "Ada")
	f.write("text/strings.go", "package util\n\n"+genLines(40, "// helper ")+"// one more line\n// and another\n")
	f.tip = f.commit("document helpers\n\nCo-authored-by: Claude <noreply@anthropic.com>", "Ada")
	return f
}

func TestWalkFixture(t *testing.T) {
	f := buildFixture(t)
	r, err := Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := r.Walk(context.Background(), WalkOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if h.Tip != f.tip {
		t.Fatalf("tip %s, want %s", h.Tip, f.tip)
	}
	if got := len(h.Commits); got != 12 {
		t.Fatalf("walked %d commits, want 12", got)
	}
	// Parents come before children.
	for i, c := range h.Commits {
		for _, p := range c.Parents {
			if j := h.Index(p); j < 0 || j >= i {
				t.Errorf("commit %d (%s) comes before its parent", i, c.Message)
			}
		}
	}
	get := func(hash plumbing.Hash) *Commit { return h.Commits[h.Index(hash)] }
	root := get(f.root)
	if len(root.Files) != 2 || root.Files[0].Status != 'A' || root.Files[1].Added != 3 {
		t.Errorf("root commit files = %+v", root.Files)
	}
	ren := get(f.rename).Files
	if len(ren) != 1 || ren[0].Status != 'R' || ren[0].OldPath != "util/strings.go" || ren[0].Path != "text/strings.go" || ren[0].Added != 1 || ren[0].Deleted != 0 {
		t.Errorf("rename = %+v", ren)
	}
	bin := get(f.binary).Files
	if len(bin) != 1 || bin[0].Kind&KindBinary == 0 || bin[0].Added != 0 {
		t.Errorf("binary = %+v", bin)
	}
	if e := get(f.empty); len(e.Files) != 0 || !e.Diffed {
		t.Errorf("empty commit = %+v", e)
	}
	if m := get(f.merge); !m.Merge() || m.Diffed {
		t.Errorf("a merge below the tip must not be diffed: %+v", m)
	}
	fix := get(f.fix)
	if !fix.Fix || len(fix.Files) != 1 || fix.Files[0].Added != 3 || fix.Files[0].Deleted != 0 {
		t.Errorf("fix = %+v", fix)
	}
}

func TestSZZRecoversInducingCommit(t *testing.T) {
	f := buildFixture(t)
	// Make the fix change the buggy line, not only add around it.
	f.write("calc/calc.go", strings.Replace(calcV2, "return a / b\n}", "return a / b // checked\n}", 1))
	fix2 := f.commit("fix: annotate checked division", "Bob")
	a, err := Analyze(context.Background(), f.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ind := a.History.Index(f.inducing)
	if !a.Labels.Inducing[ind] {
		t.Fatalf("the commit that added the buggy line is not labelled bug-inducing; labels: %v", a.Labels.FixedBy)
	}
	fixedBy := a.Labels.FixedBy[ind]
	if len(fixedBy) != 1 || a.History.Commits[fixedBy[0]].Hash != fix2 {
		t.Errorf("fixed by %v, want [%s]", fixedBy, fix2)
	}
	for i, v := range a.Labels.Inducing {
		if v && i != ind {
			t.Errorf("commit %q labelled bug-inducing too", a.History.Commits[i].Message)
		}
	}
}

func TestCacheWarmAndIncremental(t *testing.T) {
	f := buildFixture(t)
	cache := t.TempDir()
	r, err := Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	cold, err := r.Walk(context.Background(), WalkOptions{CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if cold.Cached != 0 || cold.Walked != 12 {
		t.Fatalf("cold walk: cached %d walked %d", cold.Cached, cold.Walked)
	}
	if _, err := os.Stat(filepath.Join(r.CachePath(WalkOptions{CacheDir: cache}), cacheFile)); err != nil {
		t.Errorf("no cache written: %v", err)
	}
	warm, err := r.Walk(context.Background(), WalkOptions{CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if warm.Walked != 0 || warm.Cached != 12 {
		t.Fatalf("warm walk: cached %d walked %d", warm.Cached, warm.Walked)
	}
	for i := range cold.Commits {
		c, w := cold.Commits[i], warm.Commits[i]
		if c.Hash != w.Hash || len(c.Files) != len(w.Files) || c.Fix != w.Fix || c.Message != w.Message {
			t.Fatalf("commit %d differs after the cache: %+v vs %+v", i, c, w)
		}
		for k := range c.Files {
			a, b := c.Files[k], w.Files[k]
			if a.Path != b.Path || a.Added != b.Added || a.Deleted != b.Deleted || a.Kind != b.Kind || len(a.Hunks) != len(b.Hunks) || len(a.SigDeleted) != len(b.SigDeleted) {
				t.Fatalf("file %s differs after the cache: %+v vs %+v", a.Path, a, b)
			}
		}
	}
	f.write("new.go", "package main\n")
	f.commit("one more", "Ada")
	f.write("new.go", "package main\n\nvar x = 1\n")
	f.commit("two more", "Ada")
	inc, err := r.Walk(context.Background(), WalkOptions{CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if inc.Walked != 2 || inc.Cached != 12 {
		t.Fatalf("after 2 new commits: cached %d walked %d, want 12 and 2", inc.Cached, inc.Walked)
	}
	// A damaged cache is a miss, not an error.
	if err := os.WriteFile(filepath.Join(r.CachePath(WalkOptions{CacheDir: cache}), cacheFile), []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := r.Walk(context.Background(), WalkOptions{CacheDir: cache})
	if err != nil || again.Walked != 14 {
		t.Fatalf("walk over a damaged cache: walked %v, err %v", again, err)
	}
}

func TestAnalyzeAndAssess(t *testing.T) {
	f := buildFixture(t)
	a, err := Analyze(context.Background(), f.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	as, err := a.Assess("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if as.Subject != f.tip.String() || as.Score < 0 || as.Score > 100 || as.Level == "" {
		t.Errorf("assessment = %+v", as)
	}
	if !as.Features.AIAuthored {
		t.Errorf("the tip has a Claude co-author trailer but is not AI-authored")
	}
	// A range: the squashed change of the last three commits.
	rs, err := a.Assess(f.inducing.String() + ".." + f.tip.String())
	if err != nil {
		t.Fatal(err)
	}
	if rs.Commits != 3 || !rs.Features.Fix || !rs.Features.CI || rs.Features.NF != 3 {
		t.Errorf("range assessment: commits %d, features %+v", rs.Commits, rs.Features)
	}
	// A merge at the tip is diffed against its first parent.
	f.checkout("side", false)
	f.write("side2.go", "package main\n\nvar side2 = 1\n")
	side := f.commit("more side work", "Cyd")
	f.checkout("master", false)
	f.write("side.go", "package main\n\nvar side = 1\n")
	f.write("side2.go", "package main\n\nvar side2 = 1\n")
	m := f.commit("Merge branch 'side' again", "Ada", f.tip, side)
	a, err = Analyze(context.Background(), f.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := a.Assess("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if ms.Subject != m.String() || ms.Features.NF != 1 || ms.Features.LA != 3 {
		t.Errorf("merge at the tip: %+v", ms.Features)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Analyze(context.Background(), t.TempDir(), Options{}); err != ErrNoRepository {
		t.Errorf("no repository: err %v", err)
	}
	dir := t.TempDir()
	if _, err := git.PlainInit(dir, false); err != nil {
		t.Fatal(err)
	}
	if _, err := Analyze(context.Background(), dir, Options{}); err != ErrNoCommits {
		t.Errorf("no commits: err %v", err)
	}
}

func TestShallowClone(t *testing.T) {
	f := buildFixture(t)
	dst := t.TempDir()
	_, err := git.PlainClone(dst, false, &git.CloneOptions{URL: f.dir, Depth: 2})
	if err != nil {
		t.Skipf("shallow clone not supported here: %v", err)
	}
	a, err := Analyze(context.Background(), dst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.History.Shallow {
		t.Errorf("shallow clone not noticed")
	}
	if _, err := a.Assess("HEAD"); err != nil {
		t.Errorf("assess in a shallow clone: %v", err)
	}
}

// TestSZZThroughMerge: a line added on a side branch, in a file both
// branches changed (so the merged version is new), is traced back to the
// side-branch commit when a later fix changes it.
func TestSZZThroughMerge(t *testing.T) {
	r := newTestRepo(t)
	base := "package a\n\nfunc A() int {\n\treturn 1\n}\n\nfunc B() int {\n\treturn 2\n}\n"
	r.write("a.go", base)
	r.commit("initial", "Ada")
	r.checkout("side", true)
	sideV := strings.Replace(base, "return 2", "return 2 / zero()", 1)
	r.write("a.go", sideV)
	side := r.commit("compute b", "Cyd")
	r.checkout("master", false)
	mainV := strings.Replace(base, "return 1", "return 11", 1)
	r.write("a.go", mainV)
	mainline := r.commit("tune a", "Ada")
	merged := strings.Replace(sideV, "return 1", "return 11", 1)
	r.write("a.go", merged)
	r.commit("Merge branch 'side'", "Ada", mainline, side)
	r.write("a.go", strings.Replace(merged, "return 2 / zero()", "return 2", 1))
	r.commit("fix division by zero in B", "Ada")
	a, err := Analyze(context.Background(), r.dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	i := a.History.Index(side)
	if !a.Labels.Inducing[i] {
		t.Fatalf("the side-branch commit is not labelled bug-inducing: %v", a.Labels.FixedBy)
	}
	if a.Labels.Inducing[a.History.Index(mainline)] {
		t.Errorf("the mainline commit is labelled bug-inducing")
	}
}
