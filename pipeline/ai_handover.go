package pipeline

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Hand-overs: a step that only writes an AI credential or a model name
// into the job's state, for a later step to use, is no AI step itself:
//
//   - `echo "OPENAI_API_KEY=${{ secrets.X }}" >> $GITHUB_ENV` (or
//     `LLM_MODEL=ollama/…`): every later step of the job sees it, and the
//     AI step is the first later step that runs a program;
//   - a dotenv file (`.env`, `.env.local`, `.env.*`) written with `>`,
//     `>>`, `tee` or a heredoc: the AI step is the first later step that
//     runs a program reading that file (it names the file, in its script
//     or in the package script it runs, e.g. `dotenvx run -f .env.local`,
//     `docker compose --env-file .env.ci`, `source .env`), or, for `.env`
//     (the file dotenv loaders and docker compose read by default), the
//     first later step that runs a program in the file's directory.
//
// A step is a hand-over when every line naming the credential (or the
// model) writes to $GITHUB_ENV or a dotenv file and it runs no program;
// in actions/github-script, `core.exportVariable` is $GITHUB_ENV. The step
// may be part of a local composite action; the consumer is then a later
// step of the calling job. An OIDC token minted for an AI vendor is
// handed over the same way (ai_wif.go).
// With no such later step the hand-over step stays the AI step.

// handoverRefs returns what a step's script names its AI credential by:
// the secret expression, or `$VAR` of an env binding.
func handoverRefs(s *Step) []string {
	var refs []string
	for _, c := range stepCreds(s) {
		switch c.Level {
		case "run", "with":
			// "with": a github-script `script:` naming the secret, or an
			// input of the composite action the step is part of.
			refs = append(refs, "secrets."+c.Secret)
		case "step env":
			// `env.X`: process.env.X in a github-script.
			refs = append(refs, "$"+c.Env, "${"+c.Env, "env."+c.Env)
		default:
			return nil
		}
	}
	if s.Origin != nil && len(refs) > 0 {
		// Inside a composite action the caller's inputs are `inputs.x`.
		p := s.Job.Pipeline
		for _, kv := range s.Origin.With {
			if len(credsIn(p, []KV{kv}, "with", false)) > 0 {
				refs = append(refs, "inputs."+kv.Key)
			}
		}
	}
	return refs
}

// gitHubScript reports whether a step runs actions/github-script.
func gitHubScript(uses string) bool {
	return strings.HasPrefix(strings.ToLower(uses), "actions/github-script@")
}

// scriptHandoverTarget is handoverTarget for an actions/github-script
// step: every line of its script naming refs is (or continues, within two
// lines) a `core.exportVariable(` call, the $GITHUB_ENV of JavaScript, or
// masks the value (`core.setSecret`).
func scriptHandoverTarget(s *Step, refs []string) string {
	kv, ok := Lookup(s.With, "script")
	if !ok {
		return ""
	}
	lines := strings.Split(kv.Value, "\n")
	target := ""
	for i, l := range lines {
		if !hasAny(l, refs) || strings.Contains(l, "core.setSecret(") {
			continue
		}
		in := false
		for k := i; k >= 0 && k >= i-2; k-- {
			if strings.Contains(lines[k], "core.exportVariable(") {
				in = true
				break
			}
		}
		if !in {
			return ""
		}
		target = "$GITHUB_ENV"
	}
	return target
}

