package licensing

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// Options configure Analyze. The zero value of every field but Root means
// the default.
type Options struct {
	// Root is the absolute repository root.
	Root string
	// Roots are the directories, relative to Root and slash-separated, that
	// hold a go.mod or go.work to load; empty means Root itself.
	Roots []string
	// Platforms are GOOS/GOARCH pairs whose union is checked; empty means
	// the host's.
	Platforms []string
	// Tests includes the test dependencies of the main modules.
	Tests bool
	// Tags are extra build tags.
	Tags []string
	// CacheDir is the on-disk classification cache; empty means
	// DefaultCacheDir(), "off" means no disk cache.
	CacheDir string
	// Classifier, when set, is used instead of a new one (so a process
	// classifies each text once across runs).
	Classifier *Classifier
	// GoCmd is the go command; empty means "go".
	GoCmd string
	// Env is added to go list's environment.
	Env []string
	// Policy is the licenses policy; the zero value is the default.
	Policy Policy
	// Now is the time exceptions are judged at; zero means time.Now().
	Now time.Time
	// NPMLocks are root-relative package-lock.json files (lockfileVersion
	// 2 or 3) whose packages are judged too. With NPMLocks and no Roots,
	// no Go module graph is loaded.
	NPMLocks []string
	// OtherLocks are root-relative lock files of other JavaScript package
	// managers (yarn.lock, pnpm-lock.yaml, bun.lock), which carry no licenses: each
	// without a package-lock.json beside it is reported as not checked.
	OtherLocks []string
}

// File is one license, notice or patents file of a module.
type File struct {
	// Path is slash-separated, relative to the module root.
	Path   string   `json:"path"`
	Kind   FileKind `json:"kind"`
	SHA256 string   `json:"sha256"`
	// Licenses are the SPDX identifiers found in it.
	Licenses []string `json:"licenses,omitempty"`
	// Expression is what the file says, as SPDX.
	Expression string `json:"expression,omitempty"`
	// Coverage is the share of non-blank lines a license accounts for.
	Coverage float64 `json:"coverage,omitempty"`
	// Extra are the first lines no license accounts for.
	Extra []int `json:"extra,omitempty"`
	// ExtraText is the first of those lines, for the message.
	ExtraText string `json:"extra_text,omitempty"`
	Choice    bool   `json:"choice,omitempty"`
	// Header is set when only a license header, not a full text, matched.
	Header bool `json:"header,omitempty"`
	// Abs is the absolute path on disk (not part of the report).
	Abs string `json:"-"`
	// wantChoice asks for a README to be read for a choice of licenses,
	// which matters only beside several license files.
	wantChoice bool
	// base and rel say how the file is read again (for the notices): rel
	// below a safefs.Root at base.
	base, rel string
	// readErr is why reading it failed.
	readErr error
}

// Scope is a directory inside a module with license files of its own that
// packages the build uses sit under.
type Scope struct {
	Dir        string `json:"dir"`
	Files      []File `json:"files"`
	Expression string `json:"expression,omitempty"`
}

// Verdicts of a module.
const (
	VerdictAllowed     = "allowed"
	VerdictDenied      = "denied"
	VerdictNotAllowed  = "not-allowed"
	VerdictWarn        = "warn"
	VerdictUnknown     = "unknown"
	VerdictNeedsReview = "needs-review"
	VerdictExcepted    = "excepted"
	VerdictFirstParty  = "first-party"
	VerdictUnavailable = "unavailable"
)

// ModuleResult is the verdict on one module@version.
type ModuleResult struct {
	Module
	// Files are the license, notice and patents files at the module root.
	Files  []File  `json:"files,omitempty"`
	Scopes []Scope `json:"scopes,omitempty"`
	Readme []File  `json:"readme,omitempty"`
	// Declared is the expression the files state.
	Declared string `json:"declared,omitempty"`
	// Concluded is the expression the verdict rests on: Declared, or a
	// clarification's.
	Concluded string   `json:"concluded,omitempty"`
	Category  Category `json:"category"`
	Verdict   string   `json:"verdict"`
	// DecidedBy names the policy element that decided the verdict.
	DecidedBy string `json:"decided_by"`
	// Exception is the module of the exception applied, if any.
	Exception string `json:"exception,omitempty"`
	// Clarified is set when a clarification gave the expression.
	Clarified bool `json:"clarified,omitempty"`
	// NeedsReview is set when a license file has text beyond the license.
	NeedsReview bool `json:"needs_review,omitempty"`
	// GoMod is the go.mod (root-relative) that requires the module, and Line
	// the line of the requirement; the findings point there.
	GoMod string `json:"go_mod,omitempty"`
	Line  int    `json:"line,omitempty"`
	// Outside says why the module's directory was not read: it lies
	// outside the repository. The license is then unknown.
	Outside string `json:"outside,omitempty"`
	// Skipped are the files that were not read (a link out, a FIFO, a file
	// too large), each with its reason.
	Skipped []Skipped `json:"skipped,omitempty"`
}

