package pipeline

import (
	"strings"
)

// Pipeline is one CI file normalized: a GitHub Actions workflow, a local
// composite action, or a GitLab CI pipeline with its local includes merged.
// Rules are written once against it.
type Pipeline struct {
	Path string
	Kind Kind
	// Lines is the number of lines of the file itself (not its includes).
	Lines int
	Name  string
	// Pos is where the pipeline starts (its first key).
	Pos Pos

	// Triggers are the events that start the pipeline, sorted, with the
	// position of each. GitHub: the keys of `on`. GitLab: inferred from
	// `$CI_PIPELINE_SOURCE` in workflow rules ("push" when nothing says).
	Triggers []Trigger
	// TriggersPos is the position of `on:` (GitHub) or `workflow:` (GitLab).
	TriggersPos Pos
	// Reusable is true for a GitHub workflow with `on: workflow_call`.
	Reusable bool
	// Callers are the jobs of other local workflows that call this one.
	Callers []*Job

	// Permissions are the workflow-level token permissions; nil when unset.
	Permissions *Permissions
	// Concurrency is the workflow-level concurrency group; nil when unset.
	Concurrency *Concurrency
	Env         []KV

	Jobs []*Job

	// Includes are GitLab `include:` entries; local ones are merged into
	// Jobs, the others are recorded, never fetched.
	Includes []Include
	// Generated names the generator or source file when the file says it
	// is generated ("*.lock.yml" from its ".md", cargo-dist...).
	Generated string

	// PushPaths are a workflow's `on: push: paths:` as written (no alias
	// followed).
	PushPaths []string

	// shell is `defaults: run: shell:`; shellSet when the key is there.
	shell    string
	shellSet bool
	// stages are GitLab's `stages:` when given as a list (stagesSet).
	stages    []string
	stagesSet bool
	// runWorkflows are a workflow's `on: workflow_run: workflows:`.
	runWorkflows []string

	// Src is the file's bytes.
	Src []byte
	// Truncated is set when alias expansion hit its budget; the model is
	// then partial.
	Truncated bool
}

// Trigger is one event that starts a pipeline.
type Trigger struct {
	Event string
	// Types are the activity types (`types: [opened]`), when listed.
	Types []string
	// TagsOnly is set for a push trigger filtered to tags only.
	TagsOnly bool
	Pos      Pos
}

// Permissions are GITHUB_TOKEN permissions.
type Permissions struct {
	Pos Pos
	// All is "read-all", "write-all" or "" when scopes are listed.
	All string
	// Scopes maps a scope ("contents") to "read", "write" or "none".
	Scopes []Scope
}

// Scope is one permission scope.
type Scope struct {
	Name, Level string
	Pos         Pos
}

// Level returns the access of a scope ("none" when not granted).
func (p *Permissions) Level(scope string) string {
	if p == nil {
		return ""
	}
	switch p.All {
	case "write-all":
		return "write"
	case "read-all":
		return "read"
	}
	for _, s := range p.Scopes {
		if s.Name == scope {
			return s.Level
		}
	}
	return "none"
}

// Concurrency is a concurrency group (GitHub) or resource_group (GitLab).
type Concurrency struct {
	Group  string
	Cancel bool
	Pos    Pos
}

// Include is a GitLab include entry.
type Include struct {
	// Type is "local", "remote", "project", "template" or "component".
	Type     string
	Location string
	// Project and Ref are set for project includes; Ref is "" when the
	// include follows the project's default branch.
	Project, Ref string
	Pos          Pos
	// Resolved lists the local files it brought in.
	Resolved []string
}