// handoverTarget returns where a step hands over the lines naming refs:
// "$GITHUB_ENV" or a dotenv file (relative to the step's directory); ""
// when the step does anything else with them or runs a program.
func (a *analysis) handoverTarget(s *Step, refs []string) string {
	if len(refs) > 0 && gitHubScript(s.Uses) {
		return scriptHandoverTarget(s, refs)
	}
	if s.Uses != "" || s.Run == "" || len(refs) == 0 || a.runsProgram(s) {
		return ""
	}
	f := a.shell(s.Run)
	if f == nil {
		return ""
	}
	type span struct {
		from, to int
		target   string
	}
	var spans []span
	syntax.Walk(f, func(n syntax.Node) bool {
		st, ok := n.(*syntax.Stmt)
		if !ok {
			return true
		}
		from, to := int(st.Pos().Line()), int(st.End().Line())
		var targets []string
		for _, r := range st.Redirs {
			if r.Hdoc != nil && int(r.Hdoc.End().Line()) > to {
				to = int(r.Hdoc.End().Line())
			}
			if r.Word == nil || !(r.Op == syntax.RdrOut || r.Op == syntax.AppOut || r.Op == syntax.RdrAll || r.Op == syntax.AppAll || r.Op == syntax.RdrClob) {
				continue
			}
			t := wordText(r.Word)
			for _, v := range wordVars(r.Word) {
				t = "$" + v
			}
			targets = append(targets, t)
		}
		if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) {
			if c, ok := b.Y.Cmd.(*syntax.CallExpr); ok && len(c.Args) > 1 && wordText(c.Args[0]) == "tee" {
				for _, w := range c.Args[1:] {
					if t := wordText(w); t != "" && !strings.HasPrefix(t, "-") {
						targets = append(targets, t)
					}
					for _, v := range wordVars(w) {
						targets = append(targets, "$"+v)
					}
				}
			}
		}
		for _, t := range targets {
			if strings.HasSuffix(t, "GITHUB_ENV") {
				spans = append(spans, span{from, to, "$GITHUB_ENV"})
			} else if dotenvFile(t) {
				spans = append(spans, span{from, to, t})
			}
		}
		return true
	})
	target := ""
	for i, l := range s.RunLines {
		if !hasAny(l.Text, refs) || strings.Contains(l.Text, "::add-mask::") {
			continue
		}
		found := ""
		for _, sp := range spans {
			if i+1 >= sp.from && i+1 <= sp.to {
				found = sp.target
				break
			}
		}
		if found == "" {
			return ""
		}
		if target == "" {
			target = found
		}
	}
	return target
}

// dotenvFile reports whether a path names a dotenv file.
func dotenvFile(p string) bool {
	b := path.Base(strings.Trim(p, `"'`))
	return b == ".env" || strings.HasPrefix(b, ".env.")
}

// programWords are commands that run a program (besides the interpreters
// and scripts invocations finds).
var programWords = map[string]bool{
	"pytest": true, "uv": true, "poetry": true, "pipenv": true, "hatch": true, "pdm": true, "tox": true, "nox": true,
	"npm": true, "pnpm": true, "yarn": true, "bun": true, "npx": true, "bunx": true, "uvx": true, "pipx": true,
	"node": true, "tsx": true, "deno": true, "make": true, "go": true, "cargo": true, "dotenv": true, "dotenvx": true,
	"docker-compose": true, "java": true, "mvn": true, "gradle": true, "./gradlew": true, "bundle": true, "rake": true,
	"ruby": true, "php": true, "composer": true, "dotnet": true, "vitest": true, "jest": true,
}

// runsProgram reports whether a step's script runs a program: an
// interpreter or repository script, a package or test runner, or a
// container command (`docker compose run|up|exec`, `docker run`).
func (a *analysis) runsProgram(s *Step) bool {
	if s.Run == "" {
		return false
	}
	if len(a.invocations(s)) > 0 {
		return true
	}
	for _, c := range a.facts(s.Run).calls {
		w := c.Words
		for len(w) > 1 && (w[0] == "sudo" || w[0] == "env" || w[0] == "time" || w[0] == "exec" || w[0] == "timeout") {
			w = w[1:]
		}
		if len(w) == 0 {
			continue
		}
		name := w[0]
		if strings.HasPrefix(path.Base(name), "python") {
			return true
		}
		if programWords[name] {
			return true
		}
		if name == "docker" && len(w) > 1 && (w[1] == "compose" || w[1] == "run" || w[1] == "exec") {
			return true
		}
	}
	return false
}

// jobDefaultDir returns the job's `defaults.run.working-directory`.
func jobDefaultDir(j *Job) string { return j.facts.defaultDir }

// runDir returns the directory a step's script runs in.
func runDir(s *Step) string {
	if d := stepWorkDir(s); d != "" {
		return d
	}
	return jobDefaultDir(s.Job)
}

// containerCmd strips a `docker compose run|exec [flags] SERVICE` prefix
// off a command's words, leaving the command run in the container.
func containerCmd(w []string) []string {
	switch {
	case len(w) > 2 && w[0] == "docker" && w[1] == "compose":
		w = w[2:]
	case len(w) > 1 && w[0] == "docker-compose":
		w = w[1:]
	default:
		return w
	}
	for len(w) > 0 && strings.HasPrefix(w[0], "-") {
		if composeValueFlags[w[0]] && len(w) > 1 {
			w = w[1:]
		}
		w = w[1:]
	}
	if len(w) < 2 || w[0] != "run" && w[0] != "exec" {
		return nil
	}
	w = w[1:]
	for len(w) > 0 && strings.HasPrefix(w[0], "-") {
		if composeValueFlags[w[0]] && len(w) > 1 {
			w = w[1:]
		}
		w = w[1:]
	}
	if len(w) < 2 {
		return nil
	}
	return w[1:]
}

