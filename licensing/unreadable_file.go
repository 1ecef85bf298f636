package licensing

import "github.com/tollgate-dev/tollgate/finding"

// UnreadableFile reports a license, notice or module-graph file that is not
// a regular file or is too large to read.
var UnreadableFile = finding.Rule{
	ID:      "lic/unreadable-file",
	Title:   "License input not readable",
	Default: finding.Medium,
	Doc: `A license, notice or README file of a module, or a Go input of the module graph
(` + "`go.mod`" + `, ` + "`go.work`" + `, ` + "`go.sum`" + `, ` + "`vendor/modules.txt`" + `, a ` + "`.go`" + ` file), is a
FIFO, a device or a socket, or is larger than tollgate reads (1 MiB for a license
text, 16 MiB for a module file). It is not read: a FIFO would block the scan, a
device would never end. A license file that is not read does not count towards
the module's license; a root whose graph inputs are not readable is not loaded.

**Why.** Real license texts are regular files of a few kilobytes; anything else
is a damaged or hostile repository.

**Fix.** Replace the file with the regular file it should be.`,
	Controls: controls,
}

func init() { finding.Register(UnreadableFile) }
