package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

// TestLicensesHostileRepository runs the licenses commands and a scan on
// repositories whose license files, vendored modules, go.work and replace
// directives point outside them: what they point at is in no output, each
// is a finding naming its file, and nothing blocks.
func TestLicensesHostileRepository(t *testing.T) {
	h := lt.HostileTrees(t)
	t.Setenv("GOMODCACHE", h.Env.ModCache)
	t.Setenv("TOLLGATE_LICENSE_CACHE", filepath.Join(t.TempDir(), "cache"))
	run := func(args ...string) (int, string, string) {
		t.Helper()
		type res struct {
			code     int
			out, err string
		}
		ch := make(chan res, 1)
		go func() {
			c, o, e := tollgate(t, args...)
			ch <- res{c, o, e}
		}()
		select {
		case r := <-ch:
			for _, s := range []string{r.out, r.err} {
				if strings.Contains(s, lt.Sentinel) {
					t.Errorf("tollgate %s printed text from outside the repository", strings.Join(args, " "))
				}
			}
			return r.code, r.out, r.err
		case <-time.After(3 * time.Minute):
			t.Fatalf("tollgate %s blocks", strings.Join(args, " "))
		}
		return 0, "", ""
	}
	sbom := filepath.Join(t.TempDir(), "sbom.json")
	for _, root := range []string{h.Vendor, h.Work, h.Replace, h.GoInputs} {
		_, notices, errs := run("licenses", "notices", "-o", "-", root)
		if !strings.Contains(errs, "outside the repository") {
			t.Errorf("%s: the outside paths are not reported:\n%s", filepath.Base(root), errs)
		}
		if root == h.Vendor && !strings.Contains(notices, "example.com/mit v1.0.0\n    License: MIT") {
			t.Errorf("the ordinary module is missing from the notices:\n%s", notices)
		}
		run("licenses", "--json", root)
		if root == h.GoInputs {
			// Its FIFO is for the licenses domain's go command; the other
			// domains' readers are tested by their own packages.
			continue
		}
		_, out, _ := run("scan", "--format", "json", "--format", "cyclonedx="+sbom, root)
		if !strings.Contains(out, "lic/outside-root") {
			t.Errorf("%s: scan does not report lic/outside-root:\n%s", filepath.Base(root), out)
		}
	}
	_, out, _ := run("scan", "--format", "text", h.Vendor)
	for _, want := range []string{"vendor/example.com/m/LICENSE", "vendor/example.com/x/LICENSES", "vendor/example.com/fifo/LICENSE", "vendor/example.com/zero/LICENSE"} {
		if !strings.Contains(out, want) {
			t.Errorf("scan text output does not name %s:\n%s", want, out)
		}
	}
}