var composeValueFlags = map[string]bool{
	"-f": true, "--file": true, "-p": true, "--project-name": true, "--env-file": true, "--profile": true,
	"-e": true, "--env": true, "-w": true, "--workdir": true, "-u": true, "--user": true, "--entrypoint": true,
	"-v": true, "--volume": true, "--name": true, "-l": true, "--label": true,
}

// readsFile reports whether a step names a file base name, in its script
// or in a package script it runs (directly or in a compose container;
// `--filter pkg` runs in the step's directory).
func (a *analysis) readsFile(s *Step, base string) bool {
	if strings.Contains(s.Run, base) {
		return true
	}
	dir := runDir(s)
	if dir == "-" {
		return false
	}
	for _, c := range a.facts(s.Run).calls {
		w := containerCmd(c.Words)
		if len(w) > 2 && (w[1] == "--filter" || w[1] == "-F") {
			w = append([]string{w[0]}, w[3:]...)
		}
		script, _, pdir, ok := pkgScriptCall(w)
		if !ok {
			continue
		}
		d := dir
		if pdir != "" {
			d = cleanDir(pdir)
		}
		if d != "-" && strings.Contains(a.pkgScripts(d)[script], base) {
			return true
		}
	}
	return false
}

// handoverConsumer returns the later step of the job that uses what a
// hand-over step wrote to target, and how, or nil.
func (a *analysis) handoverConsumer(j *Job, s *Step, target string) (*Step, string) {
	var file, base string
	if target != "$GITHUB_ENV" {
		file = path.Join(runDir(s), strings.Trim(target, `"'`))
		base = path.Base(file)
	}
	var fallback *Step
	for _, c := range j.Steps {
		if c.Index <= topStep(s).Index {
			continue
		}
		if c.Uses != "" || !a.runsProgram(c) || a.installsOnly(c) || a.runsNoAIProgram(c) {
			// A step that is an AI step on its own (an action, a CLI, an
			// endpoint call) consumes the hand-over too.
			if file == "" && (a.aiByStep[c] != nil || a.detectStep(j, c) != nil) {
				return c, "through $GITHUB_ENV"
			}
			continue
		}
		if file == "" {
			return c, "through $GITHUB_ENV"
		}
		if a.readsFile(c, base) {
			return c, "through " + file
		}
		if fallback == nil && base == ".env" && path.Join(runDir(c), ".env") == file {
			fallback = c
		}
	}
	if fallback != nil {
		return fallback, "through " + file + " (read from its directory)"
	}
	return nil, ""
}

// handOver moves an AI use recognised on a hand-over step to the step
// that consumes it. It reports false when the use is to be dropped: the
// consumer is an AI step on its own.
func (a *analysis) handOver(j *Job, u *AIUse, refs []string) bool {
	s := u.Step
	if s == nil || j.Pipeline.Kind != GitHub {
		return true
	}
	if s.Action != nil && s.Origin == nil {
		// A local composite action handed the credential as an input:
		// the step of the action that hands it over.
		if s = a.composedHandover(j, s); s == nil {
			return true
		}
		refs = handoverRefs(s)
	}
	target := a.handoverTarget(s, refs)
	if target == "" {
		return true
	}
	c, how := a.handoverConsumer(j, s, target)
	if c == nil {
		return true
	}
	if a.aiByStep[c] != nil || a.detectStep(j, c) != nil {
		return false
	}
	u.Why = append(u.Why, fmt.Sprintf("handed over by step %q %s (%s:%d)", s.Label(), how, s.Pos.Path, s.Pos.Line))
	u.Step, u.Pos = c, c.Where()
	u.ModelPos = u.Pos
	u.Secrets = mergeSorted(u.Secrets, stepSecrets(j, c))
	return true
}

// composedHandover returns the step of the local composite action a step
// calls that hands the credential over, when every step of the action
// that names it does so; nil otherwise.
func (a *analysis) composedHandover(j *Job, call *Step) *Step {
	var h *Step
	for _, st := range j.AllSteps() {
		if st.Origin != call {
			continue
		}
		refs := handoverRefs(st)
		if len(refs) == 0 {
			continue
		}
		names := hasAny(st.Run, refs)
		for _, kv := range st.With {
			names = names || hasAny(kv.Value, refs)
		}
		for _, kv := range st.Env {
			names = names || hasAny(kv.Value, refs)
		}
		if !names {
			continue
		}
		if a.handoverTarget(st, refs) == "" {
			return nil
		}
		if h == nil {
			h = st
		}
	}
	return h
}

// mergeSorted joins two sorted string lists without duplicates.
func mergeSorted(x, y []string) []string {
	out := slices.Clone(x)
	for _, v := range y {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}
