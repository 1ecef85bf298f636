package safefs

import (
	"errors"
	"fmt"
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

// TestOpenOnceMatchesOpen checks that FS().Open, which opens in one walk
// of the path when it can, answers as the stat-then-open walk does: the
// same kind of file or the same error, for every hostile entry.
func TestOpenOnceMatchesOpen(t *testing.T) {
	root, _ := tree(t)
	must(t, os.Symlink("sub", filepath.Join(root, "sub-link")))
	must(t, os.WriteFile(filepath.Join(root, `back\slash`), []byte("x"), 0o644))
	r, err := Open(root, 10)
	must(t, err)
	defer r.Close()
	fsys := rootFS{r}
	for _, name := range []string{"ok.txt", "sub"} {
		f, ok := fsys.openOnce(name)
		if !ok {
			t.Fatalf("openOnce(%q) fell back", name)
		}
		f.Close()
	}
	describe := func(f fs.File, err error) string {
		if err != nil {
			return "error " + err.Error()
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return "stat error " + err.Error()
		}
		kind := "file"
		if _, capped := f.(*cappedFile); capped {
			kind = "capped"
		}
		s := fmt.Sprintf("%s %v %d", kind, st.Mode().Type(), st.Size())
		if d, ok := f.(fs.ReadDirFile); ok && st.IsDir() {
			ents, err := d.ReadDir(-1)
			s += fmt.Sprintf(" %d entries %v", len(ents), err)
		} else {
			b, err := io.ReadAll(f)
			s += fmt.Sprintf(" %q %v", b, err)
		}
		return s
	}
	for _, name := range []string{".", "sub", "sub-link", "sub/in", "ok.txt", "big.txt", "fifo", "abs-out", "rel-out",
		"updir", "updir/secret.txt", "zero", "proc", "dangling", "dangling-out", "sub/dangling-up", "dangling-out/x",
		"nothing", "nothing/x", `back\slash`, "ok.txt/x"} {
		done := make(chan struct{})
		var got, want string
		go func() {
			got = describe(fsys.Open(name))
			want = describe(fsys.open(name))
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Open(%q) blocked", name)
		}
		if got != want {
			t.Errorf("Open(%q) = %s; the stat-then-open walk gives %s", name, got, want)
		}
	}
}
