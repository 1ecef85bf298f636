package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/internal/gitrepo"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
)

// sentinel is the content of every file beside the repository: it must
// never appear in a report.
const sentinel = "SENTINEL-7f3a"

// hostileBase makes base/repo and base/sentinel; the sentinel directory
// holds an ignore file that would hide every .tf file, a Terraform file, a
// policy that ignores everything and a baseline.
func hostileBase(t *testing.T) (repo, outside string) {
	t.Helper()
	base := t.TempDir()
	repo, outside = filepath.Join(base, "repo"), filepath.Join(base, "sentinel")
	for p, s := range map[string]string{
		"ignore":      "# " + sentinel + "\n*.tf\n*.yml\n",
		"secret.tf":   "# " + sentinel + "\nresource {\n",
		"policy.hcl":  "# " + sentinel + "\nignore {\n  rule = \"*\"\n  reason = \"" + sentinel + "\"\n}\n",
		"secret.json": `{"schema":"tollgate.baseline/v1","findings":[{"fingerprint":"` + sentinel + `"}]}`,
	} {
		writeFile(t, filepath.Join(outside, p), s)
	}
	if err := os.MkdirAll(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	return repo, outside
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
}

// runBounded runs a scan and fails the test if it does not return in time:
// no file of the repository may block it.
func runBounded(t *testing.T, opts Options) (*report.Report, error) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixed
	}
	type result struct {
		r   *report.Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := Run(context.Background(), opts)
		done <- result{r, err}
	}()
	select {
	case res := <-done:
		return res.r, res.err
	case <-time.After(60 * time.Second):
		t.Fatal("the scan blocked")
		return nil, nil
	}
}

// noSentinel fails when anything read from beside the repository (or from
// the process environment) shows in the report.
func noSentinel(t *testing.T, r *report.Report) {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{sentinel, "PATH="} {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("the report holds %q: a file outside the repository was read", s)
		}
	}
}

func TestHostileTree(t *testing.T) {
	repo, outside := hostileBase(t)
	in := func(p string) string { return filepath.Join(repo, filepath.FromSlash(p)) }
	// Ignore files that must not be read, each beside a broken .tf file
	// that an ignore file read by mistake would hide.
	symlink(t, "/dev/zero", in(".gitignore"))
	writeFile(t, in("top.tf"), "resource {\n")
	symlink(t, "../../sentinel/ignore", in("sub/.gitignore"))
	writeFile(t, in("sub/x.tf"), "resource {\n")
	symlink(t, filepath.Join(outside, "ignore"), in("abs/.gitignore"))
	writeFile(t, in("abs/x.tf"), "resource {\n")
	mkfifo(t, in("fifo/.gitignore"))
	writeFile(t, in("fifo/x.tf"), "resource {\n")
	writeFile(t, in("big/.gitignore"), strings.Repeat("#\n", maxIgnoreSize)+"*.tf\n")
	writeFile(t, in("big/x.tf"), "resource {\n")
	symlink(t, "../../../sentinel/ignore", in(".git/info/exclude"))
	// Files that must not be read.
	mkfifo(t, in(".github/workflows/x.yml"))
	symlink(t, "/proc/self/environ", in("main.tf"))
	symlink(t, "../sentinel/secret.tf", in("secret.tf"))
	symlink(t, "/dev/zero", in("infra/zero.tf"))
	symlink(t, outside, in("out"))
	symlink(t, "loop2.tf", in("loop1.tf"))
	symlink(t, "loop1.tf", in("loop2.tf"))
	// A link that stays inside is followed.
	writeFile(t, in("real/w.yml"), "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [\n")
	symlink(t, "../../real/w.yml", in(".github/workflows/in.yml"))

	r, err := runBounded(t, Options{Root: repo})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := lines(r)
	has(t, got,
		".gitignore scan/file-unreadable",
		"sub/.gitignore scan/file-unreadable",
		"abs/.gitignore scan/file-unreadable",
		"fifo/.gitignore scan/file-unreadable",
		"big/.gitignore scan/file-unreadable",
		".git/info/exclude scan/file-unreadable",
		".github/workflows/x.yml scan/file-unreadable",
		"main.tf scan/file-unreadable",
		"secret.tf scan/file-unreadable",
		"infra/zero.tf scan/file-unreadable",
		"out scan/file-unreadable",
		"loop1.tf scan/file-unreadable",
		"loop2.tf scan/file-unreadable",
		"top.tf:1:10 parse/error",
		"sub/x.tf:1:10 parse/error",
		"abs/x.tf:1:10 parse/error",
		"fifo/x.tf:1:10 parse/error",
		"big/x.tf:1:10 parse/error",
		".github/workflows/in.yml:6:1 parse/error",
	)
	msgs := map[string]string{}
	for _, f := range r.Findings {
		if msgs[f.Location.Path] != "" {
			t.Errorf("%s reported twice: %q and %q", f.Location.Path, msgs[f.Location.Path], f.Message)
		}
		msgs[f.Location.Path] = f.Message
	}
	for p, want := range map[string]string{
		".gitignore":              "not followed",
		"sub/.gitignore":          "not followed",
		"abs/.gitignore":          "not followed",
		".git/info/exclude":       "not followed",
		"fifo/.gitignore":         "a FIFO",
		"big/.gitignore":          "limit",
		".github/workflows/x.yml": "a FIFO",
		"main.tf":                 "not followed",
	} {
		if !strings.Contains(msgs[p], want) {
			t.Errorf("%s: message %q does not say %q", p, msgs[p], want)
		}
	}
	noSentinel(t, r)
}

