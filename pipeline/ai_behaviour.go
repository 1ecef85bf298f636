package pipeline

import (
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// Recognition by behaviour: besides the profile table (actions, CLIs,
// hosts, exact secret names), a step is an AI step when
//
//   - it runs a script of the repository (`python x.py`, `node x.js`,
//     `go run ./cmd/x`, `bash x.sh`) that imports an AI SDK, calls an AI
//     host or runs an AI CLI; or
//   - it is handed an AI credential: a secret whose name carries a vendor
//     word (any prefix or suffix), or any secret bound to an environment
//     variable an AI SDK reads (OPENAI_API_KEY, HF_TOKEN…), at step, job,
//     workflow, container, services or reusable-workflow `secrets:` level.
//     A job-level credential makes an AI step of the first step that runs
//     a program (script, interpreter, package runner) in the job.
//
// A credential bound to a step whose script only checks that it is set
// or lints and type-checks does not make an AI step (ai_nocall.go).
//
// A Hugging Face token only used to download weights or data sets
// (`huggingface-cli download`, `from_pretrained`, `snapshot_download`…)
// with no inference (no InferenceClient, no inference host, no AI CLI) is
// not an AI step: the model runs nowhere but on the runner, as a test
// fixture. That is how a test job that pulls a model is told apart from an
// issue labeler that calls one.

const (
	// maxScriptBytes caps each repository script read; maxScripts caps
	// how many one analysis reads.
	maxScriptBytes = 1 << 20
	maxScripts     = 256
	maxGoFiles     = 32
)

// scriptVerdict is what reading one invoked script found.
type scriptVerdict struct {
	Provider string
	// Why says what in the script is AI ("imports huggingface_hub.InferenceClient").
	Why   string
	Model string
	// Text is the script's content (for the hub-download test).
	Text string
	// ImportOnly is set when the script was recognised by an SDK import
	// alone (no AI CLI, no model host named).
	ImportOnly bool
}

// credential is an AI credential a step can read.
type credential struct {
	Secret, Env string
	// Level is where it is bound: "step env", "job env", "workflow env",
	// "container env", "services env", "with", "run", "caller secrets".
	Level    string
	Pos      Pos
	Provider string
}

func (c credential) String() string {
	switch {
	case c.Env != "" && c.Secret != "":
		return fmt.Sprintf("secret %s bound to %s in %s (%s:%d)", c.Secret, c.Env, c.Level, c.Pos.Path, c.Pos.Line)
	case c.Secret != "":
		return fmt.Sprintf("secret %s in %s (%s:%d)", c.Secret, c.Level, c.Pos.Path, c.Pos.Line)
	}
	return fmt.Sprintf("%s in %s (%s:%d)", c.Env, c.Level, c.Pos.Path, c.Pos.Line)
}

// aliasesOf returns the caller-side names of a secret of a reusable
// workflow: `secrets: {KEY: ${{ secrets.OPENAI_PROD }}}` maps KEY to
// OPENAI_PROD.
func aliasesOf(p *Pipeline, name string) []string {
	var out []string
	for _, c := range p.Callers {
		for _, kv := range c.SecretMap {
			if kv.Key != name {
				continue
			}
			for _, m := range secretRef.FindAllStringSubmatch(kv.Value, -1) {
				out = append(out, m[1]+m[2])
			}
		}
	}
	return out
}

// credsIn returns the AI credentials bound in a list of env entries (or
// inputs): a secret with a vendor word, or any secret bound to a variable
// with a vendor's name.
func credsIn(p *Pipeline, kvs []KV, level string, env bool) []credential {
	var out []credential
	for _, kv := range kvs {
		if !strings.Contains(kv.Value, "secrets") {
			continue
		}
		for _, sec := range secretNames(kv.Value) {
			if sec == "GITHUB_TOKEN" {
				continue
			}
			prov := aiprofiles.CredentialProvider(sec)
			if prov == "" {
				for _, al := range aliasesOf(p, sec) {
					if prov = aiprofiles.CredentialProvider(al); prov != "" {
						sec = sec + " (caller's " + al + ")"
						break
					}
				}
			}
			c := credential{Secret: sec, Level: level, Pos: kv.Pos, Provider: prov}
			if env {
				c.Env = kv.Key
				if prov == "" {
					c.Provider = aiprofiles.CredentialProvider(kv.Key)
				}
			}
			if c.Provider != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

// jobCreds returns the AI credentials every step of the job can read.
func jobCreds(j *Job) []credential {
	var out []credential
	p := j.Pipeline
	out = append(out, unblanked(credsIn(p, p.Env, "workflow env", true), j.Env)...)
	out = append(out, credsIn(p, j.Env, "job env", true)...)
	out = append(out, credsIn(p, j.ContainerEnv, "container env", true)...)
	out = append(out, credsIn(p, j.ServiceEnv, "services env", true)...)
	out = append(out, fedCreds(p.Env, "workflow env")...)
	out = append(out, fedCreds(j.Env, "job env")...)
	out = append(out, fedCreds(j.ContainerEnv, "container env")...)
	return out
}

// stepCreds returns the AI credentials the step itself hands over.
func stepCreds(s *Step) []credential {
	p := s.Job.Pipeline
	var out []credential
	out = append(out, credsIn(p, s.Env, "step env", true)...)
	out = append(out, fedCreds(s.Env, "step env")...)
	out = append(out, credsIn(p, withoutCredentialInputs(s.Uses, s.With), "with", false)...)
	if s.Origin != nil {
		out = append(out, credsIn(p, s.Origin.Env, "step env", true)...)
		out = append(out, fedCreds(s.Origin.Env, "step env")...)
		out = append(out, credsIn(p, withoutCredentialInputs(s.Origin.Uses, s.Origin.With), "with", false)...)
	}
	if strings.Contains(s.Run, "secrets") {
		for _, l := range s.RunLines {
			for _, m := range secretRef.FindAllStringSubmatch(l.Text, -1) {
				if prov := aiprofiles.CredentialProvider(m[1] + m[2]); prov != "" {
					out = append(out, credential{Secret: m[1] + m[2], Level: "run", Pos: l.Pos, Provider: prov})
				}
			}
		}
	}
	return out
}

// invocation is a program a step runs: a repository script or an
// interpreter.
type invocation struct {
	// Path is the repository file or directory run, "" for an
	// interpreter without a file (python -c, npx pkg).
	Path string
	Lang string
	Line Pos
}

// String names the program and where it is run, for evidence: the file
// run, or the interpreter, with the script line ("x.py (ci.yml:12)").
func (v invocation) String() string {
	what := v.Path
	if what == "" {
		what = "a " + v.Lang
	}
	return fmt.Sprintf("%s (%s:%d)", what, v.Line.Path, v.Line.Line)
}

var scriptExt = map[string]string{
	".py": "python", ".js": "js", ".mjs": "js", ".cjs": "js", ".ts": "js", ".mts": "js",
	".sh": "shell", ".bash": "shell", ".go": "go",
}

var interpreters = map[string]string{
	"python": "python", "python3": "python", "node": "js", "tsx": "js", "ts-node": "js", "bun": "js",
	"deno": "js", "bash": "shell", "sh": "shell", "zsh": "shell",
}

// runHints are substrings of every script that invokes a program
// invocations looks for; scripts without any are not parsed.
var runHints = []string{"python", "node", "tsx", "bun", "deno", "sh", "go run", ".py", ".js", ".ts", "npx", "uvx", "pipx", "hatch"}

// calls returns the parsed commands of a script, parsing each distinct
// script once per analysis (aliased steps share their text).
func (a *analysis) calls(run string) []shellCall {
	if !hasAny(run, runHints) {
		return nil
	}
	if c, ok := a.parsed[run]; ok {
		return c
	}
	if sf, ok := a.flows[run]; ok {
		a.parsed[run] = sf.calls
		return sf.calls
	}
	c := shellCalls(a.shell(run))
	a.parsed[run] = c
	return c
}

// invocations returns the programs the step runs, from its parsed script.
func (a *analysis) invocations(s *Step) []invocation {
	if out, ok := a.invs[s]; ok {
		return out
	}
	out := a.invocationsOnce(s)
	if a.invs == nil {
		a.invs = make(map[*Step][]invocation, a.stepCount())
	}
	a.invs[s] = out
	return out
}

func (a *analysis) invocationsOnce(s *Step) []invocation {
	var out []invocation
	for _, c := range a.expandHatch(s, a.calls(s.Run)) {
		out = a.callInvocations(s, c.Words, lineOf(s, c.Line), out, 0)
	}
	return out
}

// callInvocations appends the programs one command runs (at the script
// line at): a `bun X` or `bun run X` that names a package script adds the
// programs of the script's command line (depth 1), a Bun built-in (`bun
// test`, `bun install`) none.
func (a *analysis) callInvocations(s *Step, w []string, at Pos, out []invocation, depth int) []invocation {
	// Skip wrappers: sudo, env, time, uv run, poetry run, pipenv run, npx tsx.
	for len(w) > 1 {
		switch {
		case w[0] == "sudo" || w[0] == "env" || w[0] == "time" || w[0] == "exec" || w[0] == "nohup":
			w = w[1:]
			continue
		case (w[0] == "uv" || w[0] == "poetry" || w[0] == "pipenv" || w[0] == "hatch" || w[0] == "pdm") && w[1] == "run":
			w = w[2:]
			continue
		case w[0] == "npx" || w[0] == "bunx" || w[0] == "uvx" || w[0] == "pipx":
			if len(w) > 1 && (w[1] == "tsx" || w[1] == "ts-node") {
				w = w[1:]
				continue
			}
			out = append(out, invocation{Lang: "runner", Line: at})
		}
		break
	}
	if len(w) == 0 || w[0] == "" {
		return out
	}
	name := path.Base(w[0])
	if strings.HasPrefix(name, "python3.") {
		name = "python3"
	}
	if name == "bun" && len(w) > 1 {
		if body := a.bunScript(w, runDir(s)); body != "" {
			if depth == 0 {
				for _, c := range a.facts(body).calls {
					out = a.callInvocations(s, c.Words, at, out, depth+1)
				}
			}
			return out
		}
		if bunBuiltins[w[1]] {
			return out
		}
	}
	if lang, ok := interpreters[name]; ok {
		inv := invocation{Lang: lang, Line: at}
		for i := 1; i < len(w); i++ {
			a := w[i]
			if name == "deno" && a == "run" || name == "bun" && a == "run" {
				continue
			}
			if lang == "python" && a == "-m" && i+1 < len(w) {
				inv.Path = strings.ReplaceAll(w[i+1], ".", "/") + ".py"
				break
			}
			if a == "-c" || a == "-e" || a == "--eval" {
				break
			}
			if strings.HasPrefix(a, "-") || a == "" {
				continue
			}
			inv.Path = a
			break
		}
		return append(out, inv)
	}
	if w[0] == "go" && len(w) > 2 && w[1] == "run" {
		for _, a := range w[2:] {
			if a != "" && !strings.HasPrefix(a, "-") {
				return append(out, invocation{Path: a, Lang: "go", Line: at})
			}
		}
		return out
	}
	if lang, ok := scriptExt[path.Ext(w[0])]; ok && strings.Contains(w[0], "/") {
		out = append(out, invocation{Path: w[0], Lang: lang, Line: at})
	}
	return out
}

// repoPath cleans a path a script names into a root-relative one, or ""
// when it leaves the repository or holds an expansion.
func repoPath(p string) string {
	if p == "" || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "$*?`") {
		return ""
	}
	p = path.Clean(p)
	if p == ".." || strings.HasPrefix(p, "../") || !fs.ValidPath(p) {
		return ""
	}
	return p
}

// readCapped reads a repository file through fsys, regular files only, at
// most maxScriptBytes.
func readCapped(fsys fs.FS, p string) ([]byte, error) {
	// Stat before opening: opening a FIFO through a plain fs.FS blocks
	// (the scan's safefs FS opens non-blocking and checks again).
	if st, err := fs.Stat(fsys, p); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("read %q: not a regular file", p)
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("read %q: not a regular file", p)
	}
	return io.ReadAll(io.LimitReader(f, maxScriptBytes))
}

var scriptModel = lazyre.New(`\bmodel(?:_name|_id)?["']?\s*[=:]\s*["']([A-Za-z0-9][\w.\-/:@]{2,80})["']`)

// judgeScript reads an invoked script (or a Go package directory) and
// says whether it calls a model. Results are cached per path.
func (a *analysis) judgeScript(inv invocation) *scriptVerdict {
	p := repoPath(inv.Path)
	if p == "" || a.fsys == nil {
		return nil
	}
	key := inv.Lang + ":" + p
	if v, ok := a.scripts[key]; ok {
		return v
	}
	var v *scriptVerdict
	defer func() { a.scripts[key] = v }()
	if len(a.scripts) >= maxScripts {
		return nil
	}
	var files []string
	lang := inv.Lang
	if l, ok := scriptExt[path.Ext(p)]; ok && lang == "shell" || lang == "" {
		lang = l
	}
	if lang == "go" && path.Ext(p) != ".go" {
		ents, err := fs.ReadDir(a.fsys, p)
		if err != nil {
			return nil
		}
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") && len(files) < maxGoFiles {
				files = append(files, path.Join(p, e.Name()))
			}
		}
	} else {
		files = []string{p}
	}
	var text strings.Builder
	for _, f := range files {
		b, err := readCapped(a.fsys, f)
		if err != nil {
			continue
		}
		src := string(b)
		text.WriteString(src)
		text.WriteByte('\n')
		if v != nil {
			continue
		}
		switch lang {
		case "python", "js", "go":
			if sdk, imp := aiprofiles.FindSDK(lang, src); sdk != nil {
				v = &scriptVerdict{Provider: sdk.Provider, Why: fmt.Sprintf("script %s imports %s", f, imp), ImportOnly: true}
			} else if c, lit := launchedCLI(lang, src); c != nil {
				v = &scriptVerdict{Provider: c.Provider, Why: fmt.Sprintf("script %s starts AI CLI %s (%q)", f, c.Name, lit)}
			}
		case "shell":
			for _, l := range strings.Split(src, "\n") {
				if c := findCLI(l); c != nil {
					v = &scriptVerdict{Provider: c.Provider, Why: fmt.Sprintf("script %s runs AI CLI %s", f, c.Name)}
					for _, fl := range c.Model {
						if m := flagRe(fl).FindStringSubmatch(l); m != nil {
							v.Model = strings.Trim(m[1], `"'`)
							break
						}
					}
					break
				}
			}
		}
		if v == nil {
			if host, prov, ok := aiprofiles.FindEndpoint(src); ok {
				v = &scriptVerdict{Provider: prov, Why: fmt.Sprintf("script %s calls %s", f, host)}
			}
		}
		if v != nil && v.Model == "" {
			if m := scriptModel.FindStringSubmatch(src); m != nil {
				v.Model = m[1]
			}
		}
	}
	if v != nil {
		v.Text = text.String()
	} else {
		// Remember the text for the hub-download test.
		a.scriptText[key] = text.String()
	}
	return v
}

