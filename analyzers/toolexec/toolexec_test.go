package toolexec

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	dir, _ := filepath.Abs(filepath.Join("..", "testdata"))
	analysistest.Run(t, dir, Analyzer, "toolexec", "toolexec/lctool", "toolexec/relay", "relay/sandbox")
}
