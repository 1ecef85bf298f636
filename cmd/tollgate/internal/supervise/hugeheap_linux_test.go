package supervise

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
)

// hugeHeap leaves the heap it had the runtime map advised for huge pages
// (VmFlags "hg" in /proc/self/smaps) and not live.
func TestHugeHeapAdvised(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skip("no transparent huge pages in this kernel")
	}
	t.Setenv("GODEBUG", "")
	t.Setenv("GOGC", "")
	t.Setenv(GCOffEnv, "")
	p := hugeHeap()
	if p == 0 {
		t.Fatal("hugeHeap advised nothing")
	}
	flags := vmFlags(t, p)
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("mapping at %#x has VmFlags %q, want hg", p, flags)
	}
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if live := s[0].Value.Uint64(); live >= hugeHeapBytes {
		t.Errorf("live heap %d bytes after hugeHeap, want the %d it allocated freed", live, hugeHeapBytes)
	}
}

// The runtime's switch for huge pages off the heap, and a user's GOGC=off,
// turn it off.
func TestHugeHeapDeclines(t *testing.T) {
	t.Setenv(GCOffEnv, "")
	for _, c := range [][2]string{{"GODEBUG", "madvdontneed=1,disablethp=1"}, {"GOGC", "off"}} {
		t.Setenv("GODEBUG", "")
		t.Setenv("GOGC", "")
		t.Setenv(c[0], c[1])
		if p := hugeHeap(); p != 0 {
			t.Errorf("%s=%s: hugeHeap advised %#x", c[0], c[1], p)
		}
	}
}

// hugeHeap also advises the rest of the heap chunk the object ends in, and
// has the range holding the object's start, touched before the advice,
// collapsed into a huge page.
func TestHugeHeapTailAndCollapse(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skip("no transparent huge pages in this kernel")
	}
	t.Setenv("GODEBUG", "")
	t.Setenv("GOGC", "")
	t.Setenv(GCOffEnv, "")
	p := hugeHeap()
	if p == 0 {
		t.Fatal("hugeHeap advised nothing")
	}
	end := (p + hugeHeapBytes + heapChunkBytes - 1) &^ (heapChunkBytes - 1)
	if flags := vmFlags(t, end-1); !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("the chunk's last byte %#x has VmFlags %q, want hg", end-1, flags)
	}
	// MADV_COLLAPSE reports success only when it made the huge pages, so
	// the count is the check; what smaps shows afterwards depends on the
	// runtime's scavenger and the kernel (it returned pages in a CI run),
	// so it is logged, not asserted.
	if collapsed < 0 || collapsed > 4 {
		t.Errorf("collapsed %d ranges, want 0 to 4", collapsed)
	}
	if collapsed == 0 {
		t.Skip("no range collapsed (a kernel before 6.1, or no huge page free)")
	}
	t.Logf("collapsed %d ranges; AnonHugePages of the mapping holding %#x now: %s", collapsed, p, smapsField(t, p&^(hugePageBytes-1), "AnonHugePages:"))
}

// vmFlags returns the VmFlags line of the mapping holding address p.
func vmFlags(t *testing.T, p uintptr) string {
	t.Helper()
	return smapsField(t, p, "VmFlags:")
}

// smapsField returns the value of a field of the mapping holding address p
// in /proc/self/smaps.
func smapsField(t *testing.T, p uintptr, field string) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no smaps: %v", err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(fields[0], "-"); ok && !strings.HasSuffix(fields[0], ":") {
			a, err1 := strconv.ParseUint(lo, 16, 64)
			b, err2 := strconv.ParseUint(hi, 16, 64)
			in = err1 == nil && err2 == nil && uintptr(a) <= p && p < uintptr(b)
			continue
		}
		if in && strings.HasPrefix(line, field) {
			return strings.TrimSpace(strings.TrimPrefix(line, field))
		}
	}
	t.Fatalf("no mapping holds %#x", p)
	return ""
}

// The supervisor's GOGC=off (GCOffEnv set) does not turn it off, and the
// collection it runs is then the only one: the allocation starts none.
func TestHugeHeapSupervisorGCOff(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skip("no transparent huge pages in this kernel")
	}
	t.Setenv("GODEBUG", "")
	t.Setenv("GOGC", "off")
	t.Setenv(GCOffEnv, "1")
	prev := debug.SetGCPercent(-1) // what GOGC=off does at the start
	defer debug.SetGCPercent(prev)
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	before := s[0].Value.Uint64()
	if p := hugeHeap(); p == 0 {
		t.Fatal("hugeHeap advised nothing under the supervisor's GOGC=off")
	}
	metrics.Read(s)
	if n := s[0].Value.Uint64() - before; n != 1 {
		t.Errorf("hugeHeap ran %d collections with the collector off, want 1", n)
	}
}
