package render

import (
	"testing"

	"github.com/tollgate-dev/tollgate/internal/cdxschema"
)

// TestCycloneDXValidatesAgainstSchema checks the SBOMs of the fixtures
// against the official CycloneDX 1.7 JSON schema, which .ci/run unpacks from
// the npm package that ships it.
func TestCycloneDXValidatesAgainstSchema(t *testing.T) {
	dir := cdxschema.Dir()
	if dir == "" {
		t.Skipf("%s is not set (.ci/run sets it)", cdxschema.EnvDir)
	}
	for name, r := range map[string]func() []byte{
		"fixture": func() []byte { return renderFormat(t, "cyclonedx", sbomFixture()) },
		"full":    func() []byte { return renderFormat(t, "cyclonedx", fixture()) },
	} {
		if err := cdxschema.Validate(dir, r()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
