package pipeline

import (
	"cmp"
	"context"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"io/fs"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// The gate inventory: which quality gates each pipeline runs, which deploys
// it makes, and whether each gate can stop each deploy through the job
// graph.
//
// A gate blocks a deploy when it can fail (no `continue-on-error`, no
// `allow_failure`, no `|| true`, no literal metric, and the tool fails on
// what it finds) and the deploy cannot run unless it passed: an earlier step
// of the same job, or a job the deploy job depends on transitively — through
// `needs`, GitLab's stage order when a job has no `needs`, Cloud Build's
// `waitFor` (all earlier steps by default), a local reusable workflow (the
// calling job waits for every job of the callee; a job of the callee waits
// for what its caller needs), and `workflow_run` when the job (or a job it
// needs) checks `github.event.workflow_run.conclusion == 'success'`. A job
// that runs whatever its dependencies did (`if: always()`, `failure()`,
// `cancelled()`, GitLab `when: always`) cuts the path there.

// yget returns the value of key in a mapping node, following aliases; nil
// when n is not a mapping or has no such key.
func yget(n *yaml.Node, key string) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v := n.Content[i+1]
			for v != nil && v.Kind == yaml.AliasNode {
				v = v.Alias
			}
			return v
		}
	}
	return nil
}

// gateInfo is the inventory with what building it caches.
type gateInfo struct {
	cmds map[string][]command
	// stepCmds holds each step's commands (see analysis.commands).
	stepCmds map[*Step][]command
	sources  map[string]string
	built    bool
	// extra are the pipelines read for the inventory only (Cloud Build).
	extra   []*Pipeline
	gates   []*gateUse
	deploys []*deployUse
}

// gateUse is one quality gate.
type gateUse struct {
	Job  *Job // nil for a signal or an included template
	Step *Step
	// idx is the step's place in the job's AllSteps, seq the command's
	// place in the step's script.
	idx      int
	seq      int
	Pos      Pos
	Pipeline string
	JobID    string
	Label    string
	Kind     string
	Tool     string
	// Placebo says why the gate cannot fail; Soft is set when that is the
	// tool's default behaviour (it reports without failing) rather than a
	// construct someone wrote to ignore a failure.
	Placebo string
	Soft    bool
	Signal  bool
	Blocks  []*deployUse
	// Guards counts the deploys that depend on the gate, whether or not it
	// can stop them.
	Guards int
}

// deployUse is one deploy.
type deployUse struct {
	Job      *Job
	Step     *Step
	idx      int
	seq      int
	Pos      Pos
	Kind     string
	What     string
	Model    bool
	Approval string
	// Gates are the blocking gates it depends on.
	Gates []*gateUse
}

func (a *analysis) gi() *gateInfo {
	if a.gates == nil {
		a.gates = &gateInfo{cmds: map[string][]command{}, sources: map[string]string{}}
	}
	return a.gates
}

// inventoryPipelines returns the pipelines the inventory covers: the
// workflows and GitLab pipelines, and the Cloud Build files.
func (a *analysis) inventoryPipelines() []*Pipeline {
	out := a.workflows()
	out = append(out, a.gi().extra...)
	return out
}

// gateInventory builds the inventory once.
func (a *analysis) gateInventory() *gateInfo {
	g := a.gi()
	if g.built {
		return g
	}
	g.built = true
	for _, p := range a.inventoryPipelines() {
		for _, j := range p.Jobs {
			if j.Uses != "" && j.Callee == nil {
				if h, ok := reusableGate(j.Uses); ok {
					g.gates = append(g.gates, &gateUse{Job: j, Pos: j.UsesPos, Pipeline: p.Path, JobID: j.ID, Label: j.Uses, Kind: h.Kind, Tool: h.Tool})
				}
			}
			for i, s := range j.AllSteps() {
				label := s.Label()
				if s.Origin != nil {
					label = s.Origin.Label()
				}
				for _, h := range a.stepGates(s) {
					gu := &gateUse{Job: j, Step: s, idx: i, seq: h.Seq, Pos: h.Pos, Pipeline: p.Path, JobID: j.ID, Label: label, Kind: h.Kind, Tool: h.Tool, Placebo: h.Placebo, Soft: h.Soft}
					if gu.Placebo == "" {
						gu.Placebo = stepPlacebo(j, s)
					}
					g.gates = append(g.gates, gu)
				}
				for _, d := range a.stepDeploys(s) {
					g.deploys = append(g.deploys, &deployUse{Job: j, Step: s, idx: i, seq: d.Seq, Pos: d.Pos, Kind: d.Kind, What: d.What, Model: d.Model})
				}
			}
		}
		g.gates = append(g.gates, includeGates(p)...)
	}
	g.gates = append(g.gates, a.signalGates()...)
	a.linkGates()
	return g
}

