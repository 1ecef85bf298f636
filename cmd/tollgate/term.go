package main

import (
	"os"

	"golang.org/x/term"
)

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// stderrTerminal is set in a supervised child whose standard error, a pipe
// to the supervisor, ends at a terminal (see supervise).
var stderrTerminal bool
