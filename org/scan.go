package org

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
	"github.com/tollgate-dev/tollgate/scan"
)

// ResultSchema names the version of a per-repository result's encoding.
const ResultSchema = "tollgate.org-result/v1"

// Result is what a shard writes for one repository scanned.
type Result struct {
	Schema       string         `json:"schema"`
	Repo         string         `json:"repo"`
	Commit       string         `json:"commit"`
	ToolVersion  string         `json:"tool_version"`
	PolicyDigest string         `json:"policy_digest"`
	Report       *report.Report `json:"report"`
}

// Status is one repository's outcome in a shard.
type Status struct {
	Repo   string `json:"repo"`
	Commit string `json:"commit,omitempty"`
	// State is "ok" (scanned now), "skipped" (done before at the same
	// commit, version and policy) or "failed".
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
}

// Done is the shard's marker, written last: its presence says the shard
// finished.
type Done struct {
	Schema     string   `json:"schema"`
	Shard      int      `json:"shard"`
	PlanDigest string   `json:"plan_digest"`
	Repos      []Status `json:"repos"`
}

// DoneSchema names the version of a shard marker's encoding.
const DoneSchema = "tollgate.org-shard/v1"

// ScanOptions configures ScanShard.
type ScanOptions struct {
	// Out is the output root; the run writes to Out/<run>.
	Out string
	// Now is the clock for the reports; nil means time.Now.
	Now func() time.Time
	// Version overrides the tool version (for tests).
	Version string
	// Progress, when set, is told each repository's outcome.
	Progress func(Status)
}

// RunDir returns the run's output directory.
func RunDir(out string, p *Plan) string { return filepath.Join(out, p.Run) }

// ResultPath returns where a repository's result at commit is written.
func ResultPath(runDir, repo, commit string) string {
	return filepath.Join(runDir, "repos", filepath.FromSlash(repo), commit+".json")
}

// DonePath returns the path of shard i's marker.
func DonePath(runDir string, i int) string {
	return filepath.Join(runDir, "shards", strconv.Itoa(i)+".done")
}

// ScanShard scans the repositories of shard i. It refuses a plan made by
// another tool version, with another policy, or other than the plan the run
// began with (kept as <run>/plan.json). A repository already done at the
// same commit, version and policy is skipped, so a killed shard's rerun
// completes the rest and changes nothing done. One repository failing does
// not stop the others; the marker records each outcome with its reason.
func ScanShard(ctx context.Context, p *Plan, i int, opts ScanOptions) (*Done, error) {
	if i < 0 || i >= p.Shards {
		return nil, fmt.Errorf("shard %d: the plan has shards 0 to %d", i, p.Shards-1)
	}
	if v := ToolVersion(opts.Version); v != p.ToolVersion {
		return nil, fmt.Errorf("plan made by tollgate %q, this is %q: make a new plan", p.ToolVersion, v)
	}
	pol := policy.Default()
	if p.PolicyFile != "" {
		var err error
		if pol, err = policy.LoadFile(p.PolicyFile); err != nil {
			return nil, err
		}
	}
	if pol.Digest != p.PolicyDigest {
		return nil, fmt.Errorf("policy %q has digest %q, the plan %q: the policy changed after the plan was made", p.PolicyFile, pol.Digest, p.PolicyDigest)
	}
	runDir := RunDir(opts.Out, p)
	if err := claimRun(runDir, p); err != nil {
		return nil, err
	}
	done := &Done{Schema: DoneSchema, Shard: i, PlanDigest: p.Digest, Repos: []Status{}}
	for _, r := range p.ShardRepos(i) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		st := scanRepo(ctx, p, pol, runDir, r, opts)
		if opts.Progress != nil {
			opts.Progress(st)
		}
		done.Repos = append(done.Repos, st)
	}
	b, _ := json.MarshalIndent(done, "", "  ")
	if err := writeAtomic(DonePath(runDir, i), append(b, '\n')); err != nil {
		return nil, fmt.Errorf("write shard marker: %w", err)
	}
	return done, nil
}

