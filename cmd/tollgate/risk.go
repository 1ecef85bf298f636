package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/tollgate-dev/tollgate/changerisk"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/render"
	"github.com/tollgate-dev/tollgate/report"
	"github.com/tollgate-dev/tollgate/scan"
)

// riskFlags are the flags of `tollgate risk`.
type riskFlags struct {
	dir         string
	rangeArg    string
	all         bool
	evaluate    bool
	format      string
	policyPath  string
	noCache     bool
	cacheDir    string
	firstParent bool
	rounds      int
	verbose     bool
}

func init() {
	var f riskFlags
	register(&command{
		name:    "risk",
		usage:   "[flags] [rev]",
		summary: "score how likely a change is to introduce a bug, explained factor by factor",
		help: `risk scores a commit (default HEAD), or a pull request's squashed range with
--range base..head, on 0–100: the modelled chance, in percent, that the change
will later be found to have introduced a bug. The model is learned from the
repository's own history (SZZ-labelled bug-inducing commits) and each score
comes with the factors that drive it, in plain words.

  tollgate risk                        # HEAD
  tollgate risk 3f2a1c9                # one commit
  tollgate risk --range main..feature  # a pull request
  tollgate risk --all --format json    # every commit, for audits
  tollgate risk --evaluate             # how well the score ranks this history

The first run walks the whole history; per-commit features are cached, so
later runs only read new commits. The cache goes below --cache-dir, else
$TOLLGATE_CACHE_DIR, else the user's cache directory (~/.cache/tollgate),
in risk/<repository>-<digest>; never where the scanned repository says.
With gate { max_change_risk = N } in the policy, a change scoring above N
exits 1.`,
		setup: func(fs *flag.FlagSet) {
			fs.StringVar(&f.dir, "C", ".", "repository `dir`")
			fs.StringVar(&f.rangeArg, "range", "", "score the squashed change `base..head`")
			fs.BoolVar(&f.all, "all", false, "score every commit of the history")
			fs.BoolVar(&f.evaluate, "evaluate", false, "evaluate the score on this history with time-ordered folds")
			fs.StringVar(&f.format, "format", "text", "output `format`: text or json")
			fs.StringVar(&f.policyPath, "policy", "", "policy `file` (default: .tollgate.hcl at the root)")
			fs.BoolVar(&f.noCache, "no-cache", false, "neither read nor write the feature cache")
			fs.StringVar(&f.cacheDir, "cache-dir", "", "tollgate's cache `dir` (default $TOLLGATE_CACHE_DIR, else the user's cache directory)")
			fs.BoolVar(&f.firstParent, "first-parent", false, "follow only first parents; merges are the units of change")
			fs.IntVar(&f.rounds, "bootstrap", 1000, "bootstrap `rounds` for --evaluate intervals")
			fs.BoolVar(&f.verbose, "v", false, "print the history walked, the cache use and each phase's time on standard error")
		},
		run: func(ctx context.Context, e *env, args []string) int { return runRisk(ctx, e, &f, args) },
	})
}

