package driver

import "github.com/tollgate-dev/tollgate/finding"

// ModuleUntidy reports a go.mod or go.sum that does not cover the imports of
// the module, so the go command refuses to load packages offline.
var ModuleUntidy = finding.Rule{
	ID:      "go/module-untidy",
	Title:   "Go module files do not cover the imports",
	Default: Medium,
	Doc: "The Go analyzers load packages with `GOFLAGS=-mod=readonly`, as `go build` does in CI:\n" +
		"the go command does not edit `go.mod` or `go.sum`. A package imports a package that no\n" +
		"module in `go.mod` provides, `go.mod` needs updates, or `go.sum` has no checksum for a\n" +
		"required module, so the packages concerned were not analysed and AI calls in them are\n" +
		"missing from the inventory. Each cause is reported once per module.\n\n" +
		"Fix: run `go mod tidy` (it adds the missing requirements and checksums) and commit\n" +
		"`go.mod` and `go.sum`:\n\n```sh\ngo mod tidy\ntollgate check ./...\n```",
	Controls: []string{"SOC2:CC8.1"},
}

func init() { finding.Register(ModuleUntidy) }
