package org

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/store"
)

// ReportSchema names the version of the organisation report's encoding.
const ReportSchema = "tollgate.org-report/v1"

// Report is the organisation's view of a run. It holds no times and no
// machine paths: the same results give the same bytes, whichever shards,
// machines or merges made them.
type Report struct {
	Schema string `json:"schema"`
	Run    string `json:"run"`
	// ReposDigest names the repository list; the plan's own digest, which
	// changes with the number of shards, is left out.
	ReposDigest  string `json:"repos_digest"`
	ToolVersion  string `json:"tool_version"`
	PolicyDigest string `json:"policy_digest"`
	Planned      int    `json:"planned"`
	Scanned      int    `json:"scanned"`
	// Completion is Scanned/Planned, in thousandths.
	CompletionPermille int            `json:"completion_permille"`
	Missing            []Status       `json:"missing,omitempty"`
	Verdicts           map[string]int `json:"verdicts"`
	Repos              []RepoSummary  `json:"repos"`
	AI                 []AIUse        `json:"ai_inventory"`
	TopRules           []RuleCount    `json:"top_rules"`
	Worst              []string       `json:"worst_repos"`
	// Severities counts active findings per severity across the
	// organisation; RiskDeciles counts repositories per risk-score decile.
	Severities  map[string]int `json:"severities"`
	RiskDeciles []int          `json:"risk_deciles"`
	Licenses    map[string]int `json:"licenses,omitempty"`
}

// RepoSummary is one repository's line of the report.
type RepoSummary struct {
	Repo     string         `json:"repo"`
	Commit   string         `json:"commit"`
	Passed   bool           `json:"passed"`
	Active   int            `json:"active"`
	Counts   map[string]int `json:"counts"`
	Risk     *int           `json:"risk,omitempty"`
	AIUses   int            `json:"ai_uses"`
	Weighted int            `json:"weighted"`
}

// AIUse counts where one AI provider is used across the organisation.
type AIUse struct {
	Provider string   `json:"provider"`
	Kind     string   `json:"kind"`
	Uses     int      `json:"uses"`
	Repos    []string `json:"repos"`
}

// RuleCount is one rule's active findings across the organisation.
type RuleCount struct {
	Rule     string `json:"rule"`
	Findings int    `json:"findings"`
	Repos    int    `json:"repos"`
}

// MergeOptions configures Merge.
type MergeOptions struct {
	// MinCompletion is the share of planned repositories that must have a
	// result; zero means all of them.
	MinCompletion float64
	// Store, when set, receives every result.
	Store *store.Store
	// Top bounds the top rules and worst repositories; zero means 10.
	Top int
	// More are further directories holding parts of the same run: the
	// shards' outputs as an engine hands them back, one directory per job
	// (a GitHub Actions artifact each, say). Each must hold the same plan.
	// Merging a run spread over directories gives the same report as
	// merging it gathered in one.
	More []string
}

