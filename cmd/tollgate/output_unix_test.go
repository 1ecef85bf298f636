//go:build unix

package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// nullDevice returns a null device to write to. As root, where a broken
// writer could replace the machine's /dev/null by renaming over it, that
// is a device node of its own in a temporary directory.
func nullDevice(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		return "/dev/null"
	}
	p := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, int(devNull)); err != nil {
		t.Skipf("running as root and cannot make a device node: %v", err)
	}
	return p
}

// devNull is the device number of /dev/null on Linux (major 1, minor 3).
const devNull = 1<<8 | 3

func TestWriteTargetDevNull(t *testing.T) {
	e, _, _ := testEnv()
	p := nullDevice(t)
	before, err := os.Lstat(p)
	if err != nil {
		t.Skip(err)
	}
	if err := writeTarget(e, p, []byte("report")); err != nil {
		t.Fatal(err)
	}
	after, err := os.Lstat(p)
	if err != nil || after.Mode() != before.Mode() || after.Mode()&fs.ModeCharDevice == 0 || !os.SameFile(before, after) {
		t.Errorf("%s is now %v (was %v)", p, after.Mode(), before.Mode())
	}
}

func TestWriteTargetFIFO(t *testing.T) {
	e, _, _ := testEnv()
	dir := t.TempDir()
	p := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(p)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- b
	}()
	if err := writeTarget(e, p, []byte("through the pipe")); err != nil {
		t.Fatal(err)
	}
	if b := <-got; string(b) != "through the pipe" {
		t.Errorf("reader got %q", b)
	}
	if st, err := os.Lstat(p); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO is now %v", st.Mode())
	}
	noTemps(t, dir)
}

// TestFormatsToStandardOutput writes two formats to standard output, one as
// "-" and one as /dev/stdout, and one to a null device: all three succeed
// and the device stays a device.
func TestFormatsToStandardOutput(t *testing.T) {
	null := nullDevice(t)
	brokenRepo(t)
	code, out, errOut := tollgate(t, "check", "--format", "json=-", "--format", "text=/dev/stdout", "--format", "sarif="+null, ".")
	if code != exitGate {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.HasPrefix(out, "{") || !strings.Contains(out, "infra/main.tf:6:1: high: missing expression") {
		t.Errorf("stdout lacks the JSON or the text report:\n%s", out)
	}
	if st, err := os.Lstat(null); err != nil || st.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("%s was replaced", null)
	}
}
