package pipeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/tollgate-dev/tollgate/internal/lazyre"
)

// The pull request's head reaches a checkout indirectly in a privileged
// workflow: a `workflow_run` job downloads an artifact of the triggering
// run (a pull request's, which wrote it), reads a SHA or repository name
// from it into a step output, passes it through job outputs and `needs`,
// and checks that out; or `github.event.workflow_run.head_sha` goes through
// env and `$GITHUB_OUTPUT` first. headFlow follows those values so
// headCheckoutStep sees the checkout of `${{ needs.ctx.outputs.sha }}` as
// one of the head.

// headPath matches an event field naming the head of a pull request or of
// the run that triggered the workflow.
var headPath = lazyre.New(`^github\.(?:head_ref|event\.pull_request\.head\.(?:sha|ref|repo\.full_name)|event\.workflow_run\.(?:head_sha|head_branch|head_repository\.full_name|head_commit\.id|pull_requests\.\*\.head\.(?:sha|ref)))$`)

// headCarriers are the names that carry a head in one job, each with the
// source it carries: env variables (workflow, job and $GITHUB_ENV), step
// outputs ("steps.x.outputs.y"), needed jobs' outputs ("needs.x.outputs.y"),
// and artifacts of another run downloaded by the job's steps.
type headCarriers struct {
	env, outputs, needs map[string]string
	downloads           []headDownload
}

// headDownload is another run's artifact a step downloads: the names and
// paths it lands under, and where.
type headDownload struct {
	step  *Step
	names []string
	// raws are path and name values holding `${{ }}`, matched whole.
	raws []string
	// workspace is true when the files land in the working directory
	// under names the workflow does not show (no path input): then any
	// read of a relative file counts.
	workspace bool
	pos       Pos
}

// readsRelativeFile matches a script reading a file by a relative name.
var readsRelativeFile = lazyre.New(`(?:^|[\s(;|&])(?:cat|head|tail|jq\s+(?:-\w+\s+)*\S+)\s+["']?(?:\./)?[A-Za-z0-9_][\w.-]*|\$\(<\s*["']?(?:\./)?[A-Za-z0-9_]|readFileSync\(\s*['"` + "`" + `](?:\./)?[A-Za-z0-9_]`)

// source says which head an expression's value carries; "" when none.
func (c *headCarriers) source(expr string, env map[string]string) string {
	n, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(expr + "}}"))
	if err != nil || n == nil {
		return ""
	}
	for _, p := range exprPaths(n, nil) {
		p = strings.ToLower(p)
		switch {
		case headPath.MatchString(p):
			return p
		case strings.HasPrefix(p, "env."):
			for name, src := range env {
				if strings.EqualFold(name, p[len("env."):]) {
					return src
				}
			}
		case strings.HasPrefix(p, "steps."):
			if src := c.outputs[outputRef(p)]; src != "" {
				return src
			}
		case strings.HasPrefix(p, "needs."):
			if src := c.needs[outputRef(p)]; src != "" {
				return src
			}
		}
	}
	return ""
}

// textSource is source for every `${{ }}` of a text.
func (c *headCarriers) textSource(text string, env map[string]string) string {
	exprs, _ := exprsIn(text)
	for _, x := range exprs {
		if src := c.source(x, env); src != "" {
			return src
		}
	}
	return ""
}

// stepEnv returns the env a step sees that carries a head: the job's and
// its own.
func (c *headCarriers) stepEnv(s *Step) map[string]string {
	own := map[string]string{}
	for _, kv := range s.Env {
		if src := c.textSource(kv.Value, c.env); src != "" {
			own[kv.Key] = src
		}
	}
	if len(own) == 0 {
		return c.env
	}
	for k, v := range c.env {
		if _, ok := own[k]; !ok {
			own[k] = v
		}
	}
	return own
}

// downloadsBefore returns the downloads of steps before s.
func (c *headCarriers) downloadsBefore(s *Step) []headDownload {
	var out []headDownload
	for _, d := range c.downloads {
		if d.step.Index < s.Index {
			out = append(out, d)
		}
	}
	return out
}