func runRisk(ctx context.Context, e *env, f *riskFlags, args []string) int {
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(e.stderr, "tollgate risk: "+format+"\n", a...)
		return code
	}
	if len(args) > 1 {
		return fail(exitUsage, "want at most one revision, got %d arguments", len(args))
	}
	if f.format != "text" && f.format != "json" {
		return fail(exitUsage, "unknown format %q: want text or json", f.format)
	}
	modes := 0
	for _, on := range []bool{f.rangeArg != "", f.all, f.evaluate, len(args) == 1} {
		if on {
			modes++
		}
	}
	if modes > 1 {
		return fail(exitUsage, "a revision, --range, --all and --evaluate exclude each other")
	}
	if f.rangeArg != "" && !strings.Contains(f.rangeArg, "..") {
		return fail(exitUsage, "--range %q: want base..head", f.rangeArg)
	}
	root, err := filepath.Abs(f.dir)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	var pol *policy.Policy
	if f.policyPath != "" {
		pol, err = policy.LoadFile(f.policyPath)
	} else {
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
	domainOpts := map[string]string{}
	if f.cacheDir != "" {
		dir, err := filepath.Abs(f.cacheDir)
		if err != nil {
			return fail(exitUsage, "--cache-dir: %v", err)
		}
		domainOpts["risk.cache_dir"] = dir
	}
	opts := scan.RiskOptions(root, pol, domainOpts)
	if f.noCache {
		opts.Walk.NoCache = true
	}
	if f.firstParent {
		opts.Walk.FirstParent = true
	}
	if f.rangeArg != "" {
		_, head, _ := strings.Cut(f.rangeArg, "..")
		opts.Walk.Rev = head
	} else if len(args) == 1 && !f.all && !f.evaluate {
		opts.Walk.Rev = args[0]
	}
	var bar *riskBar
	if e.isTerminal {
		bar = &riskBar{w: drawOn(e.stderr)}
		opts.Walk.Progress = bar.update
	}
	if !f.all && !f.evaluate {
		return riskView(ctx, e, f, root, pol, domainOpts, args, bar)
	}
	a, err := changerisk.Analyze(ctx, root, opts)
	bar.clear()
	if err != nil {
		return riskError(e, f, err)
	}
	notes(e, f, a)
	switch {
	case f.evaluate:
		ev := a.Evaluate(f.rounds)
		if f.format == "json" {
			return writeJSON(e, evaluationJSON(ev, a))
		}
		printEvaluation(e.stdout, ev, a)
		return exitClean
	case f.all:
		return riskAll(e, a, f.format)
	}
	return exitClean
}

// riskView scores one revision or range as a view of the engine's run
// restricted to the risk domain: the same section, gate and findings as
// `tollgate scan` and `tollgate pr` produce, in the same words.
func riskView(ctx context.Context, e *env, f *riskFlags, root string, pol *policy.Policy, domainOpts map[string]string, args []string, bar *riskBar) int {
	domainOpts["risk.strict"] = "1"
	if f.noCache {
		domainOpts["risk.no_cache"] = "1"
	}
	if f.firstParent {
		domainOpts["risk.first_parent"] = "1"
	}
	switch {
	case f.rangeArg != "":
		domainOpts["risk.range"] = f.rangeArg
	case len(args) == 1:
		domainOpts["risk.rev"] = args[0]
	}
	opts := scan.Options{Root: root, Policy: pol, Only: []string{"risk"}, DomainOptions: domainOpts}
	var phases []string
	opts.Progress = func(_, msg string, done, total int) {
		if msg == "walking history" {
			bar.update(done, total)
		} else if f.verbose || strings.HasPrefix(msg, "note: ") {
			phases = append(phases, msg)
		}
	}
	r, err := scan.Run(ctx, opts)
	bar.clear()
	if err != nil {
		var de *scan.DomainError
		if errors.As(err, &de) && len(de.Errs) > 0 {
			err = de.Errs[0]
		}
		return riskError(e, f, err)
	}
	for _, fd := range r.Findings {
		if fd.Suppressed == nil {
			fmt.Fprintf(e.stderr, "tollgate risk: note: %s (%s)\n", render.Terminal(fd.Message), fd.Rule)
		}
	}
	sec := r.Risk
	if sec == nil {
		return riskError(e, f, changerisk.ErrNoRepository)
	}
	for _, p := range phases {
		fmt.Fprintf(e.stderr, "tollgate risk: %s\n", render.Terminal(p))
	}
	var gate *report.Gate
	for i, g := range r.Gates {
		if g.Name == "risk" {
			gate = &r.Gates[i]
		}
	}
	return printSection(e, f, sec, gate)
}

