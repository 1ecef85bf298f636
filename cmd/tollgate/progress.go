package main

import (
	"fmt"
	"io"
	"sync"

	"github.com/tollgate-dev/tollgate/internal/termsafe"
)

// progress draws a one-line progress display on a terminal.
type progress struct {
	mu sync.Mutex
	w  io.Writer
}

func newProgress(w io.Writer) *progress { return &progress{w: drawOn(w)} }

// drawOn returns the writer a progress display draws on: the terminal under
// the sanitizing writer that run puts on standard error, so that the
// display's own cursor controls reach it. Whatever a display prints that did
// not come from the program itself must go through termsafe.
func drawOn(w io.Writer) io.Writer {
	if s, ok := w.(*termsafe.Writer); ok {
		return s.Raw()
	}
	return w
}

func (p *progress) update(domain, msg string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	// A message may name a file of the repository.
	domain, msg = termsafe.Line(domain, 40), termsafe.Line(msg, 200)
	if total > 0 {
		fmt.Fprintf(p.w, "\r\x1b[K%s: %s %d/%d", domain, msg, done, total)
		if done >= total {
			fmt.Fprint(p.w, "\r\x1b[K")
		}
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s: %s", domain, msg)
}
