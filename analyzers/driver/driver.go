// Package driver runs tollgate's Go analyzers inside `tollgate check` and
// `tollgate scan`: it finds the Go modules of a repository, loads their
// packages offline with go/packages, runs the analyzer suite with the
// x/tools checker and turns diagnostics into findings and the AI inventory.
package driver

import (
	"context"
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tollgate-dev/tollgate/analyzers/aiinventory"
	"github.com/tollgate-dev/tollgate/analyzers/internal/aiutil"
	"github.com/tollgate-dev/tollgate/analyzers/suite"
	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// Options configures Analyze. The zero value runs the full suite with facts.
type Options struct {
	// Wrappers are the repository's own AI entry points.
	Wrappers []string
	// Fast runs no facts: calls through an interface declared in another
	// package of the repository are not found, and dependencies get no
	// analysis pass at all.
	Fast bool
	// Env is appended to the environment of the go command (tests point
	// GOMODCACHE or GOFLAGS elsewhere).
	Env []string
	// Progress, when non-nil, receives a line saying what is happening
	// while packages load for longer than a few seconds (a cold build
	// cache: the go command compiles every dependency once), and then
	// every few seconds until the load ends.
	Progress func(msg string)
}

// Call is one AI call of the inventory.
type Call struct {
	Location  finding.Location
	Provider  string
	SDK       string
	Method    string
	Model     string
	Streaming bool
	Function  string
	Via       string
}

// Result is what Analyze found.
type Result struct {
	Findings []finding.Finding
	Calls    []Call
	// Modules and Packages count what was analysed.
	Modules, Packages int
}

// Analyze runs the suite on the Go packages holding files (root-relative,
// slash-separated paths of .go files). Packages are grouped by the nearest
// go.mod; files outside a module are skipped.
func Analyze(ctx context.Context, root string, files []string, opts Options) (*Result, error) {
	mods := map[string][]string{} // module dir (rel) -> package dirs (rel to module)
	modOf := map[string]string{}  // dir -> module dir or "-" for none
	for _, f := range files {
		if !strings.HasSuffix(f, ".go") {
			continue
		}
		dir := path.Dir(f)
		if skippedDir(dir) {
			continue
		}
		m := findModule(root, dir, modOf)
		if m == "-" {
			continue
		}
		rel := "."
		if dir != m {
			rel = strings.TrimPrefix(dir, m+"/")
			if m == "." {
				rel = dir
			}
		}
		if !slices.Contains(mods[m], rel) {
			mods[m] = append(mods[m], rel)
		}
	}
	res := &Result{}
	names := make([]string, 0, len(mods))
	for m := range mods {
		names = append(names, m)
	}
	slices.Sort(names)
	for _, m := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := analyzeModule(ctx, root, m, mods[m], opts, res); err != nil {
			return nil, err
		}
		res.Modules++
	}
	finding.Sort(res.Findings)
	slices.SortFunc(res.Calls, func(a, b Call) int {
		return finding.Compare(finding.Finding{Location: a.Location}, finding.Finding{Location: b.Location})
	})
	return res, nil
}

// skippedDir mirrors the go command's ./... pattern: testdata, vendor and
// directories starting with "." or "_" hold no packages of the module.
func skippedDir(dir string) bool {
	for _, el := range strings.Split(dir, "/") {
		if el == "testdata" || el == "vendor" || (el != "." && (strings.HasPrefix(el, ".") || strings.HasPrefix(el, "_"))) {
			return true
		}
	}
	return false
}

func findModule(root, dir string, cache map[string]string) string {
	if m, ok := cache[dir]; ok {
		return m
	}
	var m string
	if st, err := os.Stat(filepath.Join(root, filepath.FromSlash(dir), "go.mod")); err == nil && st.Mode().IsRegular() {
		m = dir
	} else if dir == "." {
		m = "-"
	} else {
		m = findModule(root, path.Dir(dir), cache)
	}
	cache[dir] = m
	return m
}

