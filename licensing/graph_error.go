package licensing

import "github.com/tollgate-dev/tollgate/finding"

// GraphError reports a module graph, or a module of it, that could not be
// read offline.
var GraphError = finding.Rule{
	ID:      "lic/graph-error",
	Title:   "Module graph could not be read",
	Default: finding.High,
	Doc: `The Go module graph could not be loaded (` + "`go list -deps`" + ` failed), or a module
in it is not in the module cache or ` + "`vendor/`" + `. tollgate runs ` + "`go list`" + ` with
` + "`GOPROXY=off`" + `, ` + "`GOFLAGS=-mod=readonly`" + ` and ` + "`GOTOOLCHAIN=local`" + `: it never downloads,
so a module that is not on disk cannot be license-checked.

**Why.** A dependency whose license was not checked is a gap in the evidence.

**Severity.** High when the graph itself is broken; medium when the only cause is a module
missing from this machine's module cache (a fresh machine or CI job that has not run
` + "`go mod download`" + `), as for ` + "`go/module-not-cached`" + `.

**Fix.** Run ` + "`go mod download`" + ` (or ` + "`go mod vendor`" + `) before the scan, and make
sure ` + "`go.mod`" + ` and ` + "`go.sum`" + ` are tidy.`,
	Controls: controls,
}

func init() { finding.Register(GraphError) }
