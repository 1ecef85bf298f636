//go:build !unix

package safefs

// Systems without these open flags (Windows) rely on the checks around
// each open: os.Root refuses links that lead out of the root, and every
// open checks with Stat that the file it opened is a regular file (and,
// where an Lstat came first, the same file). Windows work trees hold no
// FIFOs or device nodes for an open to wait on.
const (
	oNoFollow  = 0
	oDirectory = 0
	oNonBlock  = 0
)
