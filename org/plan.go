// Package org scans a whole organisation on engines teams already run: a
// deterministic plan splits the repositories into shards, each shard is
// scanned by any engine (a GitHub Actions matrix, a Kubernetes Indexed Job, a
// GitLab parallel job) into idempotent per-repository results written
// atomically, and a merge builds the organisation report and feeds the
// history store. tollgate never clones, queues or schedules: the engine does.
package org

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/policy"
)

// PlanSchema names the version of a plan's encoding.
const PlanSchema = "tollgate.org-plan/v1"

// MaxShards bounds a plan: a GitHub Actions matrix holds at most 256 jobs.
const MaxShards = 256

// Plan is the split of an organisation's repositories into shards. Its
// digest covers everything else in it, so a shard can refuse a plan that was
// changed after the run began.
type Plan struct {
	Schema string `json:"schema"`
	// Run names the run's output directory, out/<run>.
	Run string `json:"run"`
	// ReposDigest is the SHA-256 of the sorted repository names and dirs.
	ReposDigest  string   `json:"repos_digest"`
	ToolVersion  string   `json:"tool_version"`
	PolicyDigest string   `json:"policy_digest"`
	PolicyFile   string   `json:"policy_file,omitempty"`
	Only         []string `json:"only,omitempty"`
	Shards       int      `json:"shards"`
	Repos        []Repo   `json:"repos"`
	// Digest is the SHA-256 of the plan's JSON encoding with Digest empty.
	Digest string `json:"digest"`
}

// Repo is one repository of a plan.
type Repo struct {
	// Name is host/owner/name.
	Name string `json:"name"`
	// Dir is the local clone the shard scans (a clone step the user runs
	// before the shard puts it there).
	Dir   string `json:"dir"`
	Shard int    `json:"shard"`
}

// PlanOptions configures Plan. The zero value plans one shard with the
// default policy.
type PlanOptions struct {
	Shards int
	// PolicyFile is the organisation's policy, applied to every repository;
	// empty means the defaults.
	PolicyFile string
	// Only restricts the scans to these domains.
	Only []string
	// Run names the run; empty derives it from the digest.
	Run string
	// Version overrides the tool version (for tests).
	Version string
}

// ToolVersion returns the version of this binary, or override when set.
func ToolVersion(override string) string {
	if override != "" {
		return override
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// MaxReposFile caps the bytes read of a repository list.
const MaxReposFile = 64 << 20

// ReadRepos reads a repository list: one repository a line, "host/owner/name"
// optionally followed by the clone's directory (relative paths are relative
// to the list's directory; without one, clones/host/owner/name, clones
// defaulting to the list's directory). Blank lines and lines starting with #
// are skipped. Problems are reported with their line, and every good line is
// still returned.
func ReadRepos(path, clones string) ([]Repo, error) {
	b, err := safefs.ReadTrusted(path, MaxReposFile)
	if err != nil {
		return nil, fmt.Errorf("read repository list: %w", err)
	}
	base := filepath.Dir(path)
	if clones == "" {
		clones = base
	}
	return ParseRepos(path, b, base, clones)
}

// ParseRepos parses the bytes of a repository list named name (for
// messages); see ReadRepos.
func ParseRepos(name string, b []byte, base, clones string) ([]Repo, error) {
	var repos []Repo
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if err := checkName(fields[0]); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", name, n, err))
			continue
		}
		r := Repo{Name: fields[0], Dir: filepath.Join(clones, filepath.FromSlash(fields[0]))}
		switch len(fields) {
		case 1:
		case 2:
			r.Dir = fields[1]
			if !filepath.IsAbs(r.Dir) {
				r.Dir = filepath.Join(base, r.Dir)
			}
		default:
			errs = append(errs, fmt.Errorf("%s:%d: want a name and at most a directory, got %d fields", name, n, len(fields)))
			continue
		}
		repos = append(repos, r)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("read repository list %s: %w", name, err))
	}
	return repos, errors.Join(errs...)
}

// FindClones lists the clones under dir laid out as host/owner/name, each a
// directory holding .git.
func FindClones(dir string) ([]Repo, error) {
	var repos []Repo
	matches, err := filepath.Glob(filepath.Join(dir, "*", "*", "*", ".git"))
	if err != nil {
		return nil, fmt.Errorf("find clones in %q: %w", dir, err)
	}
	for _, m := range matches {
		clone := filepath.Dir(m)
		rel, err := filepath.Rel(dir, clone)
		if err != nil {
			continue
		}
		repos = append(repos, Repo{Name: filepath.ToSlash(rel), Dir: clone})
	}
	if len(repos) == 0 {
		return nil, fmt.Errorf("find clones in %q: no host/owner/name/.git found", dir)
	}
	return repos, nil
}