// detectBehaviour recognises an AI step by what it runs and what it is
// handed, when the profile table did not.
func (a *analysis) detectBehaviour(j *Job, s *Step, u *AIUse) bool {
	creds := stepCreds(s)
	for _, inv := range a.invocations(s) {
		if v := a.judgeScript(inv); v != nil {
			if v.ImportOnly && keyedProviders[v.Provider] && noModelInReach(j) {
				// The vendor's SDK is imported, but nothing in the job
				// could authenticate a call to its models.
				continue
			}
			u.Via, u.Provider, u.Model = "script", v.Provider, "unknown"
			if v.Model != "" {
				u.Model = v.Model
			}
			u.Script = repoPath(inv.Path)
			u.Why = append(u.Why, v.Why+fmt.Sprintf(" (run at %s:%d)", inv.Line.Path, inv.Line.Line))
			for _, c := range append(creds, jobCreds(j)...) {
				u.Why = append(u.Why, c.String())
			}
			return true
		}
	}
	if len(creds) == 0 {
		return a.googleKeyUse(j, s, u)
	}
	if a.runsNoAIProgram(s) || runsOnlyWithoutKeys(s, append(creds, jobCreds(j)...)) {
		return false
	}
	if a.hubDownloadOnly(j, creds) || a.hubStorageStep(s, creds) || redactionOnly(s, creds) {
		return false
	}
	u.Via, u.Provider, u.Model = "secret", creds[0].Provider, "implicit"
	for _, c := range creds {
		u.Why = append(u.Why, c.String())
	}
	return true
}