// readsDownload names the download a text reads (mentions one of its
// names or paths), with its description; "" when none.
func readsDownload(text string, dls []headDownload) string {
	for _, d := range dls {
		for _, n := range d.names {
			if mentionsPath(text, n) {
				return fmt.Sprintf("artifact %q of another run, downloaded by step %q (%s:%d)", n, d.step.Label(), d.pos.Path, d.pos.Line)
			}
		}
		for _, r := range d.raws {
			if strings.Contains(text, r) {
				return fmt.Sprintf("artifact of another run in %q, downloaded by step %q (%s:%d)", r, d.step.Label(), d.pos.Path, d.pos.Line)
			}
		}
		if d.workspace && readsRelativeFile.MatchString(text) {
			return fmt.Sprintf("artifact of another run, downloaded into the workspace by step %q (%s:%d)", d.step.Label(), d.pos.Path, d.pos.Line)
		}
	}
	return ""
}

// scriptSets are the outputs and env a github-script sets.
var (
	scriptSetOutput = lazyre.New(`core\.setOutput\(\s*['"` + "`" + `]([A-Za-z_][\w-]*)`)
	scriptExportVar = lazyre.New(`core\.exportVariable\(\s*['"` + "`" + `]([A-Za-z_][\w-]*)`)
	scriptReadsFile = lazyre.New(`\breadFileSync\(|\breadFile\(|\bfs\.promises\.readFile\(`)
)

// headCarriersOf returns the carriers of a job, computing those of its
// workflow once.
func (a *analysis) headCarriersOf(j *Job) *headCarriers {
	if a.heads == nil {
		a.heads = map[*Job]*headCarriers{}
	}
	if c, ok := a.heads[j]; ok {
		return c
	}
	p := j.Pipeline
	jobOuts := map[string]map[string]string{}
	var all map[*Job]*headCarriers
	// Two passes: a job listed before the job it needs still sees its
	// outputs.
	for range 2 {
		all = map[*Job]*headCarriers{}
		for _, jj := range p.Jobs {
			c := a.jobHeadCarriers(jj, jobOuts)
			all[jj] = c
			for _, o := range jj.Outputs {
				if src := c.textSource(o.Value, c.env); src != "" {
					if jobOuts[jj.ID] == nil {
						jobOuts[jj.ID] = map[string]string{}
					}
					jobOuts[jj.ID][o.Key] = src
				}
			}
		}
	}
	for jj, c := range all {
		a.heads[jj] = c
	}
	if c, ok := a.heads[j]; ok {
		return c
	}
	c := &headCarriers{env: map[string]string{}, outputs: map[string]string{}, needs: map[string]string{}}
	a.heads[j] = c
	return c
}

// jobHeadCarriers follows heads through one job's steps in order.
func (a *analysis) jobHeadCarriers(j *Job, jobOuts map[string]map[string]string) *headCarriers {
	c := &headCarriers{env: map[string]string{}, outputs: map[string]string{}, needs: map[string]string{}}
	for _, n := range j.Needs {
		for o, src := range jobOuts[n] {
			c.needs[strings.ToLower("needs."+n+".outputs."+o)] = src
		}
	}
	for _, kvs := range [][]KV{j.Pipeline.Env, j.Env} {
		for _, kv := range kvs {
			if src := c.textSource(kv.Value, c.env); src != "" {
				c.env[kv.Key] = src
			}
		}
	}
	for _, s := range j.Steps {
		if dl := runDownload(s); dl != nil {
			d := headDownload{step: s, names: dl.files, pos: dl.pos}
			if kv, ok := Lookup(s.With, "path"); !ok || strings.Trim(strings.TrimSpace(kv.Value), "./") == "" {
				d.workspace = !strings.HasPrefix(strings.ToLower(s.Uses), "actions/github-script@")
			}
			for _, k := range []string{"path", "name"} {
				if kv, ok := Lookup(s.With, k); ok && strings.Contains(kv.Value, "${{") {
					d.raws = append(d.raws, strings.TrimSpace(kv.Value))
				}
			}
			c.downloads = append(c.downloads, d)
		}
		env := c.stepEnv(s)
		switch {
		case s.Run != "" && (strings.Contains(s.Run, "GITHUB_OUTPUT") || strings.Contains(s.Run, "GITHUB_ENV")):
			a.headThroughScript(c, s, env)
		case strings.HasPrefix(strings.ToLower(s.Uses), "actions/github-script@"):
			kv, ok := Lookup(s.With, "script")
			if !ok {
				continue
			}
			src := c.textSource(kv.Value, env)
			if src == "" && scriptReadsFile.MatchString(kv.Value) {
				src = readsDownload(kv.Value, c.downloadsBefore(s))
			}
			if src == "" {
				continue
			}
			for _, m := range scriptSetOutput.FindAllStringSubmatch(kv.Value, -1) {
				if s.ID != "" {
					c.outputs[strings.ToLower("steps."+s.ID+".outputs."+m[1])] = src
				}
			}
			for _, m := range scriptExportVar.FindAllStringSubmatch(kv.Value, -1) {
				c.env[m[1]] = src
			}
		}
	}
	return c
}