// offlineEnv is the environment the go command runs in: no network, no
// toolchain download, no cgo. A go.work at the repository root is used (the
// modules of a workspace resolve each other through it); one found above
// the root is not, so the scan does not depend on where the checkout lies.
func offlineEnv(root, modDir string, extra []string) []string {
	env := os.Environ()
	flags := "-mod=readonly"
	work := "off"
	if st, err := os.Stat(filepath.Join(root, "go.work")); err == nil && st.Mode().IsRegular() {
		work = filepath.Join(root, "go.work")
	} else if st, err := os.Stat(filepath.Join(modDir, "vendor", "modules.txt")); err == nil && st.Mode().IsRegular() {
		flags = "-mod=vendor"
	}
	env = append(env, "GOPROXY=off", "GOSUMDB=off", "GOFLAGS="+flags, "GOTOOLCHAIN=local", "CGO_ENABLED=0", "GOWORK="+work)
	return append(env, extra...)
}

func analyzeModule(ctx context.Context, root, mod string, dirs []string, opts Options, res *Result) error {
	modDir := filepath.Join(root, filepath.FromSlash(mod))
	slices.Sort(dirs)
	patterns := make([]string, len(dirs))
	for i, d := range dirs {
		patterns[i] = "./" + d
	}
	// The repository's packages are type-checked from source and every
	// dependency is read from export data, in both modes: the facts that
	// matter (interfaces an SDK client is converted into) are declared in the
	// repository's own packages, which are all roots here, so the full mode
	// needs no dependency syntax. Dependencies still get (empty) passes in
	// the full mode, so that facts flow between the roots.
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
		packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule
	cfg := &packages.Config{Context: ctx, Mode: mode, Dir: modDir, Env: offlineEnv(root, modDir, opts.Env)}
	gomod := path.Join(mod, "go.mod")
	mf := readModFile(modDir)
	stop := progressWhile(opts.Progress, len(patterns), mod)
	pkgs, err := packages.Load(cfg, patterns...)
	stop()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res.Findings = append(res.Findings, loadFailure(gomod, mf, err.Error(), cfg.Env)...)
		return nil
	}
	res.Packages += len(pkgs)

	// Errors: report each missing module once, and each broken root package.
	seenMod := map[string]bool{}
	// A missing module shows as an error of the dependency; the root only
	// says it could not import it.
	missingIn := map[*packages.Package]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if fs := untidy(gomod, mf, e.Msg, cfg.Env, seenMod); fs != nil {
				res.Findings = append(res.Findings, fs...)
				missingIn[p] = true
				continue
			}
			if fs := missingModule(gomod, mf, e.Msg, seenMod); fs != nil {
				res.Findings = append(res.Findings, fs...)
				missingIn[p] = true
			}
		}
		for _, imp := range p.Imports {
			if missingIn[imp] {
				missingIn[p] = true
			}
		}
	})
	var ok, broken []*packages.Package
	if f := constrained(root, gomod, pkgs); f != nil {
		res.Findings = append(res.Findings, *f)
	}
	for _, p := range pkgs {
		if allExcluded(root, p) {
			res.Packages--
			continue
		}
		if len(p.Errors) == 0 && !p.IllTyped {
			ok = append(ok, p)
			continue
		}
		reported := missingIn[p]
		if !reported {
			// Without dependency syntax the root only says "could not
			// import X": X's module may be absent from the cache.
			for _, e := range p.Errors {
				if fs := notImported(gomod, mf, e.Msg, cfg.Env, seenMod); fs != nil {
					res.Findings = append(res.Findings, fs...)
					reported = true
				}
			}
			if !reported && len(p.Errors) > 0 && strings.Contains(p.Errors[0].Msg, "GOPROXY=off") {
				if !seenMod["?"] {
					seenMod["?"] = true
					f := ModuleNotCached.New(finding.Location{Path: gomod}, "a module the build of %q needs is not in the module cache; it was not analysed", p.PkgPath)
					f.Detail = "tollgate loads packages with GOPROXY=off and never downloads. Run `go mod download` first."
					f.Evidence = map[string]string{"package": p.PkgPath, "go_error": firstLine(p.Errors[0].Msg)}
					res.Findings = append(res.Findings, f)
				}
				reported = true
			}
		}
		if !reported {
			broken = append(broken, p)
		}
	}
	// What is left is retried from source with cgo files and `import "C"`
	// opaque; what still fails is reported with its first error.
	var fromSource []*packages.Package
	if len(broken) > 0 {
		paths := make([]string, len(broken))
		for i, p := range broken {
			paths[i] = p.PkgPath
		}
		srcOK, srcFailed, err := loadFromSource(ctx, modDir, cfg.Env, paths)
		if err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		loaded := map[string]bool{}
		for _, p := range srcOK {
			loaded[p.PkgPath] = true
		}
		fromSource = srcOK
		for _, p := range broken {
			if !loaded[p.PkgPath] {
				res.Findings = append(res.Findings, notLoaded(root, modDir, gomod, dirs, p, srcFailed[p.PkgPath]))
			}
		}
	}
	res.Packages += len(fromSource)
	if err := runSuite(root, gomod, mf, opts, ok, res); err != nil {
		return err
	}
	return runSuite(root, gomod, mf, opts, fromSource, res)
}

