package licensing

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// Module is one module@version of the build graph, with the packages of it
// that the build uses.
type Module struct {
	Path    string `json:"path"`
	Version string `json:"version,omitempty"`
	// Dir is the absolute directory of the module root on disk: in the
	// module cache, under vendor/, or the local directory of a replace.
	// Empty when the module is not available offline.
	Dir string `json:"dir,omitempty"`
	// Main is set for the main modules (the repository's own, and every
	// module of a go.work workspace).
	Main bool `json:"main,omitempty"`
	// Replace is set when a replace directive applies.
	Replace *Replace `json:"replace,omitempty"`
	// Vendored is set when the module is read from vendor/.
	Vendored bool `json:"vendored,omitempty"`
	// Packages are the import paths of the module the build uses, sorted.
	Packages []string `json:"packages,omitempty"`
	// PackageDirs are the directories of those packages, sorted.
	PackageDirs []string `json:"package_dirs,omitempty"`
	// Platforms lists the GOOS/GOARCH pairs whose build uses the module.
	Platforms []string `json:"platforms,omitempty"`
	// Error says why the module could not be read (missing from the module
	// cache, say); empty when it is fine.
	Error string `json:"error,omitempty"`
	// DependsOn are the keys (Key) of the other modules whose packages the
	// module's used packages import, sorted.
	DependsOn []string `json:"depends_on,omitempty"`
	// Ecosystem is empty for a Go module, EcosystemNPM for an npm package.
	Ecosystem string `json:"ecosystem,omitempty"`
	// Manifest is the root-relative lock file that lists a package of
	// another ecosystem; its findings point there.
	Manifest string `json:"manifest,omitempty"`
	// StatedLicense is the license the package manager's metadata states
	// (package-lock.json, package.json), used when no license file says.
	StatedLicense string `json:"stated_license,omitempty"`
}

// Key is the module@version identity; a local replace has no version.
func (m *Module) Key() string {
	if m.Version == "" {
		return m.Path
	}
	return m.Path + "@" + m.Version
}

// Replace describes a replace directive that applies to a module.
type Replace struct {
	Path    string `json:"path"`
	Version string `json:"version,omitempty"`
	// Local is set when the replacement is a directory, not a module.
	Local bool `json:"local,omitempty"`
}

// Graph is the union of the module graphs of every platform looked at.
type Graph struct {
	// Modules are sorted by path and version.
	Modules []*Module `json:"modules"`
	// Platforms are the GOOS/GOARCH pairs loaded.
	Platforms []string `json:"platforms"`
	// Errors are problems loading the graph that are not tied to one module.
	Errors []string `json:"errors,omitempty"`
}

// GraphOptions say how to load the graph.
type GraphOptions struct {
	// Dir is the directory go list runs in (a module root or a workspace root).
	Dir string
	// Patterns are the package patterns; empty means "./...".
	Patterns []string
	// Platforms are GOOS/GOARCH pairs; empty means the host's.
	Platforms []string
	// Tests includes the test dependencies of the main modules' packages.
	Tests bool
	// Tags are extra build tags.
	Tags []string
	// Vendor reads vendor/ (go list -mod=vendor) instead of the module cache.
	Vendor bool
	// GoCmd is the go command; empty means "go" on PATH.
	GoCmd string
	// Env is added to the environment of go list (after the safe defaults,
	// so tests can point GOMODCACHE or GOFLAGS elsewhere).
	Env []string
}

// listPackage is the part of `go list -json` output that is read.
type listPackage struct {
	Dir        string
	ImportPath string
	Imports    []string
	Standard   bool
	Module     *listModule
	Error      *struct{ Err string }
	DepsErrors []*struct{ Err string }
}

type listModule struct {
	Path    string
	Version string
	Dir     string
	Main    bool
	Replace *listModule
	Error   *struct{ Err string }
}

// safeEnv is the environment every go list runs with: no network, no
// toolchain download, no go.mod rewrite, no cgo preprocessing.
func safeEnv(vendor bool) []string {
	mod := "-mod=readonly"
	if vendor {
		mod = "-mod=vendor"
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GOPROXY", "GOFLAGS", "GOTOOLCHAIN", "CGO_ENABLED", "GOOS", "GOARCH", "GOWORK", "GONOSUMDB", "GONOSUMCHECK", "GOSUMDB", "GOINSECURE", "GOVCS":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GOPROXY=off", "GOFLAGS="+mod, "GOTOOLCHAIN=local", "CGO_ENABLED=0", "GOSUMDB=off", "GOVCS=*:off")
}

