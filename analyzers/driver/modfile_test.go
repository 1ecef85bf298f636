package driver

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReadModFileHostile: a go.mod that is a FIFO or a link out of the
// module is not read (and never blocks).
func TestReadModFileHostile(t *testing.T) {
	base := t.TempDir()
	secret := filepath.Join(base, "secret")
	if err := os.WriteFile(secret, []byte("module example.com/secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fifo, link, ok := filepath.Join(base, "fifo"), filepath.Join(base, "link"), filepath.Join(base, "ok")
	for _, d := range []string{fifo, link, ok} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(fifo, "go.mod"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Symlink(secret, filepath.Join(link, "go.mod")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ok, "go.mod"), []byte("module example.com/ok\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]string{fifo: "", link: "", ok: "example.com/ok"} {
		done := make(chan string, 1)
		go func() {
			got := ""
			if f := readModFile(dir); f != nil && f.Module != nil {
				got = f.Module.Mod.Path
			}
			done <- got
		}()
		select {
		case got := <-done:
			if got != want {
				t.Errorf("readModFile(%s) module = %q, want %q", filepath.Base(dir), got, want)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("readModFile(%s) blocked", filepath.Base(dir))
		}
	}
}