// checkName accepts host/owner/name made of safe path elements: the name
// becomes a path of the output directory.
func checkName(name string) error {
	parts := strings.Split(name, "/")
	if len(parts) != 3 {
		return fmt.Errorf("repository %q: want host/owner/name", name)
	}
	for _, p := range parts {
		if p == "" || p == "." || p == ".." || strings.HasPrefix(p, ".") {
			return fmt.Errorf("repository %q: bad path element %q", name, p)
		}
		for _, r := range p {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.", r)) {
				return fmt.Errorf("repository %q: character %q not allowed", name, r)
			}
		}
	}
	return nil
}

// NewPlan splits repos into shards. The same repositories, version, policy
// and options always give the same plan, whatever the input order: each
// repository's shard is a hash of its name, so adding one repository moves
// no other.
func NewPlan(repos []Repo, opts PlanOptions) (*Plan, error) {
	if opts.Shards == 0 {
		opts.Shards = 1
	}
	if opts.Shards < 1 || opts.Shards > MaxShards {
		return nil, fmt.Errorf("shards %d: want 1 to %d", opts.Shards, MaxShards)
	}
	if len(repos) == 0 {
		return nil, errors.New("plan: no repositories")
	}
	pol := policy.Default()
	if opts.PolicyFile != "" {
		var err error
		if pol, err = policy.LoadFile(opts.PolicyFile); err != nil {
			return nil, err
		}
	}
	p := &Plan{Schema: PlanSchema, ToolVersion: ToolVersion(opts.Version), PolicyDigest: pol.Digest,
		PolicyFile: opts.PolicyFile, Only: slices.Sorted(slices.Values(opts.Only)), Shards: opts.Shards}
	p.Only = slices.Compact(p.Only)
	seen := map[string]bool{}
	for _, r := range repos {
		if err := checkName(r.Name); err != nil {
			return nil, err
		}
		if seen[r.Name] {
			return nil, fmt.Errorf("plan: repository %q listed twice", r.Name)
		}
		seen[r.Name] = true
		sum := sha256.Sum256([]byte(r.Name))
		r.Shard = int((uint64(sum[0])<<24 | uint64(sum[1])<<16 | uint64(sum[2])<<8 | uint64(sum[3])) % uint64(opts.Shards))
		p.Repos = append(p.Repos, r)
	}
	slices.SortFunc(p.Repos, func(a, b Repo) int { return strings.Compare(a.Name, b.Name) })
	h := sha256.New()
	for _, r := range p.Repos {
		fmt.Fprintf(h, "%s\x00%s\n", r.Name, r.Dir)
	}
	p.ReposDigest = hex.EncodeToString(h.Sum(nil))
	p.Run = opts.Run
	if p.Run == "" {
		p.Run = "run-" + p.ReposDigest[:12]
	} else if err := checkRun(p.Run); err != nil {
		return nil, err
	}
	p.Digest = p.digest()
	return p, nil
}

func checkRun(run string) error {
	if run == "" || run == "." || run == ".." || strings.ContainsAny(run, `/\`) || strings.HasPrefix(run, ".") {
		return fmt.Errorf("run name %q: want one path element", run)
	}
	return nil
}

func (p *Plan) digest() string {
	cp := *p
	cp.Digest = ""
	b, _ := json.Marshal(&cp)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Encode returns the plan's JSON, indented, with a final newline.
func (p *Plan) Encode() []byte {
	b, _ := json.MarshalIndent(p, "", "  ")
	return append(b, '\n')
}

// MaxPlanSize caps the bytes read of a plan.
const MaxPlanSize = 256 << 20

// ReadPlan reads a plan and checks its digest.
func ReadPlan(path string) (*Plan, error) {
	b, err := safefs.ReadTrusted(path, MaxPlanSize)
	if err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	return ParsePlan(b)
}

// ParsePlan decodes a plan and refuses it when its digest does not match
// its content, its schema is unknown or its shards are out of range.
func ParsePlan(b []byte) (*Plan, error) {
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("parse plan: %w", err)
	}
	if p.Schema != PlanSchema {
		return nil, fmt.Errorf("plan schema %q, want %q", p.Schema, PlanSchema)
	}
	if p.Shards < 1 || p.Shards > MaxShards {
		return nil, fmt.Errorf("plan shards %d: want 1 to %d", p.Shards, MaxShards)
	}
	if err := checkRun(p.Run); err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	for _, r := range p.Repos {
		if err := checkName(r.Name); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		if r.Shard < 0 || r.Shard >= p.Shards {
			return nil, fmt.Errorf("plan: repository %q in shard %d of %d", r.Name, r.Shard, p.Shards)
		}
	}
	if d := p.digest(); d != p.Digest {
		return nil, fmt.Errorf("plan digest %q does not match its content (%q): the plan was changed after it was made", p.Digest, d)
	}
	return &p, nil
}

// ShardRepos returns the repositories of shard i.
func (p *Plan) ShardRepos(i int) []Repo {
	var out []Repo
	for _, r := range p.Repos {
		if r.Shard == i {
			out = append(out, r)
		}
	}
	return out
}

// writeAtomic writes data to path through a temporary file in the same
// directory and a rename, so readers see the old file, or the whole new one.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
	}
	return werr
}

// exists reports whether path exists.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
