package scan

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/tollgate-dev/tollgate/licensing"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
)

func init() { Register(licensesDomain{}) }

// licensesDomain adapts the licensing package: it owns the files that
// define the Go module graph and judges every module@version in it.
type licensesDomain struct{}

func (licensesDomain) Name() string { return "licenses" }

func (licensesDomain) Owns(p string) bool {
	base := path.Base(p)
	return base == "go.mod" || base == "go.work" || p == "vendor/modules.txt" || strings.HasSuffix(p, "/vendor/modules.txt") ||
		((base == "package-lock.json" || base == "yarn.lock" || base == "pnpm-lock.yaml" || base == "bun.lock" || base == "bun.lockb") && !strings.Contains("/"+p, "/node_modules/"))
}

// classifiers keeps one classifier per cache directory for the process, so
// repeated scans (tests, `licenses notices` after a check) classify each
// text once.
var classifiers struct {
	sync.Mutex
	m map[string]*licensing.Classifier
}

// LicenseClassifier returns the process-wide classifier for a cache
// directory ("" for the default, "off" for none).
func LicenseClassifier(cacheDir string) *licensing.Classifier {
	classifiers.Lock()
	defer classifiers.Unlock()
	if classifiers.m == nil {
		classifiers.m = map[string]*licensing.Classifier{}
	}
	if c, ok := classifiers.m[cacheDir]; ok {
		return c
	}
	dir := cacheDir
	switch dir {
	case "":
		dir = licensing.DefaultCacheDir()
	case "off":
		dir = ""
	}
	c := licensing.NewClassifier(dir)
	classifiers.m[cacheDir] = c
	return c
}

func (licensesDomain) Analyze(ctx context.Context, in *Input) (*Result, error) {
	roots := moduleRoots(in.Files)
	locks := lockFiles(in.Files, "package-lock.json")
	others := lockFiles(in.Files, "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb")
	if len(roots) == 0 && len(locks) == 0 && len(others) == 0 {
		return &Result{}, nil
	}
	opts, err := LicensingOptions(in.Root, in.Policy, in.Options)
	if err != nil {
		return nil, err
	}
	opts.Roots, opts.NPMLocks, opts.OtherLocks = roots, locks, others
	opts.Now = in.Now()
	if in.Progress != nil {
		in.Progress("licenses", "loading the module graph", 0, 1)
	}
	res, err := licensing.Analyze(ctx, opts)
	if err != nil {
		return nil, err
	}
	if sink, ok := ctx.Value(licensesSink{}).(**licensing.Result); ok {
		*sink = res
	}
	if in.Progress != nil {
		in.Progress("licenses", "done", 1, 1)
	}
	sec := LicensesSection(res)
	return &Result{Findings: res.Findings, Fill: func(r *report.Report) { r.Licenses = sec }}, nil
}

// licensesSink is the context key under which RunLicenses collects the
// domain's licensing result.
type licensesSink struct{}

// RunLicenses runs the licenses domain alone through the engine, exactly as
// `scan --only licenses` does (the same walk, module roots, first party,
// suppressions and gate), and returns the report with the licensing result
// the domain computed, which the notices are written from. The result is
// empty, never nil, when the repository has no module to load.
func RunLicenses(ctx context.Context, opts Options) (*report.Report, *licensing.Result, error) {
	opts.Only, opts.Skip = []string{"licenses"}, nil
	var res *licensing.Result
	r, err := Run(context.WithValue(ctx, licensesSink{}, &res), opts)
	if res == nil {
		res = &licensing.Result{}
	}
	return r, res, err
}

// moduleRoots picks the directories to load: a directory with a go.work
// covers the modules under it; every other go.mod outside vendor/ and
// testdata/ is a root of its own.
func moduleRoots(files []string) []string {
	var works, mods []string
	for _, f := range files {
		dir := path.Dir(f)
		if skipModuleDir(dir) {
			continue
		}
		switch path.Base(f) {
		case "go.work":
			works = append(works, dir)
		case "go.mod":
			mods = append(mods, dir)
		}
	}
	under := func(d, root string) bool { return root == "." || d == root || strings.HasPrefix(d, root+"/") }
	roots := slices.Clone(works)
	for _, m := range mods {
		covered := false
		for _, w := range works {
			covered = covered || under(m, w)
		}
		if !covered {
			roots = append(roots, m)
		}
	}
	slices.Sort(roots)
	return slices.Compact(roots)
}

