package main

import (
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestAnalyzers(t *testing.T) {
	osArgs = func() []string { return []string{"-aiinventory.wrappers=example.com/llm.(*C).Ask", "./..."} }
	as := analyzers()
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
	if f := as[0].Flags.Lookup("wrappers"); f == nil || f.Value.String() != "example.com/llm.(*C).Ask" {
		t.Errorf("wrappers flag = %v", f)
	}
}
