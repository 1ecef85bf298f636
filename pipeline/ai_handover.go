package pipeline

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"github.com/tollgate-dev/tollgate/internal/models"
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
//     first later step that runs a program in the file's directory;
//   - any other file (a tool's config, `~/.config/<tool>/config.toml`),
//     written with `>`, `>>`, `tee`, a heredoc, or `python -c` code that
//     only writes a file (its imports are file and format modules): the AI
//     steps are the later steps that run a program naming the file, its
//     directory under $HOME (`docker run -v ~/.config/<tool>:…`) or, for
//     `~/.config/<tool>/` and `~/.<tool>/`, the tool.
//
// $GITHUB_ENV reaches every later step: the first later step that runs a
// program is an AI step, and so is each further one that runs a program
// and names a handed variable (`$OPENAI_API_KEY`, `env.OPENAI_API_KEY`) or
// carries a model name (`MODEL: anthropic/claude-…` in its env, `--model
// gpt-…`). A step that only shows or prints (`… show-prompt`, `--version`)
// is none of them.
//
// A step is a hand-over when every line naming the credential (or the
// model) writes to $GITHUB_ENV or a file and it runs no program;
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
// "$GITHUB_ENV" or a file (as written; under $HOME as "~/…"); "" when the
// step does anything else with them or runs a program.
func (a *analysis) handoverTarget(s *Step, refs []string) string {
	if len(refs) > 0 && gitHubScript(s.Uses) {
		return scriptHandoverTarget(s, refs)
	}
	if s.Uses != "" || s.Run == "" || len(refs) == 0 {
		return ""
	}
	f := a.shell(s.Run)
	if f == nil {
		return ""
	}
	if a.runsProgram(s) && !a.onlyFileWriters(s) {
		return ""
	}
	type span struct {
		from, to int
		target   string
		code     bool // python -c code, which names variables bare
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
			targets = append(targets, fileTarget(r.Word))
		}
		if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) {
			if c, ok := b.Y.Cmd.(*syntax.CallExpr); ok && len(c.Args) > 1 && wordText(c.Args[0]) == "tee" {
				for _, w := range c.Args[1:] {
					if t := wordText(w); !strings.HasPrefix(t, "-") {
						targets = append(targets, fileTarget(w))
					}
				}
			}
		}
		if c, ok := st.Cmd.(*syntax.CallExpr); ok {
			if t := pyWriteTarget(c); t != "" {
				spans = append(spans, span{from, to, t, true})
			}
		}
		for _, t := range targets {
			if t != "" {
				spans = append(spans, span{from, to, t, false})
			}
		}
		return true
	})
	var bare []string
	for _, r := range refs {
		if strings.HasPrefix(r, "$") && !strings.HasPrefix(r, "${") {
			bare = append(bare, r[1:])
		}
	}
	target := ""
	for i, l := range s.RunLines {
		if strings.Contains(l.Text, "::add-mask::") {
			continue
		}
		names := hasAny(l.Text, refs)
		found := ""
		for _, sp := range spans {
			if i+1 >= sp.from && i+1 <= sp.to && (names || sp.code && hasAny(l.Text, bare)) {
				found = sp.target
				break
			}
		}
		if !names && found == "" {
			continue
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

// fileTarget returns the file a redirection or tee word names:
// "$GITHUB_ENV", a path as written ("~/…" for $HOME/…), or "" for a
// path that holds any other expansion, a device or a runner file other
// than $GITHUB_ENV ($GITHUB_OUTPUT is no hand-over of a credential).
func fileTarget(w *syntax.Word) string {
	vars := wordVars(w)
	for _, v := range vars {
		if strings.HasSuffix(v, "GITHUB_ENV") {
			return "$GITHUB_ENV"
		}
	}
	t := wordShape(w)
	if len(vars) == 1 && vars[0] == "HOME" && strings.HasPrefix(t, "$/") {
		t = "~" + t[1:]
	}
	if t == "" || strings.Contains(t, "$") || strings.HasPrefix(t, "/dev/") || strings.HasPrefix(t, "&") {
		return ""
	}
	return t
}

// pyFileModules are the modules `python -c` code that only writes a file
// may import.
var pyFileModules = map[string]bool{
	"os": true, "os.path": true, "pathlib": true, "json": true, "sys": true, "io": true, "textwrap": true,
	"configparser": true, "toml": true, "tomli_w": true, "tomlkit": true, "yaml": true, "stat": true,
}

var (
	pyImport   = lazyre.New(`(?m)^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w., ]+))`)
	pyPathLit  = lazyre.New(`['"]([\w.~$/-]+)['"]`)
	pyWriteOps = []string{"write_text(", ".write(", "dump("}
)

// pyWriteTarget returns the file a `python -c '<code>'` command writes
// when the code only writes a file (it imports file and format modules
// only, calls write_text/write/dump and names one path literal with a
// directory or a config extension); "" otherwise.
func pyWriteTarget(c *syntax.CallExpr) string {
	if len(c.Args) < 3 || !strings.HasPrefix(path.Base(wordText(c.Args[0])), "python") {
		return ""
	}
	code := ""
	for i := 1; i+1 < len(c.Args); i++ {
		if wordText(c.Args[i]) == "-c" {
			code = wordShape(c.Args[i+1])
			break
		}
	}
	if code == "" || !hasAny(code, pyWriteOps) {
		return ""
	}
	for _, m := range pyImport.FindAllStringSubmatch(code, -1) {
		mods := m[1]
		if mods == "" {
			mods = m[2]
		}
		for _, mod := range strings.Split(mods, ",") {
			mod, _, _ = strings.Cut(strings.TrimSpace(mod), " ")
			if !pyFileModules[mod] {
				return ""
			}
		}
	}
	for _, m := range pyPathLit.FindAllStringSubmatch(code, -1) {
		p := m[1]
		if strings.HasPrefix(p, "$HOME/") {
			p = "~" + p[len("$HOME"):]
		}
		if strings.Contains(p, "$") {
			continue
		}
		switch path.Ext(p) {
		case ".toml", ".json", ".yaml", ".yml", ".ini", ".cfg", ".conf", ".key":
			return p
		}
		if dotenvFile(p) {
			return p
		}
	}
	return ""
}

// onlyFileWriters reports whether every program a step's script runs is
// `python -c` code that only writes a file (pyWriteTarget).
func (a *analysis) onlyFileWriters(s *Step) bool {
	writers := 0
	for _, c := range a.facts(s.Run).calls {
		if pyWriteTarget(c.Call) != "" {
			writers++
			continue
		}
		if callRunsProgram(c.Words) {
			return false
		}
	}
	return writers > 0
}

// callRunsProgram reports whether one command runs a program (as
// runsProgram judges a script).
func callRunsProgram(w []string) bool {
	for len(w) > 1 && (w[0] == "sudo" || w[0] == "env" || w[0] == "time" || w[0] == "exec" || w[0] == "timeout") {
		w = w[1:]
	}
	if len(w) == 0 || w[0] == "" {
		return false
	}
	name := path.Base(w[0])
	if strings.HasPrefix(name, "python") || programWords[w[0]] || interpreters[name] != "" {
		return true
	}
	if _, ok := scriptExt[path.Ext(w[0])]; ok && strings.Contains(w[0], "/") {
		return true
	}
	return w[0] == "docker" && len(w) > 1 && (w[1] == "compose" || w[1] == "run" || w[1] == "exec")
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

// handoverConsumer returns the first later step of the job that uses
// what a hand-over step wrote to target, and how, or nil.
func (a *analysis) handoverConsumer(j *Job, s *Step, target string) (*Step, string) {
	cs := a.handoverConsumers(j, s, target, nil)
	if len(cs) == 0 {
		return nil, ""
	}
	return cs[0].step, cs[0].how
}

// consumer is a step that uses a hand-over, how, and why it is taken
// (for a further $GITHUB_ENV consumer).
type consumer struct {
	step     *Step
	how, why string
}

// handoverConsumers returns the later steps of the job that use what a
// hand-over step wrote to target (see above): for $GITHUB_ENV the first
// later step that runs a program, then those that name one of vars or
// carry a model name; for a file, those that read it. The first may be an
// AI step on its own; the others are not.
func (a *analysis) handoverConsumers(j *Job, s *Step, target string, vars []string) []consumer {
	var file, base, written string
	if target != "$GITHUB_ENV" {
		file = strings.Trim(target, `"'`)
		written = file
		if !strings.HasPrefix(file, "~/") && !strings.HasPrefix(file, "/") {
			file = path.Join(runDir(s), file)
		}
		base = path.Base(file)
	}
	var out []consumer
	var fallback *Step
	for _, c := range j.Steps {
		if c.Index <= topStep(s).Index {
			continue
		}
		program := c.Uses == "" && a.runsProgram(c) && !a.installsOnly(c) && !a.runsNoAIProgram(c) && !a.showsOnly(c)
		if !program {
			// A step that is an AI step on its own (an action, a CLI, an
			// endpoint call) consumes the hand-over too.
			if len(out) == 0 && (file == "" || !dotenvFile(file) && readsWritten(c, file) != "") && (a.aiByStep[c] != nil || a.detectStep(j, c) != nil) {
				return []consumer{{step: c, how: "through " + target}}
			}
			continue
		}
		if file == "" {
			if len(out) == 0 {
				out = append(out, consumer{step: c, how: "through $GITHUB_ENV"})
				continue
			}
			why := namedVar(c, vars)
			if why == "" {
				why = carriedModel(c)
			}
			if why != "" && a.aiByStep[c] == nil && a.detectStep(j, c) == nil {
				out = append(out, consumer{step: c, how: "through $GITHUB_ENV", why: why})
			}
			continue
		}
		if dotenvFile(file) {
			if a.readsFile(c, base) {
				return []consumer{{step: c, how: "through " + file}}
			}
			if fallback == nil && base == ".env" && path.Join(runDir(c), ".env") == file {
				fallback = c
			}
			continue
		}
		why := readsWritten(c, file)
		if why == "" && runDir(c) == runDir(s) && written != file {
			why = readsWritten(c, written) // both run in the same directory
		}
		if why == "" {
			continue
		}
		if a.aiByStep[c] != nil || a.detectStep(j, c) != nil {
			if len(out) == 0 {
				return []consumer{{step: c, how: "through " + file}}
			}
			continue
		}
		out = append(out, consumer{step: c, how: "through " + file, why: why})
	}
	if len(out) == 0 && fallback != nil {
		return []consumer{{step: fallback, how: "through " + file + " (read from its directory)"}}
	}
	return out
}

// readsWritten says how a step's script reads a file a hand-over wrote
// (not a dotenv file): it names the path, or, under $HOME, its directory
// (`docker run -v ~/.config/gptme:…`, `$HOME/.config/gptme`) or the tool
// whose config directory it is (`~/.config/<tool>/`, `~/.<tool>/`); ""
// when it does not.
func readsWritten(c *Step, file string) string {
	run := c.Run
	if !strings.HasPrefix(file, "~/") {
		if strings.Contains(run, file) || strings.Contains(run, strings.TrimPrefix(file, "./")) {
			return fmt.Sprintf("step names %q", file)
		}
		return ""
	}
	rest := file[2:]
	home := func(p string) bool {
		return hasAny(run, []string{"~/" + p, "$HOME/" + p, "${HOME}/" + p})
	}
	dir := path.Dir(rest)
	if home(rest) {
		return fmt.Sprintf("step names %q", file)
	}
	if dir == "." {
		return ""
	}
	if home(dir) {
		return fmt.Sprintf("step names %q", "~/"+dir)
	}
	tool, _, _ := strings.Cut(strings.TrimPrefix(rest, ".config/"), "/")
	if !strings.HasPrefix(rest, ".config/") && !strings.HasPrefix(tool, ".") {
		return "" // not a tool's config directory
	}
	tool = strings.TrimPrefix(tool, ".")
	if tool != "" && wordIn(run, tool) {
		return fmt.Sprintf("step runs %q, whose config it is", tool)
	}
	return ""
}

// wordIn reports whether w occurs in s as a word (not inside a longer
// name: gptme in `python -m gptme.eval`, `gptme-eval:latest`).
func wordIn(s, w string) bool {
	for i := strings.Index(s, w); i >= 0; {
		end := i + len(w)
		if (i == 0 || !nameByte(s[i-1])) && (end == len(s) || !nameByte(s[end])) {
			return true
		}
		j := strings.Index(s[end:], w)
		if j < 0 {
			return false
		}
		i = end + j
	}
	return false
}

func nameByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// handedVars returns the variables a $GITHUB_ENV hand-over step sets on
// its lines naming refs (`NAME=…`, `NAME<<EOF`, core.exportVariable).
func handedVars(s *Step, refs []string) []string {
	var out []string
	text := s.Run
	if kv, ok := Lookup(s.With, "script"); ok && gitHubScript(s.Uses) {
		text = kv.Value
	}
	for _, l := range strings.Split(text, "\n") {
		if !hasAny(l, refs) {
			continue
		}
		if m := envSetLine.FindStringSubmatch(l); m != nil {
			out = append(out, m[1]+m[2])
		}
	}
	return out
}

var envSetLine = lazyre.New(`exportVariable\(\s*['"\x60]([A-Za-z_]\w*)|(?:^|["'\s])([A-Za-z_][A-Za-z0-9_]*)(?:=|<<)`)

// namedVar says which of vars a step names in its script or env, "" when
// none.
func namedVar(c *Step, vars []string) string {
	for _, v := range vars {
		refs := []string{"$" + v, "${" + v, "env." + v}
		if hasAny(c.Run, refs) {
			return fmt.Sprintf("step names %q", "$"+v)
		}
		for _, kv := range c.Env {
			if hasAny(kv.Value, refs) {
				return fmt.Sprintf("step names %q", "$"+v)
			}
		}
	}
	return ""
}

var (
	modelToken = lazyre.New(`[A-Za-z0-9][A-Za-z0-9._:@/-]*`)
	modelFlag  = lazyre.New(`--model[= ]+["']?([A-Za-z0-9][A-Za-z0-9._:@/-]*)`)
)

// carriedModel says which model name a step carries: an env variable
// whose name says MODEL with a value naming a model of a known vendor, or
// `--model <id>`; "" when none.
func carriedModel(c *Step) string {
	for _, kv := range c.Env {
		if !strings.Contains(strings.ToUpper(kv.Key), "MODEL") {
			continue
		}
		for _, t := range modelToken.FindAllString(kv.Value, -1) {
			if models.Lookup(t).Provider != "" {
				return fmt.Sprintf("step carries model %q", t)
			}
		}
	}
	if strings.Contains(c.Run, "--model") {
		for _, m := range modelFlag.FindAllStringSubmatch(c.Run, -1) {
			if models.Lookup(m[1]).Provider != "" {
				return fmt.Sprintf("step carries model %q", m[1])
			}
		}
	}
	return ""
}

// showWords are subcommands and flags of a program run that only shows
// or prints (its configuration, a prompt, its version).
var showWords = map[string]bool{
	"show": true, "print": true, "list": true, "version": true, "help": true, "--version": true, "--help": true,
	"-h": true, "-V": true, "--show-config": true, "--print-config": true,
}

// showsOnly reports whether every program a step runs only shows or
// prints: a subcommand `show`, `show-prompt`, `print-config`, `list`,
// `--version`, `--help`.
func (a *analysis) showsOnly(s *Step) bool {
	if s.Run == "" {
		return false
	}
	shown := false
	for _, c := range a.facts(s.Run).calls {
		if !callRunsProgram(c.Words) {
			continue
		}
		show := false
		for _, w := range c.Words[1:] {
			if showWords[w] || strings.HasPrefix(w, "show-") || strings.HasPrefix(w, "print-") || strings.HasPrefix(w, "dump-") {
				show = true
				break
			}
		}
		if !show {
			return false
		}
		shown = true
	}
	return shown
}

// handOver moves an AI use recognised on a hand-over step to the step
// that consumes it, and returns the uses of the further steps that
// consume it. It reports false when the use is to be dropped: the
// consumer is an AI step on its own.
func (a *analysis) handOver(j *Job, u *AIUse, refs []string) (bool, []*AIUse) {
	s := u.Step
	if s == nil || j.Pipeline.Kind != GitHub {
		return true, nil
	}
	if t, why := a.serverDriver(j, s); t != nil {
		// The step starts a server holding the key; the tests drive it
		// (ai_background.go).
		if a.aiByStep[t] != nil || a.detectStep(j, t) != nil {
			return false, nil
		}
		u.Why = append(slices.Clip(u.Why), why)
		u.Step, u.Pos = t, t.Where()
		u.ModelPos = u.Pos
		u.Secrets = mergeSorted(u.Secrets, stepSecrets(j, t))
		return true, nil
	}
	if s.Action != nil && s.Origin == nil {
		// A local composite action handed the credential as an input:
		// the step of the action that hands it over.
		if s = a.composedHandover(j, s); s == nil {
			return true, nil
		}
		refs = handoverRefs(s)
	}
	target := a.handoverTarget(s, refs)
	if target == "" {
		return true, nil
	}
	var vars []string
	if target == "$GITHUB_ENV" {
		vars = handedVars(s, refs)
	}
	cs := a.handoverConsumers(j, s, target, vars)
	if len(cs) == 0 {
		return true, nil
	}
	if c := cs[0].step; a.aiByStep[c] != nil || a.detectStep(j, c) != nil {
		return false, nil
	}
	why, secrets := u.Why, u.Secrets
	var more []*AIUse
	for i, c := range cs {
		v := u
		if i > 0 {
			v = new(AIUse)
			*v = *u
		}
		v.Why = append(slices.Clip(why), fmt.Sprintf("handed over by step %q %s (%s:%d)", s.Label(), c.how, s.Pos.Path, s.Pos.Line))
		if c.why != "" {
			v.Why = append(v.Why, c.why)
		}
		v.Step, v.Pos = c.step, c.step.Where()
		v.ModelPos = v.Pos
		v.Secrets = mergeSorted(secrets, stepSecrets(j, c.step))
		if i > 0 {
			more = append(more, v)
		}
	}
	return true, more
}

// fileHandover returns the uses of the later steps that read a file a
// step writes an AI credential into with shell builtins only (`echo`,
// `printf`: no program runs, so the step is no AI step by itself); nil
// when no later step reads it.
func (a *analysis) fileHandover(j *Job, s *Step) []*AIUse {
	if j.Pipeline.Kind != GitHub || s.Uses != "" || s.Origin != nil || !strings.Contains(s.Run, ">") || strings.Contains(s.Run, "GITHUB_ENV") {
		return nil
	}
	creds := stepCreds(s)
	if len(creds) == 0 || !a.runsNoAIProgram(s) {
		return nil
	}
	u := &AIUse{Job: j, Step: s, Pos: s.Where(), Via: "secret", Provider: creds[0].Provider, Model: "implicit", Secrets: stepSecrets(j, s)}
	u.ModelPos = u.Pos
	for _, c := range creds {
		u.Why = append(u.Why, c.String())
	}
	keep, more := a.handOver(j, u, handoverRefs(s))
	if !keep || u.Step == s {
		return nil
	}
	return append([]*AIUse{u}, more...)
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
