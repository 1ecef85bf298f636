//go:build unix && !linux

// On Unix systems other than Linux the supervisor uses golang.org/x/term:
// correct, though its initialisation order is then less favourable.

package supervise

import (
	"os"

	"golang.org/x/term"
)

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
