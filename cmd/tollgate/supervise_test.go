//go:build unix

package main

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

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
			ch := child{exe: os.Args[0], args: []string{"-test.run=^$"}, env: append(os.Environ(), childActEnv+"="+c.act)}
			st, crash, err := ch.run()
			if err != nil {
				t.Fatal(err)
			}
			code, msg := verdict(st, crash, budget)
			if code != c.wantCode || !strings.HasPrefix(msg, c.wantMsg) || (c.wantMsg == "") != (msg == "") {
				t.Errorf("exit %d, %q; want %d, %q (child: %v, fatal error %q, crash report %q)", code, msg, c.wantCode, c.wantMsg, st, crash.fatal, firstLine(crash.report))
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
