package membudget

import (
	"runtime"
	"runtime/debug"
	"sync/atomic"
)

// GC pacing. A fixed GOGC=400 lets the heap grow to five times the live
// data: cheap for the small, pointer-rich heaps of YAML and syntax trees,
// but for a history walk whose caches hold 50–100 MB it made the peak
// resident memory 5–6 times git's. The tuner gives the heap a headroom over
// the live data of at least MinHeadroom and at least the live data itself
// (GOGC=100), at most four times the live data (GOGC=400): small heaps are
// collected as rarely as before, large ones grow to twice their live size,
// not five times. The soft memory limit (the budget's GCLimit) stays the
// ceiling over both.
const (
	// MinHeadroom is the least room the heap gets over its live data.
	MinHeadroom = 32 * MiB
	// MinGCPercent and MaxGCPercent bound the GOGC the tuner sets.
	MinGCPercent = 100
	MaxGCPercent = 400
)

// GCPercentFor returns the GOGC the tuner sets for a live heap of live
// bytes: headroom max(live, MinHeadroom), within [MinGCPercent, MaxGCPercent].
func GCPercentFor(live int64) int {
	if live <= 0 {
		return MaxGCPercent
	}
	p := max(live, MinHeadroom) * 100 / live
	return int(min(max(p, MinGCPercent), MaxGCPercent))
}

// StartGCPercent is the GOGC before the tuner's first cycle: the runtime's
// first goal is 4 MiB times GOGC/100, so starting at 400 let the start-up
// garbage grow the heap to 16 MiB of fresh pages before any collection.
// Starting at 100 collects once at 4 MiB (a cheap cycle: little is live
// then), and the tuner sets GOGC from what is live from there on. Measured
// on the pipeline corpus (/tmp/one, 155 workflows) with the YAML trees
// freed once the model is built: ~1,000 fewer page faults, 4-6% less CPU.
const StartGCPercent = MinGCPercent

// HugePageStartGCPercent is the GOGC before the tuner's first cycle when
// the heap is backed by transparent huge pages (cmd/tollgate's hugeHeap,
// 32 MiB): fresh heap pages then cost a page fault per 2 MiB, so the
// first collection waits until the heap reaches 32 MiB (the runtime's
// first goal is 4 MiB times GOGC/100), the huge-page region; a short run
// ends before it. Above MaxGCPercent: it holds until the first cycle
// only, and the soft memory limit still comes first. On the pipeline
// corpus (155 workflows) no collection runs during the analysis: median of
// 25 runs 140.9 -> 125.9 ms task-clock against a start at 400 (which took
// one, 135.7 -> 128.2 against 100), peak resident size 50 -> 52 MB.
const HugePageStartGCPercent = 800

// TuneGC sets GOGC from the live heap after every garbage collection (see
// GCPercentFor) until stop is called; it starts at StartGCPercent. The
// caller owns the collector's settings: call it once per process, and not
// when the user set GOGC.
func TuneGC() (stop func()) { return TuneGCFrom(StartGCPercent) }

// TuneGCFrom is TuneGC starting at GOGC=start (StartGCPercent or
// HugePageStartGCPercent).
func TuneGCFrom(start int) (stop func()) {
	t := &gcTuner{read: func() int64 { live, _ := readRuntime(); return live }, set: debug.SetGCPercent}
	t.set(start)
	t.current.Store(int64(start))
	t.arm()
	return func() { t.stopped.Store(true) }
}

type gcTuner struct {
	read    func() int64
	set     func(int) int
	current atomic.Int64
	stopped atomic.Bool
	// tuned counts the adjustments made, for tests.
	tuned atomic.Int64
}

// sentinel is an object nothing refers to: its finalizer runs after the
// collection that found it unreachable, which is how the tuner learns that
// a cycle ended. It holds a pointer so that it is a real heap object.
type sentinel struct{ t *gcTuner }

func (t *gcTuner) arm() {
	s := &sentinel{t: t}
	runtime.SetFinalizer(s, func(s *sentinel) {
		if s.t.stopped.Load() {
			return
		}
		s.t.adjust()
		s.t.arm()
	})
}

// adjust sets GOGC for the live heap the last cycle marked; it calls set
// only when the value changes.
func (t *gcTuner) adjust() {
	p := int64(GCPercentFor(t.read()))
	if t.current.Swap(p) != p {
		t.set(int(p))
	}
	t.tuned.Add(1)
}