// detectJobCredential makes an AI step of the first step that runs a
// program in a job holding a job-level AI credential, when no step of the
// job was recognised otherwise.
func (a *analysis) detectJobCredential(j *Job) *AIUse {
	creds := jobCreds(j)
	if len(creds) == 0 || a.hubDownloadOnly(j, creds) {
		return nil
	}
	for _, s := range j.Steps {
		if neverRuns(j, s) || len(reachable(s, creds)) == 0 || unsetGuarded(j, s) || otherKeyGuarded(j, s, creds) {
			continue // ai_keyguard_other.go
		}
		if u := a.jobCredentialHooks(j, s, creds); u != nil {
			return u // ai_background.go, ai_compose.go
		}
		invs := a.invocations(s)
		if len(invs) == 0 || a.runsNoAIProgram(s) || a.installsOnly(s) {
			continue
		}
		u := &AIUse{Job: j, Step: s, Pos: s.Where(), Via: "secret", Provider: creds[0].Provider, Model: "implicit"}
		u.Secrets = stepSecrets(j, s)
		for _, c := range creds {
			u.Why = append(u.Why, c.String())
		}
		u.Why = append(u.Why, "first step to run a program: "+invs[0].String())
		u.ModelPos = u.Pos
		applyEnvModel(s, u)
		return u
	}
	return a.detectJobCredentialTests(j, creds)
}

