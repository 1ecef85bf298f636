// Command tollgate-vet runs tollgate's Go analyzers under `go vet`:
//
//	go vet -vettool=$(which tollgate-vet) ./...
//
// It speaks the unitchecker protocol of golang.org/x/tools.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// analyzers is the suite; the Go analyzers issue fills it.
var analyzers []*analysis.Analyzer

func main() { unitchecker.Main(analyzers...) }
