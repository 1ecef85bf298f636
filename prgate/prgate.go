// Package prgate runs tollgate on a pull request: it scans the head (the
// work tree) and the base commit, compares their findings, and gates on
// the findings the change adds. The head is judged with the base's policy
// and baseline, read from git objects, never with its own: a pull request
// cannot lower its own gate, and its policy changes are findings
// (policy/changed-in-pr), and so are the suppression directives it adds
// (policy/directive-added-in-pr), which do not count. A domain that failed on either side makes the
// comparison unknown for that domain (pr/comparison-unknown), never
// silently new or fixed.
package prgate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
	"github.com/tollgate-dev/tollgate/scan"
)

// Options configures a pull-request run. The zero value (but BaseRef)
// runs in the current directory with the base's policy and the real clock.
type Options struct {
	// Dir is a directory of the head's git work tree; empty means ".".
	Dir string
	// BaseRef names the pull request's target: a branch, tag or commit.
	// The base compared with is its merge base with HEAD.
	BaseRef string
	// Policy, when non-nil, is a policy the user named (--policy): it is
	// trusted and judges both sides. Nil means the base commit's policy
	// file, or the built-in defaults when the base has none. The head's
	// policy file never judges. A baseline the policy names is read from
	// the base commit in both cases.
	Policy *policy.Policy
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Skip leaves the named domains out of both scans.
	Skip []string
	// Progress receives the head scan's progress when non-nil.
	Progress func(domain, msg string, done, total int)
	// Version overrides the tool version (for golden tests).
	Version string
}

// Result is a pull-request run.
type Result struct {
	// Report is the head's report with its Comparison set and the
	// findings gate counting new findings only.
	Report *report.Report
	// Skipped lists the base's paths left out of its checkout, with why.
	Skipped []SkippedPath
	// HeadErr and BaseErr are the *scan.DomainError of each side's scan,
	// nil when every domain ran. The report is complete either way.
	HeadErr, BaseErr error
}

// SkippedPath is a path of the base tree that was not written.
type SkippedPath struct {
	Path, Why string
}

// UsageError is a run that cannot start because of its input: the
// directory is not in a git repository, the base does not resolve, the
// base's policy or baseline is malformed. Other errors are failures of
// the tool.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usage(format string, a ...any) error {
	return &UsageError{Err: fmt.Errorf(format, a...)}
}

// Run scans the head and the base and compares them.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.BaseRef == "" {
		return nil, usage("no base: name the pull request's target, such as origin/main")
	}
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, usage("%w", err)
	}
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, usage("%s is not in a git repository: %w", dir, err)
	}
	root := dir
	if wt, err := repo.Worktree(); err == nil {
		if top := wt.Filesystem.Root(); top != abs {
			root = top
		}
	}
	headAbs, err := filepath.Abs(root)
	if err != nil {
		return nil, usage("%w", err)
	}
	head, err := repo.Head()
	if err != nil {
		return nil, usage("read HEAD: %w", err)
	}
	headCommit, err := repo.CommitObject(head.Hash())
	if err != nil {
		return nil, fmt.Errorf("read HEAD commit: %w", err)
	}
	baseHash, err := repo.ResolveRevision(plumbing.Revision(opts.BaseRef))
	if err != nil {
		return nil, usage("resolve base %q: %w", opts.BaseRef, err)
	}
	baseCommit, err := repo.CommitObject(*baseHash)
	if err != nil {
		return nil, usage("base %q is not a commit: %w", opts.BaseRef, err)
	}
	// The merge base is what the pull request's diff is taken against;
	// without one (unrelated histories) the base itself is used.
	if mb, err := headCommit.MergeBase(baseCommit); err == nil && len(mb) > 0 {
		baseCommit = mb[0]
	}
	baseTree, err := baseCommit.Tree()
	if err != nil {
		return nil, fmt.Errorf("read the tree of base %s: %w", baseCommit.Hash, err)
	}
	base := &treeFS{s: repo.Storer, tree: baseTree}

	// The policy: the user's, else the base's, else the defaults. Never
	// the head's.
	basePol, err := basePolicy(base)
	if err != nil {
		return nil, &UsageError{Err: fmt.Errorf("policy of base %s: %w", short(baseCommit.Hash.String()), err)}
	}
	pol, source, judge := opts.Policy, "flag", "the policy given with --policy"
	switch {
	case pol != nil:
	case basePol != nil:
		pol, source, judge = basePol, "base", "the base's policy"
	default:
		pol, source, judge = policy.Default(), "defaults", "the built-in defaults (the base has no policy file)"
	}
	if pol.Baseline != "" && pol.BaselineData == nil {
		b, err := baseBaseline(base, pol.Baseline)
		if err != nil {
			return nil, &UsageError{Err: fmt.Errorf("baseline %q of base %s: %w", pol.Baseline, short(baseCommit.Hash.String()), err)}
		}
		cp := *pol
		cp.BaselineData = b
		pol = &cp
	}
	headRoot, err := safefs.Open(headAbs, 0)
	if err != nil {
		return nil, fmt.Errorf("open %q: %w", root, err)
	}
	defer headRoot.Close()
	headPol := headPolicy(headRoot)

	now := opts.Now
	if now == nil {
		now = time.Now
	}
	ds := scan.Domains()
	headOpts := scan.Options{Root: root, Policy: pol, Now: now, Mode: "pr", Skip: opts.Skip, Progress: opts.Progress, Version: opts.Version}
	if hasDomain(ds, "risk") && !slices.Contains(opts.Skip, "risk") {
		headOpts.DomainOptions = map[string]string{"risk.range": baseCommit.Hash.String() + ".." + head.Hash().String()}
	}
	res := &Result{}
	r, err := scan.Run(ctx, headOpts)
	var de *scan.DomainError
	if err != nil && !errors.As(err, &de) {
		return nil, fmt.Errorf("scan head: %w", err)
	}
	if de != nil {
		res.HeadErr = de
	}

	tmp, err := os.MkdirTemp("", "tollgate-base-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	co, err := materialize(ctx, repo.Storer, baseTree, tmp, max(pol.MaxFileSize, safefs.DefaultMax))
	if err != nil {
		return nil, fmt.Errorf("read base %s: %w", baseCommit.Hash, err)
	}
	for _, s := range co.skipped {
		res.Skipped = append(res.Skipped, SkippedPath(s))
	}
	baseR, err := scan.Run(ctx, scan.Options{Root: tmp, Policy: pol, Now: now, Mode: "pr", Skip: append(slices.Clone(opts.Skip), "risk"), Version: opts.Version})
	var bde *scan.DomainError
	if err != nil && !errors.As(err, &bde) {
		return nil, fmt.Errorf("scan base %s: %w", baseCommit.Hash, err)
	}
	if bde != nil {
		res.BaseErr = bde
	}
	relocate(baseR.Findings, tmp, headAbs)
	baseR.Findings = append(baseR.Findings, sameLinks(co.outLinks, headRoot, r.Findings)...)

	unknown := findUnknowns(baseR, r, ds)
	headFindings := append(r.Findings, policyChanges(base, headRoot, watchedFiles(basePol, opts.Policy, headPol), pol, judge)...)
	headFindings = append(headFindings, addedDirectives(headFindings, baseR.Findings, base, headRoot, pol)...)
	cmp := compare(baseR.Findings, headFindings, unknown, ds, pol.FailOn)
	// The comparison-unknown findings are the head's own and new.
	for _, f := range unknownFindings(cmp.Unknown, pol.Enabled, pol.SeverityOf, pol.FailOn) {
		headFindings = append(headFindings, f)
		cmp.New++
		cmp.NewFingerprints = append(cmp.NewFingerprints, f.Fingerprint)
	}
	slices.Sort(cmp.NewFingerprints)
	cmp.Base = baseCommit.Hash.String()
	cmp.BaseRef = opts.BaseRef
	cmp.Head = head.Hash().String()
	cmp.Policy = source
	r.Findings = headFindings
	r.Comparison = &cmp
	r.Normalize()
	newOnlyGate(r, pol.FailOn)
	res.Report = r
	return res, nil
}

