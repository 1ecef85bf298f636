package supervise

import (
	"bufio"
	"os"
	"runtime"
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

// The runtime's switch for huge pages off the heap, and GOGC=off, turn it
// off.
func TestHugeHeapDeclines(t *testing.T) {
	for _, c := range [][2]string{{"GODEBUG", "madvdontneed=1,disablethp=1"}, {"GOGC", "off"}} {
		t.Setenv("GODEBUG", "")
		t.Setenv("GOGC", "")
		t.Setenv(c[0], c[1])
		if p := hugeHeap(); p != 0 {
			t.Errorf("%s=%s: hugeHeap advised %#x", c[0], c[1], p)
		}
	}
}

// vmFlags returns the VmFlags line of the mapping holding address p.
func vmFlags(t *testing.T, p uintptr) string {
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
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:"))
		}
	}
	t.Fatalf("no mapping holds %#x", p)
	return ""
}