// notLoaded is the finding for a package that could not be type-checked;
// srcErr is the first error of the retry from source, when there was one.
func notLoaded(root, modDir, gomod string, dirs []string, p *packages.Package, srcErr string) finding.Finding {
	if len(p.Errors) == 0 {
		// Ill-typed through a dependency that failed to load.
		loc := finding.Location{Path: gomod}
		if len(p.GoFiles) > 0 {
			loc = finding.Location{Path: rel(root, filepath.Dir(p.GoFiles[0]))}
		}
		why := "a package it imports could not be loaded"
		if srcErr != "" {
			why += ": " + firstLine(srcErr)
		}
		f := PackageNotLoaded.New(loc, "package %q was not analysed: %s", p.PkgPath, why)
		f.Evidence = map[string]string{"package": p.PkgPath}
		return f
	}
	loc := finding.Location{Path: rel(root, filepath.Join(modDir, dirs[0]))}
	if len(p.GoFiles) > 0 {
		loc = finding.Location{Path: rel(root, filepath.Dir(p.GoFiles[0]))}
	}
	if pos := p.Errors[0].Pos; pos != "" && pos != "-" {
		loc = posLocation(root, pos)
	}
	why := firstLine(p.Errors[0].Msg)
	if srcErr != "" {
		// The type checker's error names the file and the cause.
		why = strings.ReplaceAll(firstLine(srcErr), root+string(filepath.Separator), "")
	}
	f := PackageNotLoaded.New(loc, "package %q was not analysed: %s", p.PkgPath, why)
	f.Evidence = map[string]string{"package": p.PkgPath, "errors": fmt.Sprint(len(p.Errors)), "go_error": firstLine(p.Errors[0].Msg)}
	return f
}

