package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/internal/gitrepo"
)

func testEnv() (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}, &out, &errb
}

// noTemps fails if a temporary file of writeTarget was left in dir.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestWriteTargetRegularFile(t *testing.T) {
	e, _, _ := testEnv()
	dir := t.TempDir()
	p := filepath.Join(dir, "report.json")
	if err := writeTarget(e, p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o644 {
		t.Fatalf("new file: %v, %v", st, err)
	}
	// An existing file is replaced whole, and keeps its permissions.
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	old, _ := os.Stat(p)
	if err := writeTarget(e, p, []byte("newer")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if b, _ := os.ReadFile(p); string(b) != "newer" || err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("got %q, mode %v", b, st.Mode())
	}
	if os.SameFile(old, st) {
		t.Error("the file was rewritten in place, not replaced by a rename")
	}
	noTemps(t, dir)
}

func TestWriteTargetSymlinkKeepsTheLink(t *testing.T) {
	e, _, _ := testEnv()
	dir := t.TempDir()
	real := filepath.Join(dir, "real.json")
	link := filepath.Join(dir, "link.json")
	os.WriteFile(real, []byte("old"), 0o644)
	if err := os.Symlink("real.json", link); err != nil {
		t.Fatal(err)
	}
	if err := writeTarget(e, link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Error("the symbolic link was replaced by a file")
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Errorf("link target holds %q", b)
	}
	noTemps(t, dir)
}

func TestWriteTargetStandardStreams(t *testing.T) {
	for _, p := range []string{"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"} {
		e, out, _ := testEnv()
		if err := writeTarget(e, p, []byte("x")); err != nil || out.String() != "x" {
			t.Errorf("%s: stdout got %q, %v", p, out, err)
		}
	}
	e, _, errb := testEnv()
	if err := writeTarget(e, "/dev/stderr", []byte("y")); err != nil || errb.String() != "y" {
		t.Errorf("/dev/stderr: got %q, %v", errb, err)
	}
}

func TestWriteTargetDirectory(t *testing.T) {
	e, _, _ := testEnv()
	if err := writeTarget(e, t.TempDir(), []byte("x")); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("err = %v", err)
	}
}

// TestErrorsAreSanitized makes tollgate print an error quoting a baseline
// path, from the repository's .tollgate.hcl, that holds ESC, BEL and a
// bidi override: standard error shows them escaped, never raw.
func TestErrorsAreSanitized(t *testing.T) {
	repo := gitrepo.New(t)
	repo.Write(map[string]string{".tollgate.hcl": "baseline = \"evil\\u001b[31m\\u0007\\u202e.json\"\n"})
	t.Chdir(repo.Dir)
	code, _, errOut := tollgate(t, "check", ".")
	if code == exitClean || !strings.Contains(errOut, `evil\x1b[31m\a\u202e.json`) {
		t.Fatalf("exit %d, stderr %q; want an error naming the baseline, escaped", code, errOut)
	}
	if strings.ContainsAny(errOut, "\x1b\x07\u202e") {
		t.Errorf("raw control or bidi character on stderr: %q", errOut)
	}
}