// stepPlacebo says why a gate step's failure cannot fail its job or the
// pipeline: continue-on-error on the step or the job, GitLab allow_failure.
func stepPlacebo(j *Job, s *Step) string {
	top := s
	if s.Origin != nil {
		top = s.Origin
	}
	switch {
	case s.ContinueOnError || top.ContinueOnError:
		return "continue-on-error"
	case j.ContinueOnError:
		return "job continue-on-error"
	case j.AllowFailure && !allowFailureCodes(j):
		return "allow_failure"
	case j.Pipeline.Kind == GitLab && s.Section == "after_script":
		return "after_script (its failure does not fail the job)"
	}
	return ""
}

// allowFailureCodes reports a GitLab `allow_failure: exit_codes:`, which
// lets only the listed codes through.
func allowFailureCodes(j *Job) bool { return j.facts.failCodes }

// alwaysIf matches conditions under which a job or step runs whatever its
// dependencies did.
var (
	alwaysIf    = lazyre.New(`\b(always|failure|cancelled)\s*\(\s*\)`)
	successNeed = lazyre.New(`\.result\s*(==\s*['"]success['"]|!=\s*['"]failure['"])`)
	successRun  = lazyre.New(`workflow_run\.conclusion\s*==\s*['"]success['"]`)
)

// alwaysLike reports whether a job runs whatever the jobs it depends on did.
func alwaysLike(j *Job) bool {
	if j.Pipeline.Kind == GitLab {
		return j.facts.whenAlways
	}
	return alwaysIf.MatchString(j.If) && !successNeed.MatchString(j.If)
}

func stepAlways(s *Step) bool {
	if s.Origin != nil {
		s = s.Origin
	}
	return alwaysIf.MatchString(s.If) && !strings.Contains(s.If, "success()")
}

// stageOrder returns a GitLab pipeline's stages in order.
func stageOrder(p *Pipeline) map[string]int {
	st := []string{"build", "test", "deploy"}
	if p.stagesSet {
		st = p.stages
	}
	out := map[string]int{".pre": -1, ".post": len(st) + 1}
	for i, s := range st {
		if _, ok := out[s]; !ok {
			out[s] = i
		}
	}
	return out
}

// graph answers which jobs a job depends on.
type graph struct {
	a      *analysis
	byID   map[*Pipeline]map[string]*Job
	stages map[*Pipeline]map[string]int
	// runs maps a workflow name to the pipelines with it, for workflow_run.
	runs map[string][]*Pipeline
}

func (a *analysis) newGraph() *graph {
	g := &graph{a: a, byID: map[*Pipeline]map[string]*Job{}, stages: map[*Pipeline]map[string]int{}, runs: map[string][]*Pipeline{}}
	for _, p := range a.inventoryPipelines() {
		name := p.Name
		if name == "" {
			name = p.Path
		}
		g.runs[name] = append(g.runs[name], p)
	}
	return g
}

func (g *graph) job(p *Pipeline, id string) *Job {
	m, ok := g.byID[p]
	if !ok {
		m = make(map[string]*Job, len(p.Jobs))
		for _, j := range p.Jobs {
			if _, dup := m[j.ID]; !dup {
				m[j.ID] = j
			}
		}
		g.byID[p] = m
	}
	return m[id]
}

// needs returns the jobs j waits for in its own pipeline.
func (g *graph) needs(j *Job) []*Job {
	p := j.Pipeline
	var out []*Job
	if p.Kind == GitLab && j.NeedsPos.IsZero() {
		st, ok := g.stages[p]
		if !ok {
			st = stageOrder(p)
			g.stages[p] = st
		}
		mine, ok := st[j.Stage]
		if !ok {
			return nil
		}
		for _, o := range p.Jobs {
			if s, ok := st[o.Stage]; ok && s < mine {
				out = append(out, o)
			}
		}
		return out
	}
	for _, n := range j.Needs {
		if o := g.job(p, n); o != nil && o != j {
			out = append(out, o)
		}
	}
	return out
}

// upstreamRuns returns the pipelines a workflow_run-triggered job waits for
// the success of: those named in `on.workflow_run.workflows` when the job
// checks the run's conclusion.
func (g *graph) upstreamRuns(j *Job) []*Pipeline {
	if j.Pipeline.Kind != GitHub || !successRun.MatchString(j.If) {
		return nil
	}
	var out []*Pipeline
	for _, n := range j.Pipeline.runWorkflows {
		out = append(out, g.runs[n]...)
	}
	return out
}

