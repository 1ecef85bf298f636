//go:build unix

package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"syscall"

	supervisor "github.com/tollgate-dev/tollgate/cmd/tollgate/internal/supervise"
	"github.com/tollgate-dev/tollgate/internal/membudget"
)

// supervise is the child's half of the supervisor, and the report of a
// child that did not end by itself. The parent's half runs in package
// supervise's initialiser, before most of the program is initialised: it
// starts this same binary as a child for a command that analyses a
// repository (see supervise.Budgeted), waits for it and ends this process
// with the child's exit code, so that a death the child cannot report
// itself still ends in exit code 3 with a message saying what happened:
//
//   - the Go runtime's "fatal error: out of memory" (exit status 2, which
//     would read as bad usage), and any other crash or unrecovered panic,
//     recognised by the crash report the child writes to a pipe
//     (debug.SetCrashOutput) rather than by its exit status;
//   - SIGKILL, which is how the kernel's out-of-memory killer, or a cgroup
//     at its memory limit, ends a process.
//
// The memory budget and its watchdog are there so that this does not
// happen; the supervisor is the net under them. Costs: one exec and a
// third of a start for the waiting parent. The child shares the parent's
// standard input and output; its standard error goes through the parent,
// which looks for the runtime's "fatal error" line (the child is told
// whether the parent's is a terminal, for progress displays); signals the
// parent receives are passed on, and a child ended by another signal ends
// the parent with status 128+n as a shell would report it.
//
// In the child, supervise sends crash reports to the parent and returns
// ok false: the caller runs the command. In a parent whose child crashed
// or was killed (supervise.Ended), it writes the message and returns the
// exit code with ok true. Otherwise (the command does not analyse,
// TOLLGATE_SUPERVISED=off, the child could not be started) ok is false.
func supervise(args []string) (code int, ok bool) {
	if os.Getenv(supervisor.Env) == "child" {
		stderrTerminal = os.Getenv(supervisor.TerminalEnv) == "1"
		os.Unsetenv(supervisor.Env)
		os.Unsetenv(supervisor.TerminalEnv)
		if os.Getenv(supervisor.GCOffEnv) == "1" {
			// The supervisor's GOGC=off (see supervisor.GCOffEnv): the
			// user did not set GOGC; tuneGC turns the collector on.
			os.Unsetenv("GOGC")
			os.Unsetenv(supervisor.GCOffEnv)
		}
		crashToParent()
		return 0, false
	}
	if supervisor.Ended == nil {
		return 0, false
	}
	code, msg := verdict(supervisor.Ended, parentBudget(args))
	if msg != "" {
		fmt.Fprintln(os.Stderr, "tollgate: "+msg)
	}
	return code, true
}

// crashToParent sends this process's crash report, should it crash, to the
// pipe the supervisor passed as crashFD. The runtime duplicates the
// descriptor with close-on-exec, so the tools the child runs (go list) do
// not inherit it.
func crashToParent() {
	var st syscall.Stat_t
	if err := syscall.Fstat(supervisor.CrashFD, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFIFO {
		return
	}
	f := os.NewFile(supervisor.CrashFD, "crash-report")
	_ = debug.SetCrashOutput(f, debug.CrashOptions{})
	f.Close()
}

// verdict turns how the child ended into the exit code and the message, if
// any, the supervisor prints.
func verdict(o *supervisor.Outcome, budget membudget.Budget) (int, string) {
	rerun := "rerun with a larger --max-memory, or narrow the scan (--skip a domain, a subdirectory)"
	ws, _ := o.State.Sys().(syscall.WaitStatus)
	switch {
	case ws.Signaled() && ws.Signal() == syscall.SIGKILL:
		return exitInternal, fmt.Sprintf("the analysis was killed (SIGKILL), most likely for running out of memory (memory budget: %s); %s", budget, rerun)
	case ws.Signaled():
		return 128 + int(ws.Signal()), ""
	case len(o.Report) > 0 && isOutOfMemory(o.Fatal):
		return exitInternal, fmt.Sprintf("out of memory (memory budget: %s); %s", budget, rerun)
	case len(o.Report) > 0:
		return exitInternal, "internal error: the analysis crashed (the error is above); please report it"
	}
	return o.State.ExitCode(), ""
}

// isOutOfMemory tells the runtime's fatal errors for lack of memory ("out
// of memory", "runtime: cannot allocate memory") from the others.
func isOutOfMemory(fatal string) bool {
	return strings.Contains(fatal, "out of memory") || strings.Contains(fatal, "cannot allocate memory")
}

// parentBudget resolves the budget the child will have, for the message:
// the --max-memory value among args, GOMEMLIMIT, the machine's limits.
func parentBudget(args []string) membudget.Budget {
	var v string
	for i, a := range args {
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name != "max-memory" || !strings.HasPrefix(a, "-") {
			continue
		}
		if hasVal {
			v = val
		} else if i+1 < len(args) {
			v = args[i+1]
		}
	}
	b, err := membudget.Resolve(v, os.Getenv("GOMEMLIMIT"), membudget.DetectSystem())
	if err != nil {
		return membudget.Budget{}
	}
	return b
}
