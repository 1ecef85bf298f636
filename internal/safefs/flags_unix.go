//go:build unix

package safefs

import "syscall"

// Open flags that keep a read on the file it checked: O_NOFOLLOW refuses a
// link at the last element, O_DIRECTORY a non-directory, O_NONBLOCK keeps
// an open of a FIFO from waiting for a writer.
const (
	oNoFollow  = syscall.O_NOFOLLOW
	oDirectory = syscall.O_DIRECTORY
	oNonBlock  = syscall.O_NONBLOCK
)