// upstream returns the jobs j cannot run without, in a deterministic order.
// With cut set, a job that runs whatever its dependencies did is not
// expanded (its dependencies do not block what depends on it).
func (g *graph) upstream(j *Job, cut bool) []*Job {
	type item struct {
		j *Job
		// asCaller is set for the caller of a reusable workflow reached from
		// one of the callee's jobs: only what the caller needs counts, not
		// the callee's other jobs.
		asCaller bool
	}
	seen := map[*Job]bool{j: true}
	var out []*Job
	stack := []item{{j, false}}
	add := func(o *Job, asCaller bool) {
		if asCaller {
			stack = append(stack, item{o, true})
			return
		}
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
			stack = append(stack, item{o, false})
		}
	}
	callers := map[*Job]bool{}
	for steps := 0; len(stack) > 0 && steps < 100000; steps++ {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		cur := it.j
		if it.asCaller {
			if callers[cur] {
				continue
			}
			callers[cur] = true
		}
		if cut && alwaysLike(cur) {
			continue
		}
		for _, n := range g.needs(cur) {
			add(n, false)
		}
		if !it.asCaller && cur.Callee != nil {
			for _, cj := range cur.Callee.Jobs {
				add(cj, false)
			}
		}
		for _, c := range cur.Pipeline.Callers {
			add(c, true)
		}
		for _, up := range g.upstreamRuns(cur) {
			for _, uj := range up.Jobs {
				add(uj, false)
			}
		}
	}
	return out
}

// linkGates decides, for every deploy, which gates block it.
func (a *analysis) linkGates() {
	g := a.gi()
	gr := a.newGraph()
	byJob := map[*Job][]*gateUse{}
	for _, gu := range g.gates {
		if gu.Job != nil {
			byJob[gu.Job] = append(byJob[gu.Job], gu)
		}
	}
	reached := map[*gateUse]bool{}
	var alwaysJob = map[*gateUse]string{}
	for _, d := range g.deploys {
		j := d.Job
		d.Approval = approvalOf(j)
		guarded := map[*gateUse]bool{}
		for _, gu := range byJob[j] {
			if before(gu, d) {
				guarded[gu] = true
			}
		}
		for _, u := range gr.upstream(j, false) {
			for _, gu := range byJob[u] {
				guarded[gu] = true
			}
		}
		for gu := range guarded {
			gu.Guards++
		}
		var ups []*Job
		if !stepAlways(d.Step) {
			ups = gr.upstream(j, true)
			for _, gu := range byJob[j] {
				if before(gu, d) {
					reached[gu] = true
					if gu.Placebo == "" {
						gu.Blocks = append(gu.Blocks, d)
						d.Gates = append(d.Gates, gu)
					}
				}
			}
		} else {
			for _, gu := range byJob[j] {
				if before(gu, d) {
					alwaysJob[gu] = j.ID
				}
			}
		}
		for _, u := range ups {
			if d.Approval == "" {
				d.Approval = approvalOf(u)
			}
			for _, gu := range byJob[u] {
				reached[gu] = true
				if gu.Placebo == "" {
					gu.Blocks = append(gu.Blocks, d)
					d.Gates = append(d.Gates, gu)
				}
			}
		}
		for _, u := range gr.upstream(j, false) {
			for _, gu := range byJob[u] {
				if !reached[gu] {
					if _, ok := alwaysJob[gu]; !ok {
						alwaysJob[gu] = j.ID
					}
				}
			}
		}
		if d.Approval == "" {
			for _, gu := range byJob[j] {
				if gu.Kind == "approval" && before(gu, d) {
					d.Approval = "approval step"
				}
			}
		}
	}
	for gu, job := range alwaysJob {
		if !reached[gu] && gu.Placebo == "" {
			gu.Placebo = "deploy job " + quote(job) + " runs whatever it did (always())"
			if gu.Job != nil && gu.Job.Pipeline.Kind == GitLab {
				gu.Placebo = "deploy job " + quote(job) + " runs whatever it did (when: always)"
			}
		}
	}
}

// before reports whether a gate runs before a deploy in the same job: an
// earlier step, or an earlier command of the same script (which stops the
// script when it fails, the shell running with -e).
func before(g *gateUse, d *deployUse) bool {
	return g.idx < d.idx || g.idx == d.idx && g.seq < d.seq
}

func quote(s string) string { return `"` + s + `"` }