// LoadGraph runs `go list -deps -json` once per platform, in parallel, and
// merges the results into one graph of module@version units.
func LoadGraph(ctx context.Context, o GraphOptions) (*Graph, error) {
	plats := platformsOf(o.Platforms)
	outs := make([]listOutput, len(plats))
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for i, p := range plats {
		goos, goarch, ok := strings.Cut(p, "/")
		if !ok || goos == "" || goarch == "" {
			return nil, fmt.Errorf("platform %q: want GOOS/GOARCH", p)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			outs[i].pkgs, outs[i].err = goList(ctx, o, goos, goarch)
		}()
	}
	wg.Wait()
	if len(plats) == 1 && outs[0].err != nil {
		return nil, outs[0].err
	}
	return mergeLists(o, plats, outs), nil
}

// listOutput is what go list said for one platform.
type listOutput struct {
	pkgs []listPackage
	err  error
}

// mergeLists merges the go list output of every platform (outs[i] is for
// plats[i]) into one graph of module@version units.
func mergeLists(o GraphOptions, plats []string, outs []listOutput) *Graph {
	g := &Graph{Platforms: plats}
	mods := map[string]*Module{}
	pkgSeen := map[string]map[string]bool{}
	// pkgMod maps an import path to the key of its module.
	pkgMod := map[string]string{}
	errSeen := map[string]bool{}
	addErr := func(s string) {
		if !errSeen[s] {
			errSeen[s] = true
			g.Errors = append(g.Errors, s)
		}
	}
	for i, res := range outs {
		if res.err != nil {
			addErr(fmt.Sprintf("%s: %v", plats[i], res.err))
			continue
		}
		for _, p := range res.pkgs {
			if p.Standard {
				continue
			}
			if p.Module == nil {
				if p.Error != nil {
					addErr(p.Error.Err)
				}
				continue
			}
			m := p.Module
			version := m.Version
			var rep *Replace
			dir := m.Dir
			if m.Replace != nil {
				rep = &Replace{Path: m.Replace.Path, Version: m.Replace.Version, Local: m.Replace.Version == ""}
				if m.Replace.Dir != "" {
					dir = m.Replace.Dir
				}
				if rep.Local {
					// A local directory has no version of its own: the unit
					// is the directory's content, named by the module path.
					version = ""
				} else {
					version = m.Replace.Version
				}
			}
			key := m.Path + "@" + version
			mod := mods[key]
			if mod == nil {
				mod = &Module{Path: m.Path, Version: version, Dir: dir, Main: m.Main, Replace: rep}
				if o.Vendor && !m.Main && (rep == nil || !rep.Local) {
					mod.Vendored = true
					vendor := filepath.Join(o.Dir, "vendor")
					mod.Dir = filepath.Join(vendor, filepath.FromSlash(m.Path))
					if mod.Dir == vendor || !safefs.Within(vendor, mod.Dir) {
						mod.Dir = ""
						mod.Error = fmt.Sprintf("module path %q names no directory under vendor/", m.Path)
					}
				}
				mods[key] = mod
				pkgSeen[key] = map[string]bool{}
			}
			if mod.Dir == "" && dir != "" && !mod.Vendored {
				mod.Dir = dir
			}
			if m.Error != nil && mod.Error == "" {
				mod.Error = m.Error.Err
			}
			if p.Error != nil && mod.Error == "" && isMissing(p.Error.Err) {
				mod.Error = p.Error.Err
			}
			if !slices.Contains(mod.Platforms, plats[i]) {
				mod.Platforms = append(mod.Platforms, plats[i])
			}
			pkgMod[p.ImportPath] = key
			if !pkgSeen[key][p.ImportPath] {
				pkgSeen[key][p.ImportPath] = true
				mod.Packages = append(mod.Packages, p.ImportPath)
				if p.Dir != "" {
					mod.PackageDirs = append(mod.PackageDirs, p.Dir)
				}
			}
		}
	}
	// Module-level edges: a module depends on another when a package of
	// it that the build uses imports one of the other's.
	for _, res := range outs {
		for _, p := range res.pkgs {
			from := pkgMod[p.ImportPath]
			if from == "" {
				continue
			}
			for _, imp := range p.Imports {
				imp, _, _ = strings.Cut(imp, " [")
				to := pkgMod[imp]
				if to == "" || to == from {
					continue
				}
				if k := mods[to].Key(); !slices.Contains(mods[from].DependsOn, k) {
					mods[from].DependsOn = append(mods[from].DependsOn, k)
				}
			}
		}
	}
	for _, m := range mods {
		slices.Sort(m.DependsOn)
		slices.Sort(m.Packages)
		slices.Sort(m.PackageDirs)
		m.PackageDirs = slices.Compact(m.PackageDirs)
		slices.Sort(m.Platforms)
		if m.Dir == "" && m.Error == "" {
			m.Error = missingMessage
		}
		g.Modules = append(g.Modules, m)
	}
	slices.SortFunc(g.Modules, func(a, b *Module) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Version, b.Version)
	})
	slices.Sort(g.Errors)
	return g
}

