package scan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/tollgate-dev/tollgate/changerisk"
	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
)

func init() { Register(riskDomain{}) }

// riskDomain adapts the changerisk package: it reads the git history of
// Input.Root, scores HEAD (scan), the revision in Options["risk.rev"] or the
// range in Options["risk.range"] (pr), fills the report's risk section and
// evaluates the risk gate. Its cache goes below Options["risk.cache_dir"],
// else changerisk's DefaultCacheDir: never where the policy says.
//
// With Options["risk.strict"] set (`tollgate risk`, which exists to show
// the score), a history that cannot be scored is the domain's error rather
// than a finding.
type riskDomain struct{}

func (riskDomain) Name() string     { return "risk" }
func (riskDomain) Owns(string) bool { return false }

func (riskDomain) Analyze(ctx context.Context, in *Input) (*Result, error) {
	subject := in.Options["risk.range"]
	if subject == "" {
		subject = in.Options["risk.rev"]
	}
	if subject == "" {
		subject = "HEAD"
	}
	opts := RiskOptions(in.Root, in.Policy, in.Options)
	if in.Progress != nil {
		opts.Walk.Progress = func(done, total int) { in.Progress("risk", "walking history", done, total) }
	}
	var policyFindings []finding.Finding
	if loc, ok := in.Policy.RiskCacheDirIgnored(); ok {
		if filepath.IsAbs(loc.Path) {
			if rel, err := filepath.Rel(in.Root, loc.Path); err == nil && !strings.HasPrefix(rel, "..") {
				loc.Path = filepath.ToSlash(rel)
			}
		}
		policyFindings = append(policyFindings, changerisk.CacheDirIgnored.New(loc,
			"risk { cache_dir } is ignored: the cache location comes from --cache-dir or %s, never from the repository", changerisk.CacheEnv))
	}
	sec, a, err := ScoreRisk(ctx, in.Root, subject, opts)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if in.Options["risk.strict"] != "" {
			return nil, err
		}
		if errors.Is(err, changerisk.ErrNoRepository) || errors.Is(err, changerisk.ErrNoCommits) {
			// A plain directory, or a repository without commits, has no
			// history to score: nothing to say.
			return &Result{Findings: policyFindings}, nil
		}
		res := unavailable(in.Policy, describeHistoryError(err))
		res.Findings = append(policyFindings, res.Findings...)
		return res, nil
	}
	if in.Progress != nil {
		// What the run cost, for verbose callers: each phase's time, or a
		// result remembered from an earlier run.
		if a == nil {
			in.Progress("risk", "unchanged history: the result of an earlier run, from the cache", 1, 1)
		} else {
			msg := fmt.Sprintf("%d commits (%d diffed now, %d from the cache)", len(a.History.Commits), a.History.Walked, a.History.Cached)
			for _, t := range a.Timings {
				msg += fmt.Sprintf("; %s %v", t.Phase, t.Duration.Round(time.Millisecond))
			}
			in.Progress("risk", msg, 1, 1)
			if a.History.CacheError != nil {
				in.Progress("risk", fmt.Sprintf("note: feature cache not written: %v", a.History.CacheError), 1, 1)
			}
		}
	}
	res := &Result{Fill: func(r *report.Report) { r.Risk = sec }, Findings: policyFindings}
	if a != nil && len(a.History.Damaged) > 0 {
		d := a.History.Damaged
		msg := fmt.Sprintf("%v: its files were left out of change risk", d[0])
		if len(d) > 1 {
			msg = fmt.Sprintf("%v, and %d more damaged objects: their files were left out of change risk", d[0], len(d)-1)
		}
		f := changerisk.HistoryUnavailable.New(finding.Location{}, "%s", msg)
		var hashes []string
		for _, x := range d {
			hashes = append(hashes, x.Hash.String())
		}
		f.Evidence = map[string]string{"damaged_objects": strings.Join(hashes, " ")}
		res.Findings = append(res.Findings, f)
	}
	if hi := sec.History; hi.Shallow || hi.MissingObjects > 0 {
		msg := "the git history is cut (a shallow clone): change risk rests on the commits present"
		if !hi.Shallow {
			msg = fmt.Sprintf("%d git objects could not be read (a partial clone): their files were left out of change risk", hi.MissingObjects)
		}
		f := changerisk.HistoryUnavailable.New(finding.Location{}, "%s", msg)
		f.Evidence = map[string]string{"commits": fmt.Sprint(hi.Commits), "missing_objects": fmt.Sprint(hi.MissingObjects)}
		res.Findings = append(res.Findings, f)
	}
	if g, ok := RiskGate(in.Policy, sec); ok {
		res.Gates = append(res.Gates, g)
	}
	return res, nil
}