// Job is one job: a GitHub job or a GitLab job (hidden jobs are not jobs).
type Job struct {
	ID   string
	Name string
	// Pos is the position of the job's key.
	Pos Pos

	RunsOn    []string
	RunsOnPos Pos
	Needs     []string
	NeedsPos  Pos
	If        string
	IfPos     Pos

	// Environment is the deployment environment name, "" when none.
	Environment    string
	EnvironmentPos Pos
	// Timeout is timeout-minutes (GitLab: timeout converted to minutes);
	// TimeoutSet is false when the job has none of its own or inherited.
	Timeout    int
	TimeoutSet bool
	TimeoutPos Pos

	Matrix *Matrix

	Container string
	Services  []string
	// ContainerEnv and ServiceEnv are the `env:` of the job's container
	// and of its services (all services together).
	ContainerEnv []KV
	ServiceEnv   []KV

	Permissions *Permissions
	Concurrency *Concurrency
	Env         []KV

	// Uses is the reusable workflow a GitHub job calls; Callee is it,
	// parsed, when it is local.
	Uses    string
	UsesPos Pos
	With    []KV
	Callee  *Pipeline
	// Secrets is "inherit", or the names passed to a reusable workflow.
	Secrets    []string
	SecretsPos Pos
	// SecretMap is the `secrets:` mapping passed to a reusable workflow
	// (callee name: expression); empty for `secrets: inherit`.
	SecretMap []KV

	ContinueOnError    bool
	ContinueOnErrorPos Pos
	// Outputs are a GitHub job's outputs.
	Outputs []KV

	// GitLab.
	Stage        string
	Extends      []string
	Manual       bool
	ManualPos    Pos
	AllowFailure bool
	AllowFailPos Pos
	Retry        int
	RetryPos     Pos
	Image        string
	Trigger      string
	// Interruptible is GitLab's `interruptible: true` (own or default).
	Interruptible bool
	// Cache is true when the job declares a GitLab cache (own or default).
	Cache bool
	// ExtendsFrom are the files defining the templates of the job's
	// extends: chain, transitively, sorted; "" stands for a template no
	// file read defines (it comes from a non-local include).
	ExtendsFrom []string

	Steps []*Step

	// Pipeline is the pipeline the job belongs to.
	Pipeline *Pipeline
	// RuleIfs, Only and Changes are, for a GitLab job, what its (merged)
	// mapping says as written (no alias followed): the `if:` of each
	// `rules:` entry that has a scalar one, the scalars of `only:` (or of
	// `only: refs:`), and the paths of `rules: changes:` (or `changes:
	// paths:`) and `only: changes:`.
	RuleIfs []string
	Only    []string
	Changes []string

	// facts are what rules read of the job's (merged) mapping.
	facts nodeFacts

	// all is AllSteps, computed once by the loader when expanded is set.
	all      []*Step
	expanded bool
}

// Matrix describes a job's matrix or GitLab parallel:matrix.
type Matrix struct {
	// Size is the number of jobs it expands to (with include and exclude).
	Size int
	// Dynamic is true when a dimension comes from an expression, so Size
	// counts it as one.
	Dynamic bool
	Pos     Pos
}

// Step is one step: a GitHub step, or one entry of a GitLab script.
type Step struct {
	// Index is the 0-based position in the job's step list.
	Index int
	ID    string
	Name  string
	Pos   Pos

	Uses    string
	UsesPos Pos
	// UsesComment is the line comment beside `uses:` ("# v4.1.1").
	UsesComment string

	// Run is the shell script; RunLines holds it line by line with the
	// position of each line.
	Run      string
	RunPos   Pos
	RunLines []Line
	Shell    string

	With            []KV
	Env             []KV
	If              string
	IfPos           Pos
	ContinueOnError bool
	ContinueOnPos   Pos
	Timeout         int
	TimeoutSet      bool

	// Section is the GitLab script section ("before_script", "script",
	// "after_script"); "" for GitHub.
	Section string

	// Action is the local composite action the step runs, parsed.
	Action *Pipeline
	// Origin is, for a step expanded from a composite action, the step of
	// the workflow that called it; nil for a step of the file itself.
	Origin *Step

	// workDir is the step's `working-directory:` as a clean relative
	// directory, "" when absent or not one.
	workDir string
	Job     *Job
}

// Line is one line of a script with its position.
type Line struct {
	Text string
	Pos  Pos
}

// Where is the position at which findings about the step in its workflow
// context are reported: the calling step for expanded steps.
func (s *Step) Where() Pos {
	if s.Origin != nil {
		return s.Origin.Where()
	}
	return s.Pos
}

// Label names a step for messages: its name, id, uses or first line.
func (s *Step) Label() string {
	switch {
	case s.Name != "":
		return s.Name
	case s.ID != "":
		return s.ID
	case s.Uses != "":
		return s.Uses
	case len(s.RunLines) > 0:
		t := s.RunLines[0].Text
		if len(t) > 60 {
			t = t[:60] + "…"
		}
		return t
	}
	return "step " + itoa(s.Index+1)
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}

// AllSteps returns the job's steps with the steps of local composite
// actions inlined after the step that uses them (depth-first, each action
// once per use, cycles cut), within maxExpandedSteps: Analyze computes it
// once per job and reports a job that goes beyond.
func (j *Job) AllSteps() []*Step {
	if j.expanded {
		return j.all
	}
	left := maxExpandedSteps
	all, _ := expandSteps(j, &left)
	return all
}

// OS returns the runner's operating system family from runs-on (or the
// GitLab image/tags): "linux", "windows" or "macos".
func (j *Job) OS() string {
	for _, r := range j.RunsOn {
		switch l := strings.ToLower(r); {
		case strings.Contains(l, "windows"):
			return "windows"
		case strings.Contains(l, "macos") || strings.Contains(l, "mac-") || strings.Contains(l, "osx"):
			return "macos"
		}
	}
	return "linux"
}
