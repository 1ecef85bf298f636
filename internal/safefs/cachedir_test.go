package safefs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// sentinel makes a directory beside the cache with one file, and returns a
// function that fails the test when anything in it changed.
func sentinel(t *testing.T) (dir string, check func()) {
	t.Helper()
	dir = t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.json"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, func() {
		t.Helper()
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(ents) != 1 || ents[0].Name() != "keep.json" {
			var names []string
			for _, e := range ents {
				names = append(names, e.Name())
			}
			t.Errorf("the sentinel directory changed: %v", names)
		}
		if b, err := os.ReadFile(filepath.Join(dir, "keep.json")); err != nil || string(b) != "precious" {
			t.Errorf("the sentinel file changed: %q, %v", b, err)
		}
	}
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func TestCacheDirWritesReadsAndRemoves(t *testing.T) {
	base := t.TempDir()
	c, err := OpenCacheDir(base, "risk/abc/results")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Dir() != filepath.Join(base, "risk", "abc", "results") {
		t.Errorf("Dir() = %q", c.Dir())
	}
	if err := c.WriteFile("a.json", writeString("one")); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteFile("a.json", writeString("two")); err != nil {
		t.Fatal(err)
	}
	if b, err := c.ReadFile("a.json", 10); err != nil || string(b) != "two" {
		t.Fatalf("read back %q, %v", b, err)
	}
	if _, err := c.ReadFile("a.json", 2); !errors.Is(err, ErrTooLarge) {
		t.Errorf("read over the cap: %v", err)
	}
	ents, _ := os.ReadDir(c.Dir())
	if len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
	// A failed write leaves the old content and no temporary file.
	if err := c.WriteFile("a.json", func(w io.Writer) error { io.WriteString(w, "half"); return errors.New("boom") }); err == nil {
		t.Error("a failed write reported success")
	}
	if b, _ := c.ReadFile("a.json", 10); string(b) != "two" {
		t.Errorf("a failed write changed the file: %q", b)
	}
	if ents, _ := os.ReadDir(c.Dir()); len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
	if err := c.Remove("a.json"); err != nil {
		t.Fatal(err)
	}
	if err := c.Remove("a.json"); err != nil {
		t.Errorf("removing a missing file: %v", err)
	}
	for _, bad := range []string{"", ".", "..", "../x", "a/b", `a\b`} {
		if err := c.WriteFile(bad, writeString("x")); err == nil {
			t.Errorf("WriteFile(%q) accepted", bad)
		}
		if err := c.Remove(bad); err == nil {
			t.Errorf("Remove(%q) accepted", bad)
		}
		if _, err := c.ReadFile(bad, 10); err == nil {
			t.Errorf("ReadFile(%q) accepted", bad)
		}
	}
}

// TestCacheDirBaseMayBeALink: the user's own location may be a link (a
// cache on another disk); what tollgate adds below it may not.
func TestCacheDirBaseMayBeALink(t *testing.T) {
	real := t.TempDir()
	link := filepath.Join(t.TempDir(), "cache")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	c, err := OpenCacheDir(link, "risk")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.WriteFile("x", writeString("1")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(real, "risk", "x")); err != nil {
		t.Errorf("not written through the user's link: %v", err)
	}
}

func TestCacheDirRefusesLinkedSubdirectories(t *testing.T) {
	out, check := sentinel(t)
	base := t.TempDir()
	if err := os.Mkdir(filepath.Join(base, "risk"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A link out, and a link that stays inside: both refused.
	if err := os.Symlink(out, filepath.Join(base, "risk", "key")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(base, "risk"), filepath.Join(base, "inside")); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"risk/key", "risk/key/results", "inside", "../x"} {
		if c, err := OpenCacheDir(base, sub); err == nil {
			c.Close()
			t.Errorf("OpenCacheDir(%q) accepted", sub)
		}
	}
	// A file in place of a directory.
	if err := os.WriteFile(filepath.Join(base, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := OpenCacheDir(base, "file/x"); err == nil {
		c.Close()
		t.Error("a file in place of a directory accepted")
	}
	check()
}

func TestCacheDirNeverFollowsPlantedFiles(t *testing.T) {
	out, check := sentinel(t)
	base := t.TempDir()
	c, err := OpenCacheDir(base, "d")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	target := filepath.Join(out, "keep.json")
	for _, name := range []string{"w.json", "r.json", "x.json"} {
		if err := os.Symlink(target, filepath.Join(c.Dir(), name)); err != nil {
			t.Fatal(err)
		}
	}
	// Writing replaces the link, not the file it points to.
	if err := c.WriteFile("w.json", writeString("new")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(filepath.Join(c.Dir(), "w.json")); err != nil || !st.Mode().IsRegular() {
		t.Errorf("w.json after the write: %v, %v", st, err)
	}
	if _, err := c.ReadFile("r.json", 100); !errors.Is(err, ErrNotRegular) {
		t.Errorf("reading a link: %v", err)
	}
	if err := c.Remove("x.json"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("removing a link: %v", err)
	}
	if err := os.Mkdir(filepath.Join(c.Dir(), "sub.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := c.Remove("sub.json"); err == nil {
		t.Error("removing a directory accepted")
	}
	if err := syscall.Mkfifo(filepath.Join(c.Dir(), "fifo.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReadFile("fifo.json", 100); !errors.Is(err, ErrNotRegular) {
		t.Errorf("reading a FIFO: %v", err)
	}
	if err := c.Remove("fifo.json"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("removing a FIFO: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(c.Dir(), "x.json")); err != nil {
		t.Errorf("the refused link was removed: %v", err)
	}
	check()
	var pe *fs.PathError
	if _, err := c.ReadFile("missing", 1); !errors.As(err, &pe) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