// ScoreRisk scores subject (a revision or "base..head") in the repository
// at root. A result computed before for the same history, subject, options
// and tool build is read back from the cache, so a rerun on unchanged
// history costs a file read; the Analysis is then nil.
func ScoreRisk(ctx context.Context, root, subject string, opts changerisk.Options) (*report.Risk, *changerisk.Analysis, error) {
	if _, head, ok := strings.Cut(subject, ".."); ok {
		opts.Walk.Rev = head
	} else {
		opts.Walk.Rev = subject
	}
	memo, ok := changerisk.MemoFor(root, subject, opts)
	if ok {
		if sec, ok := decodeMemo(memo.Load()); ok {
			return sec, nil, nil
		}
	}
	a, err := changerisk.Analyze(ctx, root, opts)
	if err != nil {
		return nil, nil, err
	}
	as, err := a.Assess(subject)
	if err != nil {
		return nil, nil, fmt.Errorf("score %q: %w", subject, err)
	}
	sec := RiskSection(a, as)
	// A history with damaged objects is not remembered: each run reads it
	// again and reports the damage.
	if ok && len(a.History.Damaged) == 0 {
		if b, err := json.Marshal(sec); err == nil {
			_ = memo.Save(b) // a result not remembered is recomputed next time
		}
	}
	return sec, a, nil
}

// decodeMemo reads back a remembered risk section. Anything but a
// well-formed section (a damaged or foreign file) is a miss.
func decodeMemo(b []byte) (*report.Risk, bool) {
	if len(b) == 0 {
		return nil, false
	}
	var sec report.Risk
	if err := json.Unmarshal(b, &sec); err != nil {
		return nil, false
	}
	if sec.Subject == "" || sec.Score < 0 || sec.Score > 100 || math.IsNaN(sec.Percentile) ||
		sec.Level != "low" && sec.Level != "medium" && sec.Level != "high" && (sec.Level != "none" || sec.Unscored == "") {
		return nil, false
	}
	return &sec, true
}

// RiskOptions builds changerisk options from the policy and the domain
// options. The cache directory is domainOpts["risk.cache_dir"] (the
// user's flag), else changerisk.DefaultCacheDir(); the policy has no say
// in it.
func RiskOptions(root string, pol *policy.Policy, domainOpts map[string]string) changerisk.Options {
	var opts changerisk.Options
	opts.Walk.CacheDir = domainOpts["risk.cache_dir"]
	if opts.Walk.CacheDir == "" {
		opts.Walk.CacheDir = changerisk.DefaultCacheDir()
	}
	if pol != nil && pol.Risk != nil {
		r := pol.Risk
		if r.FirstParent != nil {
			opts.Walk.FirstParent = *r.FirstParent
		}
		if r.Refit != nil && !*r.Refit {
			opts.NoRefit = true
		}
		if r.MinRefitBugs != nil {
			opts.MinRefitBugs = *r.MinRefitBugs
		}
	}
	// The user's flags: risk.no_cache, risk.first_parent.
	if domainOpts["risk.no_cache"] != "" {
		opts.Walk.NoCache = true
	}
	if domainOpts["risk.first_parent"] != "" {
		opts.Walk.FirstParent = true
	}
	return opts
}

func describeHistoryError(err error) string {
	switch {
	case errors.Is(err, changerisk.ErrNoRepository):
		return "no git history at the root: change risk was not scored"
	case errors.Is(err, changerisk.ErrNoCommits):
		return "the git repository has no commits yet: change risk was not scored"
	}
	var de *changerisk.DamagedError
	if errors.As(err, &de) {
		return fmt.Sprintf("the git history could not be read, %v: change risk was not scored", de)
	}
	return fmt.Sprintf("the git history could not be read (%v): change risk was not scored", err)
}

func unavailable(pol *policy.Policy, msg string) *Result {
	res := &Result{Findings: []finding.Finding{changerisk.HistoryUnavailable.New(finding.Location{}, "%s", msg)}}
	if pol != nil && pol.MaxChangeRisk > 0 {
		res.Gates = append(res.Gates, report.Gate{
			Name: "risk", Passed: true,
			Threshold: fmt.Sprintf("change risk at most %d", pol.MaxChangeRisk),
			Observed:  "not scored",
			Detail:    "change risk could not be scored: " + msg,
		})
	}
	return res
}