// lockFiles are the files of the given names outside node_modules/,
// vendor/, testdata/ and hidden directories.
func lockFiles(files []string, names ...string) []string {
	var out []string
	for _, f := range files {
		if slices.Contains(names, path.Base(f)) && !skipModuleDir(path.Dir(f)) && !strings.Contains("/"+f, "/node_modules/") {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

func skipModuleDir(dir string) bool {
	for _, seg := range strings.Split(dir, "/") {
		if seg == "vendor" || seg == "testdata" || (seg != "." && (strings.HasPrefix(seg, ".") || strings.HasPrefix(seg, "_"))) {
			return true
		}
	}
	return false
}

// LicensingOptions converts the policy's licenses block and the domain
// options ("licenses.cache", "licenses.platforms", "licenses.tests") into
// licensing options. The `licenses` command uses it too.
func LicensingOptions(root string, pol *policy.Policy, domainOpts map[string]string) (licensing.Options, error) {
	o, err := policyOptions(root, pol, domainOpts)
	if err != nil {
		return o, err
	}
	if v := domainOpts["licenses.tests"]; v == "true" {
		o.Tests = true
	}
	if v := domainOpts["licenses.platforms"]; v != "" {
		o.Platforms = nil
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				o.Platforms = append(o.Platforms, p)
			}
		}
	}
	return o, nil
}

func policyOptions(root string, pol *policy.Policy, domainOpts map[string]string) (licensing.Options, error) {
	o := licensing.Options{Root: root}
	cache := domainOpts["licenses.cache"]
	if cache == "" {
		cache = os.Getenv("TOLLGATE_LICENSE_CACHE")
	}
	o.Classifier = LicenseClassifier(cache)
	if pol != nil && pol.Path != "" {
		o.Policy.File = filepath.ToSlash(pol.Path)
		if filepath.IsAbs(pol.Path) {
			if r, err := filepath.Rel(root, pol.Path); err == nil && !strings.HasPrefix(r, "..") {
				o.Policy.File = filepath.ToSlash(r)
			}
		}
	}
	if pol == nil || pol.Licenses == nil {
		return o, nil
	}
	l := pol.Licenses
	o.Policy.Allow, o.Policy.Deny, o.Policy.FirstParty = l.Allow, l.Deny, l.FirstParty
	o.Platforms, o.Tags = l.Platforms, l.Tags
	if l.Tests != nil {
		o.Tests = *l.Tests
	}
	if l.Unknown != nil {
		o.Policy.Unknown = licensing.Action(*l.Unknown)
	}
	if l.NeedsReview != nil {
		o.Policy.NeedsReview = licensing.Action(*l.NeedsReview)
	}
	if len(l.Categories) > 0 {
		o.Policy.Categories = map[licensing.Category]licensing.Action{}
		for k, v := range l.Categories {
			o.Policy.Categories[licensing.Category(k)] = licensing.Action(v)
		}
	}
	for i := range l.Exceptions {
		e := &l.Exceptions[i]
		exp, err := e.ExpiresAt()
		if err != nil {
			return o, err
		}
		ex := licensing.Exception{Module: e.Module, Versions: e.Versions, Licenses: e.AllLicenses(), Reason: e.ReasonText(), Expires: exp, Line: e.Line()}
		if e.Approver != nil {
			ex.Approver = *e.Approver
		}
		o.Policy.Exceptions = append(o.Policy.Exceptions, ex)
	}
	for i := range l.Clarifications {
		c := &l.Clarifications[i]
		cl := licensing.Clarification{Module: c.Module, Versions: c.Versions, Expression: c.ExpressionText(), FileSHA256: c.FileSHA256, Line: c.Line()}
		if c.Reason != nil {
			cl.Reason = *c.Reason
		}
		o.Policy.Clarifications = append(o.Policy.Clarifications, cl)
	}
	return o, nil
}

// LicensesSection turns a licensing result into the report's section.
func LicensesSection(res *licensing.Result) *report.Licenses {
	sec := &report.Licenses{
		Platforms: res.Platforms,
		Tests:     res.Tests,
		Engine:    licensing.EngineVersion,
		Summary:   report.LicenseSummary{ByVerdict: map[string]int{}, ByCategory: map[string]int{}},
		Modules:   []report.ModuleLicense{},
	}
	for _, m := range res.Modules {
		ml := report.ModuleLicense{
			Module: m.Path, Version: m.Version, Vendored: m.Vendored,
			FirstParty: m.Verdict == licensing.VerdictFirstParty,
			Declared:   m.Declared, Expression: m.Concluded, Category: string(m.Category),
			Verdict: m.Verdict, DecidedBy: m.DecidedBy, Exception: m.Exception, Clarified: m.Clarified,
			Packages: len(m.Packages), Error: m.Error, DependsOn: m.DependsOn, Ecosystem: m.Ecosystem,
		}
		if ml.FirstParty && m.Dir != "" && res.Root != "" {
			if rel, err := filepath.Rel(res.Root, m.Dir); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				ml.Dir = filepath.ToSlash(rel)
			}
		}
		if m.Outside != "" && ml.Error == "" {
			// Not read: the report says why its license is unknown.
			ml.Error = m.Outside + "; it was not read"
		}
		if m.Replace != nil {
			ml.Replace, ml.Local = m.Replace.Path, m.Replace.Local
		}
		if len(m.Platforms) < len(res.Platforms) {
			ml.Platforms = m.Platforms
		}
		if m.Version != "" && !ml.Local && m.Ecosystem == "" {
			ml.Link = "https://pkg.go.dev/" + m.Path + "@" + m.Version
		}
		for _, f := range m.Files {
			ml.Files = append(ml.Files, report.LicenseFile{Path: f.Path, Kind: string(f.Kind), SHA256: f.SHA256, Expression: f.Expression, Coverage: f.Coverage, Header: f.Header})
		}
		for _, s := range m.Scopes {
			for _, f := range s.Files {
				ml.Files = append(ml.Files, report.LicenseFile{Path: f.Path, Kind: string(f.Kind), SHA256: f.SHA256, Expression: f.Expression, Coverage: f.Coverage, Header: f.Header})
			}
		}
		sec.Summary.Modules++
		sec.Summary.ByVerdict[m.Verdict]++
		if m.Category != "" && m.Verdict != licensing.VerdictFirstParty {
			sec.Summary.ByCategory[string(m.Category)]++
		}
		sec.Modules = append(sec.Modules, ml)
	}
	return sec
}
