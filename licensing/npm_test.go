package licensing

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNPMWorkspaceLinksListedOnce: npm writes a workspace member twice, as
// the link node_modules/<member> and as the member's directory; it is
// listed once, under its package name, first party. A link to a directory
// the lock has no entry for is named as it is installed, not by its key.
// An old package's "MIT/X11" is MIT, as npm itself reads it.
func TestNPMWorkspaceLinksListedOnce(t *testing.T) {
	const lock = `{
  "lockfileVersion": 3,
  "packages": {
    "": {"name": "app", "version": "1.0.0", "license": "MIT", "workspaces": ["tools"]},
    "node_modules/tools": {"resolved": "tools", "link": true},
    "tools": {"name": "tools", "version": "0.1.0", "license": "MIT"},
    "node_modules/@acme/shared": {"resolved": "../shared", "link": true},
    "node_modules/left-pad": {"version": "1.3.0", "license": "0BSD"},
    "node_modules/chainsaw": {"version": "0.1.0", "license": "MIT/X11"},
    "node_modules/old": {"version": "0.0.1", "license": {"type": "MIT/X11"}}
  }
}`
	mods, err := parseNPMLock("web/package-lock.json", []byte(lock))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range mods {
		got = append(got, fmt.Sprintf("%s@%s main=%v dir=%s license=%s", m.Path, m.Version, m.Main, m.Dir, m.StatedLicense))
	}
	want := []string{
		"app@1.0.0 main=true dir=web license=MIT",
		"@acme/shared@ main=true dir=shared license=",
		"chainsaw@0.1.0 main=false dir=web/node_modules/chainsaw license=MIT",
		"left-pad@1.3.0 main=false dir=web/node_modules/left-pad license=0BSD",
		"old@0.0.1 main=false dir=web/node_modules/old license=MIT",
		"tools@0.1.0 main=true dir=web/tools license=MIT",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("modules (-want +got):\n%s", d)
	}
}
