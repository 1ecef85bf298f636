package policy

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// hostile builds base/repo and, beside it, base/sentinel holding a policy
// and a baseline that must never be read through the repository.
func hostile(t *testing.T) (repo, sentinel string) {
	t.Helper()
	base := t.TempDir()
	repo = filepath.Join(base, "repo")
	sentinel = filepath.Join(base, "sentinel")
	for _, d := range []string{repo, sentinel} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(sentinel, "policy.hcl"), `ignore {
  rule   = "*"
  reason = "SENTINEL-POLICY"
}
`)
	write(t, filepath.Join(sentinel, "secret.json"), `{"schema":"tollgate.baseline/v1","findings":[{"fingerprint":"SENTINEL-BASELINE"}]}`)
	return repo, sentinel
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// within fails the test when f does not return in time: a FIFO must never
// block a read.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s blocked", what)
	}
}

func TestLoadRefusesUnsafePolicyFile(t *testing.T) {
	for _, tc := range []struct {
		name  string
		make  func(t *testing.T, repo, sentinel string)
		wants string
	}{
		{"link out", func(t *testing.T, repo, sentinel string) {
			must(t, os.Symlink(filepath.Join(sentinel, "policy.hcl"), filepath.Join(repo, FileName)))
		}, "leads outside the repository"},
		{"relative link out", func(t *testing.T, repo, sentinel string) {
			must(t, os.Symlink("../sentinel/policy.hcl", filepath.Join(repo, FileName)))
		}, "leads outside the repository"},
		{"dangling link out", func(t *testing.T, repo, sentinel string) {
			must(t, os.Symlink("../sentinel/nothing.hcl", filepath.Join(repo, FileName)))
		}, "leads outside the repository"},
		{"dev zero", func(t *testing.T, repo, sentinel string) {
			must(t, os.Symlink("/dev/zero", filepath.Join(repo, FileName)))
		}, "leads outside the repository"},
		{"fifo", func(t *testing.T, repo, sentinel string) {
			must(t, syscall.Mkfifo(filepath.Join(repo, FileName), 0o644))
		}, "not a regular file (a FIFO)"},
		{"directory", func(t *testing.T, repo, sentinel string) {
			must(t, os.Mkdir(filepath.Join(repo, FileName), 0o755))
		}, "not a regular file (a directory)"},
		{"oversize", func(t *testing.T, repo, sentinel string) {
			write(t, filepath.Join(repo, FileName), "# "+strings.Repeat("x", MaxPolicySize)+"\n")
		}, "over the 1048576-byte limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo, sentinel := hostile(t)
			tc.make(t, repo, sentinel)
			var p *Policy
			var err error
			within(t, "Load", func() { p, err = Load(repo) })
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Load = %+v, %v; want a *policy.Error", p, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, `".tollgate.hcl"`) || !strings.Contains(msg, tc.wants) {
				t.Errorf("error %q does not name the file and %q", msg, tc.wants)
			}
			if strings.Contains(msg, "SENTINEL") || strings.Contains(msg, "\n") {
				t.Errorf("error %q", msg)
			}
		})
	}
}

func TestLoadFollowsLinkInside(t *testing.T) {
	repo, _ := hostile(t)
	write(t, filepath.Join(repo, "real.hcl"), `gate { fail_on = "low" }`)
	must(t, os.Symlink("real.hcl", filepath.Join(repo, FileName)))
	p, err := Load(repo)
	if err != nil || p.FailOn.String() != "low" {
		t.Errorf("Load = %+v, %v", p, err)
	}
}

func TestLoadFileRefusesFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "p.hcl")
	must(t, syscall.Mkfifo(fifo, 0o644))
	var err error
	within(t, "LoadFile", func() { _, err = LoadFile(fifo) })
	if !errors.Is(err, safefs.ErrNotRegular) {
		t.Errorf("LoadFile(fifo): %v", err)
	}
	if _, err := LoadFile("/dev/zero"); !errors.Is(err, safefs.ErrNotRegular) {
		t.Errorf("LoadFile(/dev/zero): %v", err)
	}
}

