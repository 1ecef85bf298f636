package golangci

import (
	"testing"

	"github.com/golangci/plugin-module-register/register"
)

func TestPlugin(t *testing.T) {
	newPlugin, err := register.GetPlugin("tollgate")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(map[string]any{"wrappers": []string{"example.com/llm.(*Client).Complete"}, "fast": true})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) < 2 || as[0].Name != "aiinventory" {
		t.Errorf("analyzers = %v", as)
	}
	if len(as[0].FactTypes) != 0 {
		t.Error("fast mode should use no facts")
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q", p.GetLoadMode())
	}
	if _, err := newPlugin(map[string]any{"wrapper": "x"}); err == nil {
		t.Error("unknown setting accepted")
	}
}
