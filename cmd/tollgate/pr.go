package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
	"github.com/tollgate-dev/tollgate/scan"
)

func init() {
	var c common
	var base, skip string
	register(&command{
		name:    "pr",
		usage:   "--base <ref> [flags] [dir]",
		summary: "pull-request run: findings new since the base, risk of base..head, one Markdown comment",
		help: `pr scans the work tree (the head) and the base commit, and compares their
findings by fingerprint: new (only in the head), existing (in both) and fixed
(only in the base). The base is the merge base of --base and HEAD, as a pull
request's diff shows it; it is read from git objects into a temporary
directory, so the work tree is never touched. The same policy (the head's)
applies to both scans. When the change-risk domain is built in, the report
carries the risk of base..head.

In pull-request mode the findings gate counts new findings only: a change is
not blocked by debt it did not add. The default output is one Markdown
comment (format pr-comment) that starts with the marker
<!-- tollgate:report v1 -->, so a CI step can update the comment it posted
before. Other formats work too:

  tollgate pr --base origin/main --format pr-comment=comment.md --format sarif=pr.sarif`,
		setup: func(fs *flag.FlagSet) {
			c.setup(fs, "pr-comment")
			fs.StringVar(&base, "base", "", "base `ref` of the pull request (branch, tag or commit), required")
			fs.StringVar(&skip, "skip", "", "comma-separated `domains` to leave out")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			return runPR(ctx, e, &c, args, base, splitList(skip))
		},
	})
}

