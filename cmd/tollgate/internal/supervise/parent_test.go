//go:build unix

package supervise

import (
	"os"
	"testing"
)

// The runtime's fatal error line is found whatever the writes' boundaries,
// only at the start of a line, and the first one is kept.
func TestFatalWatch(t *testing.T) {
	for _, c := range []struct {
		writes []string
		want   string
	}{
		{[]string{"fatal error: out of memory\n"}, "fatal error: out of memory"},
		{[]string{"progress\nfat", "al error: runtime: cannot allocate memory", "\nmore\n"}, "fatal error: runtime: cannot allocate memory"},
		{[]string{"not a fatal error: x\n"}, ""},
		{[]string{"fatal error: first\nfatal error: second\n"}, "fatal error: first"},
		{[]string{"fatal error: no newline yet"}, ""},
	} {
		w := &fatalWatch{}
		for _, s := range c.writes {
			if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
				t.Fatalf("Write(%q) = %d, %v", s, n, err)
			}
		}
		if got := w.line(); got != c.want {
			t.Errorf("%q: line() = %q, want %q", c.writes, got, c.want)
		}
	}
}

// A budgeted command is not supervised in the child or when the user
// turned the supervisor off, nor is a command that does not analyse.
func TestParentDeclines(t *testing.T) {
	t.Setenv(Env, "")
	if _, ok := parent([]string{"version"}); ok {
		t.Errorf("version was supervised")
	}
	if _, ok := parent(nil); ok {
		t.Errorf("no command was supervised")
	}
	for _, v := range []string{"child", "off"} {
		t.Setenv(Env, v)
		if _, ok := parent([]string{"check", "."}); ok {
			t.Errorf("%s=%s: check was supervised", Env, v)
		}
	}
}

// The child's environment marks it, says whether standard error is a
// terminal, and starts its collector off only when the user left GOGC
// unset.
func TestChildEnv(t *testing.T) {
	has := func(env []string, kv string) bool {
		for _, e := range env {
			if e == kv {
				return true
			}
		}
		return false
	}
	t.Setenv("GOGC", "")
	os.Unsetenv("GOGC")
	env := childEnv([]string{"A=1"}, true)
	for _, kv := range []string{"A=1", Env + "=child", TerminalEnv + "=1", "GOGC=off", GCOffEnv + "=1"} {
		if !has(env, kv) {
			t.Errorf("GOGC unset: child environment %q lacks %q", env, kv)
		}
	}
	t.Setenv("GOGC", "200")
	env = childEnv([]string{"GOGC=200"}, false)
	for _, kv := range []string{"GOGC=off", GCOffEnv + "=1", TerminalEnv + "=1"} {
		if has(env, kv) {
			t.Errorf("GOGC=200, no terminal: child environment %q has %q", env, kv)
		}
	}
}
