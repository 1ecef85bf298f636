// Package golangci is tollgate's golangci-lint module plugin: it registers
// the Go analyzers at the AI boundary as one linter named "tollgate".
//
// Build a custom golangci-lint with .custom-gcl.yml:
//
//	version: v2.6.0
//	plugins:
//	  - module: github.com/tollgate-dev/tollgate
//	    import: github.com/tollgate-dev/tollgate/plugin/golangci
//	    version: latest
//
// and enable it in .golangci.yml:
//
//	linters:
//	  enable: [tollgate]
//	  settings:
//	    custom:
//	      tollgate:
//	        type: module
//	        settings:
//	          wrappers: ["example.com/internal/llm.(*Client).Complete"]
//	          fast: false
package golangci

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/tollgate-dev/tollgate/analyzers/suite"
)

func init() { register.Plugin("tollgate", New) }

// Settings are the plugin's settings in .golangci.yml.
type Settings struct {
	// Wrappers are the repository's own AI entry points, as in the policy's
	// ai.wrappers: "importpath.(*T).Method" or "importpath.Func".
	Wrappers []string `json:"wrappers"`
	// Fast turns the cross-package facts off.
	Fast bool `json:"fast"`
}

// Plugin is the registered linter.
type Plugin struct{ settings Settings }

// New decodes the settings; unknown keys are an error.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, fmt.Errorf("tollgate plugin settings: %w", err)
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns the suite for the settings.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return suite.New(suite.Config{Wrappers: p.settings.Wrappers, Facts: !p.settings.Fast}).All(), nil
}

// GetLoadMode asks for type information: the analyzers resolve calls by type.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