// runSuite runs the analyzer suite on the root packages pkgs and adds what
// it finds to res.
func runSuite(root, gomod string, mf *modfile.File, opts Options, ok []*packages.Package, res *Result) error {
	if len(ok) == 0 {
		return nil
	}
	versions := map[string]string{}
	if mf != nil {
		for _, r := range mf.Require {
			versions[r.Mod.Path] = r.Mod.Version
		}
	}
	s := suite.New(suite.Config{Wrappers: opts.Wrappers, Facts: !opts.Fast, ModuleVersions: versions})
	g, err := checker.Analyze(s.All(), ok, &checker.Options{})
	if err != nil {
		return fmt.Errorf("analyse module %q: %w", gomod, err)
	}
	for act := range g.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			// An analyzer that failed is a finding, never a silent gap.
			loc := finding.Location{Path: gomod}
			if len(act.Package.GoFiles) > 0 {
				loc = finding.Location{Path: rel(root, filepath.Dir(act.Package.GoFiles[0]))}
			}
			f := PackageNotLoaded.New(loc, "analyzer %s failed on package %q: %s", act.Analyzer.Name, act.Package.PkgPath, firstLine(act.Err.Error()))
			f.Evidence = map[string]string{"package": act.Package.PkgPath, "analyzer": act.Analyzer.Name}
			res.Findings = append(res.Findings, f)
			continue
		}
		fset := act.Package.Fset
		loc := func(pos, end token.Pos) (finding.Location, bool) {
			p := fset.Position(pos)
			r := rel(root, p.Filename)
			if r == "" {
				return finding.Location{}, false
			}
			l := finding.Location{Path: r, StartLine: p.Line, StartCol: p.Column}
			if end.IsValid() {
				e := fset.Position(end)
				l.EndLine, l.EndCol = e.Line, e.Column
			}
			return l, true
		}
		switch r := act.Result.(type) {
		case *aiinventory.Result:
			for _, c := range r.Calls {
				l, ok := loc(c.Expr.Pos(), c.Expr.End())
				if !ok {
					continue
				}
				res.Calls = append(res.Calls, Call{Location: l, Provider: c.Surface.Provider, SDK: c.Surface.Pkg,
					Method: c.Surface.Name, Model: c.Model, Streaming: c.Surface.Streaming, Function: c.Func, Via: string(c.Via)})
			}
		case *aiutil.Reports:
			for _, d := range r.List {
				rule, known := finding.Lookup(d.Rule)
				l, ok := loc(d.Pos, d.End)
				if !known || !ok {
					continue
				}
				f := rule.New(l, "%s", d.Message)
				f.Evidence = d.Evidence
				res.Findings = append(res.Findings, f)
			}
		}
	}
	var _ analysis.Analyzer
	return nil
}

// progressDelay is how long a load runs before the first progress line, and
// progressEvery the time between lines.
var progressDelay, progressEvery = 3 * time.Second, 5 * time.Second

// progressWhile sends progress lines to report until the returned stop is
// called.
func progressWhile(report func(string), n int, mod string) (stop func()) {
	if report == nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(finished)
		t := time.NewTimer(progressDelay)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			where := ""
			if mod != "." {
				where = " of module " + strconv.Quote(mod)
			}
			report(fmt.Sprintf("building type information for %d packages%s, first run only (%s)",
				n, where, time.Since(start).Round(time.Second)))
			t.Reset(progressEvery)
		}
	}()
	return func() { close(done); <-finished }
}

// readModFile parses a module's go.mod, read through safefs: the file is
// the scanned repository's, so a link out, a FIFO or a huge file is not
// read (the module is then treated as having no go.mod facts).
func readModFile(modDir string) *modfile.File {
	b, err := safefs.ReadFile(modDir, "go.mod", 16<<20)
	if err != nil {
		return nil
	}
	f, err := modfile.ParseLax("go.mod", b, nil)
	if err != nil {
		return nil
	}
	return f
}

// The go command's ways of saying a module is not available offline.
var missingRE = []*lazyre.Regexp{
	lazyre.New(`([^\s:"]+)@(v[^\s:"]+): module lookup disabled by GOPROXY=off`),
	lazyre.New(`missing go\.sum entry for module providing package ([^\s;]+)`),
	lazyre.New(`no required module provides package ([^\s;]+)`),
	lazyre.New(`([^\s:"]+)@(v[^\s:"]+): (?:reading|verifying|missing).*`),
}

