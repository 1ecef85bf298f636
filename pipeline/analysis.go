package pipeline

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"mvdan.cc/sh/v3/syntax"
)

// Options configures Analyze. The zero value means the defaults.
type Options struct {
	// ApprovedActions, ApprovedModels and ApprovedEndpoints list the AI
	// actions (prefix patterns such as "anthropics/*"), model ids (globs
	// such as "claude-*") and endpoint hosts allowed; the approval rule is
	// silent for a list left empty.
	ApprovedActions   []string
	ApprovedModels    []string
	ApprovedEndpoints []string
	// AllowedActions lists prefix patterns of actions allowed ("actions/*");
	// empty means every action is allowed.
	AllowedActions []string
	// ApprovedTemplates lists the approved pipeline templates (globs over
	// reusable workflows, GitLab components and includes); empty turns
	// ci/template-not-approved off.
	ApprovedTemplates []string

	// Bloat thresholds; zero means the default (the p90 of real workflows).
	MaxLines        int // 306
	MaxJobs         int // 4 jobs is the p90; the rule fires above 10
	MaxSteps        int // 9 is the p90; the rule fires above 15
	MaxMatrix       int // 64
	MaxNeedsDepth   int // 4
	MinRepeatFiles  int // 3
	MinRepeatLength int // 3
	MaxInstallJobs  int // 3

	// inventoryOnly skips the rules: Inventory sets it.
	inventoryOnly bool
}

func (o Options) withDefaults() Options {
	set := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	set(&o.MaxLines, 306)
	set(&o.MaxJobs, 10)
	set(&o.MaxSteps, 15)
	set(&o.MaxMatrix, 64)
	set(&o.MaxNeedsDepth, 4)
	set(&o.MinRepeatFiles, 3)
	set(&o.MinRepeatLength, 3)
	set(&o.MaxInstallJobs, 3)
	return o
}

// check is one rule's implementation, run over all pipelines at once so
// that cross-file rules (repeated steps) fit the same shape.
type check struct {
	rule finding.Rule
	run  func(a *analysis)
}

var checks []check

// register registers a rule and its check; rule files call it from init.
func register(r finding.Rule, run func(a *analysis)) {
	finding.Register(r)
	// Kept sorted by inserting in place (no sort per rule at start-up).
	i, _ := slices.BinarySearchFunc(checks, r.ID, func(c check, id string) int { return strings.Compare(c.rule.ID, id) })
	checks = slices.Insert(checks, i, check{r, run})
}

// analysis holds what the checks share: the pipelines, the options and
// facts computed once (AI steps).
type analysis struct {
	pipelines []*Pipeline
	opts      Options
	findings  []finding.Finding
	ai        []*AIUse
	aiByStep  map[*Step]*AIUse
	oidc      map[*Job]bool
	// fsys is the repository, for the scripts steps run; scripts caches
	// what reading each found, scriptText the text of those found not AI.
	fsys       fs.FS
	scripts    map[string]*scriptVerdict
	scriptText map[string]string
	// pkgJSON caches the scripts of each package.json read (ai_pkgscripts.go).
	pkgJSON map[string]map[string]string
	// compose caches the services of each compose file read, nil for a
	// file that could not be read (ai_compose.go).
	compose map[string]map[string]*composeService
	// conftest caches the option-keyed skip branches of each conftest.py
	// read (ai_nocall_tests.go).
	conftest map[string][]skipBranch
	// hatch caches the hatch environments of each directory (ai_hatch.go).
	hatch map[string]map[string]*hatchEnv
	// parsed holds each distinct run: script's commands.
	parsed map[string][]shellCall
	// invs holds each step's invocations, computed on first use.
	invs map[*Step][]invocation
	// flows holds each distinct run: script's parsed facts.
	flows map[string]*scriptFacts
	// trees holds each distinct run: script's syntax tree (nil: it does
	// not parse), sh the parser they share (see shell).
	trees map[string]*syntax.File
	sh    *syntax.Parser
	// cycles and limits come from resolving references between files.
	cycles []cycle
	limits []limit
	// gates is the gate and deploy inventory, built on first use.
	gates *gateInfo
	// heads holds what carries a PR head in each job, built on first use.
	heads map[*Job]*headCarriers
}

