package membudget

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"sync"
	"time"
)

// TriggerPercent is how much of the budget the live heap may reach before
// the watchdog stops the work it tracks: the rest is headroom for the
// allocations made between two polls and for memory outside the heap.
const TriggerPercent = 90

// Interval is how often the watchdog reads the runtime's metrics. A read
// costs microseconds; between two reads a domain allocates tens of MiB at
// most, well inside the headroom.
const Interval = 50 * time.Millisecond

// Exceeded is the cause of a context the watchdog cancelled.
type Exceeded struct {
	// Live is the live heap, in bytes, when the watchdog fired.
	Live int64
	// Budget is the budget in bytes.
	Budget int64
}

func (e *Exceeded) Error() string {
	return fmt.Sprintf("memory budget exceeded: %s live of a %s budget", FormatSize(e.Live), FormatSize(e.Budget))
}

// Watchdog polls the live heap and, when it reaches TriggerPercent of the
// budget, cancels every context tracked at that moment. A nil *Watchdog is
// valid and tracks nothing.
type Watchdog struct {
	budget, trigger int64
	read            func() (live int64, cycles uint64)
	// group, when set, reads the memory of the whole cgroup, which fires
	// the watchdog at groupTrigger whatever the heap is.
	group                    func() int64
	groupLimit, groupTrigger int64

	mu      sync.Mutex
	tracked map[*tracked]struct{}
	// firedAt is the GC cycle of the reading the watchdog last fired on; 0
	// when it has not fired.
	firedAt uint64

	stop chan struct{}
	done chan struct{}
}

type tracked struct{ cancel context.CancelCauseFunc }

// Start starts a watchdog for a budget of limit bytes; it returns nil (no
// watchdog) when limit is not positive. Stop it when the work is done.
func Start(limit int64) *Watchdog {
	if limit <= 0 {
		return nil
	}
	return start(limit, Interval, readRuntime)
}

func start(limit int64, every time.Duration, read func() (int64, uint64)) *Watchdog {
	return startGroup(limit, every, read, 0, nil)
}

// StartGroup is Start for a process in a memory cgroup of cgroupLimit bytes:
// besides the heap, the watchdog fires when usage (the anonymous memory of
// the whole group, children included; see CgroupUsage) reaches
// CgroupTriggerPercent of the group's limit.
func StartGroup(limit, cgroupLimit int64, usage func() int64) *Watchdog {
	if limit <= 0 {
		return nil
	}
	return startGroup(limit, Interval, readRuntime, cgroupLimit, usage)
}

func startGroup(limit int64, every time.Duration, read func() (int64, uint64), groupLimit int64, group func() int64) *Watchdog {
	w := &Watchdog{
		budget: limit, trigger: percent(limit, TriggerPercent), read: read,
		tracked: map[*tracked]struct{}{}, stop: make(chan struct{}), done: make(chan struct{}),
	}
	if groupLimit > 0 && group != nil {
		w.group, w.groupLimit, w.groupTrigger = group, groupLimit, percent(groupLimit, CgroupTriggerPercent)
	}
	go w.loop(every)
	return w
}

type contextKey struct{}

// NewContext returns a context carrying w. The budget is the process's: the
// command starts one watchdog and every scan it runs, however deep (a
// pull-request run scans the head and the base), tracks its work with it.
func NewContext(ctx context.Context, w *Watchdog) context.Context {
	return context.WithValue(ctx, contextKey{}, w)
}

// FromContext returns the watchdog ctx carries, or nil (a valid watchdog
// that tracks nothing).
func FromContext(ctx context.Context) *Watchdog {
	w, _ := ctx.Value(contextKey{}).(*Watchdog)
	return w
}

// Stop ends the polling. Contexts still tracked are left as they are.
func (w *Watchdog) Stop() {
	if w == nil {
		return
	}
	close(w.stop)
	<-w.done
}

// Track returns a context derived from ctx that the watchdog cancels, with
// an *Exceeded cause, if the budget is reached while it is tracked. Call
// release when the work it carries is over (whether it finished or gave
// up): release stops the tracking and returns the *Exceeded that stopped
// the work, or nil if the work was not stopped by the budget.
func (w *Watchdog) Track(ctx context.Context) (_ context.Context, release func() *Exceeded) {
	if w == nil {
		return ctx, func() *Exceeded { return nil }
	}
	ctx, cancel := context.WithCancelCause(ctx)
	t := &tracked{cancel: cancel}
	w.mu.Lock()
	w.tracked[t] = struct{}{}
	w.mu.Unlock()
	return ctx, func() *Exceeded {
		w.mu.Lock()
		delete(w.tracked, t)
		w.mu.Unlock()
		var ex *Exceeded
		stopped := errors.As(context.Cause(ctx), &ex)
		cancel(context.Canceled)
		if stopped {
			return ex
		}
		return nil
	}
}

func (w *Watchdog) loop(every time.Duration) {
	defer close(w.done)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-tick.C:
			w.check()
		}
	}
}

// check reads the metrics once and fires if the live heap is over the
// trigger. The live heap is measured at the end of each GC cycle; after
// firing, the watchdog waits for two more cycles (the one running may have
// started before the stopped work let go of its memory) so a stale reading
// cannot stop work started afterwards.
func (w *Watchdog) check() {
	live, cycles := w.read()
	budget := w.budget
	if live < w.trigger {
		if w.group == nil {
			return
		}
		used := w.group()
		if used < w.groupTrigger {
			return
		}
		live, budget = used, w.groupLimit
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.tracked) == 0 || (w.firedAt > 0 && cycles < w.firedAt+2) {
		return
	}
	w.firedAt = max(cycles, 1)
	cause := &Exceeded{Live: live, Budget: budget}
	for t := range w.tracked {
		t.cancel(cause)
		delete(w.tracked, t)
	}
}

var samples = []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}

var samplesMu sync.Mutex

// readRuntime returns the live heap marked by the last GC cycle and the
// number of cycles so far.
func readRuntime() (int64, uint64) {
	samplesMu.Lock()
	defer samplesMu.Unlock()
	metrics.Read(samples)
	var live int64
	var cycles uint64
	if samples[0].Value.Kind() == metrics.KindUint64 {
		live = int64(samples[0].Value.Uint64())
	}
	if samples[1].Value.Kind() == metrics.KindUint64 {
		cycles = samples[1].Value.Uint64()
	}
	return live, cycles
}
