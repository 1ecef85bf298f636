package supervise

import (
	"os"
	"syscall"
	"unsafe"
)

// isTerminal reports whether f is a terminal (what golang.org/x/term does,
// without importing it: see the package comment).
func isTerminal(f *os.File) bool {
	var t syscall.Termios
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&t)))
	return e == 0
}