func runPR(ctx context.Context, e *env, c *common, args []string, baseRef string, skip []string) int {
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(e.stderr, "tollgate pr: "+format+"\n", a...)
		return code
	}
	if baseRef == "" {
		return fail(exitUsage, "--base is required (the pull request's target, such as origin/main)")
	}
	if len(args) > 1 {
		return fail(exitUsage, "want at most one directory, got %d arguments", len(args))
	}
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	for _, name := range skip {
		if !knownDomain(name) {
			return fail(exitUsage, "unknown domain %q in --skip", name)
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return fail(exitUsage, "%s is not in a git repository: %v", dir, err)
	}
	root := dir
	if wt, err := repo.Worktree(); err == nil {
		if top := wt.Filesystem.Root(); top != abs {
			root = top
		}
	}
	head, err := repo.Head()
	if err != nil {
		return fail(exitUsage, "read HEAD: %v", err)
	}
	headCommit, err := repo.CommitObject(head.Hash())
	if err != nil {
		return fail(exitInternal, "read HEAD commit: %v", err)
	}
	baseHash, err := repo.ResolveRevision(plumbing.Revision(baseRef))
	if err != nil {
		return fail(exitUsage, "resolve --base %q: %v", baseRef, err)
	}
	baseCommit, err := repo.CommitObject(*baseHash)
	if err != nil {
		return fail(exitUsage, "--base %q is not a commit: %v", baseRef, err)
	}
	// The merge base is what the pull request's diff is taken against;
	// without one (unrelated histories) the base itself is used.
	if mb, err := headCommit.MergeBase(baseCommit); err == nil && len(mb) > 0 {
		baseCommit = mb[0]
	}

	now, err := c.clock(e)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	pol, err := c.loadPolicy()
	if err == nil && pol == nil {
		pol, err = policy.Load(root)
	}
	if err != nil {
		var pe *policy.Error
		if errors.As(err, &pe) {
			fmt.Fprintf(e.stderr, "tollgate: bad policy file:\n%v\n", err)
			return exitUsage
		}
		return fail(exitUsage, "%v", err)
	}

	headOpts := scan.Options{Root: root, Policy: pol, Now: now, Mode: "pr", Skip: skip}
	if knownDomain("risk") && !slices.Contains(skip, "risk") {
		headOpts.DomainOptions = map[string]string{"risk.range": baseCommit.Hash.String() + ".." + head.Hash().String()}
	}
	if e.isTerminal {
		headOpts.Progress = newProgress(e.stderr).update
	}
	r, err := scan.Run(ctx, headOpts)
	var de *scan.DomainError
	if err != nil && !errors.As(err, &de) {
		return fail(exitInternal, "scan head: %v", err)
	}

	baseDir, err := os.MkdirTemp("", "tollgate-base-*")
	if err != nil {
		return fail(exitInternal, "%v", err)
	}
	defer os.RemoveAll(baseDir)
	skipped, err := materialize(ctx, baseCommit, baseDir)
	if err != nil {
		return fail(exitInternal, "read base %s: %v", baseCommit.Hash, err)
	}
	if skipped > 0 {
		fmt.Fprintf(e.stderr, "tollgate pr: %d path(s) of the base could not be written safely and were left out of its scan\n", skipped)
	}
	baseR, berr := scan.Run(ctx, scan.Options{Root: baseDir, Policy: pol, Now: now, Mode: "pr", Skip: append(slices.Clone(skip), "risk")})
	var bde *scan.DomainError
	if berr != nil && !errors.As(berr, &bde) {
		return fail(exitInternal, "scan base %s: %v", baseCommit.Hash, berr)
	}

	if headAbs, err := filepath.Abs(root); err == nil {
		relocate(baseR.Findings, baseDir, headAbs)
	}
	cmp := report.Compare(baseR.Findings, r.Findings)
	cmp.Base = baseCommit.Hash.String()
	cmp.BaseRef = baseRef
	cmp.Head = head.Hash().String()
	r.Comparison = &cmp
	newOnlyGate(r, pol.FailOn)

	if werr := c.write(e, r, "pr-comment"); werr != nil {
		return fail(exitInternal, "%v", werr)
	}
	if de != nil {
		return fail(exitInternal, "%v", de)
	}
	if bde != nil {
		return fail(exitInternal, "base: %v", bde)
	}
	if !r.Passed() {
		return exitGate
	}
	return exitClean
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

// newOnlyGate rewrites the findings gate to count only the findings the
// change adds: in a pull request, debt already on the base does not block.
func newOnlyGate(r *report.Report, failOn finding.Severity) {
	newF, existing := r.Split()
	n, old := 0, 0
	for _, f := range newF {
		if f.Severity >= failOn {
			n++
		}
	}
	for _, f := range existing {
		if f.Severity >= failOn {
			old++
		}
	}
	for i, g := range r.Gates {
		if g.Name != "findings" {
			continue
		}
		r.Gates[i] = report.Gate{
			Name:      "findings",
			Passed:    n == 0,
			Threshold: fmt.Sprintf("no new active finding at or above %s", failOn),
			Observed:  fmt.Sprintf("%d", n),
			Detail:    fmt.Sprintf("%d new active finding(s) of severity %s or higher; %d such finding(s) already on the base are not counted", n, failOn, old),
		}
	}
}

// materialize writes the tree of commit into dir from git objects. Writes go
// through os.Root, so no path in the tree (however crafted) can land outside
// dir; symbolic links are recreated as links, which the scan never follows
// out of its root. It returns how many entries could not be written.
func materialize(ctx context.Context, commit *object.Commit, dir string) (skipped int, err error) {
	tree, err := commit.Tree()
	if err != nil {
		return 0, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return 0, err
	}
	defer root.Close()
	files := tree.Files()
	defer files.Close()
	err = files.ForEach(func(f *object.File) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := filepath.FromSlash(f.Name)
		if d := filepath.Dir(name); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil {
				skipped++
				return nil
			}
		}
		switch f.Mode {
		case filemode.Symlink:
			target, err := f.Contents()
			if err != nil {
				return fmt.Errorf("read link %q: %w", f.Name, err)
			}
			if root.Symlink(target, name) != nil {
				skipped++
			}
			return nil
		case filemode.Regular, filemode.Executable, filemode.Deprecated:
		default:
			return nil
		}
		perm := os.FileMode(0o644)
		if f.Mode == filemode.Executable {
			perm = 0o755
		}
		w, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if err != nil {
			skipped++
			return nil
		}
		rd, err := f.Reader()
		if err != nil {
			w.Close()
			return fmt.Errorf("read %q: %w", f.Name, err)
		}
		_, cerr := io.Copy(w, rd)
		rd.Close()
		if err := errors.Join(cerr, w.Close()); err != nil {
			return fmt.Errorf("write %q: %w", f.Name, err)
		}
		return nil
	})
	return skipped, err
}
