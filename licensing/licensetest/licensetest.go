// Package licensetest builds Go module graphs for tests, offline: modules
// are written to a file:// module proxy in a temporary directory, and a
// repository's go.mod/go.sum (and vendor/, when asked) are resolved from it
// into a private module cache. Nothing touches the network.
package licensetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/licenseclassifier/v2/assets"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// Module is a module to publish on the test proxy.
type Module struct {
	Path    string
	Version string
	// Files are extra files by slash path (LICENSE, README.md, sub/LICENSE);
	// go.mod and one Go file per package are added.
	Files map[string]string
	// Packages are package directories relative to the module root ("" is
	// the root package); empty means just the root.
	Packages []string
	// Requires are "path version" lines for the module's go.mod.
	Requires []string
}

// Text returns a license text from the classifier's own corpus, such as
// Text(t, "License/MIT/pristine.txt"), so tests carry no license texts.
func Text(t testing.TB, name string) string {
	t.Helper()
	b, err := assets.ReadLicenseFile(name)
	if err != nil {
		t.Fatalf("license text %s: %v", name, err)
	}
	return string(b)
}

// Env is the environment that points go at the test's module cache.
type Env struct {
	Proxy    string // file:// URL
	ModCache string
}

// Vars returns the variables to add to go's environment for analysis
// (GOPROXY is left to the caller, which sets it to off).
func (e Env) Vars() []string {
	return []string{"GOMODCACHE=" + e.ModCache, "GOFLAGS=-modcacherw", "GONOSUMDB=*", "GOSUMDB=off"}
}

// Proxy publishes modules to a file:// proxy under dir.
func Proxy(t testing.TB, dir string, mods []Module) Env {
	t.Helper()
	proxy := filepath.Join(dir, "proxy")
	versions := map[string][]string{}
	for _, m := range mods {
		src := filepath.Join(dir, "src", strings.ReplaceAll(m.Path, "/", "_")+"@"+m.Version)
		gomod := "module " + m.Path + "\n\ngo 1.21\n"
		if len(m.Requires) > 0 {
			gomod += "\nrequire (\n"
			for _, r := range m.Requires {
				gomod += "\t" + r + "\n"
			}
			gomod += ")\n"
		}
		write(t, filepath.Join(src, "go.mod"), gomod)
		pkgs := m.Packages
		if len(pkgs) == 0 {
			pkgs = []string{""}
		}
		for _, p := range pkgs {
			name := filepath.Base(m.Path)
			if p != "" {
				name = filepath.Base(p)
			}
			name = strings.NewReplacer("-", "", ".", "").Replace(name)
			if strings.HasPrefix(name, "v") && len(name) <= 3 {
				name = "pkg"
			}
			write(t, filepath.Join(src, filepath.FromSlash(p), "x.go"), "package "+name+"\n\n// X is used by the test repository.\nconst X = 1\n")
		}
		for p, body := range m.Files {
			write(t, filepath.Join(src, filepath.FromSlash(p)), body)
		}
		esc, err := module.EscapePath(m.Path)
		if err != nil {
			t.Fatal(err)
		}
		at := filepath.Join(proxy, filepath.FromSlash(esc), "@v")
		if err := os.MkdirAll(at, 0o755); err != nil {
			t.Fatal(err)
		}
		var zb bytes.Buffer
		if err := modzip.CreateFromDir(&zb, module.Version{Path: m.Path, Version: m.Version}, src); err != nil {
			t.Fatalf("zip %s: %v", m.Path, err)
		}
		write(t, filepath.Join(at, m.Version+".zip"), zb.String())
		write(t, filepath.Join(at, m.Version+".mod"), gomod)
		info, _ := json.Marshal(map[string]string{"Version": m.Version, "Time": "2024-01-01T00:00:00Z"})
		write(t, filepath.Join(at, m.Version+".info"), string(info))
		versions[at] = append(versions[at], m.Version)
	}
	for at, vs := range versions {
		slices.Sort(vs)
		write(t, filepath.Join(at, "list"), strings.Join(vs, "\n")+"\n")
	}
	return Env{Proxy: "file://" + filepath.ToSlash(proxy), ModCache: filepath.Join(dir, "modcache")}
}

// Go runs the go command in dir against the test proxy (for go mod tidy,
// go mod vendor, go work sync) and fails the test on error.
func (e Env) Go(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "GOFLAGS" || k == "GOPROXY" || k == "GOWORK" || k == "GOTOOLCHAIN" {
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = append(env, "GOPROXY="+e.Proxy, "GOMODCACHE="+e.ModCache, "GOFLAGS=-modcacherw -mod=mod", "GOSUMDB=off", "GONOSUMDB=*", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
}

// Write writes files (slash paths relative to dir).
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for p, body := range files {
		write(t, filepath.Join(dir, filepath.FromSlash(p)), body)
	}
}

// Main returns the source of a main package that imports pkgs.
func Main(pkgs ...string) string {
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n")
	for _, p := range pkgs {
		fmt.Fprintf(&b, "\t_ %q\n", p)
	}
	b.WriteString(")\n\nfunc main() {}\n")
	return b.String()
}

func write(t testing.TB, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
