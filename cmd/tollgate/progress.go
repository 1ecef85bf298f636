package main

import (
	"fmt"
	"io"
	"sync"
)

// progress draws a one-line progress display on a terminal.
type progress struct {
	mu sync.Mutex
	w  io.Writer
}

func newProgress(w io.Writer) *progress { return &progress{w: w} }

func (p *progress) update(domain, msg string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if total > 0 {
		fmt.Fprintf(p.w, "\r\x1b[K%s: %s %d/%d", domain, msg, done, total)
		if done >= total {
			fmt.Fprint(p.w, "\r\x1b[K")
		}
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s: %s", domain, msg)
}