// Result is what Analyze returns.
type Result struct {
	Findings []finding.Finding
	Modules  []*ModuleResult
	// Project are the license files at the repository root: the
	// project's own license, which first-party code is under.
	Project []File `json:"project,omitempty"`
	// ProjectLicense is the expression they state.
	ProjectLicense string `json:"project_license,omitempty"`
	// Platforms and Tests say what graph was checked.
	Platforms []string
	Tests     bool
	// Stats count what was done, for benchmarks and the report.
	Stats Stats
	// Root is the repository root the run looked at (Options.Root).
	Root string `json:"-"`
}

// Stats count the work of one run.
type Stats struct {
	Modules         int  `json:"modules"`
	Files           int  `json:"files"`
	DistinctTexts   int  `json:"distinct_texts"`
	Classified      int  `json:"classified"`
	CacheHits       int  `json:"cache_hits"`
	ClassifierLoads bool `json:"classifier_loaded"`
	GraphCached     bool `json:"graph_cached"`
}

// Analyze loads the module graph of every root, classifies the license
// files of each module once, and judges them against the policy.
func Analyze(ctx context.Context, o Options) (*Result, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	cl := o.Classifier
	if cl == nil {
		dir := o.CacheDir
		switch dir {
		case "":
			dir = DefaultCacheDir()
		case "off":
			dir = ""
		}
		cl = NewClassifier(dir)
	}
	roots := o.Roots
	if len(roots) == 0 && len(o.NPMLocks) == 0 && len(o.OtherLocks) == 0 {
		roots = []string{"."}
	}
	a, err := newAccess(o.Root, o.Env)
	if err != nil {
		return nil, err
	}
	defer a.close()
	res := &Result{Tests: o.Tests, Root: o.Root}
	mods := map[string]*ModuleResult{}
	locs := newLocations()
	var graphFindings []finding.Finding
	seen := map[string]bool{}
	for _, r := range roots {
		r = path.Clean(strings.ReplaceAll(r, `\`, "/"))
		dir := filepath.Join(a.abs, filepath.FromSlash(r))
		info := a.inspectRoot(r, locs)
		for _, f := range info.findings {
			if !seen[f.Fingerprint] {
				seen[f.Fingerprint] = true
				graphFindings = append(graphFindings, f)
			}
		}
		if info.skip {
			continue
		}
		rootFile := path.Join(r, "go.mod")
		if info.work {
			rootFile = path.Join(r, "go.work")
		}
		loc := finding.Location{Path: rootFile}
		var g *Graph
		var cached bool
		err := info.err
		if err == nil {
			g, cached, err = loadRoot(ctx, o, a, dir, info, cl.dir, cl.preload)
		}
		res.Stats.GraphCached = res.Stats.GraphCached || cached
		if err != nil {
			f := GraphError.New(loc, "module graph of %q could not be loaded offline: %s", r, cause(err))
			if notCached(err.Error()) {
				f = notCachedFinding(loc, r)
			}
			f.Detail = "`go list` said:\n\n```\n" + err.Error() + "\n```"
			f.Evidence = map[string]string{"dir": r, "error": err.Error()}
			graphFindings = append(graphFindings, f)
			continue
		}
		res.Platforms = g.Platforms
		for _, e := range g.Errors {
			f := GraphError.New(loc, "module graph of %q has errors", r)
			if notCached(e) {
				f = notCachedFinding(loc, r)
			}
			f.Detail = "```\n" + e + "\n```"
			f.Evidence = map[string]string{"dir": r, "error": e}
			graphFindings = append(graphFindings, f)
		}
		for _, m := range g.Modules {
			if prev, ok := mods[m.Key()]; ok {
				prev.Packages = mergeSorted(prev.Packages, m.Packages)
				prev.PackageDirs = mergeSorted(prev.PackageDirs, m.PackageDirs)
				prev.Platforms = mergeSorted(prev.Platforms, m.Platforms)
				prev.DependsOn = mergeSorted(prev.DependsOn, m.DependsOn)
				prev.Main = prev.Main || m.Main
				continue
			}
			mods[m.Key()] = &ModuleResult{Module: *m}
		}
	}
	for _, k := range sortedKeys(mods) {
		res.Modules = append(res.Modules, mods[k])
	}
	if len(o.NPMLocks) > 0 {
		npm, nf := a.npmModules(o.NPMLocks)
		res.Modules = append(res.Modules, npm...)
		graphFindings = append(graphFindings, nf...)
	}
	graphFindings = append(graphFindings, otherLockFindings(o.OtherLocks, o.NPMLocks)...)
	cl.mu.Lock()
	hits0, misses0, loaded0 := cl.Hits, cl.Misses, cl.Loaded
	cl.mu.Unlock()
	if err := collectFiles(ctx, o, a, cl, res); err != nil {
		return nil, err
	}
	res.Findings = append(res.Findings, graphFindings...)
	judge(o, res, locs)
	cl.mu.Lock()
	res.Stats.Classified, res.Stats.CacheHits, res.Stats.ClassifierLoads = cl.Misses-misses0, cl.Hits-hits0, cl.Loaded && !loaded0
	cl.mu.Unlock()
	res.Stats.Modules = len(res.Modules)
	return res, nil
}

func mergeSorted(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// loadRoot loads the graph of one module or workspace directory.
func loadRoot(ctx context.Context, o Options, a *access, dir string, info *rootInfo, cacheDir string, onMiss func()) (*Graph, bool, error) {
	go_ := GraphOptions{Dir: dir, Platforms: o.Platforms, Tests: o.Tests, Tags: o.Tags, GoCmd: o.GoCmd, Env: o.Env, Vendor: info.vendor}
	// The graph is the root's own: a go.work in a directory above it (a
	// developer's workspace holding the checkout) must not change it.
	go_.Env = append(slices.Clone(o.Env), "GOWORK=off")
	if info.work {
		go_.Env[len(go_.Env)-1] = "GOWORK=" + filepath.Join(dir, "go.work")
		if len(info.uses) == 0 && info.outsideUses > 0 {
			// Every module of the workspace is outside the repository.
			return &Graph{Platforms: platformsOf(o.Platforms)}, false, nil
		}
		// Every module of the workspace is a main module; "./..." from the
		// workspace root would miss those outside it.
		for _, u := range info.uses {
			go_.Patterns = append(go_.Patterns, "./"+strings.TrimPrefix(u, "./")+"/...")
		}
	}
	return loadGraphCached(ctx, go_, cacheDir, onMiss, a, info.inputs)
}

// maxTextBytes is the largest license or README text read as text; the
// longest real license texts (GPL-3.0, MPL-2.0 with exhibits, concatenated
// third-party texts) are well under it.
const maxTextBytes = 1 << 20

// collectFiles finds and classifies the license files of every module,
// each distinct text once, in parallel. Each module's directory is read the
// way locate says; one outside the repository is not read at all.
func collectFiles(ctx context.Context, o Options, a *access, cl *Classifier, res *Result) error {
	var jobs []*File
	for _, m := range res.Modules {
		if m.Dir == "" {
			continue
		}
		w := a.locate(&m.Module)
		if w.outside != "" {
			m.Outside = w.outside
			continue
		}
		first := m.Main || o.Policy.firstParty(m.Path)
		if first && !w.inRoot {
			// A first-party module is the repository's own: only its copy
			// in the repository is read.
			continue
		}
		d := &moduleDir{r: a.root, base: w.base, dir: w.dir, inRoot: w.inRoot}
		if !w.inRoot {
			r, err := safefs.Open(w.base, maxTextBytes)
			if err != nil {
				continue
			}
			d.r = r
		}
		m.Files = append(m.Files, d.filesIn(".")...)
		m.Files = append(m.Files, d.reuseLicenses()...)
		if first && !slices.ContainsFunc(m.Files, func(f File) bool { return f.Kind == KindLicense }) {
			// A nested module of the repository without a license file of
			// its own is under the license of the nearest directory above
			// it, up to the repository root, that has one.
			m.Files = append(m.Files, d.inherited()...)
		}
		nlic := 0
		for _, f := range m.Files {
			if f.Kind == KindLicense {
				nlic++
			}
		}
		for _, rf := range d.readmes() {
			rf.wantChoice = nlic > 1
			m.Readme = append(m.Readme, rf)
		}
		scopes := d.nestedScopes(m.Dir, m.PackageDirs)
		for _, dir := range sortedKeys(scopes) {
			m.Scopes = append(m.Scopes, Scope{Dir: dir, Files: scopes[dir]})
		}
		m.Skipped = d.skipped
		if !w.inRoot {
			d.r.Close()
		}
	}
	top := &moduleDir{r: a.root, base: a.abs, dir: ".", inRoot: true}
	for _, f := range top.filesIn(".") {
		if f.Kind == KindLicense {
			res.Project = append(res.Project, f)
		}
	}
	for i := range res.Project {
		jobs = append(jobs, &res.Project[i])
	}
	for _, m := range res.Modules {
		for i := range m.Files {
			jobs = append(jobs, &m.Files[i])
		}
		for i := range m.Readme {
			jobs = append(jobs, &m.Readme[i])
		}
		for si := range m.Scopes {
			for i := range m.Scopes[si].Files {
				jobs = append(jobs, &m.Scopes[si].Files[i])
			}
		}
	}
	res.Stats.Files = len(jobs)
	// Hash every file, then classify each distinct license text once.
	texts := map[string][]byte{}
	var mu sync.Mutex
	verdicts := map[string]*FileVerdict{}
	var firstErr error
	work := make(chan *File)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				b, err := readText(f)
				if err != nil {
					f.readErr = err
					continue
				}
				f.SHA256 = HashOf(b)
				if f.Kind == "" {
					// READMEs are hashed for clarify blocks and read for a
					// choice of licenses, never classified as licenses.
					f.Choice = f.wantChoice && readmeChoice(b)
					continue
				}
				mu.Lock()
				_, dup := texts[f.SHA256]
				if !dup {
					texts[f.SHA256] = b
				}
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		select {
		case work <- j:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, m := range res.Modules {
		dropUnread(m)
	}
	res.Project = slices.DeleteFunc(res.Project, func(f File) bool { return f.readErr != nil })
	res.Stats.DistinctTexts = len(texts)
	sums := sortedKeys(texts)
	sumCh := make(chan string)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range sumCh {
				v, err := cl.Classify(s, texts[s])
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				verdicts[s] = v
				mu.Unlock()
			}
		}()
	}
	for _, s := range sums {
		sumCh <- s
	}
	close(sumCh)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	for _, j := range jobs {
		v := verdicts[j.SHA256]
		if v == nil || j.Kind == "" {
			continue
		}
		fillFile(j, v, texts[j.SHA256])
	}
	res.ProjectLicense = declared(res.Project, nil, false)
	return nil
}

// dropUnread moves the files that could not be read (changed between the
// listing and the read) to the module's skipped files.
func dropUnread(m *ModuleResult) {
	keep := func(fs []File) []File {
		return slices.DeleteFunc(fs, func(f File) bool {
			if f.readErr == nil {
				return false
			}
			s := Skipped{Path: f.Path, Kind: f.Kind, Reason: readReason(f.readErr)}
			s.Outside = errors.Is(f.readErr, safefs.ErrOutside)
			if f.base != "" && f.rel != f.Path {
				s.RootPath = f.rel
			}
			m.Skipped = append(m.Skipped, s)
			return true
		})
	}
	m.Files = keep(m.Files)
	m.Readme = keep(m.Readme)
	for i := range m.Scopes {
		m.Scopes[i].Files = keep(m.Scopes[i].Files)
	}
	m.Scopes = slices.DeleteFunc(m.Scopes, func(s Scope) bool { return len(s.Files) == 0 })
}

// readReason says, without the file's words, why a read failed.
func readReason(err error) string {
	switch {
	case errors.Is(err, safefs.ErrOutside):
		return "leads outside the repository"
	case errors.Is(err, safefs.ErrNotRegular):
		return "is not a regular file"
	case errors.Is(err, safefs.ErrTooLarge):
		return fmt.Sprintf("is larger than the %d-byte limit", maxTextBytes)
	}
	return "could not be read"
}

// fillFile copies a verdict into a file record.
func fillFile(f *File, v *FileVerdict, data []byte) {
	if f.Kind != KindLicense && f.Kind != KindDocsLicense {
		return
	}
	var ids, spdxExprs []string
	full := false
	for _, m := range v.Matches {
		switch m.Kind {
		case "SPDX":
			if e, ok := normalizeExpr(m.Name); ok {
				spdxExprs = append(spdxExprs, e)
			}
		case "License":
			full = true
			ids = append(ids, ToSPDX(m.Name))
		case "Header":
			ids = append(ids, ToSPDX(m.Name))
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	f.Header = !full && len(ids) > 0
	f.Coverage = round3(v.Coverage())
	f.Extra = v.Extra
	if len(v.Extra) > 0 {
		f.ExtraText = lineText(data, v.Extra[0])
	}
	f.Choice = v.Choice
	switch {
	case len(spdxExprs) > 0:
		// An SPDX-License-Identifier line is the author's own statement of
		// the expression; prose around it explains it. Review is needed
		// only when the texts in the file disagree with the statement.
		f.Expression = join("AND", spdxExprs)
		stated := Licenses(f.Expression)
		agree := true
		for _, id := range ids {
			agree = agree && slices.Contains(stated, id)
		}
		if agree {
			f.Extra, f.ExtraText = nil, ""
		}
	case v.Choice && len(ids) > 1:
		f.Expression = join("OR", ids)
	default:
		f.Expression = join("AND", ids)
	}
	f.Licenses = Licenses(f.Expression)
}

// declared combines the license files of one directory: AND, unless a
// file or the README offers a choice, then OR.
func declared(files []File, readme []File, readmeChoice bool) string {
	var exprs []string
	choice := readmeChoice
	for _, f := range files {
		if f.Kind != KindLicense || f.Expression == "" {
			continue
		}
		exprs = append(exprs, f.Expression)
		if f.Choice {
			choice = true
		}
	}
	slices.Sort(exprs)
	if choice {
		// A choice among files that are each one license, or a choice
		// already, is one flat OR of every license named.
		flat := true
		var ids []string
		for _, e := range exprs {
			if strings.Contains(e, " AND ") || strings.Contains(e, " WITH ") {
				flat = false
				break
			}
			ids = append(ids, Licenses(e)...)
		}
		if flat {
			slices.Sort(ids)
			return join("OR", slices.Compact(ids))
		}
		return join("OR", exprs)
	}
	return join("AND", exprs)
}

// cause is the go command's own one-line reason, from the end of its
// output, for a finding's message.
// notCached reports whether a go command error means only that a module is
// not on disk: a gap in the machine's module cache, not in the repository.
func notCached(msg string) bool {
	return strings.Contains(msg, "module lookup disabled by GOPROXY=off") ||
		strings.Contains(msg, "is not in the module cache") ||
		strings.Contains(msg, "cannot find module providing package")
}

// notCachedFinding is the graph error of a module cache that lacks a module
// the graph needs. It is medium, like go/module-not-cached (the same cause
// seen by the Go analyzers): the licenses of the missing modules are
// unknown until `go mod download` has run, which the message says, but a
// first run on a fresh machine is not a finding about the repository.
func notCachedFinding(loc finding.Location, root string) finding.Finding {
	f := GraphError.New(loc, "module graph of %q is incomplete: a module it needs is not in the module cache; run `go mod download` and scan again", root)
	f.Severity = finding.Medium
	return f
}

func cause(err error) string {
	lines := strings.Split(strings.TrimSpace(err.Error()), "\n")
	c := strings.TrimSpace(lines[len(lines)-1])
	if c == "…" && len(lines) > 1 {
		c = strings.TrimSpace(lines[len(lines)-2])
	}
	if i := strings.LastIndex(c, "go: "); i >= 0 {
		c = c[i+len("go: "):]
	}
	if len(c) > 200 {
		c = c[:200] + "…"
	}
	return c
}
