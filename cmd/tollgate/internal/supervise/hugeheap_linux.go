package supervise

import (
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// hugeHeapBytes is the heap an analysis process asks to be backed by
// transparent huge pages: the pipeline corpus (155 workflows) peaks at a
// 16 MiB heap goal, and the GC tuner lets a small heap grow by up to 32 MiB
// (membudget.MinHeadroom).
const hugeHeapBytes = 32 << 20

// hugeHeap asks the kernel to back the Go heap of the process that analyses
// with transparent huge pages: the heap it has so far and the next
// hugeHeapBytes. That process allocates a fresh, mostly garbage heap; each
// 4 KiB page the heap touches first costs a page fault (several
// microseconds in a virtual machine), and a 2 MiB page costs one fault for
// 512 of them. On the pipeline corpus (155 workflows, /tmp/one) the
// analysis took ~6,000 page faults, 4,400 of them on heap pages, and a
// quarter of its CPU time in the kernel's fault path.
//
// The Go runtime does not advise huge pages for the heap (since Go 1.21.1)
// and maps the heap in 4 MiB steps, each a new mapping, so the advice can
// only be given to memory already mapped: hugeHeap has the runtime map
// hugeHeapBytes at once by allocating them as one object (the pages are not
// touched: fresh mappings need no zeroing), advises them and what is mapped
// before them in the same heap arena (the heap's first chunk, mostly
// untouched this early), and frees the object in a collection while almost
// nothing is live (a fraction of a millisecond). The page allocator then
// hands these pages to the package initialisers and the analysis. The
// untouched part costs no memory; the resident size grows by at most a huge
// page per 2 MiB the heap uses.
//
// It runs from the package initialiser, before the heavy initialisers
// allocate, and cannot use runtime/debug (see the package comment) to keep
// the allocation from starting a collection. The supervisor starts its
// child with the collector off instead (GCOffEnv), so that runtime.GC is
// the one collection; unsupervised, the allocation starts one that may find
// the object live, and runtime.GC's frees it.
//
// Where the kernel has transparent huge pages off ("never"), or has none,
// it does nothing; with "always" the advice is not needed but harmless.
// GODEBUG=disablethp=1 (the runtime's switch to keep huge pages off the
// heap) turns it off, as does a user's GOGC=off (not the supervisor's, see
// GCOffEnv). It returns the advised object's address, for tests (0 when it
// did nothing).
func hugeHeap() uintptr {
	if thpDisabled(os.Getenv("GODEBUG")) || os.Getenv("GOGC") == "off" && os.Getenv(GCOffEnv) != "1" || thpNever() {
		return 0
	}
	b := make([]byte, hugeHeapBytes)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	b = nil
	// Anything mapped in the heap arena holding it is heap; the gaps make
	// the call fail with ENOMEM after it advised the rest.
	lo := p &^ (heapArenaBytes - 1)
	// The runtime maps the heap in whole chunks, so the object's chunk goes
	// on past its end; the processors' page caches were filled before the
	// object was allocated and hand out that tail first (a quarter of the
	// heap's 4 KiB faults when it was left out).
	hi := (p + hugeHeapBytes + heapChunkBytes - 1) &^ (heapChunkBytes - 1)
	_, _, e := syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, syscall.MADV_HUGEPAGE)
	runtime.GC()
	if e != 0 && e != syscall.ENOMEM {
		return 0
	}
	collapsed = collapseBefore(p, lo)
	return p
}

// collapsed is how many 2 MiB ranges hugeHeap had collapsed, for tests.
var collapsed int

// hugePageBytes is the size of a transparent huge page on amd64 and arm64
// with 4 KiB pages.
const hugePageBytes = 2 << 20

// collapseBefore has the kernel back with huge pages the 2 MiB ranges the
// heap had touched before the advice, from the one holding p down to lo.
// A range with one 4 KiB page mapped takes no huge page at a fault: the
// runtime's first allocations leave the heap's first range so, and every
// other page of it faulted in one at a time (300 to 600 faults, a fifth of
// the analysing process's). MADV_COLLAPSE (Linux 6.1) copies the few pages
// into a huge page at once; where it fails (an older kernel, a range not
// all heap) nothing changes. It returns how many ranges it collapsed.
func collapseBefore(p, lo uintptr) int {
	const madvCollapse = 25
	n := 0
	for a := p &^ (hugePageBytes - 1); a >= lo && a+4*hugePageBytes > p; a -= hugePageBytes {
		if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, a, hugePageBytes, madvCollapse); e == 0 {
			n++
		}
	}
	return n
}

// heapArenaBytes is the size and alignment of the runtime's heap arenas on
// 64-bit Linux (heapArenaBytes in runtime/malloc.go).
const heapArenaBytes = 64 << 20

// heapChunkBytes is the step in which the runtime maps the heap
// (pallocChunkBytes in runtime/mpagealloc.go).
const heapChunkBytes = 4 << 20

// thpDisabled reports whether a GODEBUG value sets disablethp=1 (strings.Contains
// without importing package strings: see the package comment).
func thpDisabled(godebug string) bool {
	const s = "disablethp=1"
	for i := 0; i+len(s) <= len(godebug); i++ {
		if godebug[i:i+len(s)] == s {
			return true
		}
	}
	return false
}

// thpNever reports whether the kernel's transparent huge pages are off or
// absent: /sys/kernel/mm/transparent_hugepage/enabled reads
// "always madvise [never]", or cannot be read.
func thpNever() bool {
	fd, err := syscall.Open("/sys/kernel/mm/transparent_hugepage/enabled", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return true
	}
	defer syscall.Close(fd)
	var buf [64]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil || n <= 0 {
		return true
	}
	const never = "[never]"
	for i := 0; i+len(never) <= n; i++ {
		if string(buf[i:i+len(never)]) == never {
			return true
		}
	}
	return false
}
