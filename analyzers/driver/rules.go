package driver

import "github.com/tollgate-dev/tollgate/finding"

var (
	// ModuleNotCached reports a module the build needs that is not in the
	// module cache or vendor directory.
	ModuleNotCached = finding.Rule{
		ID:      "go/module-not-cached",
		Title:   "Go module missing from the module cache",
		Default: Medium,
		Doc: "The Go analyzers load packages offline (`GOPROXY=off`, `GOFLAGS=-mod=readonly`,\n" +
			"`GOTOOLCHAIN=local`, `CGO_ENABLED=0`): tollgate never downloads code. A module the\n" +
			"build list needs is neither in the module cache nor in `vendor/`, so the packages that\n" +
			"import it were not analysed, and AI calls in them are missing from the inventory.\n\n" +
			"Fix: run `go mod download` (or `go mod vendor`) before the scan, in CI as a separate\n" +
			"step with network access:\n\n```sh\ngo mod download\ntollgate check ./...\n```",
		Controls: []string{"SOC2:CC8.1"},
	}
	// PackageNotLoaded reports a package that could not be type-checked.
	PackageNotLoaded = finding.Rule{
		ID:      "go/package-not-loaded",
		Title:   "Go package could not be loaded",
		Default: Low,
		Doc: "A Go package could not be parsed or type-checked, so the Go analyzers did not run\n" +
			"on it. The message gives the first error of the Go tool. Common causes: a syntax\n" +
			"error, a `go` directive newer than the local toolchain (tollgate runs with\n" +
			"`GOTOOLCHAIN=local` and never downloads a toolchain), generated files missing from the\n" +
			"checkout. cgo packages are type-checked without the C toolchain, with `import \"C\"`\n" +
			"opaque, so cgo alone is not a cause. `go build ./...` shows the same error.",
		Controls: []string{"SOC2:CC8.1"},
	}
)

// Medium is finding.Medium, named here so the rule table reads plainly.
const (
	Medium = finding.Medium
	Low    = finding.Low
)

func init() { finding.Register(ModuleNotCached, PackageNotLoaded) }
