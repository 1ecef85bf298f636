package safefs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// tree builds root/ with hostile entries and a sentinel file beside it.
func tree(t *testing.T) (root, outside string) {
	t.Helper()
	base := t.TempDir()
	root = filepath.Join(base, "repo")
	outside = filepath.Join(base, "secret.txt")
	must(t, os.MkdirAll(filepath.Join(root, "sub"), 0o755))
	must(t, os.WriteFile(outside, []byte("PRIVATE KEY"), 0o600))
	must(t, os.WriteFile(filepath.Join(root, "ok.txt"), []byte("hello"), 0o644))
	must(t, os.WriteFile(filepath.Join(root, "big.txt"), make([]byte, 100), 0o644))
	must(t, os.Symlink(outside, filepath.Join(root, "abs-out")))
	must(t, os.Symlink("../secret.txt", filepath.Join(root, "rel-out")))
	must(t, os.Symlink("../ok.txt", filepath.Join(root, "sub", "in")))
	must(t, os.Symlink("/dev/zero", filepath.Join(root, "zero")))
	must(t, os.Symlink("/proc/self/environ", filepath.Join(root, "proc")))
	must(t, os.Symlink(base, filepath.Join(root, "updir")))
	must(t, os.Symlink("missing", filepath.Join(root, "dangling")))
	must(t, os.Symlink(filepath.Join(base, "missing"), filepath.Join(root, "dangling-out")))
	must(t, os.Symlink("../../missing", filepath.Join(root, "sub", "dangling-up")))
	must(t, syscall.Mkfifo(filepath.Join(root, "fifo"), 0o644))
	return root, outside
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadFile(t *testing.T) {
	root, _ := tree(t)
	r, err := Open(root, 10)
	must(t, err)
	defer r.Close()
	for _, tc := range []struct {
		name string
		want error // nil: readable
	}{
		{"ok.txt", nil},
		{"sub/in", nil},
		{"big.txt", ErrTooLarge},
		{"abs-out", ErrOutside},
		{"rel-out", ErrOutside},
		{"updir/secret.txt", ErrOutside},
		{"../secret.txt", ErrOutside},
		{"/etc/passwd", ErrOutside},
		{"zero", ErrOutside},
		{"proc", ErrOutside},
		{"fifo", ErrNotRegular},
		{"sub", ErrNotRegular},
		{"dangling", fs.ErrNotExist},
		{"dangling-out", ErrOutside},
		{"sub/dangling-up", ErrOutside},
		{"dangling-out/x", ErrOutside},
		{"nothing", fs.ErrNotExist},
		{"nothing/x", fs.ErrNotExist},
	} {
		done := make(chan struct{})
		var b []byte
		go func() { b, err = r.ReadFile(tc.name); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("ReadFile(%q) blocked", tc.name)
		}
		if tc.want == nil {
			if err != nil {
				t.Errorf("ReadFile(%q): %v", tc.name, err)
			}
			continue
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("ReadFile(%q) = %q, %v; want %v", tc.name, b, err, tc.want)
		}
	}
}

func TestFS(t *testing.T) {
	root, _ := tree(t)
	r, err := Open(root, 10)
	must(t, err)
	defer r.Close()
	fsys := r.FS()
	if b, err := fs.ReadFile(fsys, "sub/in"); err != nil || string(b) != "hello" {
		t.Errorf("ReadFile(sub/in) = %q, %v", b, err)
	}
	if _, err := fs.ReadFile(fsys, "abs-out"); !errors.Is(err, ErrOutside) {
		t.Errorf("ReadFile(abs-out): %v, want ErrOutside", err)
	}
	if _, err := fsys.Open("fifo"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Open(fifo): %v, want ErrNotRegular", err)
	}
	f, err := fsys.Open("big.txt")
	must(t, err)
	if _, err := io.ReadAll(f); !errors.Is(err, ErrTooLarge) {
		t.Errorf("reading big.txt through Open: %v, want ErrTooLarge", err)
	}
	f.Close()
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil || len(ents) == 0 {
		t.Errorf("ReadDir(.) = %d entries, %v", len(ents), err)
	}
	if _, err := fs.ReadDir(fsys, "updir"); !errors.Is(err, ErrOutside) {
		t.Errorf("ReadDir(updir): %v, want ErrOutside", err)
	}
}

func TestReadTrusted(t *testing.T) {
	root, outside := tree(t)
	if b, err := ReadTrusted(outside, 100); err != nil || string(b) != "PRIVATE KEY" {
		t.Errorf("ReadTrusted(outside) = %q, %v", b, err)
	}
	if _, err := ReadTrusted("/dev/zero", 100); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadTrusted(/dev/zero): %v, want ErrNotRegular", err)
	}
	if _, err := ReadTrusted(filepath.Join(root, "fifo"), 100); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadTrusted(fifo): %v, want ErrNotRegular", err)
	}
	if _, err := ReadTrusted("/proc/self/maps", 16); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadTrusted(/proc/self/maps, 16): %v, want ErrTooLarge", err)
	}
}
