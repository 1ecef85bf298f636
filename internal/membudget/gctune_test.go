package membudget

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestGCPercentFor(t *testing.T) {
	for _, c := range []struct {
		live int64
		want int
	}{
		{0, MaxGCPercent},
		{1 * MiB, MaxGCPercent},   // tiny heap: as rarely as GOGC=400
		{8 * MiB, MaxGCPercent},   // 32 MiB of room is four times 8
		{16 * MiB, 200},           // the room stays 32 MiB
		{32 * MiB, MinGCPercent},  // from here the room is the live heap
		{400 * MiB, MinGCPercent}, // a large heap doubles, never grows fivefold
	} {
		if got := GCPercentFor(c.live); got != c.want {
			t.Errorf("GCPercentFor(%d MiB) = %d, want %d", c.live/MiB, got, c.want)
		}
	}
}

func TestGCTunerAdjust(t *testing.T) {
	var live int64
	var sets []int
	tu := &gcTuner{read: func() int64 { return live }, set: func(p int) int { sets = append(sets, p); return 0 }}
	tu.current.Store(MaxGCPercent)
	for _, l := range []int64{4 * MiB, 16 * MiB, 16 * MiB, 200 * MiB, 2 * MiB} {
		live = l
		tu.adjust()
	}
	want := []int{200, MinGCPercent, MaxGCPercent} // unchanged values are not set again
	if len(sets) != len(want) {
		t.Fatalf("set %v, want %v", sets, want)
	}
	for i := range want {
		if sets[i] != want[i] {
			t.Fatalf("set %v, want %v", sets, want)
		}
	}
}

// TestGCTunerRunsEachCycle checks that the finalizer re-arms: the tuner
// adjusts after collection after collection, and stops when told.
func TestGCTunerRunsEachCycle(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	tu := &gcTuner{read: func() int64 { return 64 * MiB }, set: debug.SetGCPercent}
	tu.arm()
	for i := 0; i < 200 && tu.tuned.Load() < 3; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if n := tu.tuned.Load(); n < 3 {
		t.Fatalf("tuner ran %d times in 200 collections, want at least 3", n)
	}
	if got := debug.SetGCPercent(100); got != MinGCPercent {
		t.Errorf("GOGC after tuning a 64 MiB heap = %d, want %d", got, MinGCPercent)
	}
	tu.stopped.Store(true)
	for i := 0; i < 5; i++ {
		runtime.GC()
	}
	n := tu.tuned.Load()
	for i := 0; i < 5; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if m := tu.tuned.Load(); m != n {
		t.Errorf("tuner ran %d more times after stop", m-n)
	}
}

// TuneGCFrom starts the collector at the GOGC it is given.
func TestTuneGCFromStart(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	stop := TuneGCFrom(HugePageStartGCPercent)
	stop()
	if got := debug.SetGCPercent(100); got != HugePageStartGCPercent {
		t.Errorf("GOGC after TuneGCFrom(%d) = %d", HugePageStartGCPercent, got)
	}
}
