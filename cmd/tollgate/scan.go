package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/render"
	"github.com/tollgate-dev/tollgate/report"
	"github.com/tollgate-dev/tollgate/scan"
	"github.com/tollgate-dev/tollgate/store"
)

func init() {
	var c common
	var skip string
	register(&command{
		name:    "check",
		usage:   "[flags] [dir | ./... | dir/...]",
		summary: "go vet-style run: print findings as path:line:col lines, exit 1 when the gate fails",
		help: `check runs the file-based domains (Go code, pipelines, Terraform, licenses) and
prints one line per finding. The repository root is the git work tree holding
the given directory (or the directory itself outside git); findings are
limited to that directory, and paths are relative to the root.`,
		setup: func(fs *flag.FlagSet) {
			c.setup(fs, "text")
			fs.StringVar(&skip, "skip", "", "comma-separated `domains` to leave out")
			fs.StringVar(&c.minSeverity, "min-severity", "", "least `severity` the text output prints: info, low, medium, high or critical (default: the persona's, low for regular and pedantic)")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			return runScan(ctx, e, &c, args, "check", "text", splitList(skip))
		},
	})
	var s common
	var skipScan string
	register(&command{
		name:    "scan",
		usage:   "[flags] [dir]",
		summary: "full governance scan of a repository: every domain, every section of the report",
		help: `scan runs every domain on the repository at dir (default ".") and renders the
full report. Several formats can be written in one run:

  tollgate scan --format text --format json=report.json`,
		setup: func(fs *flag.FlagSet) {
			s.setup(fs, "text")
			fs.StringVar(&s.history, "history", "", "scan history: a `directory`, a SQLite file (.db) or a postgres:// URL; compare with earlier runs recorded there (trend, new, fixed), then record this one")
			fs.StringVar(&s.historyRepo, "repo", "", "`name` of the repository in the history (default: host/owner/name of the origin remote, else the directory's name)")
			fs.StringVar(&skipScan, "skip", "", "comma-separated `domains` to leave out")
			fs.StringVar(&s.minSeverity, "min-severity", "", "least `severity` the text output prints: info, low, medium, high or critical (default: the persona's, low for regular and pedantic)")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			return runScan(ctx, e, &s, args, "scan", "text", splitList(skipScan))
		},
	})
}

// historyRepo names the repository at root in the scan history when
// --repo is not given and the report has no name (from the origin remote):
// the directory's name.
func historyRepo(root string) string {
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	return filepath.Base(root)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// target resolves a command-line argument into the repository root and the
// directories to report on.
func target(arg, mode string) (root string, paths []string, err error) {
	if arg == "" {
		arg = "."
	}
	dir := strings.TrimSuffix(strings.TrimSuffix(arg, "..."), "/")
	if dir == "" {
		dir = "."
	}
	st, err := os.Stat(dir)
	if err != nil {
		return "", nil, err
	}
	if !st.IsDir() {
		return "", nil, fmt.Errorf("%s is not a directory", arg)
	}
	if mode != "check" {
		return dir, nil, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", nil, err
	}
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return dir, nil, nil
	}
	wt, err := repo.Worktree()
	if err != nil {
		return dir, nil, nil
	}
	top := wt.Filesystem.Root()
	rel, err := filepath.Rel(top, abs)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return dir, nil, nil
	}
	// Keep the root as short as the user wrote it: a relative path stays relative.
	rootArg := top
	if !filepath.IsAbs(dir) {
		if r, err := filepath.Rel(mustGetwd(), top); err == nil {
			rootArg = r
		}
	}
	return rootArg, []string{filepath.ToSlash(rel)}, nil
}

func mustGetwd() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

