package main

import (
	"testing"

	"github.com/tollgate-dev/tollgate/internal/cdxschema"
)

// validSBOM checks an SBOM the command wrote against the official CycloneDX
// 1.7 JSON schema, when .ci/run has unpacked it.
func validSBOM(t *testing.T, b []byte) {
	t.Helper()
	dir := cdxschema.Dir()
	if dir == "" {
		t.Logf("%s is not set: the sbom is not checked against the CycloneDX schema (.ci/run sets it)", cdxschema.EnvDir)
		return
	}
	if err := cdxschema.Validate(dir, b); err != nil {
		t.Error(err)
	}
}
