//go:build unix

package main

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	supervisor "github.com/tollgate-dev/tollgate/cmd/tollgate/internal/supervise"
	"github.com/tollgate-dev/tollgate/internal/membudget"
)

// childActEnv makes the test binary act as a supervised child that ends in
// the way the variable names (see TestMain).
const childActEnv = "TOLLGATE_TEST_CHILD_ACT"

func TestMain(m *testing.M) {
	if act := os.Getenv(childActEnv); act != "" {
		crashToParent()
		actAsChild(act)
		os.Exit(0)
	}
	// Tests never write into the user's real cache: the change-risk cache
	// of every repository they build goes to a temporary directory.
	cache, err := os.MkdirTemp("", "tollgate-test-cache-")
	if err == nil {
		os.Setenv("TOLLGATE_CACHE_DIR", cache)
	}
	code := m.Run()
	if cache != "" {
		os.RemoveAll(cache)
	}
	os.Exit(code)
}

func actAsChild(act string) {
	switch act {
	case "oom":
		// More than the address space allowed: the runtime's "fatal error:
		// out of memory", whatever the machine's overcommit policy, without
		// using any memory.
		if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: 2 << 30, Max: 2 << 30}); err != nil {
			panic(err)
		}
		b := make([]byte, 4<<30)
		b[len(b)-1] = 1
	case "sigkill":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	case "sigterm":
		syscall.Kill(os.Getpid(), syscall.SIGTERM)
	case "panic":
		go func() { panic("boom") }()
	case "ok":
		os.Exit(exitClean)
	case "usage":
		os.Exit(exitUsage)
	case "gate":
		os.Exit(exitGate)
	}
	time.Sleep(10 * time.Second) // a signal or panic ends us first
}

// TestSupervisor runs the test binary as the supervised child and checks
// how each way of ending maps to tollgate's exit codes: deliberate codes
// pass through (2 stays bad usage), while running out of memory, a crash
// and SIGKILL become 3 with a message.
func TestSupervisor(t *testing.T) {
	budget := membudget.Budget{Limit: 512 * membudget.MiB, Source: "--max-memory"}
	for _, c := range []struct {
		act      string
		wantCode int
		wantMsg  string
	}{
		{"ok", exitClean, ""},
		{"gate", exitGate, ""},
		{"usage", exitUsage, ""},
		{"oom", exitInternal, "out of memory (memory budget: 512 MiB (--max-memory)); rerun with a larger --max-memory"},
		{"panic", exitInternal, "internal error: the analysis crashed"},
		{"sigkill", exitInternal, "the analysis was killed (SIGKILL), most likely for running out of memory (memory budget: 512 MiB (--max-memory))"},
		{"sigterm", 128 + int(syscall.SIGTERM), ""},
	} {
		t.Run(c.act, func(t *testing.T) {
			if c.act == "oom" && raceEnabled {
				t.Skip("the race detector cannot run under the child's address-space limit")
			}
			ch := supervisor.Child{Exe: os.Args[0], Args: []string{"-test.run=^$"}, Env: append(os.Environ(), childActEnv+"="+c.act)}
			o, err := ch.Run()
			if err != nil {
				t.Fatal(err)
			}
			code, msg := verdict(o, budget)
			if code != c.wantCode || !strings.HasPrefix(msg, c.wantMsg) || (c.wantMsg == "") != (msg == "") {
				t.Errorf("exit %d, %q; want %d, %q (child: %v, fatal error %q, crash report %q)", code, msg, c.wantCode, c.wantMsg, o.State, o.Fatal, firstLine(o.Report))
			}
		})
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}

func TestParentBudget(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	for _, args := range [][]string{
		{"scan", "--max-memory", "512MiB", "."},
		{"check", "./...", "-max-memory=512MiB"},
	} {
		if b := parentBudget(args); b.Limit != 512*membudget.MiB || b.Source != "--max-memory" {
			t.Errorf("parentBudget(%q) = %#v", args, b)
		}
	}
}

// The supervisor's parent runs from package supervise's initialiser; that
// saves time only while the package is initialised before the heavy ones
// (see its package comment): before every other tollgate package and
// before the modules with costly initialisers.
func TestSupervisorInitialisesEarly(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	const self = "github.com/tollgate-dev/tollgate/cmd/tollgate/internal/supervise"
	var before []string
	found := false
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 || f[0] != "init" {
			continue
		}
		if f[1] == self {
			found = true
			break
		}
		before = append(before, f[1])
	}
	if !found {
		t.Fatalf("no init of %s in the trace:\n%s", self, out)
	}
	for _, p := range before {
		for _, heavy := range []string{"github.com/tollgate-dev/", "go.opencensus.io/", "github.com/yuin/goldmark", "github.com/google/go-cmp/cmp ", "modernc.org/", "regexp ", "runtime/debug "} {
			// A trailing space: that package only, not the ones below it.
			if strings.HasPrefix(p+" ", heavy) {
				t.Errorf("%s is initialised before the supervisor", p)
			}
		}
	}
}