func runScan(ctx context.Context, e *env, c *common, args []string, mode, def string, skip []string) int {
	if len(args) > 1 {
		fmt.Fprintf(e.stderr, "tollgate %s: want at most one directory, got %d arguments\n", mode, len(args))
		return exitUsage
	}
	arg := ""
	if len(args) == 1 {
		arg = args[0]
	}
	if c.minSeverity != "" {
		if _, err := finding.ParseSeverity(c.minSeverity); err != nil {
			fmt.Fprintf(e.stderr, "tollgate %s: --min-severity: %v\n", mode, err)
			return exitUsage
		}
	}
	if _, err := c.parsePersona(); err != nil {
		fmt.Fprintf(e.stderr, "tollgate %s: %v\n", mode, err)
		return exitUsage
	}
	root, paths, err := target(arg, mode)
	if err != nil {
		fmt.Fprintf(e.stderr, "tollgate %s: %v\n", mode, err)
		return exitUsage
	}
	now, err := c.clock(e)
	if err != nil {
		fmt.Fprintf(e.stderr, "tollgate %s: %v\n", mode, err)
		return exitUsage
	}
	pol, err := c.loadPolicy()
	if err != nil {
		fmt.Fprintf(e.stderr, "tollgate %s: %v\n", mode, err)
		return exitUsage
	}
	for _, name := range skip {
		if !knownDomain(name) {
			fmt.Fprintf(e.stderr, "tollgate %s: unknown domain %q in --skip (domains: %s)\n", mode, name, strings.Join(domainNames(), ", "))
			return exitUsage
		}
	}
	if mode == "check" {
		// History is for `risk`, `pr` and `scan`; check stays fast.
		skip = append(skip, "risk")
	}
	opts := scan.Options{Root: root, Policy: pol, Now: now, Mode: mode, Skip: skip, Paths: paths}
	if e.isTerminal && mode == "scan" {
		opts.Progress = newProgress(e.stderr).update
	}
	r, err := scan.Run(ctx, opts)
	var de *scan.DomainError
	if err != nil && !errors.As(err, &de) {
		var pe *policy.Error
		if errors.As(err, &pe) {
			fmt.Fprintf(e.stderr, "tollgate: bad policy file:\n%v\n", err)
			return exitUsage
		}
		fmt.Fprintf(e.stderr, "tollgate %s: %v\n", mode, err)
		return exitInternal
	}
	var hist *store.ScanHistory
	if c.history != "" {
		repo := c.historyRepo
		if repo == "" {
			repo = r.Repository.Name
		}
		if repo == "" {
			repo = historyRepo(opts.Root)
		}
		h, trend, err := store.BeginScan(ctx, c.history, repo, r)
		if err != nil {
			fmt.Fprintf(e.stderr, "tollgate %s: %v\n", mode, err)
			return exitInternal
		}
		hist, r.Trend = h, trend
	}
	if werr := c.write(e, r, def); werr != nil {
		if hist != nil {
			hist.Close()
		}
		fmt.Fprintf(e.stderr, "tollgate %s: %v\n", mode, werr)
		return exitInternal
	}
	if hist != nil {
		if err := hist.Record(ctx); err != nil {
			fmt.Fprintf(e.stderr, "tollgate %s: record history: %v\n", mode, err)
			return exitInternal
		}
	}
	noteStopped(e, mode, r)
	if ro, err := c.renderOptions(); err == nil {
		if line := render.RuleCounts(r, ro); line != "" {
			fmt.Fprintln(e.stderr, line)
		}
	}
	fmt.Fprintln(e.stderr, render.Summary(r))
	if de != nil {
		fmt.Fprintf(e.stderr, "tollgate %s: %v\n", mode, de)
		return exitInternal
	}
	if !r.Passed() {
		return exitGate
	}
	return exitClean
}

// noteStopped repeats on standard error what the memory budget stopped, so
// that a degraded run is not mistaken for a finished one by whoever reads
// the log rather than the report.
func noteStopped(e *env, mode string, r *report.Report) {
	for _, f := range r.Findings {
		if f.Rule == finding.MemoryBudget.ID {
			fmt.Fprintf(e.stderr, "tollgate %s: %s; rerun with a larger --max-memory or narrow the scan (--skip, a subdirectory)\n", mode, f.Message)
		}
	}
}

func domainNames() []string {
	var out []string
	for _, d := range scan.Domains() {
		out = append(out, d.Name())
	}
	return out
}

func knownDomain(name string) bool {
	for _, d := range scan.Domains() {
		if d.Name() == name {
			return true
		}
	}
	return false
}
