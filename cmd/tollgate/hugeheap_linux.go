package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"unsafe"
)

// hugeHeapBytes is the heap an analysis process asks to be backed by
// transparent huge pages: the pipeline corpus (155 workflows) peaks at a
// 16 MiB heap goal, and the GC tuner lets a small heap grow by up to 32 MiB
// (membudget.MinHeadroom).
const hugeHeapBytes = 32 << 20

// hugeHeap asks the kernel to back the next hugeHeapBytes of Go heap with
// transparent huge pages, for a short-lived process that allocates a
// fresh, mostly garbage heap: each 4 KiB page the heap touches first costs
// a page fault (several microseconds in a virtual machine), and a 2 MiB
// page costs one fault for 512 of them. On the pipeline corpus (155
// workflows, /tmp/one) the analysis took ~6,000 page faults, 4,400 of them
// on heap pages, and a quarter of its CPU time in the kernel's fault path.
//
// The Go runtime does not advise huge pages for the heap (since Go 1.21.1)
// and maps the heap in 4 MiB steps, each a new mapping, so the advice can
// only be given to memory already mapped: hugeHeap has the runtime map
// hugeHeapBytes at once by allocating them as one object (the pages are not
// touched: fresh mappings need no zeroing), advises them (MADV_HUGEPAGE),
// and frees the object in a collection while little is live (about 1 MiB
// at this point, a millisecond's work); the page allocator then hands these
// pages to the analysis's small objects. The untouched part costs no memory;
// the resident size grows by at most a huge page per 2 MiB the heap uses.
//
// Where the kernel has transparent huge pages off ("never") the advice does
// nothing; with "always" it is not needed but harmless. GODEBUG=disablethp=1
// (the runtime's switch to keep huge pages off the heap) turns it off, as
// does a user's GOGC=off. It returns the advised memory's address, for
// tests (0 when it did nothing).
func hugeHeap() uintptr {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") || os.Getenv("GOGC") == "off" {
		return 0
	}
	prev := debug.SetGCPercent(-1) // allocating it must not start a collection that finds it live
	b := make([]byte, hugeHeapBytes)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	err := syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	b = nil
	debug.SetGCPercent(prev)
	runtime.GC()
	if err != nil {
		return 0
	}
	return p
}