func hasDomain(ds []scan.Domain, name string) bool {
	return slices.ContainsFunc(ds, func(d scan.Domain) bool { return d.Name() == name })
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// basePolicy reads the policy file of the base tree, nil when it has none.
func basePolicy(base *treeFS) (*policy.Policy, error) {
	src, err := base.readFile(policy.FileName, maxPolicyBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return policy.Parse(policy.FileName, src)
}

// baseBaseline reads and decodes the baseline at rel in the base tree.
func baseBaseline(base *treeFS, rel string) (*policy.Baseline, error) {
	c := filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel)))
	if !fs.ValidPath(c) {
		return nil, fmt.Errorf("%q is not a path inside the repository", rel)
	}
	data, err := base.readFile(c, maxBaselineBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("the file does not exist in the base commit; create it with `tollgate baseline` and land it first")
	}
	if err != nil {
		return nil, err
	}
	return policy.ParseBaseline(data)
}

// headPolicy parses the head's policy file, only to learn which baseline
// it names; nil when there is none or it does not parse (its change is
// reported either way).
func headPolicy(head *safefs.Root) *policy.Policy {
	src, err := head.ReadFileMax(policy.FileName, maxPolicyBytes)
	if err != nil {
		return nil
	}
	p, err := policy.Parse(policy.FileName, src)
	if err != nil {
		return nil
	}
	return p
}

// relocate rewrites the base's findings as if the base had been scanned at
// the head's root: a message that names the temporary directory (some
// domains quote absolute paths) names the root instead, and a finding
// without a line, whose fingerprint the engine takes from its message, gets
// the fingerprint it would have had there. Otherwise every such finding
// would show as both fixed and new.
func relocate(fs []finding.Finding, tmp, root string) {
	olds := []string{tmp}
	if real, err := filepath.EvalSymlinks(tmp); err == nil && real != tmp {
		olds = append(olds, real)
	}
	for i := range fs {
		f := &fs[i]
		changed := false
		for _, old := range olds {
			if strings.Contains(f.Message, old) {
				f.Message = strings.ReplaceAll(f.Message, old, root)
				changed = true
			}
		}
		if changed && f.Location.StartLine <= 0 {
			f.Fingerprint = finding.Fingerprint(f.Rule, f.Location.Path, f.Message)
		}
	}
}

// sameLinks returns, for each symbolic link of the base left out of its
// checkout because it leads outside, the head's findings about that link
// when the head has a link at the same path: the base had them too (the
// scan would have said the same of its link), and without them they would
// count as new. Targets are not compared: the findings do not name them.
func sameLinks(outLinks map[string]string, head *safefs.Root, fs []finding.Finding) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if _, ok := outLinks[f.Location.Path]; !ok || f.Rule != finding.FileUnreadable.ID {
			continue
		}
		if _, err := head.Readlink(f.Location.Path); err == nil {
			out = append(out, f)
		}
	}
	return out
}