func TestBaselineOutsideIsAConfigurationError(t *testing.T) {
	for _, b := range []string{"../secret.json", "/etc/passwd", "a/../../x.json", `..\x.json`, `\\host\share\x.json`} {
		_, err := Parse(FileName, []byte("baseline = "+quote(b)+"\n"))
		var pe *Error
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), "leads outside the repository") || !strings.HasPrefix(err.Error(), ".tollgate.hcl:1:") {
			t.Errorf("baseline %q: %v", b, err)
		}
	}
	if _, err := Parse(FileName, []byte(`baseline = "sub/../b.json"`)); err != nil {
		t.Errorf("a baseline inside: %v", err)
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestReadBaselineStaysInside(t *testing.T) {
	repo, sentinel := hostile(t)
	must(t, os.Symlink(filepath.Join(sentinel, "secret.json"), filepath.Join(repo, "link.json")))
	must(t, os.Symlink(sentinel, filepath.Join(repo, "dir")))
	must(t, os.Symlink("/dev/zero", filepath.Join(repo, "zero.json")))
	must(t, syscall.Mkfifo(filepath.Join(repo, "fifo.json"), 0o644))
	write(t, filepath.Join(repo, "ok.json"), `{"schema":"tollgate.baseline/v1","findings":[{"fingerprint":"f"}]}`)
	write(t, filepath.Join(repo, "bad.json"), `{"schema":"other"}`)
	root, err := safefs.Open(repo, 0)
	must(t, err)
	defer root.Close()
	for _, tc := range []struct{ rel, want string }{
		{"link.json", "leads outside the repository"},
		{"dir/secret.json", "leads outside the repository"},
		{"../sentinel/secret.json", "leads outside the repository"},
		{filepath.Join(sentinel, "secret.json"), "leads outside the repository"},
		{"zero.json", "leads outside the repository"},
		{"fifo.json", "a FIFO"},
		{"missing.json", "does not exist"},
		{"bad.json", `schema "other"`},
	} {
		var err error
		within(t, "ReadBaseline "+tc.rel, func() { _, err = ReadBaseline(root, tc.rel) })
		var pe *Error
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadBaseline(%q): %v; want a *policy.Error with %q", tc.rel, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "SENTINEL") {
			t.Errorf("ReadBaseline(%q) read the sentinel: %v", tc.rel, err)
		}
	}
	b, err := ReadBaseline(root, "ok.json")
	if err != nil || len(b.Entries) != 1 || b.Counts()["f"] != 1 {
		t.Errorf("ReadBaseline(ok.json) = %+v, %v", b, err)
	}
}

func TestErrorHasNoControlCharacters(t *testing.T) {
	_, err := Parse(FileName, []byte("baseline = \"../\\u001b]0;owned\\u0007\\u202ex\"\n"))
	if err == nil {
		t.Fatal("no error")
	}
	root, rerr := safefs.Open(t.TempDir(), 0)
	must(t, rerr)
	defer root.Close()
	_, berr := ReadBaseline(root, "\x1b[31mred\u202e.json")
	for _, e := range []error{err, berr} {
		msg := e.Error()
		for _, r := range msg {
			if r < 0x20 || r == 0x7f || r == '\u202e' {
				t.Errorf("error %q holds control character %U", msg, r)
				break
			}
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func FuzzParseBaseline(f *testing.F) {
	f.Add([]byte(`{"schema":"tollgate.baseline/v1","findings":[{"fingerprint":"a","rule":"r","path":"p","message":"m"}]}`))
	f.Add([]byte(`{"schema":"tollgate.baseline/v1","findings":null}`))
	f.Add([]byte(`{"schema":"tollgate.baseline/v1","findings":[{"fingerprint":"\u001b[2J"},{"fingerprint":"\u001b[2J"}]}`))
	f.Add([]byte(`{"schema":"tollgate.baseline/v1","schema":"x"}`))
	f.Add([]byte(strings.Repeat("[", 10000)))
	f.Add([]byte("{\"schema\":\"tollgate.baseline/v1\",\"findings\":[{\"path\":\"\xff\xfe\"}]}"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseBaseline(data)
		if err != nil {
			if b != nil {
				t.Fatal("a baseline and an error")
			}
			return
		}
		if b.Schema != BaselineSchema {
			t.Fatalf("schema %q accepted", b.Schema)
		}
		n := 0
		for _, c := range b.Counts() {
			n += c
		}
		if n != len(b.Entries) {
			t.Fatalf("counts total %d, entries %d", n, len(b.Entries))
		}
		if _, err := b.Encode(); err != nil {
			t.Fatalf("re-encode: %v", err)
		}
	})
}
