// Package supervise is the parent half of tollgate's supervisor: a command
// that analyses a repository runs in a child process of the same binary,
// and the parent turns a death the child cannot report itself (the
// runtime's "fatal error: out of memory", a crash, SIGKILL from the kernel's
// out-of-memory killer or a cgroup) into exit code 3 with a message (see
// Ended and the main package's supervise.go for the child's half).
//
// The parent runs from this package's initialiser, before most of the
// program is initialised: Go initialises packages in import-path order
// among those whose imports are ready, and this package sorts before every
// other tollgate package and imports only a few standard ones, so the
// waiting parent pays the runtime's start and about 85 small package
// initialisers rather than all 270 (about a third of a full start). It
// must keep to that: importing runtime/debug, os/exec or a tollgate package
// would make it wait for the heavy initialisers (a test checks the order).
// A child that ends normally ends the parent at once; one that crashed or
// was killed leaves Ended set, the program initialises fully, and main
// writes the message. In the process that analyses (the child, or an
// unsupervised run), the same initialiser backs the heap with huge pages
// before the other initialisers allocate (hugeHeap).
package supervise

// Env marks the process the supervisor starts ("child"); a user sets it to
// "off" to run without the supervisor.
const Env = "TOLLGATE_SUPERVISED"

// TerminalEnv tells the child that the supervisor's standard error, which
// it reaches through a pipe, is a terminal (for progress displays).
const TerminalEnv = "TOLLGATE_STDERR_TERMINAL"

// GCOffEnv tells the child that GOGC=off in its environment is the
// supervisor's, not the user's: the child starts with the collector off so
// that hugeHeap's allocation does not start a collection, and main turns it
// on (GOGC unset, the tuner) before the command runs.
const GCOffEnv = "TOLLGATE_GOGC_OFF"

// CrashFD is the descriptor on which the child finds the pipe its crash
// report goes to (debug.SetCrashOutput).
const CrashFD = 3

// Budgeted are the commands that analyse a repository: they take
// --max-memory, run under the memory watchdog and under the supervisor.
var Budgeted = map[string]bool{
	"scan": true, "check": true, "pr": true, "evidence": true, "risk": true, "baseline": true, "licenses": true,
}

// Ended is how the child ended when the supervisor ran one that crashed
// or was killed by SIGKILL; main reports it (exit code 3 and a message) and
// does not run the command. Nil otherwise.
var Ended *Outcome

// HugeHeap is whether this process's heap was advised to be backed by
// transparent huge pages (see hugeHeap): its first collection can then
// wait longer (membudget.HugePageStartGCPercent).
var HugeHeap bool
