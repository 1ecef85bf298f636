package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tollgate-dev/tollgate/controls"
	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/membudget"
	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
)

// Options configures a run. The zero value scans the current directory with
// every domain, the policy file found at the root, and the real clock.
type Options struct {
	// Root is the repository directory; empty means ".".
	Root string
	// Policy overrides the policy file at the root when non-nil.
	Policy *policy.Policy
	// Now is the clock; nil means time.Now. Tests and reproducible runs
	// inject a fixed one.
	Now func() time.Time
	// Mode names the command: "check", "scan" or "pr"; empty means "scan".
	Mode string
	// Only restricts the run to the named domains; empty means all.
	Only []string
	// Skip leaves the named domains out.
	Skip []string
	// Paths restricts reported findings to these root-relative directories.
	Paths []string
	// DomainOptions are passed to domains as Input.Options.
	DomainOptions map[string]string
	// Progress receives progress updates when non-nil.
	Progress func(domain, msg string, done, total int)
	// Version overrides the tool version (for golden tests).
	Version string
}

// Run scans the repository and returns its report. The error is non-nil only
// when the scan could not happen at all (the root is unreadable, the policy
// is malformed); problems with single files are findings, and a domain that
// fails is recorded in the report and returned as *DomainError after the
// report is complete.
func Run(ctx context.Context, opts Options) (*report.Report, error) {
	root := opts.Root
	if root == "" {
		root = "."
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("resolve %q: %w", root, err)
	}
	if st, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("scan %q: %w", root, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("scan %q: not a directory", root)
	}
	pol := opts.Policy
	if pol == nil {
		if pol, err = policy.Load(abs); err != nil {
			return nil, err
		}
	}
	// Every byte of the repository the engine and its domains read goes
	// through this root: nothing outside it, regular files only, capped.
	fsRoot, err := safefs.Open(abs, pol.MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("open %q: %w", root, err)
	}
	defer fsRoot.Close()
	if pol.Baseline != "" && pol.BaselineData == nil {
		b, err := policy.ReadBaseline(fsRoot, pol.Baseline)
		if err != nil {
			return nil, err
		}
		cp := *pol
		cp.BaselineData = b
		pol = &cp
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	mode := opts.Mode
	if mode == "" {
		mode = "scan"
	}
	r := &report.Report{
		Schema:       report.Schema,
		Tool:         report.Tool{Name: "tollgate", Version: version(opts.Version)},
		Repository:   repoInfo(abs),
		PolicyDigest: pol.Digest,
		PolicyPath:   pol.Path,
		StartedAt:    now().UTC(),
	}
	r.Repository.Root = root
	r.Repository.Name = repoName(fsRoot, abs)

	files, big, problems, err := walk(fsRoot, pol)
	if err != nil {
		return nil, fmt.Errorf("walk %q: %w", root, err)
	}

	tree := make([]FileInfo, 0, len(files)+len(big))
	for _, f := range files {
		tree = append(tree, FileInfo(f))
	}
	for _, f := range big {
		tree = append(tree, FileInfo(f))
	}
	slices.SortFunc(tree, func(a, b FileInfo) int { return strings.Compare(a.Path, b.Path) })

	selected := selectDomains(opts.Only, opts.Skip)
	findings := problems
	var refused []string
	for _, p := range problems {
		if p.Location.Path != "" {
			refused = append(refused, p.Location.Path)
		}
	}
	slices.Sort(refused)
	refused = slices.Compact(refused)
	for _, b := range big {
		if owner(selected, b.Path) != "" {
			findings = append(findings, finding.FileTooLarge.New(finding.Location{Path: b.Path},
				"file %q is %d bytes, over the %d-byte limit; not analysed", b.Path, b.Size, pol.MaxFileSize))
		}
	}

	type outcome struct {
		res     *Result
		err     error
		run     report.DomainRun
		stopped *membudget.Exceeded // set when the memory watchdog stopped the domain
	}
	outcomes := make([]outcome, len(selected))
	var wg sync.WaitGroup
	for i, d := range selected {
		var owned []string
		for _, f := range files {
			if d.Owns(f.Path) {
				owned = append(owned, f.Path)
			}
		}
		in := &Input{
			Root: abs, FS: fsRoot.FS(), Files: owned, Tree: tree, Refused: refused, Policy: pol, Now: now, Mode: mode,
			Options: opts.DomainOptions, Progress: opts.Progress,
		}
		// The memory watchdog, if the command started one, stops the
		// domains still running when the budget is reached.
		dctx, release := membudget.FromContext(ctx).Track(ctx)
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := &outcomes[i]
			o.run = report.DomainRun{Name: d.Name(), Files: len(owned)}
			panicked := false
			defer func() {
				if o.stopped = release(); o.stopped != nil && !panicked {
					// Degraded, not failed: a finding says what is missing.
					o.err, o.run.Error = nil, o.stopped.Error()
				}
			}()
			defer func() {
				if p := recover(); p != nil {
					panicked = true
					o.err = fmt.Errorf("domain %s panicked: %v\n%s", d.Name(), p, debug.Stack())
					o.run.Error = fmt.Sprintf("panic: %v", p)
				}
			}()
			o.res, o.err = d.Analyze(dctx, in)
			if o.err != nil {
				o.run.Error = o.err.Error()
			}
		}()
	}
	wg.Wait()

	var domainErrs []error
	var fills []func(*report.Report)
	var sources map[string][]byte
	for _, o := range outcomes {
		r.Domains = append(r.Domains, o.run)
		if o.stopped != nil {
			findings = append(findings, stoppedFinding(o.run.Name, o.stopped))
		}
		if o.err != nil {
			domainErrs = append(domainErrs, o.err)
		}
		if o.res == nil {
			continue
		}
		if findings == nil && len(o.res.Findings) > 0 {
			findings = o.res.Findings // the domain is done with them: no copy
		} else {
			findings = append(findings, o.res.Findings...)
		}
		r.Gates = append(r.Gates, o.res.Gates...)
		for p, b := range o.res.Sources {
			if sources == nil {
				sources = map[string][]byte{}
			}
			sources[p] = b
		}
		if o.res.Fill != nil {
			fills = append(fills, o.res.Fill)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	findings = relativize(abs, findings)
	ownedBySelected := func(p string) bool { return owner(selected, p) != "" }
	complete := len(opts.Only) == 0 && len(opts.Skip) == 0 && len(opts.Paths) == 0
	findings = apply(pol, fsRoot.FS(), sources, files, ownedBySelected, complete, findings)
	findings = restrict(findings, opts.Paths)
	r.Findings = findings
	for _, fill := range fills {
		fill(r)
	}
	// Controls are judged last, on every domain's section and the findings
	// after policy.
	if r.Governance == nil {
		r.Governance = &report.Governance{}
	}
	r.Governance.Controls = controls.Evaluate(r, finding.Rules())
	r.Gates = append([]report.Gate{severityGate(pol, findings)}, r.Gates...)
	r.FinishedAt = now().UTC()
	r.Normalize()
	if len(domainErrs) > 0 {
		return r, &DomainError{Errs: domainErrs}
	}
	return r, nil
}

// DomainError reports domains that could not run. The report is still valid.
type DomainError struct{ Errs []error }

func (e *DomainError) Error() string {
	s := "domain failed"
	for _, err := range e.Errs {
		s += ": " + err.Error()
	}
	return s
}

func selectDomains(only, skip []string) []Domain {
	in := func(name string, set []string) bool {
		for _, s := range set {
			if s == name {
				return true
			}
		}
		return false
	}
	var out []Domain
	for _, d := range Domains() {
		if (len(only) == 0 || in(d.Name(), only)) && !in(d.Name(), skip) {
			out = append(out, d)
		}
	}
	return out
}

// owner returns the name of the first domain that owns path, or "".
func owner(ds []Domain, path string) string {
	for _, d := range ds {
		if d.Owns(path) {
			return d.Name()
		}
	}
	return ""
}

func restrict(fs []finding.Finding, dirs []string) []finding.Finding {
	if len(dirs) == 0 {
		return fs
	}
	out := fs[:0]
	for _, f := range fs {
		if f.Location.Path == "" || pathUnder(f.Location.Path, dirs) {
			out = append(out, f)
		}
	}
	return out
}

func version(override string) string {
	if override != "" {
		return override
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// relativize rewrites the repository's absolute path, where a domain
// quotes a tool's message (the go command's, a parser's), to root-relative
// text: reports must not carry the machine's paths, and the same commit must
// give the same bytes wherever it is checked out.
func relativize(abs string, fs []finding.Finding) []finding.Finding {
	prefix := abs + string(filepath.Separator)
	fix := func(s string) string {
		if !strings.Contains(s, abs) {
			return s
		}
		return strings.ReplaceAll(strings.ReplaceAll(s, prefix, ""), abs, ".")
	}
	for i := range fs {
		f := &fs[i]
		f.Message, f.Detail = fix(f.Message), fix(f.Detail)
		for _, v := range f.Evidence {
			if fix(v) != v {
				// Copy: a domain may share one evidence map between findings.
				ev := make(map[string]string, len(f.Evidence))
				for k, v := range f.Evidence {
					ev[k] = fix(v)
				}
				f.Evidence = ev
				break
			}
		}
	}
	return fs
}