func TestHostilePolicyAndBaseline(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, repo, outside string)
		want string
	}{
		{"policy links out", func(t *testing.T, repo, outside string) {
			symlink(t, filepath.Join(outside, "policy.hcl"), filepath.Join(repo, policy.FileName))
		}, `".tollgate.hcl" not read: it leads outside the repository`},
		{"policy is a FIFO", func(t *testing.T, repo, outside string) {
			mkfifo(t, filepath.Join(repo, policy.FileName))
		}, `".tollgate.hcl" not read: it is not a regular file (a FIFO)`},
		{"policy is /dev/zero", func(t *testing.T, repo, outside string) {
			symlink(t, "/dev/zero", filepath.Join(repo, policy.FileName))
		}, `".tollgate.hcl" not read: it leads outside the repository`},
		{"baseline climbs out", func(t *testing.T, repo, outside string) {
			writeFile(t, filepath.Join(repo, policy.FileName), "baseline = \"../sentinel/secret.json\"\n")
		}, `baseline "../sentinel/secret.json" leads outside the repository`},
		{"baseline is absolute", func(t *testing.T, repo, outside string) {
			writeFile(t, filepath.Join(repo, policy.FileName), "baseline = \""+filepath.ToSlash(filepath.Join(outside, "secret.json"))+"\"\n")
		}, `leads outside the repository`},
		{"baseline links out", func(t *testing.T, repo, outside string) {
			writeFile(t, filepath.Join(repo, policy.FileName), "baseline = \"b.json\"\n")
			symlink(t, "../sentinel/secret.json", filepath.Join(repo, "b.json"))
		}, `baseline "b.json" leads outside the repository`},
		{"baseline through a directory link", func(t *testing.T, repo, outside string) {
			writeFile(t, filepath.Join(repo, policy.FileName), "baseline = \"d/secret.json\"\n")
			symlink(t, outside, filepath.Join(repo, "d"))
		}, `baseline "d/secret.json" leads outside the repository`},
		{"baseline is a FIFO", func(t *testing.T, repo, outside string) {
			writeFile(t, filepath.Join(repo, policy.FileName), "baseline = \"b.json\"\n")
			mkfifo(t, filepath.Join(repo, "b.json"))
		}, `Bad baseline "b.json": it is not a regular file (a FIFO)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo, outside := hostileBase(t)
			writeFile(t, filepath.Join(repo, "a.tf"), "resource {\n")
			tc.make(t, repo, outside)
			r, err := runBounded(t, Options{Root: repo})
			var pe *policy.Error
			if !errors.As(err, &pe) {
				t.Fatalf("Run = %v; want a *policy.Error (exit 2)", err)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.Contains(msg, sentinel) {
				t.Errorf("error %q, want %q", msg, tc.want)
			}
			if r != nil {
				t.Errorf("a report despite a bad configuration")
			}
		})
	}
}

func TestBaselineInsideIsApplied(t *testing.T) {
	repo, _ := hostileBase(t)
	writeFile(t, filepath.Join(repo, "a.tf"), "resource {\n")
	first, err := runBounded(t, Options{Root: repo})
	if err != nil || len(first.Findings) != 1 {
		t.Fatalf("Run = %v, %v", first, err)
	}
	data, err := policy.NewBaseline(first.Findings).Encode()
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(repo, "real", "b.json"), string(data))
	symlink(t, "real/b.json", filepath.Join(repo, "b.json"))
	writeFile(t, filepath.Join(repo, policy.FileName), "baseline = \"b.json\"\n")
	r, err := runBounded(t, Options{Root: repo})
	if err != nil {
		t.Fatal(err)
	}
	if got := lines(r); len(got) != 1 || got[0] != "a.tf:1:10 parse/error suppressed(baseline: accepted in the baseline b.json)" {
		t.Errorf("findings = %q", got)
	}
}

// TestDirtyWorkTreeOfHostileFiles replaces tracked files with a FIFO and
// with links out: telling whether the tree is dirty must not open them.
func TestDirtyWorkTreeOfHostileFiles(t *testing.T) {
	repo := gitrepo.New(t)
	repo.Commit("init", map[string]string{"a.txt": "one\n", "b.txt": "two\n", "c.txt": "three\n"})
	outside := filepath.Join(t.TempDir(), "secret")
	writeFile(t, outside, sentinel+"\n")
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		if err := os.Remove(filepath.Join(repo.Dir, n)); err != nil {
			t.Fatal(err)
		}
	}
	mkfifo(t, filepath.Join(repo.Dir, "a.txt"))
	symlink(t, outside, filepath.Join(repo.Dir, "b.txt"))
	symlink(t, "/dev/zero", filepath.Join(repo.Dir, "c.txt"))
	r, err := runBounded(t, Options{Root: repo.Dir})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Repository.Dirty {
		t.Error("a tree whose files were replaced is not dirty")
	}
	has(t, lines(r), "a.txt scan/file-unreadable", "b.txt scan/file-unreadable", "c.txt scan/file-unreadable")
	noSentinel(t, r)
}