func missingModule(gomod string, mf *modfile.File, msg string, seen map[string]bool) []finding.Finding {
	for _, re := range missingRE {
		m := re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		mod, ver := "", ""
		if len(m) > 2 {
			mod, ver = m[1], m[2]
		} else if len(m) > 1 {
			mod = m[1]
		}
		loc := finding.Location{Path: gomod}
		if r := requireOf(mf, mod); r != nil {
			if r.Syntax != nil {
				loc.StartLine, loc.StartCol = r.Syntax.Start.Line, r.Syntax.Start.LineRune
			}
			mod, ver = r.Mod.Path, r.Mod.Version
		}
		// Each module once, however many of its packages are imported.
		key := mod + "@" + ver
		if seen[key] {
			return []finding.Finding{}
		}
		seen[key] = true
		name := mod
		if ver != "" {
			name += "@" + ver
		}
		f := ModuleNotCached.New(loc, "module %q is not in the module cache; packages that import it were not analysed", name)
		f.Detail = "tollgate loads packages with GOPROXY=off and never downloads. Run `go mod download` first."
		f.Evidence = map[string]string{"module": mod, "version": ver, "go_error": firstLine(msg)}
		return []finding.Finding{f}
	}
	return nil
}

// requireOf returns the requirement of mf providing the package or module
// path p (the longest module path that is p or a prefix of it), or nil.
func requireOf(mf *modfile.File, p string) *modfile.Require {
	if mf == nil || p == "" {
		return nil
	}
	var best *modfile.Require
	for _, r := range mf.Require {
		if (p == r.Mod.Path || strings.HasPrefix(p, r.Mod.Path+"/")) && (best == nil || len(r.Mod.Path) > len(best.Mod.Path)) {
			best = r
		}
	}
	return best
}

// The go command's ways of saying go.mod or go.sum do not cover the imports.
var (
	noModuleRE  = lazyre.New(`(?:cannot find module providing package|no required module provides package) ([^\s:;]+)`)
	noSumRE     = lazyre.New(`missing go\.sum entry for module providing package ([^\s;]+)|([^\s:"]+)@v[^\s:"]+: missing go\.sum entry`)
	modUpdateRE = lazyre.New(`updates to go\.mod needed`)
)

// untidy turns the go command's errors about go.mod and go.sum into one
// finding per cause and module, with the fix.
// A module missing from go.sum and from the module cache is left to
// missingModule: downloading it is the first fix.
func untidy(gomod string, mf *modfile.File, msg string, env []string, seen map[string]bool) []finding.Finding {
	report := func(key string, loc finding.Location, ev map[string]string, format string, args ...any) []finding.Finding {
		if seen[key] {
			return []finding.Finding{}
		}
		seen[key] = true
		f := ModuleUntidy.New(loc, format, args...)
		f.Evidence = ev
		f.Evidence["go_error"] = firstLine(msg)
		return []finding.Finding{f}
	}
	if m := noSumRE.FindStringSubmatch(msg); m != nil {
		pkg := m[1] + m[2]
		loc := finding.Location{Path: gomod}
		mod := pkg
		if r := requireOf(mf, pkg); r != nil {
			if !replaced(mf, r.Mod.Path) && !inModCache(env, r.Mod.Path, r.Mod.Version) {
				return nil
			}
			mod = r.Mod.Path + "@" + r.Mod.Version
			if r.Syntax != nil {
				loc.StartLine, loc.StartCol = r.Syntax.Start.Line, r.Syntax.Start.LineRune
			}
		}
		f := report("sum:"+mod, loc, map[string]string{"module": mod, "package": pkg},
			"go.sum has no checksum for module %q; packages that import it were not analysed (run `go mod tidy`)", mod)
		if len(f) > 0 {
			f[0].Detail = "With -mod=readonly the go command refuses a module whose checksum is not in go.sum. `go mod tidy` (or `go mod download " + mod + "`) adds it."
		}
		return f
	}
	if m := noModuleRE.FindStringSubmatch(msg); m != nil {
		fix := "go mod tidy"
		if strings.Contains(msg, "-mod=vendor") {
			fix = "go mod tidy && go mod vendor"
		}
		return report("untidy", finding.Location{Path: gomod}, map[string]string{"package": m[1]},
			"go.mod requires no module providing package %q; packages that import it were not analysed (run `%s`)", m[1], fix)
	}
	if modUpdateRE.MatchString(msg) {
		return report("untidy", finding.Location{Path: gomod}, map[string]string{},
			"go.mod is not tidy: %s; the module was not analysed (run `go mod tidy`)", firstLine(msg))
	}
	return nil
}

