//go:build !unix

package licensetest

import "errors"

// mkfifo fails where the system has no FIFOs; the hostile repository's
// tests are Unix-only.
func mkfifo(string) error { return errors.ErrUnsupported }
