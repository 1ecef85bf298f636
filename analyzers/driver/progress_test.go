package driver

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// A load that lasts gets a progress line after progressDelay and then every
// progressEvery; a quick one gets none, and none come after stop.
func TestProgressWhile(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var lines []string
		got := func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(lines) }
		stop := progressWhile(func(s string) { mu.Lock(); lines = append(lines, s); mu.Unlock() }, 42, "svc")
		time.Sleep(progressDelay - time.Millisecond)
		synctest.Wait()
		if l := got(); len(l) != 0 {
			t.Fatalf("lines before the delay: %q", l)
		}
		time.Sleep(time.Millisecond + 2*progressEvery)
		synctest.Wait()
		stop()
		n := len(got())
		time.Sleep(3 * progressEvery)
		final := got()
		if n != 3 || len(final) != n {
			t.Fatalf("got %d lines (%d after stop), want 3: %q", n, len(final)-n, final)
		}
		want := `building type information for 42 packages of module "svc", first run only (3s)`
		if final[0] != want || !strings.HasSuffix(final[2], "(13s)") {
			t.Errorf("lines = %q", final)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		var called atomic.Bool
		stop := progressWhile(func(string) { called.Store(true) }, 1, ".")
		time.Sleep(progressDelay / 2)
		stop()
		time.Sleep(2 * progressDelay)
		if called.Load() {
			t.Error("progress line for a quick load")
		}
	})
	progressWhile(nil, 1, ".")() // no reporter: a no-op
}