func riskError(e *env, f *riskFlags, err error) int {
	code := exitInternal
	var damaged *changerisk.DamagedError
	if errors.As(err, &damaged) {
		// A damaged object store is not a usage error.
	} else if errors.Is(err, changerisk.ErrNoRepository) || errors.Is(err, changerisk.ErrNoCommits) || strings.Contains(err.Error(), "resolve ") || strings.HasPrefix(err.Error(), "score ") {
		code = exitUsage
	}
	fmt.Fprintf(e.stderr, "tollgate risk: %s: %s\n", render.Terminal(f.dir), render.Terminal(err.Error()))
	return code
}

// notes prints what the user should know about the history walked.
func notes(e *env, f *riskFlags, a *changerisk.Analysis) {
	if f.verbose {
		fmt.Fprintf(e.stderr, "tollgate risk: %d commits (%d diffed now, %d from the cache)", len(a.History.Commits), a.History.Walked, a.History.Cached)
		for _, t := range a.Timings {
			fmt.Fprintf(e.stderr, "; %s %v", t.Phase, t.Duration.Round(time.Millisecond))
		}
		fmt.Fprintln(e.stderr)
	}
	if a.History.Shallow {
		fmt.Fprintln(e.stderr, "tollgate risk: note: shallow clone; the score rests on the commits present")
	}
	if a.History.CacheError != nil {
		fmt.Fprintf(e.stderr, "tollgate risk: note: feature cache not written: %v\n", a.History.CacheError)
	}
	if a.History.Missing > 0 {
		fmt.Fprintf(e.stderr, "tollgate risk: note: %d objects could not be read (partial clone); their files were left out\n", a.History.Missing)
	}
	for _, d := range a.History.Damaged {
		fmt.Fprintf(e.stderr, "tollgate risk: note: %s; its files were left out\n", render.Terminal(d.Error()))
	}
}

func printSection(e *env, f *riskFlags, sec *report.Risk, gate *report.Gate) int {
	if f.format == "json" {
		out := struct {
			*report.Risk
			Gate *report.Gate `json:"gate,omitempty"`
		}{Risk: sec, Gate: gate}
		if code := writeJSON(e, out); code != exitClean {
			return code
		}
	} else {
		if err := render.RiskText(e.stdout, sec); err != nil {
			fmt.Fprintf(e.stderr, "tollgate risk: %v\n", err)
			return exitInternal
		}
		if gate != nil {
			verdict := "passed"
			if !gate.Passed {
				verdict = "FAILED"
			}
			fmt.Fprintf(e.stdout, "\ngate risk %s: %s, observed %s\n", verdict, gate.Threshold, gate.Observed)
		}
	}
	if gate != nil && !gate.Passed {
		return exitGate
	}
	return exitClean
}

func writeJSON(e *env, v any) int {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(e.stderr, "tollgate risk: %v\n", err)
		return exitInternal
	}
	return exitClean
}

// commitJSON is one commit in `risk --all --format json`.
type commitJSON struct {
	Commit      string              `json:"commit"`
	Parents     []string            `json:"parents,omitempty"`
	Author      string              `json:"author"`
	Time        time.Time           `json:"time"`
	Summary     string              `json:"summary"`
	Score       int                 `json:"score"`
	Level       string              `json:"level"`
	BugInducing bool                `json:"bug_inducing"`
	FixedBy     []string            `json:"fixed_by,omitempty"`
	Fix         bool                `json:"fix"`
	AIAuthored  bool                `json:"ai_authored"`
	Features    map[string]float64  `json:"features"`
	Drivers     []report.RiskDriver `json:"drivers,omitempty"`
}

