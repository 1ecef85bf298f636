//go:build unix

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tollgate-dev/tollgate/internal/membudget"
)

// supervisedEnv marks the process the supervisor starts ("child"); a user
// sets it to "off" to run without the supervisor.
const supervisedEnv = "TOLLGATE_SUPERVISED"

// terminalEnv tells the child that the supervisor's standard error, which
// it reaches through a pipe, is a terminal (for progress displays).
const terminalEnv = "TOLLGATE_STDERR_TERMINAL"

// crashFD is the descriptor on which the child finds the pipe its crash
// report goes to (debug.SetCrashOutput).
const crashFD = 3

// supervise runs a command that analyses a repository (see budgeted) in a
// child process of this same binary and waits for it, so that a death the
// process cannot report itself still ends in exit code 3 with a message
// saying what happened:
//
//   - the Go runtime's "fatal error: out of memory" (exit status 2, which
//     would read as bad usage), and any other crash or unrecovered panic,
//     recognised by the crash report the child writes to a pipe
//     (debug.SetCrashOutput) rather than by its exit status;
//   - SIGKILL, which is how the kernel's out-of-memory killer, or a cgroup
//     at its memory limit, ends a process.
//
// The memory budget and its watchdog are there so that this does not
// happen; the supervisor is the net under them. Costs: one exec and a few
// MiB for the waiting parent. The child shares the parent's standard input
// and output; its standard error goes through the parent, which looks for
// the runtime's "fatal error" line (the child is told whether the parent's
// is a terminal, for progress displays); signals the parent receives are passed on,
// and a child ended by another signal ends the parent with status 128+n as
// a shell would report it. ok is false when the caller should run the
// command in this process: it is the child, the command is not one that
// analyses, TOLLGATE_SUPERVISED=off, or the child could not be started.
func supervise(args []string) (code int, ok bool) {
	switch os.Getenv(supervisedEnv) {
	case "child":
		stderrTerminal = os.Getenv(terminalEnv) == "1"
		os.Unsetenv(supervisedEnv)
		os.Unsetenv(terminalEnv)
		crashToParent()
		return 0, false
	case "off":
		return 0, false
	}
	if len(args) == 0 || !budgeted[args[0]] {
		return 0, false
	}
	exe, err := os.Executable()
	if err != nil {
		return 0, false
	}
	env := append(os.Environ(), supervisedEnv+"=child")
	if isTerminal(os.Stderr) {
		env = append(env, terminalEnv+"=1")
	}
	c := child{exe: exe, args: args, env: env, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	// The parent only waits: what package initialisation allocated goes
	// back to the system before the child starts, and the little the
	// parent allocates from here on (its reads of the child's standard
	// error) is collected early.
	debug.SetGCPercent(25)
	debug.FreeOSMemory()
	st, crash, err := c.run()
	if err != nil {
		return 0, false
	}
	code, msg := verdict(st, crash, parentBudget(args))
	if msg != "" {
		fmt.Fprintln(os.Stderr, "tollgate: "+msg)
	}
	return code, true
}

// child is a process the supervisor runs.
type child struct {
	exe           string
	args, env     []string
	stdin, stdout *os.File // nil: /dev/null
	stderr        io.Writer
}

// crash is what the supervisor learns of a child that crashed.
type crash struct {
	// report is the start of the crash report the runtime wrote to the
	// crash pipe; empty when the child did not crash.
	report []byte
	// fatal is the runtime's "fatal error: ..." line from the child's
	// standard error: the runtime writes it before the crash report starts.
	fatal string
}

// crashCap bounds the crash report kept: the first lines say what happened.
const crashCap = 64 << 10

// run starts the child, passes signals on to it and waits; it returns how
// the child ended and what it said if it crashed. The child's standard
// error reaches c.stderr through a pipe the supervisor reads as it goes,
// to find the runtime's fatal error line. The error is non-nil only when
// the child could not be started.
func (c child) run() (*os.ProcessState, crash, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, crash{}, err
	}
	defer r.Close()
	watch := &fatalWatch{}
	cmd := exec.Command(c.exe, c.args...)
	cmd.Env = c.env
	cmd.Stdin, cmd.Stdout = c.stdin, c.stdout
	cmd.Stderr = io.MultiWriter(orDiscard(c.stderr), watch)
	// A tool the child started may hold its standard error open after it
	// died; do not wait for it.
	cmd.WaitDelay = 2 * time.Second
	cmd.ExtraFiles = []*os.File{w} // descriptor 3 in the child: crashFD
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	err = cmd.Start()
	w.Close()
	if err != nil {
		return nil, crash{}, err
	}
	report := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(r, crashCap))
		io.Copy(io.Discard, r) // drain: a blocked writer would hang the crash
		report <- b
	}()
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				cmd.Process.Signal(s)
			case <-done:
				return
			}
		}
	}()
	cmd.Wait()
	close(done)
	return cmd.ProcessState, crash{report: <-report, fatal: watch.line()}, nil
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

// fatalWatch finds the first line of a stream that starts with "fatal
// error: " (the Go runtime's), keeping at most 512 bytes of a line.
type fatalWatch struct {
	mu    sync.Mutex
	cur   []byte
	found string
}

func (w *fatalWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, b := range p {
		if b != '\n' {
			if len(w.cur) < 512 {
				w.cur = append(w.cur, b)
			}
			continue
		}
		if w.found == "" && bytes.HasPrefix(w.cur, []byte("fatal error: ")) {
			w.found = string(w.cur)
		}
		w.cur = w.cur[:0]
	}
	return len(p), nil
}

func (w *fatalWatch) line() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.found
}

// crashToParent sends this process's crash report, should it crash, to the
// pipe the supervisor passed as crashFD. The runtime duplicates the
// descriptor with close-on-exec, so the tools the child runs (go list) do
// not inherit it.
func crashToParent() {
	var st syscall.Stat_t
	if err := syscall.Fstat(crashFD, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFIFO {
		return
	}
	f := os.NewFile(crashFD, "crash-report")
	_ = debug.SetCrashOutput(f, debug.CrashOptions{})
	f.Close()
}

// verdict turns how the child ended into the exit code and the message, if
// any, the supervisor prints.
func verdict(st *os.ProcessState, c crash, budget membudget.Budget) (int, string) {
	rerun := "rerun with a larger --max-memory, or narrow the scan (--skip a domain, a subdirectory)"
	ws, _ := st.Sys().(syscall.WaitStatus)
	switch {
	case ws.Signaled() && ws.Signal() == syscall.SIGKILL:
		return exitInternal, fmt.Sprintf("the analysis was killed (SIGKILL), most likely for running out of memory (memory budget: %s); %s", budget, rerun)
	case ws.Signaled():
		return 128 + int(ws.Signal()), ""
	case len(c.report) > 0 && isOutOfMemory(c.fatal):
		return exitInternal, fmt.Sprintf("out of memory (memory budget: %s); %s", budget, rerun)
	case len(c.report) > 0:
		return exitInternal, "internal error: the analysis crashed (the error is above); please report it"
	}
	return st.ExitCode(), ""
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