var couldNotImport = lazyre.New(`could not import ([^\s]+)`)

// notImported turns "could not import X" into a module-not-cached finding
// when the module providing X is required but absent from the module cache.
func notImported(gomod string, mf *modfile.File, msg string, env []string, seen map[string]bool) []finding.Finding {
	m := couldNotImport.FindStringSubmatch(msg)
	if m == nil || mf == nil {
		return nil
	}
	var best *modfile.Require
	for _, r := range mf.Require {
		if (m[1] == r.Mod.Path || strings.HasPrefix(m[1], r.Mod.Path+"/")) && (best == nil || len(r.Mod.Path) > len(best.Mod.Path)) {
			best = r
		}
	}
	if best == nil || replaced(mf, best.Mod.Path) || inModCache(env, best.Mod.Path, best.Mod.Version) {
		return nil
	}
	return missingModule(gomod, mf, best.Mod.Path+"@"+best.Mod.Version+": module lookup disabled by GOPROXY=off", seen)
}

func replaced(mf *modfile.File, path string) bool {
	for _, r := range mf.Replace {
		if r.Old.Path == path {
			return true
		}
	}
	return false
}

var modCache struct {
	once sync.Once
	dir  string
}

// inModCache reports whether the module's source is extracted in the module
// cache named by GOMODCACHE in env, or by the go command.
func inModCache(env []string, path, version string) bool {
	dir := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOMODCACHE="); ok {
			dir = v
		}
	}
	if dir == "" {
		modCache.once.Do(func() {
			cmd := exec.Command("go", "env", "GOMODCACHE")
			cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOPROXY=off")
			out, err := cmd.Output()
			if err == nil {
				modCache.dir = strings.TrimSpace(string(out))
			}
		})
		dir = modCache.dir
	}
	ep, err := module.EscapePath(path)
	if err != nil || dir == "" {
		return true // cannot tell: do not claim it is missing
	}
	ev, err := module.EscapeVersion(version)
	if err != nil {
		return true
	}
	_, err = os.Stat(filepath.Join(dir, filepath.FromSlash(ep)+"@"+ev))
	return err == nil
}

func loadFailure(gomod string, mf *modfile.File, msg string, env []string) []finding.Finding {
	if fs := untidy(gomod, mf, msg, env, map[string]bool{}); len(fs) > 0 {
		return fs
	}
	if fs := missingModule(gomod, mf, msg, map[string]bool{}); len(fs) > 0 {
		return fs
	}
	f := PackageNotLoaded.New(finding.Location{Path: gomod}, "module %q was not analysed: %s", path.Dir(gomod), firstLine(msg))
	return []finding.Finding{f}
}

// firstLine returns the first line of a message that is not the go
// command's "# package" header.
func firstLine(s string) string {
	for line := range strings.SplitSeq(strings.TrimSpace(s), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "# ") {
			return line
		}
	}
	return strings.TrimSpace(s)
}

// rel makes an absolute file name root-relative and slash-separated, or ""
// when it lies outside the root (generated files in the build cache).
func rel(root, name string) string {
	r, err := filepath.Rel(root, name)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return ""
	}
	return filepath.ToSlash(r)
}

var posRE = lazyre.New(`^(.*?):(\d+)(?::(\d+))?$`)

func posLocation(root, pos string) finding.Location {
	m := posRE.FindStringSubmatch(pos)
	if m == nil {
		return finding.Location{}
	}
	var line, col int
	fmt.Sscan(m[2], &line)
	if m[3] != "" {
		fmt.Sscan(m[3], &col)
	}
	name := m[1]
	if !filepath.IsAbs(name) {
		name = filepath.Join(root, name)
	}
	return finding.Location{Path: rel(root, name), StartLine: line, StartCol: col}
}