// approvalOf says how a human approves a job: a GitHub or GitLab
// environment, a manual GitLab job.
func approvalOf(j *Job) string {
	switch {
	case j.Environment != "":
		return "environment"
	case j.Manual:
		return "manual"
	}
	return ""
}

// report builds the report section, sorted.
func (g *gateInfo) report() *report.GateInventory {
	inv := &report.GateInventory{Gates: []report.QualityGate{}, Deploys: []report.Deploy{}}
	deployPipes := map[string]bool{}
	for _, d := range g.deploys {
		deployPipes[d.Job.Pipeline.Path] = true
	}
	for _, gu := range g.gates {
		q := report.QualityGate{Location: loc(gu.Pos), Pipeline: gu.Pipeline, Job: gu.JobID, Step: gu.Label, Kind: gu.Kind, Tool: gu.Tool, Placebo: gu.Placebo, Signal: gu.Signal}
		for _, d := range gu.Blocks {
			q.Blocks = append(q.Blocks, d.Job.Pipeline.Path+"#"+d.Job.ID)
		}
		slices.Sort(q.Blocks)
		q.Blocks = slices.Compact(q.Blocks)
		q.Blocking = gu.Placebo == "" && !gu.Signal && (len(q.Blocks) > 0 || !deployPipes[gu.Pipeline])
		inv.Gates = append(inv.Gates, q)
	}
	for _, d := range g.deploys {
		r := report.Deploy{Location: loc(d.Pos), Pipeline: d.Job.Pipeline.Path, Job: d.Job.ID, Step: stepLabel(d.Step), Kind: d.Kind, What: d.What,
			Model: d.Model, Environment: d.Job.Environment, Approval: d.Approval}
		if d.Job.Pipeline.Kind != CloudBuild {
			r.Triggers = d.Job.Pipeline.EffectiveTriggers()
		}
		for _, gu := range d.Gates {
			r.GatedBy = append(r.GatedBy, gu.Kind)
		}
		slices.Sort(r.GatedBy)
		r.GatedBy = slices.Compact(r.GatedBy)
		inv.Deploys = append(inv.Deploys, r)
	}
	SortGates(inv)
	return inv
}

func stepLabel(s *Step) string {
	if s.Origin != nil {
		return s.Origin.Label()
	}
	return s.Label()
}

func loc(p Pos) finding.Location {
	l := finding.Location{Path: p.Path, StartLine: p.Line, StartCol: p.Col}
	if l.StartLine == 0 {
		l.StartLine, l.StartCol = 1, 1
	}
	return l
}

// SortGates sorts an inventory by position, then job, step, kind and tool,
// so the same pipelines give the same bytes.
func SortGates(inv *report.GateInventory) {
	cl := func(a, b finding.Location) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.StartLine, b.StartLine), cmp.Compare(a.StartCol, b.StartCol))
	}
	slices.SortStableFunc(inv.Gates, func(a, b report.QualityGate) int {
		return cmp.Or(cl(a.Location, b.Location), strings.Compare(a.Pipeline, b.Pipeline), strings.Compare(a.Job, b.Job),
			strings.Compare(a.Step, b.Step), strings.Compare(a.Kind, b.Kind), strings.Compare(a.Tool, b.Tool))
	})
	slices.SortStableFunc(inv.Deploys, func(a, b report.Deploy) int {
		return cmp.Or(cl(a.Location, b.Location), strings.Compare(a.Pipeline, b.Pipeline), strings.Compare(a.Job, b.Job),
			strings.Compare(a.Step, b.Step), strings.Compare(a.Kind, b.Kind), strings.Compare(a.What, b.What))
	})
}

// Inventory parses the pipeline files among files (GitHub workflows, GitLab
// CI, local actions, Cloud Build files), resolves the references between
// them, and returns the gate inventory, without running the rules. Files
// that are not pipeline files are skipped, so the whole file list of a
// repository can be passed. It is nil when there is no pipeline.
func Inventory(ctx context.Context, fsys fs.FS, files []string) (*report.GateInventory, error) {
	res, err := Model(ctx, fsys, files)
	if err != nil {
		return nil, err
	}
	return res.Gates, nil
}

// Model parses and resolves the pipeline files and builds their gate
// inventory, running no rule: the Result holds the Pipelines, the Gates and
// the files' parse findings only. Domains that read the pipelines for
// their own purposes (the MLOps stages) use it.
func Model(ctx context.Context, fsys fs.FS, files []string) (*Result, error) {
	res, _, err := analyze(ctx, fsys, files, Options{inventoryOnly: true})
	if err != nil {
		return nil, err
	}
	return res, nil
}
