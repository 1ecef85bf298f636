//go:build !linux

package main

// hugeHeap asks for transparent huge pages on Linux only (see
// hugeheap_linux.go).
func hugeHeap() uintptr { return 0 }