func newAnalysis(fsys fs.FS, ps []*Pipeline, opts Options) *analysis {
	a := &analysis{pipelines: ps, opts: opts.withDefaults(), aiByStep: map[*Step]*AIUse{}, oidc: map[*Job]bool{},
		fsys: fsys, scripts: map[string]*scriptVerdict{}, scriptText: map[string]string{}, parsed: map[string][]shellCall{}, flows: map[string]*scriptFacts{},
		trees: map[string]*syntax.File{}}
	a.detectAI()
	a.detectActionInputs()
	return a
}

// report adds a finding of rule r at pos.
func (a *analysis) report(r finding.Rule, pos Pos, ev map[string]string, format string, args ...any) *finding.Finding {
	loc := finding.Location{Path: pos.Path, StartLine: pos.Line, StartCol: pos.Col}
	if loc.StartLine == 0 {
		loc.StartLine, loc.StartCol = 1, 1
	}
	f := r.New(loc, format, args...)
	f.Evidence = ev
	a.findings = append(a.findings, f)
	return &a.findings[len(a.findings)-1]
}

// workflows returns the GitHub workflows and GitLab pipelines (not actions).
func (a *analysis) workflows() []*Pipeline {
	var out []*Pipeline
	for _, p := range a.pipelines {
		if p.Kind != Action {
			out = append(out, p)
		}
	}
	return out
}

// EffectiveTriggers returns the events that can start the pipeline: its
// own, or for a reusable workflow called locally, its callers' triggers
// too, transitively. Each caller is visited once.
func (p *Pipeline) EffectiveTriggers() []string {
	seen := map[string]bool{}
	visited := map[*Pipeline]bool{p: true}
	stack := []*Pipeline{p}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, t := range cur.Triggers {
			seen[t.Event] = true
		}
		for _, c := range cur.Callers {
			if !visited[c.Pipeline] {
				visited[c.Pipeline] = true
				stack = append(stack, c.Pipeline)
			}
		}
	}
	out := make([]string, 0, len(seen))
	for e := range seen {
		out = append(out, e)
	}
	slices.Sort(out)
	return out
}

// EffectivePermissions returns the token permissions a job runs with: its
// own, else the workflow's; nil means none is declared anywhere, so the
// repository default applies (write to everything on older repositories).
// A reusable workflow without its own inherits its caller's.
func (j *Job) EffectivePermissions() *Permissions {
	if j.Permissions != nil {
		return j.Permissions
	}
	return j.Pipeline.inheritedPermissions(map[*Pipeline]bool{})
}

// inheritedPermissions returns the pipeline's permissions, else the first
// caller's (depth-first, in caller order). A pipeline already visited gave
// nothing, so it is not walked again: the cost is the size of the call
// graph, not the number of paths through it.
func (p *Pipeline) inheritedPermissions(visited map[*Pipeline]bool) *Permissions {
	if p.Permissions != nil {
		return p.Permissions
	}
	if visited[p] {
		return nil
	}
	visited[p] = true
	for _, c := range p.Callers {
		if c.Permissions != nil {
			return c.Permissions
		}
		if perm := c.Pipeline.inheritedPermissions(visited); perm != nil {
			return perm
		}
	}
	return nil
}

// writeScopes are the scopes whose write access matters for AI steps.
var writeScopes = []string{"actions", "contents", "id-token", "issues", "packages", "pull-requests", "checks", "deployments", "discussions", "security-events", "statuses", "attestations", "pages"}

// WriteScopes lists the scopes the job's token can write, sorted. For a
// job with no permissions anywhere, it returns ["(default)"] since the
// repository setting decides.
func (j *Job) WriteScopes() []string {
	p := j.EffectivePermissions()
	if p == nil {
		if j.Pipeline.Kind == GitHub {
			return []string{"(default)"}
		}
		return nil
	}
	var out []string
	for _, s := range writeScopes {
		if p.Level(s) == "write" {
			out = append(out, s)
		}
	}
	return out
}

// PermissionList renders effective permissions for the inventory.
func (j *Job) PermissionList() []string {
	p := j.EffectivePermissions()
	if p == nil {
		if j.Pipeline.Kind == GitHub {
			return []string{"default (repository setting)"}
		}
		return nil
	}
	if p.All != "" {
		return []string{p.All}
	}
	var out []string
	for _, s := range p.Scopes {
		out = append(out, s.Name+": "+s.Level)
	}
	slices.Sort(out)
	return out
}

func ev(kv ...string) map[string]string {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