// headThroughScript records the outputs and env a run: script writes from
// a head: a line expanding a carrier (`${{ }}` or a variable), reading a
// downloaded artifact, or downloading one itself (`gh run download`).
func (a *analysis) headThroughScript(c *headCarriers, s *Step, env map[string]string) {
	vars := map[string]bool{}
	for name := range env {
		vars[name] = true
	}
	dls := c.downloadsBefore(s)
	src := ""
	t := a.propagate(s, func(sc shellCall) bool {
		line := lineText(s, sc.Line)
		if x := c.textSource(line, env); x != "" {
			src = x
			return true
		}
		if x := readsDownload(line, dls); x != "" {
			src = x
			return true
		}
		if x := runDataSource(sc); strings.HasPrefix(x, "gh run download") {
			src = "artifact of another run, downloaded with gh run download"
			return true
		}
		return false
	}, vars)
	if len(t.Outputs) == 0 && len(t.Envs) == 0 {
		return
	}
	if src == "" {
		for _, l := range t.Lines {
			for _, v := range a.facts(s.Run).uses[l] {
				if env[v] != "" {
					src = env[v]
					break
				}
			}
			if src != "" {
				break
			}
		}
	}
	if src == "" {
		return
	}
	if s.ID != "" {
		for o := range t.Outputs {
			c.outputs[strings.ToLower("steps."+s.ID+".outputs."+o)] = src
		}
	}
	for e := range t.Envs {
		c.env[e] = src
	}
}

// gitCheckoutCmds are the git subcommands that put a ref into the tree.
var gitCheckoutCmds = []string{"checkout", "switch", "fetch", "pull", "reset", "worktree"}

// carriedCheckout finds, in step s of job j, a checkout of a value that
// carries a head: `actions/checkout` whose ref or repository expands a
// carrier, or a git checkout line expanding one (or reading a downloaded
// artifact). It returns where and what, "" when none.
func (a *analysis) carriedCheckout(j *Job, s *Step) (Pos, string) {
	if strings.HasPrefix(strings.ToLower(s.Uses), "actions/checkout") {
		var kvs []KV
		for _, k := range []string{"ref", "repository"} {
			if kv, ok := Lookup(s.With, k); ok && strings.Contains(kv.Value, "${{") {
				kvs = append(kvs, kv)
			}
		}
		if len(kvs) == 0 {
			return Pos{}, ""
		}
		c := a.headCarriersOf(j)
		env := c.stepEnv(s)
		for _, kv := range kvs {
			if src := c.textSource(kv.Value, env); src != "" {
				return kv.ValuePos, fmt.Sprintf("actions/checkout with %s: %s, which carries %s", kv.Key, strings.TrimSpace(kv.Value), src)
			}
		}
		return Pos{}, ""
	}
	if s.Run == "" || !strings.Contains(s.Run, "git") {
		return Pos{}, ""
	}
	var c *headCarriers
	for _, call := range a.facts(s.Run).calls {
		w := call.Words
		if len(w) < 2 || w[0] != "git" || !slices.Contains(gitCheckoutCmds, w[1]) {
			continue
		}
		if c == nil {
			c = a.headCarriersOf(j)
		}
		env := c.stepEnv(s)
		line := lineText(s, call.Line)
		src := c.textSource(line, env)
		if src == "" {
			for _, v := range a.facts(s.Run).uses[call.Line] {
				if env[v] != "" {
					src = env[v]
					break
				}
			}
		}
		if src == "" {
			src = readsDownload(line, c.downloadsBefore(s))
		}
		if src != "" {
			return lineOf(s, call.Line), fmt.Sprintf("%s, which carries %s", strings.TrimSpace(line), src)
		}
	}
	return Pos{}, ""
}
