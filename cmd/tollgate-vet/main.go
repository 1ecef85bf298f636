// Command tollgate-vet runs tollgate's Go analyzers under `go vet`:
//
//	go vet -vettool=$(which tollgate-vet) ./...
//
// It speaks the unitchecker protocol of golang.org/x/tools: go vet runs it
// once per package with the facts of the package's dependencies, so calls
// through an interface declared in another package are found. Diagnostics
// carry their tollgate rule ID as the category; `tollgate explain <rule>`
// documents each. Policy wrappers are given with
// -aiinventory.wrappers=importpath.(*T).Method,importpath.Func.
package main

import (
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/tollgate-dev/tollgate/analyzers/suite"
)

func main() { unitchecker.Main(analyzers()...) }

// analyzers builds the suite with facts on. The wrappers flag is read from
// the command line before unitchecker parses it, because the inventory is
// built from it.
func analyzers() []*analysis.Analyzer {
	var wrappers []string
	for _, a := range osArgs() {
		if v, ok := strings.CutPrefix(a, "-aiinventory.wrappers="); ok {
			wrappers = splitComma(v)
		}
	}
	s := suite.New(suite.Config{Facts: true, Wrappers: wrappers})
	var w string
	s.Inventory.Flags.StringVar(&w, "wrappers", strings.Join(wrappers, ","), "comma-separated AI entry points of the repository: importpath.(*T).Method or importpath.Func")
	return s.All()
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
