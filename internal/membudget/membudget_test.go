package membudget

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestParseSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
	}{
		{"512MiB", 512 * MiB}, {"1GiB", GiB}, {"1 GiB", GiB}, {"1gib", GiB}, {"2G", 2 * GiB}, {"512m", 512 * MiB},
		{"1500MB", 1500e6}, {"1.5GiB", 3 * GiB / 2}, {"4096", 4096}, {"10B", 10}, {"64KiB", 64 * KiB}, {"1TiB", TiB},
		{" 300MiB ", 300 * MiB},
	} {
		got, err := ParseSize(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "MiB", "12XB", "-1GiB", "1.2.3GiB", "99999999999TiB", "1e9", "GiB512", "1 G iB"} {
		if got, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", in, got)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		512 * MiB: "512 MiB", 480*MiB + 100: "480 MiB", GiB: "1 GiB", 3 * GiB / 2: "1.5 GiB",
		24 * GiB: "24 GiB", 25*GiB + 300*MiB: "25 GiB", 900 * KiB: "900 KiB", 12: "12 B",
	} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestResolve(t *testing.T) {
	sys := System{Cgroup: 640 * MiB, Physical: 16 * GiB}
	for _, c := range []struct {
		name, flag, env string
		sys             System
		want            Budget
	}{
		{"flag wins", "512MiB", "2GiB", sys, Budget{Limit: 512 * MiB, GCLimit: 512 * MiB, Source: "--max-memory"}},
		{"GOMEMLIMIT", "", "400MiB", sys, Budget{Limit: 400 * MiB, GCLimit: 400 * MiB, Source: "GOMEMLIMIT"}},
		{"flag over the cgroup's limit", "2GiB", "", sys, Budget{Limit: 512 * MiB, GCLimit: 512 * MiB,
			Source: "--max-memory 2 GiB, capped at 80% of the cgroup memory limit of 640 MiB"}},
		{"GOMEMLIMIT over the cgroup's limit", "", "1GiB", sys, Budget{Limit: 512 * MiB, GCLimit: 512 * MiB,
			Source: "GOMEMLIMIT 1 GiB, capped at 80% of the cgroup memory limit of 640 MiB"}},
		{"cgroup", "", "", sys, Budget{Limit: 512 * MiB, GCLimit: 512 * MiB, Source: "80% of the cgroup memory limit of 640 MiB"}},
		{"large cgroup keeps the GC default", "", "", System{Cgroup: 8 * GiB}, Budget{Limit: percent(8*GiB, 80), GCLimit: GiB, Source: "80% of the cgroup memory limit of 8 GiB"}},
		{"physical", "", "", System{Physical: 16 * GiB}, Budget{Limit: percent(16*GiB, 80), GCLimit: GiB, Source: "80% of the machine's 16 GiB"}},
		{"nothing known", "", "", System{}, Budget{GCLimit: GiB}},
		{"flag off", "off", "", sys, Budget{GCLimit: GiB}},
		{"flag off, GOMEMLIMIT set", "off", "300MiB", sys, Budget{}},
		{"GOMEMLIMIT off", "", "off", sys, Budget{}},
	} {
		got, err := Resolve(c.flag, c.env, c.sys)
		if err != nil || got != c.want {
			t.Errorf("%s: Resolve(%q, %q) = %#v, %v; want %#v", c.name, c.flag, c.env, got, err, c.want)
		}
	}
	for _, c := range []struct{ flag, env, want string }{
		{"lots", "", "--max-memory: size \"lots\": want a size"},
		{"512", "", "--max-memory 512: below the minimum of 32 MiB"},
		{"", "many", "GOMEMLIMIT: size \"many\""},
	} {
		_, err := Resolve(c.flag, c.env, System{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Resolve(%q, %q) error = %v, want prefix %q", c.flag, c.env, err, c.want)
		}
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		name string
		fs   fstest.MapFS
		want System
	}{
		{"cgroup v2, the parent's limit binds", fstest.MapFS{
			"proc/self/cgroup":                             {Data: []byte("0::/ci.slice/job-1\n")},
			"sys/fs/cgroup/ci.slice/job-1/memory.max":      {Data: []byte("max\n")},
			"sys/fs/cgroup/ci.slice/memory.max":            {Data: []byte("536870912\n")},
			"sys/fs/cgroup/memory.max":                     {Data: []byte("max\n")},
			"proc/meminfo":                                 {Data: []byte("MemTotal:       24683748 kB\nMemFree:  1 kB\n")},
			"sys/fs/cgroup/ci.slice/job-1/memory.swap.max": {Data: []byte("0\n")},
		}, System{Cgroup: 512 * MiB, Physical: 24683748 * KiB}},
		{"cgroup v2 in a container: the named group is not mounted", fstest.MapFS{
			"proc/self/cgroup":         {Data: []byte("0::/docker/abc\n")},
			"sys/fs/cgroup/memory.max": {Data: []byte("1073741824\n")},
		}, System{Cgroup: GiB}},
		{"cgroup v1, unlimited", fstest.MapFS{
			"proc/self/cgroup": {Data: []byte("9:name=systemd:/\n4:memory:/process_api/x\n0::/\n")},
			"sys/fs/cgroup/memory/process_api/x/memory.limit_in_bytes": {Data: []byte("9223372036854771712\n")},
			"sys/fs/cgroup/memory/memory.limit_in_bytes":               {Data: []byte("9223372036854771712\n")},
		}, System{}},
		{"cgroup v1 with a limit", fstest.MapFS{
			"proc/self/cgroup": {Data: []byte("5:cpuacct,memory:/job\n")},
			"sys/fs/cgroup/memory/job/memory.limit_in_bytes": {Data: []byte("671088640\n")},
		}, System{Cgroup: 640 * MiB}},
		{"no /proc: the mount's root files", fstest.MapFS{
			"sys/fs/cgroup/memory.max": {Data: []byte("268435456")},
		}, System{Cgroup: 256 * MiB}},
		{"garbage", fstest.MapFS{
			"proc/self/cgroup":         {Data: []byte("::::\n0::/../../etc\n")},
			"sys/fs/cgroup/memory.max": {Data: []byte("-5")},
			"proc/meminfo":             {Data: []byte("MemTotal: lots kB\n")},
		}, System{}},
	} {
		if got := detect(c.fs); got != c.want {
			t.Errorf("%s: detect = %+v, want %+v", c.name, got, c.want)
		}
	}
}

// fakeHeap is a metrics reading the test sets; check is called by hand.
type fakeHeap struct{ live, cycles int64 }

func TestWatchdogStopsTrackedWork(t *testing.T) {
	heap := &fakeHeap{live: 100 * MiB, cycles: 1}
	w := start(512*MiB, time.Hour, func() (int64, uint64) { return heap.live, uint64(heap.cycles) })
	defer w.Stop()

	finished, releaseFinished := w.Track(context.Background())
	running, releaseRunning := w.Track(context.Background())
	w.check()
	if running.Err() != nil {
		t.Fatal("the watchdog fired under the trigger")
	}
	if ex := releaseFinished(); ex != nil {
		t.Errorf("release of finished work = %v, want nil", ex)
	}
	heap.live, heap.cycles = 470*MiB, 2 // over 90% of 512 MiB
	w.check()
	if finished.Err() == nil {
		t.Error("released context should be cancelled by its release, not left open")
	}
	var ex *Exceeded
	if !errors.As(context.Cause(running), &ex) || ex.Live != 470*MiB || ex.Budget != 512*MiB {
		t.Fatalf("cause = %v, want *Exceeded{470 MiB, 512 MiB}", context.Cause(running))
	}
	if got := releaseRunning(); got != ex {
		t.Errorf("release = %v, want %v", got, ex)
	}
	if want := "memory budget exceeded: 470 MiB live of a 512 MiB budget"; ex.Error() != want {
		t.Errorf("Error() = %q, want %q", ex.Error(), want)
	}

	// Work started after the watchdog fired is not stopped on the same, or
	// the next, reading: the memory of the stopped work may not be
	// collected yet.
	later, releaseLater := w.Track(context.Background())
	w.check()
	heap.cycles = 3
	w.check()
	if later.Err() != nil {
		t.Fatal("a stale reading stopped work started after the watchdog fired")
	}
	heap.cycles = 4
	w.check()
	if releaseLater() == nil {
		t.Error("the watchdog did not fire again two GC cycles later")
	}
}

func TestNilWatchdog(t *testing.T) {
	w := Start(0)
	if w != nil {
		t.Fatal("Start(0) should return no watchdog")
	}
	ctx, release := w.Track(context.Background())
	if ctx != context.Background() || release() != nil {
		t.Error("a nil watchdog must track nothing")
	}
	w.Stop()
}

// The runtime's metrics are read under their real names: a collection
// counts, and the live heap is measured (a misspelt name reads as zero, and
// a watchdog that sees no cycles never fires twice).
func TestReadRuntime(t *testing.T) {
	runtime.GC()
	live1, cycles1 := readRuntime()
	runtime.GC()
	_, cycles2 := readRuntime()
	if live1 <= 0 {
		t.Errorf("live heap %d, want > 0", live1)
	}
	if cycles1 == 0 || cycles2 <= cycles1 {
		t.Errorf("GC cycles %d then %d after one more collection, want a growing count", cycles1, cycles2)
	}
}

// TestWatchdogRuntime runs the real watchdog on the test's own heap: work
// that keeps allocating is stopped before it passes the budget.
func TestWatchdogRuntime(t *testing.T) {
	runtime.GC()
	live, _ := readRuntime()
	budget := live + 64*MiB
	w := Start(budget)
	defer w.Stop()
	ctx, release := w.Track(context.Background())
	var hold [][]byte
	for ctx.Err() == nil {
		if int64(len(hold))*MiB > 8*budget {
			t.Fatalf("allocated %d MiB without being stopped (budget %s)", len(hold), FormatSize(budget))
		}
		hold = append(hold, make([]byte, MiB))
		for i := range hold[len(hold)-1] {
			hold[len(hold)-1][i] = 1
		}
		if len(hold)%16 == 0 {
			time.Sleep(time.Millisecond) // let the watchdog poll on a busy machine
		}
	}
	ex := release()
	if ex == nil {
		t.Fatalf("context ended with %v, want the budget's cause", context.Cause(ctx))
	}
	if ex.Live < percent(budget, TriggerPercent) || ex.Budget != budget {
		t.Errorf("fired at %s of %s, want at least %d%%", FormatSize(ex.Live), FormatSize(ex.Budget), TriggerPercent)
	}
	runtime.KeepAlive(hold)
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"512MiB", "1.5GiB", "off", "", "9223372036854775807", "99999999999TiB", "1e9", "0.0000001KB", " 2 g "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err == nil && n < 0 {
			t.Errorf("ParseSize(%q) = %d", s, n)
		}
		if err == nil && n >= MiB && n%MiB == 0 {
			if back, err := ParseSize(strings.ReplaceAll(FormatSize(n), " ", "")); err != nil || (n%GiB == 0 && back != n) {
				t.Errorf("FormatSize(%d) = %q does not parse back: %d, %v", n, FormatSize(n), back, err)
			}
		}
	})
}

func FuzzDetect(f *testing.F) {
	f.Add("0::/a/b\n4:memory:/x\n", "max\n", "123456789\n", "MemTotal: 1024 kB\n")
	f.Add("garbage", "", "-1", "MemTotal: 99999999999999999999 kB")
	f.Fuzz(func(t *testing.T, cgroup, v2, v1, meminfo string) {
		sys := detect(fstest.MapFS{
			"proc/self/cgroup":                           {Data: []byte(cgroup)},
			"sys/fs/cgroup/memory.max":                   {Data: []byte(v2)},
			"sys/fs/cgroup/memory/memory.limit_in_bytes": {Data: []byte(v1)},
			"proc/meminfo":                               {Data: []byte(meminfo)},
		})
		if sys.Cgroup < 0 || sys.Cgroup >= unlimited || sys.Physical < 0 {
			t.Errorf("detect = %+v", sys)
		}
	})
}
