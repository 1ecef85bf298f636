//go:build unix

package supervise

import (
	"bytes"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func init() {
	if o, ok := parent(os.Args[1:]); ok {
		if o.Normal() {
			os.Exit(o.State.ExitCode())
		}
		if ws, _ := o.State.Sys().(syscall.WaitStatus); ws.Signaled() && ws.Signal() != syscall.SIGKILL {
			// Ended by another signal: the status a shell would report.
			os.Exit(128 + int(ws.Signal()))
		}
		Ended = o
		return
	}
	if len(os.Args) > 1 && Budgeted[os.Args[1]] {
		// This process analyses: the supervisor's child, or unsupervised.
		HugeHeap = hugeHeap() != 0
	}
}

// parent runs a budgeted command in a child and waits for it. ok is false
// when this process should run the command itself: it is the child, the
// command does not analyse, TOLLGATE_SUPERVISED=off, or the child could not
// be started.
func parent(args []string) (o *Outcome, ok bool) {
	if v := os.Getenv(Env); v == "child" || v == "off" {
		return nil, false
	}
	if len(args) == 0 || !Budgeted[args[0]] {
		return nil, false
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, false
	}
	c := Child{Exe: exe, Args: args, Env: childEnv(os.Environ(), isTerminal(os.Stderr)), Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	o, err = c.Run()
	if err != nil {
		return nil, false
	}
	return o, true
}

// childEnv is the child's environment: this process's, the child's mark,
// whether the supervisor's standard error is a terminal, and, when the user
// did not set GOGC, GOGC=off with GCOffEnv (see GCOffEnv and hugeHeap).
func childEnv(environ []string, stderrTerminal bool) []string {
	env := append(environ, Env+"=child")
	if stderrTerminal {
		env = append(env, TerminalEnv+"=1")
	}
	if _, set := os.LookupEnv("GOGC"); !set {
		env = append(env, "GOGC=off", GCOffEnv+"=1")
	}
	return env
}

// Child is a process the supervisor runs.
type Child struct {
	Exe           string
	Args, Env     []string
	Stdin, Stdout *os.File // nil: /dev/null
	Stderr        io.Writer
}

// Outcome is how a child ended and what it said if it crashed.
type Outcome struct {
	State *os.ProcessState
	// Report is the start of the crash report the runtime wrote to the
	// crash pipe; empty when the child did not crash.
	Report []byte
	// Fatal is the runtime's "fatal error: ..." line from the child's
	// standard error: the runtime writes it before the crash report starts.
	Fatal string
}

// Normal reports whether the child ended by itself without crashing: its
// exit code is the command's.
func (o *Outcome) Normal() bool {
	ws, _ := o.State.Sys().(syscall.WaitStatus)
	return !ws.Signaled() && len(o.Report) == 0
}

// crashCap bounds the crash report kept: the first lines say what happened.
const crashCap = 64 << 10

// waitDelay is how long the supervisor goes on copying the child's
// standard error after the child ended: a tool the child started may hold
// it open after the child died.
const waitDelay = 2 * time.Second

// Run starts the child, passes signals on to it and waits. The child's
// standard error reaches c.Stderr through a pipe the supervisor reads as it
// goes, to find the runtime's fatal error line. The error is non-nil only
// when the child could not be started.
func (c Child) Run() (*Outcome, error) {
	cr, cw, err := os.Pipe() // crash report
	if err != nil {
		return nil, err
	}
	defer cr.Close()
	er, ew, err := os.Pipe() // standard error
	if err != nil {
		cw.Close()
		return nil, err
	}
	stdin, stdout := c.Stdin, c.Stdout
	var null *os.File
	if stdin == nil || stdout == nil {
		if null, err = os.OpenFile(os.DevNull, os.O_RDWR, 0); err != nil {
			cw.Close()
			er.Close()
			ew.Close()
			return nil, err
		}
		defer null.Close()
		if stdin == nil {
			stdin = null
		}
		if stdout == nil {
			stdout = null
		}
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	p, err := os.StartProcess(c.Exe, append([]string{c.Exe}, c.Args...), &os.ProcAttr{
		Env:   c.Env,
		Files: []*os.File{stdin, stdout, ew, cw}, // cw is descriptor 3: CrashFD
	})
	cw.Close()
	ew.Close()
	if err != nil {
		er.Close()
		return nil, err
	}
	report := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(cr, crashCap))
		io.Copy(io.Discard, cr) // drain: a blocked writer would hang the crash
		report <- b
	}()
	watch := &fatalWatch{}
	copied := make(chan struct{})
	go func() {
		w := io.Writer(watch)
		if c.Stderr != nil {
			w = io.MultiWriter(c.Stderr, watch)
		}
		io.Copy(w, er)
		close(copied)
	}()
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				p.Signal(s)
			case <-done:
				return
			}
		}
	}()
	st, err := p.Wait()
	close(done)
	if err != nil {
		er.Close()
		return nil, err
	}
	select {
	case <-copied:
	case <-time.After(waitDelay):
	}
	er.Close()
	return &Outcome{State: st, Report: <-report, Fatal: watch.line()}, nil
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
