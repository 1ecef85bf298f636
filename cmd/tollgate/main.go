// Command tollgate scans a repository — its Go code, CI pipelines, Terraform,
// dependency licenses and git history — for AI-era governance problems and
// renders the governance report. Run `tollgate help` for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"

	supervisor "github.com/tollgate-dev/tollgate/cmd/tollgate/internal/supervise"
	"github.com/tollgate-dev/tollgate/internal/membudget"
	"github.com/tollgate-dev/tollgate/internal/termsafe"
)

// Exit codes, as documented in docs/usage.md.
const (
	exitClean    = 0 // no gate failed
	exitGate     = 1 // a gate failed
	exitUsage    = 2 // bad usage or bad configuration
	exitInternal = 3 // the tool failed
)

// command is one subcommand. Each lives in its own file and registers itself.
type command struct {
	name    string
	usage   string // argument synopsis, after the name
	summary string // one line for the command list
	help    string // paragraphs for `tollgate <name> --help`
	// setup declares the command's flags.
	setup func(fs *flag.FlagSet)
	// run executes the command and returns an exit code.
	run func(ctx context.Context, env *env, args []string) int
}

// env is the process environment a command runs in; tests replace it.
type env struct {
	// stderr receives messages. run wraps it in a termsafe.Writer, so no
	// message, whatever path or value from the repository it quotes, can
	// write a raw control or bidi character to the terminal; progress
	// displays draw on the writer underneath (see drawOn).
	stdout, stderr io.Writer
	getenv         func(string) string
	// isTerminal tells whether stderr is a terminal (for progress bars).
	isTerminal bool
	// system returns the machine's memory limits; nil means none known
	// (tests).
	system func() membudget.System
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("duplicate command " + c.name)
	}
	commands[c.name] = c
}

// budgeted are the commands that analyse a repository: they take
// --max-memory, run under the memory watchdog and under the supervisor that
// turns a death by lack of memory into exit code 3 (see supervise).
var budgeted = supervisor.Budgeted

func main() {
	if code, ok := supervise(os.Args[1:]); ok {
		os.Exit(code)
	}
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	e := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, isTerminal: stderrTerminal || isTerminal(os.Stderr),
		system: membudget.DetectSystem}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a command and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	safe := termsafe.NewWriter(e.stderr)
	defer safe.Flush()
	cp := *e
	cp.stderr = safe
	e = &cp
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				commandUsage(e.stdout, c)
				return exitClean
			}
		}
		usage(e.stdout)
		return exitClean
	case "-version", "--version":
		name = "version"
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "tollgate: unknown command %q\n\n", name)
		usage(e.stderr)
		return exitUsage
	}
	fs := flag.NewFlagSet("tollgate "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { commandUsage(e.stderr, c) }
	if c.setup != nil {
		c.setup(fs)
	}
	var maxMemory string
	if budgeted[c.name] {
		memoryFlag(fs, &maxMemory)
	}
	if err := fs.Parse(interleave(fs, args[1:])); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	if budgeted[c.name] {
		b, err := resolveBudget(e, maxMemory)
		if err != nil {
			fmt.Fprintf(e.stderr, "tollgate %s: %v\n", c.name, err)
			return exitUsage
		}
		if b.GCLimit > 0 {
			prev := debug.SetMemoryLimit(b.GCLimit)
			defer debug.SetMemoryLimit(prev)
		}
		w := startWatchdog(e, b)
		defer w.Stop()
		ctx = membudget.NewContext(ctx, w)
	}
	return c.run(ctx, e, fs.Args())
}

// startWatchdog starts the memory watchdog of the budget. In a memory
// cgroup it also watches the whole group's memory, which holds the go
// command's children too: the kernel kills the group at its limit, however
// small the heap.
func startWatchdog(e *env, b membudget.Budget) *membudget.Watchdog {
	if e.system != nil {
		if sys := e.system(); sys.Cgroup > 0 {
			if usage := membudget.CgroupUsage(); usage != nil {
				return membudget.StartGroup(b.Limit, sys.Cgroup, usage)
			}
		}
	}
	return membudget.Start(b.Limit)
}

// memoryFlag declares --max-memory.
func memoryFlag(fs *flag.FlagSet, v *string) {
	fs.StringVar(v, "max-memory", "", "memory `budget` such as 512MiB or 2GiB (default: GOMEMLIMIT, else 80% of the cgroup's or the machine's memory); "+
		"domains still running when the live heap nears it are stopped and reported (scan/memory-budget); off: no budget")
}

// resolveBudget picks the run's memory budget from --max-memory, GOMEMLIMIT
// and the machine's limits.
func resolveBudget(e *env, flagValue string) (membudget.Budget, error) {
	var sys membudget.System
	if e.system != nil {
		sys = e.system()
	}
	return membudget.Resolve(flagValue, e.getenv("GOMEMLIMIT"), sys)
}

// interleave moves flags after positional arguments to the front, so
// `tollgate check ./... --format json` works as users expect.
func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
				continue
			}
			if i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		}
	}
	return append(flags, pos...)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "tollgate: governance checks for repositories and their pipelines, offline.")
	fmt.Fprintln(w, "\nUsage: tollgate <command> [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun `tollgate <command> --help` for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 clean, 1 a gate failed, 2 bad usage or configuration, 3 internal failure.")
}

func commandUsage(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: tollgate %s %s\n\n%s\n", c.name, c.usage, c.summary)
	if c.help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.help))
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	if c.setup != nil {
		c.setup(fs)
	}
	if budgeted[c.name] {
		var v string
		memoryFlag(fs, &v)
	}
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// tuneGC sets the garbage collector for a short-lived analysis process:
// GOGC follows the live heap (membudget.TuneGC): 100 until the first
// collection (at 4 MiB; 400, at 16 MiB, when the heap is on huge pages,
// see supervisor.HugeHeap), then 400 while it is small (YAML
// trees, syntax trees and git objects are allocated in bursts and die
// young; measured on the pipeline corpus, the default GC cost 15-20% of the
// CPU time), down to 100 once it passes 32 MiB, so that a large live heap
// (a history walk's caches) doubles rather than grows fivefold. GOGC, when
// set, wins. The soft memory limit is set by run from the memory budget
// (1 GiB, or the budget when it is lower or set by the user; GOMEMLIMIT
// wins).
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		start := membudget.StartGCPercent
		if supervisor.HugeHeap {
			start = membudget.HugePageStartGCPercent
		}
		membudget.TuneGCFrom(start)
	}
}