// missingMessage is the error of a module go list names without a
// directory.
const missingMessage = "module is not in the module cache or vendor/ (the scan never downloads)"

// platformsOf returns the platforms to load, sorted: the host's when none
// are given.
func platformsOf(plats []string) []string {
	if len(plats) == 0 {
		return []string{runtime.GOOS + "/" + runtime.GOARCH}
	}
	plats = slices.Clone(plats)
	slices.Sort(plats)
	return slices.Compact(plats)
}

func isMissing(msg string) bool {
	return strings.Contains(msg, "GOPROXY=off") || strings.Contains(msg, "module lookup disabled") ||
		strings.Contains(msg, "missing go.sum entry") || strings.Contains(msg, "no required module provides")
}

// goList runs go list for one platform and decodes its JSON stream.
func goList(ctx context.Context, o GraphOptions, goos, goarch string) ([]listPackage, error) {
	goCmd := o.GoCmd
	if goCmd == "" {
		goCmd = "go"
	}
	args := []string{"list", "-e", "-deps", "-json=Dir,ImportPath,Imports,Standard,Module,Error,DepsErrors"}
	if o.Tests {
		args = append(args, "-test")
	}
	if len(o.Tags) > 0 {
		args = append(args, "-tags="+strings.Join(o.Tags, ","))
	}
	args = append(args, "--")
	pats := o.Patterns
	if len(pats) == 0 {
		pats = []string{"./..."}
	}
	args = append(args, pats...)
	cmd := exec.CommandContext(ctx, goCmd, args...)
	cmd.Dir = o.Dir
	cmd.Env = withEnv(safeEnv(o.Vendor), o.Env)
	cmd.Env = append(cmd.Env, "GOOS="+goos, "GOARCH="+goarch)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run go list in %q: %w", o.Dir, err)
	}
	pkgs, decErr := decodeList(bufio.NewReaderSize(stdout, 1<<16), o.Tests)
	_, _ = io.Copy(io.Discard, stdout)
	werr := cmd.Wait()
	if werr != nil && len(pkgs) == 0 {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = werr.Error()
		}
		return nil, fmt.Errorf("go list in %q (%s/%s): %s", o.Dir, goos, goarch, firstLines(msg, 6))
	}
	if decErr != nil {
		return nil, fmt.Errorf("decode go list output: %w", decErr)
	}
	return pkgs, nil
}

// decodeList reads go list's stream of JSON packages. Packages decoded
// before an error are kept.
func decodeList(r io.Reader, tests bool) ([]listPackage, error) {
	var pkgs []listPackage
	dec := json.NewDecoder(r)
	for {
		var p listPackage
		if err := dec.Decode(&p); err != nil {
			if errors.Is(err, io.EOF) {
				return pkgs, nil
			}
			return pkgs, err
		}
		// Test variants read "pkg [pkg.test]"; the unit is the package.
		p.ImportPath, _, _ = strings.Cut(p.ImportPath, " [")
		if tests && strings.HasSuffix(p.ImportPath, ".test") {
			continue
		}
		pkgs = append(pkgs, p)
	}
}

// firstLines keeps the first n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}

// withEnv adds extra variables to env. GOFLAGS are appended to the safe
// ones rather than replacing them, and GOPROXY, GOTOOLCHAIN and
// CGO_ENABLED cannot be loosened.
func withEnv(env, extra []string) []string {
	out := slices.Clone(env)
	for _, kv := range extra {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GOPROXY", "GOTOOLCHAIN", "CGO_ENABLED":
			continue
		case "GOFLAGS":
			for i, e := range out {
				if strings.HasPrefix(e, "GOFLAGS=") {
					out[i] = e + " " + v
				}
			}
			continue
		}
		out = append(out, kv)
	}
	return out
}