// claimRun records the plan in the run directory, or checks that the plan
// already there is this one.
func claimRun(runDir string, p *Plan) error {
	path := filepath.Join(runDir, "plan.json")
	if !exists(path) {
		if err := os.MkdirAll(runDir, 0o755); err != nil {
			return fmt.Errorf("create run directory: %w", err)
		}
		tmp := filepath.Join(runDir, fmt.Sprintf(".plan-%d.json", os.Getpid()))
		if err := writeAtomic(tmp, p.Encode()); err != nil {
			return fmt.Errorf("write plan: %w", err)
		}
		// Link, not rename: of shards starting at once exactly one records
		// the plan, and the others compare theirs with it.
		err := os.Link(tmp, path)
		os.Remove(tmp)
		if err != nil && !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("record plan: %w", err)
		}
	}
	have, err := ReadPlan(path)
	if err != nil {
		return fmt.Errorf("run %q: %w", p.Run, err)
	}
	if have.Digest != p.Digest {
		return fmt.Errorf("run %q began with plan %q, this plan is %q: the repository list or options changed mid-run; make a new run", p.Run, have.Digest, p.Digest)
	}
	return nil
}

func scanRepo(ctx context.Context, p *Plan, pol *policy.Policy, runDir string, r Repo, opts ScanOptions) Status {
	st := Status{Repo: r.Name}
	commit, err := headCommit(r.Dir)
	if err != nil {
		st.State, st.Reason = "failed", err.Error()
		return st
	}
	st.Commit = commit
	path := ResultPath(runDir, r.Name, commit)
	if prev, err := readResult(path); err == nil && prev.ToolVersion == p.ToolVersion && prev.PolicyDigest == p.PolicyDigest {
		st.State = "skipped"
		return st
	}
	rep, err := scan.Run(ctx, scan.Options{Root: r.Dir, Policy: pol, Now: opts.Now, Only: p.Only, Version: p.ToolVersion})
	var de *scan.DomainError
	if err != nil && !errors.As(err, &de) {
		st.State, st.Reason = "failed", err.Error()
		return st
	}
	if rep.Repository.Commit != commit {
		st.State, st.Reason = "failed", fmt.Sprintf("HEAD moved during the scan, from %s to %s", commit, rep.Repository.Commit)
		return st
	}
	// The report names the repository, not this machine's clone path, so
	// results are the same bytes wherever the shard ran.
	rep.Repository.Root = r.Name
	res := Result{Schema: ResultSchema, Repo: r.Name, Commit: commit, ToolVersion: p.ToolVersion,
		PolicyDigest: p.PolicyDigest, Report: rep}
	b, err := json.Marshal(res)
	if err != nil {
		st.State, st.Reason = "failed", fmt.Sprintf("encode result: %v", err)
		return st
	}
	if err := writeAtomic(path, append(b, '\n')); err != nil {
		st.State, st.Reason = "failed", fmt.Sprintf("write result: %v", err)
		return st
	}
	st.State = "ok"
	if de != nil {
		st.Reason = de.Error()
	}
	return st
}

func headCommit(dir string) (string, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if err != nil {
		return "", fmt.Errorf("open clone %q: %w", dir, err)
	}
	head, err := repo.Head()
	if err != nil {
		return "", fmt.Errorf("read HEAD of %q: %w", dir, err)
	}
	return head.Hash().String(), nil
}

// MaxResultSize caps the bytes read of one result.
const MaxResultSize = 512 << 20

func readResult(path string) (*Result, error) {
	b, err := safefs.ReadTrusted(path, MaxResultSize)
	if err != nil {
		return nil, err
	}
	return ParseResult(b)
}

// ParseResult decodes one repository's result.
func ParseResult(b []byte) (*Result, error) {
	var r Result
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("parse result: %w", err)
	}
	if r.Schema != ResultSchema {
		return nil, fmt.Errorf("result schema %q, want %q", r.Schema, ResultSchema)
	}
	if r.Report == nil {
		return nil, errors.New("result has no report")
	}
	return &r, nil
}
