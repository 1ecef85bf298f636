//go:build !linux

package supervise

// hugeHeap asks for transparent huge pages on Linux only (see
// hugeheap_linux.go).
func hugeHeap() uintptr { return 0 }
