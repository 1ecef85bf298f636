// Package suite assembles tollgate's Go analyzers for one configuration: the
// inventory built for the policy's wrappers and mode, and every rule analyzer
// built on that inventory. Drivers (tollgate check, tollgate-vet, the
// golangci-lint plugin) all take their analyzers from here.
package suite

import (
	"golang.org/x/tools/go/analysis"

	"github.com/tollgate-dev/tollgate/analyzers/aiinventory"
)

// Config configures the suite. The zero value is the default suite without
// facts.
type Config struct {
	// Wrappers are the repository's own AI entry points (policy ai.wrappers).
	Wrappers []string
	// Facts turns on cross-package facts (the full mode).
	Facts bool
	// ModuleVersions maps module paths to the versions in the build list.
	ModuleVersions map[string]string
}

// Suite is the inventory and the rule analyzers built on it.
type Suite struct {
	Inventory *analysis.Analyzer
	Rules     []*analysis.Analyzer
}

// All returns the inventory followed by the rule analyzers.
func (s *Suite) All() []*analysis.Analyzer {
	return append([]*analysis.Analyzer{s.Inventory}, s.Rules...)
}

// builders make each rule analyzer from an inventory analyzer; rule packages
// add themselves in rules.go.
var builders []func(inv *analysis.Analyzer) *analysis.Analyzer

// New builds the suite for cfg.
func New(cfg Config) *Suite {
	inv := aiinventory.New(aiinventory.Config{Wrappers: cfg.Wrappers, Facts: cfg.Facts, ModuleVersions: cfg.ModuleVersions})
	s := &Suite{Inventory: inv}
	for _, b := range builders {
		s.Rules = append(s.Rules, b(inv))
	}
	return s
}
