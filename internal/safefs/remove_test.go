package safefs

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// RemoveFile deletes regular files only: a link (even to a file inside
// the root), a directory and a path leading out are refused and left;
// a missing file is not an error.
func TestRootRemoveFile(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "victim")
	for _, f := range []string{filepath.Join(dir, "rec.json"), filepath.Join(dir, "target"), outside} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("target", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	r, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.RemoveFile("rec.json"); err != nil {
		t.Errorf("RemoveFile(rec.json) = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "rec.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("rec.json still there: %v", err)
	}
	if err := r.RemoveFile("missing.json"); err != nil {
		t.Errorf("RemoveFile(missing) = %v, want nil", err)
	}
	for _, name := range []string{"link", "sub", "../" + filepath.Base(filepath.Dir(outside)) + "/victim"} {
		if err := r.RemoveFile(name); err == nil {
			t.Errorf("RemoveFile(%q) = nil, want a refusal", name)
		}
	}
	for _, p := range []string{filepath.Join(dir, "link"), filepath.Join(dir, "sub"), filepath.Join(dir, "target"), outside} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}
