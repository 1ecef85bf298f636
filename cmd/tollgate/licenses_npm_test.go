package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

// TestLicensesNPM: an npm project's package-lock.json (v3) gives its
// packages with the lock's licenses; node_modules/<pkg>/package.json and
// license files are read when present; the same policy judges them, the
// SBOM has pkg:npm components and the notices their texts.
func TestLicensesNPM(t *testing.T) {
	root := t.TempDir()
	t.Setenv("TOLLGATE_LICENSE_CACHE", filepath.Join(t.TempDir(), "cache"))
	busl, err := os.ReadFile(filepath.Join("..", "..", "licensing", "testdata", "shipped", "BUSL-1.1-hashicorp.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lt.Write(t, root, map[string]string{
		"LICENSE": lt.Text(t, "License/MIT/pristine.txt"),
		"package-lock.json": `{
  "name": "webapp",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {"name": "webapp", "version": "1.0.0", "license": "MIT", "dependencies": {"left-pad": "^1.3.0"}},
    "node_modules/left-pad": {"version": "1.3.0", "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz", "license": "0BSD"},
    "node_modules/@acme/util": {"version": "2.0.0", "license": "Apache-2.0"},
    "node_modules/a/node_modules/b": {"version": "1.0.1", "license": "ISC"},
    "node_modules/legacy": {"version": "0.2.0", "license": {"type": "BSD-3-Clause"}},
    "node_modules/busl-thing": {"version": "0.1.0"},
    "node_modules/nolicense": {"version": "0.0.1"}
  }
}
`,
		"node_modules/busl-thing/package.json": `{"name": "busl-thing", "version": "0.1.0", "license": "SEE LICENSE IN LICENSE"}`,
		"node_modules/busl-thing/LICENSE":      string(busl),
	})
	code, out, errs := tollgate(t, "licenses", "--json", root)
	if code != exitGate {
		t.Errorf("a BUSL-1.1 package: exit %d, want %d: %s", code, exitGate, errs)
	}
	var sec struct {
		Modules []struct{ Module, Version, Expression, Verdict, Ecosystem string }
	}
	if err := json.Unmarshal([]byte(out), &sec); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := map[string]string{}
	for _, m := range sec.Modules {
		if m.Ecosystem != "npm" {
			t.Errorf("%s: ecosystem %q", m.Module, m.Ecosystem)
		}
		got[m.Module+"@"+m.Version] = m.Expression + " " + m.Verdict
	}
	want := map[string]string{
		"webapp@1.0.0":     "MIT first-party",
		"left-pad@1.3.0":   "0BSD allowed",
		"@acme/util@2.0.0": "Apache-2.0 allowed",
		"b@1.0.1":          "ISC allowed",
		"legacy@0.2.0":     "BSD-3-Clause allowed",
		"busl-thing@0.1.0": "BUSL-1.1 not-allowed",
		"nolicense@0.0.1":  " unknown",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("modules: %v", got)
	}

	sbom := filepath.Join(t.TempDir(), "sbom.json")
	tollgate(t, "scan", "--format", "cyclonedx="+sbom, root)
	b, err := os.ReadFile(sbom)
	if err != nil {
		t.Fatal(err)
	}
	validSBOM(t, b)
	for _, want := range []string{`"purl": "pkg:npm/%40acme/util@2.0.0"`, `"purl": "pkg:npm/left-pad@1.3.0"`, `"name": "webapp"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("sbom lacks %s", want)
		}
	}
	_, notices, _ := tollgate(t, "licenses", "notices", "-o", "-", root)
	if !strings.Contains(notices, "busl-thing 0.1.0") || !strings.Contains(notices, "Change Date") {
		t.Errorf("notices lack the BUSL text of busl-thing:\n%s", notices)
	}
}

// TestLicensesYarnLockSaysSo: a yarn.lock carries no licenses; the scan
// says its packages were not checked instead of reporting nothing.
func TestLicensesYarnLockSaysSo(t *testing.T) {
	root := t.TempDir()
	t.Setenv("TOLLGATE_LICENSE_CACHE", filepath.Join(t.TempDir(), "cache"))
	lt.Write(t, root, map[string]string{
		"go.mod":        "module example.com/app\n\ngo 1.21\n",
		"main.go":       "package main\n\nfunc main() {}\n",
		"web/yarn.lock": "# yarn lockfile v1\n\nleft-pad@^1.3.0:\n  version \"1.3.0\"\n",
	})
	code, out, errs := tollgate(t, "licenses", root)
	if code != exitInternal || !strings.Contains(errs, `"web/yarn.lock" carries no licenses`) {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

// TestLicensesBunLockWithNestedPackageLock: a repository whose root has
// only a bun.lock (which carries no licenses) and a package-lock.json in a
// subdirectory, as honojs/hono has, is checked: the bun.lock is reported
// as not checked and the nested lock's packages are listed.
func TestLicensesBunLockWithNestedPackageLock(t *testing.T) {
	root := t.TempDir()
	t.Setenv("TOLLGATE_LICENSE_CACHE", filepath.Join(t.TempDir(), "cache"))
	lt.Write(t, root, map[string]string{
		"package.json": `{"name": "web", "license": "MIT"}`,
		"bun.lock":     "{\n  \"lockfileVersion\": 1,\n  \"packages\": {}\n}\n",
		"bench/package-lock.json": `{"lockfileVersion": 3, "packages": {
  "": {"name": "bench", "version": "1.0.0"},
  "node_modules/left-pad": {"version": "1.3.0", "license": "0BSD"}}}`,
	})
	code, out, errs := tollgate(t, "licenses", root)
	if code != exitInternal || !strings.Contains(errs, `"bun.lock" carries no licenses`) || !strings.Contains(out, "left-pad") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}