// Merge reads a run directory and builds the organisation report. It reads
// only: it may run while shards still write, and twice gives the same
// report. It fails when fewer than MinCompletion of the planned
// repositories have a result.
func Merge(ctx context.Context, runDir string, opts MergeOptions) (*Report, error) {
	p, err := ReadPlan(filepath.Join(runDir, "plan.json"))
	if err != nil {
		return nil, err
	}
	if opts.Top == 0 {
		opts.Top = 10
	}
	if opts.MinCompletion == 0 {
		opts.MinCompletion = 1
	}
	dirs := append([]string{runDir}, opts.More...)
	for _, d := range opts.More {
		q, err := ReadPlan(filepath.Join(d, "plan.json"))
		if err != nil {
			return nil, err
		}
		if q.Digest != p.Digest {
			return nil, fmt.Errorf("%q holds plan %q, not %q: parts of another run", d, q.Digest, p.Digest)
		}
	}
	// A shard's marker may be in any of the directories (a shard rerun on
	// another machine has one in each): the first that is there counts,
	// and its results are looked for in every directory.
	markers := map[int]*Done{}
	for _, dir := range dirs {
		for i := range p.Shards {
			if markers[i] != nil {
				continue
			}
			b, err := safefs.ReadTrusted(DonePath(dir, i), MaxPlanSize)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("read shard %d marker: %w", i, err)
			}
			var d Done
			if err := json.Unmarshal(b, &d); err != nil || d.Schema != DoneSchema || d.PlanDigest != p.Digest {
				return nil, fmt.Errorf("shard %d marker: not a marker of plan %q", i, p.Digest)
			}
			markers[i] = &d
		}
	}
	rep := &Report{Schema: ReportSchema, Run: p.Run, ReposDigest: p.ReposDigest, ToolVersion: p.ToolVersion,
		PolicyDigest: p.PolicyDigest, Planned: len(p.Repos), Verdicts: map[string]int{"passed": 0, "failed": 0},
		Severities: map[string]int{}, RiskDeciles: make([]int, 10), Repos: []RepoSummary{}, AI: []AIUse{},
		TopRules: []RuleCount{}, Worst: []string{}}
	for _, s := range finding.Severities() {
		rep.Severities[s.String()] = 0
	}
	ai := map[[2]string]*AIUse{}
	rules := map[string]*RuleCount{}
	var results []*Result
	for _, r := range p.Repos {
		res, why := pick(dirs, p, r, markers[r.Shard])
		if res == nil {
			rep.Missing = append(rep.Missing, Status{Repo: r.Name, State: "missing", Reason: why})
			continue
		}
		results = append(results, res)
		rr := res.Report
		sum := RepoSummary{Repo: r.Name, Commit: res.Commit, Passed: rr.Passed(), Counts: map[string]int{}}
		ruleSeen := map[string]bool{}
		for _, f := range rr.Active() {
			sum.Active++
			sev := f.Severity.String()
			sum.Counts[sev]++
			rep.Severities[sev]++
			sum.Weighted += weight(f.Severity)
			rc := rules[f.Rule]
			if rc == nil {
				rc = &RuleCount{Rule: f.Rule}
				rules[f.Rule] = rc
			}
			rc.Findings++
			if !ruleSeen[f.Rule] {
				ruleSeen[f.Rule] = true
				rc.Repos++
			}
		}
		if rr.Risk != nil {
			score := rr.Risk.Score
			sum.Risk = &score
			rep.RiskDeciles[min(max(score, 0)/10, 9)]++
		}
		use := func(provider, kind string) {
			if provider == "" {
				provider = "unknown"
			}
			k := [2]string{provider, kind}
			u := ai[k]
			if u == nil {
				u = &AIUse{Provider: provider, Kind: kind}
				ai[k] = u
			}
			u.Uses++
			if len(u.Repos) == 0 || u.Repos[len(u.Repos)-1] != r.Name {
				u.Repos = append(u.Repos, r.Name)
			}
			sum.AIUses++
		}
		if rr.AI != nil {
			for _, c := range rr.AI.Code {
				use(c.Provider, "code")
			}
			for _, s := range rr.AI.Pipeline {
				use(s.Provider, "pipeline")
			}
			for _, res := range rr.AI.Infrastructure {
				use(res.Kind, "infrastructure")
			}
		}
		if rr.Licenses != nil {
			if rep.Licenses == nil {
				rep.Licenses = map[string]int{}
			}
			for cat, n := range rr.Licenses.Summary.ByCategory {
				rep.Licenses[cat] += n
			}
		}
		if sum.Passed {
			rep.Verdicts["passed"]++
		} else {
			rep.Verdicts["failed"]++
		}
		rep.Repos = append(rep.Repos, sum)
	}
	rep.Scanned = len(rep.Repos)
	rep.CompletionPermille = rep.Scanned * 1000 / max(rep.Planned, 1)
	for _, u := range ai {
		rep.AI = append(rep.AI, *u)
	}
	slices.SortFunc(rep.AI, func(a, b AIUse) int {
		return cmp.Or(cmp.Compare(b.Uses, a.Uses), strings.Compare(a.Provider, b.Provider), strings.Compare(a.Kind, b.Kind))
	})
	for _, rc := range rules {
		rep.TopRules = append(rep.TopRules, *rc)
	}
	slices.SortFunc(rep.TopRules, func(a, b RuleCount) int {
		return cmp.Or(cmp.Compare(b.Findings, a.Findings), strings.Compare(a.Rule, b.Rule))
	})
	rep.TopRules = rep.TopRules[:min(len(rep.TopRules), opts.Top)]
	worst := slices.Clone(rep.Repos)
	slices.SortFunc(worst, func(a, b RepoSummary) int {
		return cmp.Or(cmp.Compare(b.Weighted, a.Weighted), strings.Compare(a.Repo, b.Repo))
	})
	for _, w := range worst[:min(len(worst), opts.Top)] {
		if w.Weighted > 0 {
			rep.Worst = append(rep.Worst, w.Repo)
		}
	}
	if float64(rep.Scanned) < opts.MinCompletion*float64(rep.Planned) {
		return rep, fmt.Errorf("completion %d of %d repositories, below the minimum %.4g", rep.Scanned, rep.Planned, opts.MinCompletion)
	}
	if opts.Store != nil {
		for _, res := range results {
			run, fs := store.FromReport(res.Repo, res.Report)
			if _, err := opts.Store.Ingest(ctx, run, fs); err != nil {
				return rep, err
			}
		}
	}
	return rep, nil
}

// pick finds a repository's result in the run's directories: the commit its
// shard's marker names, or, without a marker, the only commit with a result
// made by this plan's version and policy. The same commit's result in two
// directories (a shard run twice) is one result: the first directory's.
func pick(dirs []string, p *Plan, r Repo, d *Done) (*Result, string) {
	want := ""
	if d != nil {
		for _, st := range d.Repos {
			if st.Repo == r.Name {
				if st.State == "failed" {
					return nil, st.Reason
				}
				want = st.Commit
			}
		}
	}
	var found []*Result
	for _, runDir := range dirs {
		dir := filepath.Join(runDir, "repos", filepath.FromSlash(r.Name))
		matches, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, m := range matches {
			commit := strings.TrimSuffix(filepath.Base(m), ".json")
			if want != "" && commit != want {
				continue
			}
			if slices.ContainsFunc(found, func(f *Result) bool { return f.Commit == commit }) {
				continue
			}
			res, err := readResult(m)
			if err != nil || res.Repo != r.Name || res.Commit != commit ||
				res.ToolVersion != p.ToolVersion || res.PolicyDigest != p.PolicyDigest {
				continue
			}
			found = append(found, res)
		}
	}
	switch len(found) {
	case 0:
		return nil, "no result"
	case 1:
		return found[0], ""
	}
	return nil, fmt.Sprintf("%d results at different commits and no shard marker to choose", len(found))
}

func weight(s finding.Severity) int {
	switch s {
	case finding.Critical:
		return 100
	case finding.High:
		return 25
	case finding.Medium:
		return 5
	case finding.Low:
		return 1
	}
	return 0
}

// Encode returns the report's JSON, indented, with a final newline.
func (r *Report) Encode() []byte {
	b, _ := json.MarshalIndent(r, "", "  ")
	return append(b, '\n')
}