// RiskGate evaluates `gate { max_change_risk = N }` on a scored change; ok
// is false when the gate is off (0).
func RiskGate(pol *policy.Policy, sec *report.Risk) (report.Gate, bool) {
	if pol == nil || pol.MaxChangeRisk <= 0 || sec == nil {
		return report.Gate{}, false
	}
	if sec.Unscored != "" {
		return report.Gate{
			Name: "risk", Passed: true,
			Threshold: fmt.Sprintf("change risk at most %d", pol.MaxChangeRisk),
			Observed:  "not scored",
			Detail:    fmt.Sprintf("change %s has no score: %s", sec.Subject, sec.Unscored),
		}, true
	}
	return report.Gate{
		Name:      "risk",
		Passed:    sec.Score <= pol.MaxChangeRisk,
		Threshold: fmt.Sprintf("change risk at most %d", pol.MaxChangeRisk),
		Observed:  fmt.Sprint(sec.Score),
		Detail:    fmt.Sprintf("change %s scores %d (%s)", sec.Subject, sec.Score, sec.Level),
	}, true
}

// RiskSection turns an assessment into the report's risk section, with the
// history's hot spots, AI-authored share and score distribution.
func RiskSection(a *changerisk.Analysis, as *changerisk.Assessment) *report.Risk {
	sec := &report.Risk{
		Subject: as.Subject, Score: as.Score, Level: as.Level,
		Percentile: math.Round(as.Percentile*10) / 10,
		SizeRate:   as.SizeRate, Summary: as.Summary, Author: as.Author, Commits: as.Commits,
		AIAuthored: as.Features.AIAuthored, Model: a.ModelNote,
		Distribution: a.Distribution(),
		Bands:        report.RiskBands{Medium: as.Bands.Medium, High: as.Bands.High, FromHistory: as.Bands.FromHistory},
	}
	if v := a.Validation; v.Checked {
		num := func(x float64) float64 {
			if math.IsNaN(x) {
				return 0
			}
			return math.Round(x*1000) / 1000
		}
		sec.Validation = &report.RiskValidation{
			Chosen: string(v.Chosen), AUC: num(v.AUC), AUCLow: num(v.Low), AUCHigh: num(v.High),
			ShippedAUC: num(v.ShippedAUC), RefitAUC: num(v.RefitAUC), SizeAUC: num(v.SizeAUC),
			BugInducing: v.BugInducing, Tested: v.Tested, TestedBugInducing: v.TestedBugs,
		}
	}
	if as.Unscored != "" {
		sec.Unscored, sec.Level, sec.Score, sec.Percentile = as.Unscored, "none", 0, 0
	}
	for _, au := range as.Authors {
		sec.Authors = append(sec.Authors, report.RiskAuthor{Name: au.Name, Commits: au.Commits})
	}
	for _, d := range as.Drivers {
		if math.Abs(d.Points) < 0.5 {
			continue
		}
		sec.Drivers = append(sec.Drivers, report.RiskDriver{
			Factor: d.Factor, Name: changerisk.FactorName(d.Factor), Description: d.Description, Contribution: math.Round(d.Points*10) / 10,
		})
	}
	bugs := 0
	for _, i := range a.Eligible {
		if a.Labels.Inducing[i] {
			bugs++
		}
	}
	sec.History = report.RiskHistory{
		Commits: len(a.History.Commits), Scored: len(a.Eligible), BugInducing: bugs,
		Fixes: a.Labels.Fixes, Shallow: a.History.Shallow, MissingObjects: a.History.Missing,
	}
	for _, h := range a.HotSpots(10) {
		sec.HotSpots = append(sec.HotSpots, report.RiskHotSpot{Path: h.Path, Churn: h.Churn, Changes: h.Changes, Fixes: h.Fixes})
	}
	if s := a.AIStats(); s != nil {
		sec.AI = &report.RiskAI{
			Commits: s.Commits, Share: round1(100 * float64(s.Commits) / float64(s.Commits+s.Others)),
			MeanScore: round1(s.MeanScore), OtherMeanScore: round1(s.OtherMeanScore),
			BugRate: round1(s.BugRate), OtherBugRate: round1(s.OtherBugRate),
		}
	}
	if a.History.Shallow {
		sec.Notes = append(sec.Notes, "shallow clone: the score rests on the commits present")
	}
	if a.History.Missing > 0 {
		sec.Notes = append(sec.Notes, fmt.Sprintf("%d objects could not be read (partial clone); their files were left out", a.History.Missing))
	}
	if n := len(a.History.Damaged); n > 0 {
		sec.Notes = append(sec.Notes, fmt.Sprintf("%d damaged objects (%v); their files were left out", n, a.History.Damaged[0]))
	}
	return sec
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
