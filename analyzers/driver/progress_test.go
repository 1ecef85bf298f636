package driver

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// A load that lasts gets a progress line after progressDelay and then every
// progressEvery; a quick one gets none, and none come after stop.
func TestProgressWhile(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var lines []string
		stop := progressWhile(func(s string) { lines = append(lines, s) }, 42, "svc")
		time.Sleep(progressDelay - time.Millisecond)
		synctest.Wait()
		if len(lines) != 0 {
			t.Fatalf("lines before the delay: %q", lines)
		}
		time.Sleep(time.Millisecond + 2*progressEvery)
		synctest.Wait()
		stop()
		n := len(lines)
		time.Sleep(3 * progressEvery)
		if n != 3 || len(lines) != n {
			t.Fatalf("got %d lines (%d after stop), want 3: %q", n, len(lines)-n, lines)
		}
		want := `building type information for 42 packages of module "svc", first run only (3s)`
		if lines[0] != want || !strings.HasSuffix(lines[2], "(13s)") {
			t.Errorf("lines = %q", lines)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		called := false
		stop := progressWhile(func(string) { called = true }, 1, ".")
		time.Sleep(progressDelay / 2)
		stop()
		time.Sleep(2 * progressDelay)
		if called {
			t.Error("progress line for a quick load")
		}
	})
	progressWhile(nil, 1, ".")() // no reporter: a no-op
}
