package driver

import "github.com/tollgate-dev/tollgate/finding"

// BuildConstrained reports, once per module, the Go files that build
// constraints leave out of the default build: they were not analysed.
var BuildConstrained = finding.Rule{
	ID:      "go/build-constrained",
	Title:   "Go files excluded by build constraints were not analysed",
	Default: finding.Info,
	Doc: "The Go analyzers load each module once, for the host's GOOS and GOARCH with the\n" +
		"default build tags, as `go vet ./...` does. Files whose `//go:build` line excludes them\n" +
		"from that build (`windows`, `integration`, `tools`, `e2e`...) are not type-checked,\n" +
		"so AI calls in them are missing from the inventory. This is not an error: the finding\n" +
		"names the files and their tags once per module, so the gap is visible. A package all\n" +
		"of whose files are excluded is counted here, not reported as a package that failed to\n" +
		"load. Files tagged `ignore` (generators run with `go run`) are never part of a build and\n" +
		"are not counted.",
	Controls: []string{"SOC2:CC8.1"},
}

func init() { finding.Register(BuildConstrained) }