func riskAll(e *env, a *changerisk.Analysis, format string) int {
	var list []commitJSON
	for _, i := range a.Eligible {
		c := a.History.Commits[i]
		as := a.AssessIndex(i)
		cj := commitJSON{
			Commit: c.Hash.String(), Author: c.Author, Time: time.Unix(c.AuthorTime, 0).UTC(),
			Summary: as.Summary, Score: as.Score, Level: as.Level,
			BugInducing: a.Labels.Inducing[i], Fix: c.Fix, AIAuthored: as.Features.AIAuthored,
			Features: changerisk.FeatureMap(as.Features),
		}
		for _, p := range c.Parents {
			cj.Parents = append(cj.Parents, p.String())
		}
		for _, fx := range a.Labels.FixedBy[i] {
			cj.FixedBy = append(cj.FixedBy, a.History.Commits[fx].Hash.String())
		}
		for k, d := range as.Drivers {
			if k == 5 {
				break
			}
			cj.Drivers = append(cj.Drivers, report.RiskDriver{Factor: d.Factor, Name: changerisk.FactorName(d.Factor), Description: d.Description, Contribution: math.Round(d.Points*10) / 10})
		}
		list = append(list, cj)
	}
	if format == "json" {
		if list == nil {
			list = []commitJSON{}
		}
		return writeJSON(e, list)
	}
	for _, c := range list {
		fmt.Fprintf(e.stdout, "%s %3d %-6s %s\n", c.Commit[:12], c.Score, c.Level, render.Terminal(c.Summary))
	}
	return exitClean
}

type evalJSON struct {
	Commits     int                  `json:"commits"`
	BugInducing int                  `json:"bug_inducing"`
	Fixes       int                  `json:"fixes"`
	Folds       int                  `json:"folds"`
	Tested      int                  `json:"tested"`
	Model       string               `json:"model"`
	Rows        []changerisk.EvalRow `json:"rows"`
	Notes       []string             `json:"notes,omitempty"`
}

func evaluationJSON(ev *changerisk.Evaluation, a *changerisk.Analysis) evalJSON {
	return evalJSON{Commits: ev.Commits, BugInducing: ev.Bugs, Fixes: a.Labels.Fixes, Folds: ev.Folds,
		Tested: ev.Tested, Model: a.ModelNote, Rows: ev.Rows, Notes: ev.Notes}
}

func printEvaluation(w io.Writer, ev *changerisk.Evaluation, a *changerisk.Analysis) {
	fmt.Fprintf(w, "history: %d scored commits, %d bug-inducing by SZZ (from %d fixes)\n", ev.Commits, ev.Bugs, a.Labels.Fixes)
	if ev.Tested > 0 {
		fmt.Fprintf(w, "time-ordered folds: %d, each predicted by a model fitted on the commits before it; %d commits tested\n\n", ev.Folds, ev.Tested)
		fmt.Fprintf(w, "%-22s  %-22s  %-22s  %-22s\n", "model", "AUC", "Recall@20%Effort", "Popt")
		iv := func(i changerisk.Interval) string {
			return fmt.Sprintf("%.3f [%.3f, %.3f]", i.Value, i.Low, i.High)
		}
		for _, r := range ev.Rows {
			fmt.Fprintf(w, "%-22s  %-22s  %-22s  %-22s\n", r.Model, iv(r.AUC), iv(r.RecallAt20), iv(r.Popt))
		}
		fmt.Fprintln(w, "\n[low, high] are 95% bootstrap intervals over the tested commits.")
	}
	fmt.Fprintf(w, "model used now: %s\n", a.ModelNote)
	for _, n := range ev.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}

// riskBar draws the history walk's progress on a terminal.
type riskBar struct {
	mu    sync.Mutex
	w     io.Writer
	drawn bool
	last  time.Time
}

func (b *riskBar) update(done, total int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if now := time.Now(); done < total && now.Sub(b.last) < 100*time.Millisecond {
		return
	} else {
		b.last = now
	}
	const width = 30
	fill := 0
	if total > 0 {
		fill = done * width / total
	}
	fmt.Fprintf(b.w, "\r\x1b[Krisk: walking history [%s%s] %d/%d", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), done, total)
	b.drawn = true
}

func (b *riskBar) clear() {
	if b == nil || !b.drawn {
		return
	}
	fmt.Fprint(b.w, "\r\x1b[K")
}