// hubDownloadOnly reports whether the only AI credentials are Hugging Face
// tokens and the job only downloads from the hub with them.
func (a *analysis) hubDownloadOnly(j *Job, creds []credential) bool {
	for _, c := range creds {
		if c.Provider != "huggingface" {
			return false
		}
	}
	var text strings.Builder
	for _, s := range j.AllSteps() {
		text.WriteString(s.Run)
		text.WriteByte('\n')
		for _, inv := range a.invocations(s) {
			if a.judgeScript(inv) != nil {
				return false
			}
			text.WriteString(a.scriptText[inv.Lang+":"+repoPath(inv.Path)])
		}
	}
	t := text.String()
	if _, _, ok := aiprofiles.FindEndpoint(t); ok {
		return false
	}
	return aiprofiles.HubDownload(t)
}

// whyText joins the evidence of a use for the report.
func (u *AIUse) whyText() string {
	if len(u.Why) > 0 {
		return strings.Join(slices.Compact(u.Why), "; ")
	}
	switch u.Via {
	case "action":
		return "profile of action " + u.Step.Uses
	case "cli":
		return fmt.Sprintf("runs AI CLI %s (%s:%d)", u.CLI.Name, u.CLILine.Pos.Path, u.CLILine.Pos.Line)
	case "endpoint":
		return "calls " + u.Endpoint
	case "models-permission":
		return "job granted models: read"
	}
	return u.Via
}
