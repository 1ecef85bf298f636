package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

// licensesRepo builds a module that depends on an MIT module with a NOTICE,
// a dual-licensed module and a module without a license, offline.
func licensesRepo(t *testing.T) string {
	dir := t.TempDir()
	mit := lt.Text(t, "License/MIT/pristine.txt")
	env := lt.Proxy(t, dir, []lt.Module{
		{Path: "example.com/a", Version: "v1.0.0", Files: map[string]string{"LICENSE": mit, "NOTICE": "a\nCopyright 2024 A\n"}},
		{Path: "example.com/b", Version: "v1.1.0", Files: map[string]string{"LICENSE": mit}},
		{Path: "example.com/none", Version: "v0.1.0"},
	})
	root := filepath.Join(dir, "repo")
	lt.Write(t, root, map[string]string{"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": lt.Main("example.com/a", "example.com/b", "example.com/none")})
	env.Go(t, root, "mod", "tidy")
	t.Setenv("GOMODCACHE", env.ModCache)
	t.Setenv("TOLLGATE_LICENSE_CACHE", filepath.Join(dir, "cache"))
	return root
}

func TestLicensesCommand(t *testing.T) {
	root := licensesRepo(t)
	code, out, errs := tollgate(t, "licenses", root)
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"example.com/a", "MIT", "example.com/none", "unknown", "first-party"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = tollgate(t, "licenses", "--json", root)
	var sec struct {
		Modules []struct{ Module, Verdict string }
	}
	if code != exitClean || json.Unmarshal([]byte(out), &sec) != nil || len(sec.Modules) != 4 {
		t.Errorf("--json: exit %d, %s", code, out)
	}
}

func TestLicensesNotices(t *testing.T) {
	root := licensesRepo(t)
	out := filepath.Join(t.TempDir(), "THIRD_PARTY_NOTICES")
	code, _, errs := tollgate(t, "licenses", "notices", "-o", out, root)
	if code != exitClean {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	// The two modules share one MIT text: it is written once, naming both.
	if n := strings.Count(s, "Permission is hereby granted"); n != 1 {
		t.Errorf("MIT text written %d times, want once", n)
	}
	for _, want := range []string{"Used by: example.com/a v1.0.0, example.com/b v1.1.0", "example.com/none v0.1.0\n    License: no license found", "--- example.com/a v1.0.0: NOTICE", "Copyright 2024 A"} {
		if !strings.Contains(s, want) {
			t.Errorf("notices lack %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "example.com/app") {
		t.Error("the first-party module is not a third party")
	}
	// The same graph gives the same bytes.
	code, again, _ := tollgate(t, "licenses", "notices", "-o", "-", root)
	if code != exitClean || again != s {
		t.Error("notices differ between runs")
	}
}

func TestLicensesCheckAndSBOM(t *testing.T) {
	root := licensesRepo(t)
	sbom := filepath.Join(t.TempDir(), "sbom.json")
	code, out, errs := tollgate(t, "scan", "--format", "text", "--format", "cyclonedx="+sbom, root)
	if code != exitClean {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	if !strings.Contains(out, "lic/unknown") {
		t.Errorf("want the unlicensed module reported:\n%s", out)
	}
	b, err := os.ReadFile(sbom)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"purl": "pkg:golang/example.com/a@v1.0.0"`) {
		t.Errorf("sbom lacks module a:\n%s", b)
	}
}

// TestLicensesExitCodes: the command exits as check does: 1 when the
// license policy fails, 3 when the module graph cannot be read, each with
// a line on standard error saying so.
func TestLicensesExitCodes(t *testing.T) {
	root := licensesRepo(t)
	pol := filepath.Join(t.TempDir(), "deny.hcl")
	if err := os.WriteFile(pol, []byte("licenses {\n  deny = [\"MIT\"]\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := tollgate(t, "licenses", "--policy", pol, root)
	if code != exitGate || !strings.Contains(errs, "the license policy fails") || !strings.Contains(out, "denied") {
		t.Errorf("denied MIT: exit %d, want %d\nstdout: %s\nstderr: %s", code, exitGate, out, errs)
	}
	code, _, errs = tollgate(t, "licenses", "notices", "-o", "-", "--policy", pol, root)
	if code != exitGate {
		t.Errorf("notices with denied MIT: exit %d, want %d: %s", code, exitGate, errs)
	}

	// An empty module cache: the graph cannot be read.
	t.Setenv("GOMODCACHE", t.TempDir())
	code, out, errs = tollgate(t, "licenses", root)
	if code != exitInternal {
		t.Errorf("empty module cache: exit %d, want %d\nstdout: %s\nstderr: %s", code, exitInternal, out, errs)
	}
	if !strings.Contains(errs, "go mod download") {
		t.Errorf("stderr does not say what to run: %s", errs)
	}
	if !strings.Contains(errs, "could not be read completely") {
		t.Errorf("stderr does not say the graph is incomplete: %s", errs)
	}
}
