//go:build !unix

package supervise

import "os"

// Outcome is how a child ended; the supervisor needs a descriptor passed
// to the child, which only Unix systems provide, so it never runs here.
type Outcome struct {
	State  *os.ProcessState
	Report []byte
	Fatal  string
}
