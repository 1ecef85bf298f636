package aiinventory_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tollgate-dev/tollgate/analyzers/aiinventory"
)

// reporter turns the inventory into diagnostics so analysistest can check it.
func reporter(inv *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "reporter",
		Doc:      "reports each AI call of the inventory",
		Requires: []*analysis.Analyzer{inv},
		Run: func(pass *analysis.Pass) (any, error) {
			res := pass.ResultOf[inv].(*aiinventory.Result)
			for _, c := range res.Calls {
				fork := ""
				if c.Surface.Fork != "" {
					fork = " fork=" + c.Surface.Fork
				}
				pass.Reportf(c.Expr.Pos(), "%s %s model=%q stream=%v in %s via %s%s",
					c.Surface.Provider, c.Surface.Name, c.Model, c.Surface.Streaming, c.Func, c.Via, fork)
			}
			return nil, nil
		},
	}
}

func testdata() string { d, _ := filepath.Abs(filepath.Join("..", "testdata")); return d }

func TestInventory(t *testing.T) {
	inv := aiinventory.Analyzer
	analysistest.Run(t, testdata(), reporter(inv), "inventory", "inventory/user")
	// The facts themselves.
	analysistest.Run(t, testdata(), inv, "inventory/seam")
	// Inside the SDK's own packages, its surfaces are plumbing.
	analysistest.Run(t, testdata(), reporter(inv), "github.com/tmc/langchaingo/llms/selfcall")
}

func TestWrappers(t *testing.T) {
	inv := aiinventory.New(aiinventory.Config{Wrappers: []string{"wrapped.(*LLM).Ask", "wrapped.Complete"}})
	analysistest.Run(t, testdata(), reporter(inv), "wrapped")
}

var _ = fmt.Sprint

// TestEinoAlias checks both shapes of eino's chat model: the plain interface
// of v0.5 and the alias of a generic interface of v0.9.
func TestEinoAlias(t *testing.T) {
	analysistest.Run(t, testdata(), reporter(aiinventory.Analyzer), "eino09")
	eino05, _ := filepath.Abs(filepath.Join("..", "testdata", "eino05"))
	analysistest.Run(t, eino05, reporter(aiinventory.Analyzer), "eino05")
}

// TestForks checks that a fork of go-openai under another module path is
// recognised by its API shape, and that look-alikes are not.
func TestForks(t *testing.T) {
	analysistest.Run(t, testdata(), reporter(aiinventory.Analyzer), "forks", "example.com/llmwrap")
}

// TestSDKTable has a call of each entry of the wider table (fantasy,
// perplexity, mistral, eino-ext) and a call of a method of the same SDK that
// is not a model call.
func TestSDKTable(t *testing.T) {
	analysistest.Run(t, testdata(), reporter(aiinventory.Analyzer), "sdks")
}

// TestRawHTTP checks requests built with net/http to model API URLs, and
// requests to other APIs and paths that are not model calls.
func TestRawHTTP(t *testing.T) {
	analysistest.Run(t, testdata(), reporter(aiinventory.Analyzer), "rawhttp")
}

// TestRelayFacts checks the model facts of a repository's own model layer:
// functions that make an AI call, helpers of helpers, the parameter a
// request is passed in, an interface method whose implementation in the
// package makes the call.
func TestRelayFacts(t *testing.T) {
	analysistest.Run(t, testdata(), aiinventory.Analyzer, "relay/llm")
}
