package cdxschema

import (
	"strings"
	"testing"
)

func TestValidateRejects(t *testing.T) {
	dir := Dir()
	if dir == "" {
		t.Skipf("%s is not set (.ci/run sets it)", EnvDir)
	}
	ok := `{"bomFormat":"CycloneDX","specVersion":"1.7","version":1,"components":[{"type":"library","name":"x","purl":"pkg:golang/example.com/x@v1.0.0"}]}`
	if err := Validate(dir, []byte(ok)); err != nil {
		t.Errorf("a minimal valid sbom: %v", err)
	}
	for name, doc := range map[string]string{
		"bad component type": `{"bomFormat":"CycloneDX","specVersion":"1.7","version":1,"components":[{"type":"librar","name":"x"}]}`,
		"no bomFormat":       `{"specVersion":"1.7","version":1}`,
		"bad license id":     `{"bomFormat":"CycloneDX","specVersion":"1.7","version":1,"components":[{"type":"library","name":"x","licenses":[{"license":{"id":"Not-An-SPDX-Id"}}]}]}`,
		"older spec":         `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1}`,
	} {
		if err := Validate(dir, []byte(doc)); err == nil {
			t.Errorf("%s: validated; want an error", name)
		} else if !strings.Contains(err.Error(), "sbom") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
