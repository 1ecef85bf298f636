package pipeline

import (
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// AIUse is one place where AI enters a pipeline: a step that runs an AI
// action, calls an AI CLI or endpoint, or is handed an AI vendor's secret;
// or a job granted `models: read`.
type AIUse struct {
	Job  *Job
	Step *Step // nil for a job-level use (models: read)
	// Pos is where the use is reported: the step in its workflow.
	Pos Pos
	// Via says how it was recognized: "action", "cli", "endpoint",
	// "secret" or "models-permission".
	Via      string
	Provider string
	Profile  *aiprofiles.Profile
	CLI      *aiprofiles.CLI
	// CLILine is the script line that calls the CLI.
	CLILine *Line
	// Model is the model id, or "implicit" (the tool's default), "from
	// vars", "from expression", or "unknown" (an endpoint call whose
	// request body is not in the file).
	Model    string
	ModelPos Pos
	Endpoint string
	// Secrets are the secrets the step can read, sorted.
	Secrets []string
	// Script is the repository script that calls the model (Via "script").
	Script string
	// Why is the evidence the step was recognised by, for a reviewer to
	// check: the script and its import, the credential and its binding.
	Why []string
}

// Strong reports whether the step certainly runs a model (an action, CLI
// or endpoint), as opposed to only being handed a vendor's key.
func (u *AIUse) Strong() bool {
	return u.Via == "action" || u.Via == "cli" || u.Via == "endpoint" || u.Via == "script"
}

// Agent reports whether the AI can run tools.
func (u *AIUse) Agent() bool {
	return (u.Profile != nil && u.Profile.Agent) || (u.CLI != nil && u.CLI.Agent)
}

// AIStep is one entry of the AI inventory.
type AIStep struct {
	Pos                  Pos
	Workflow, Job, Step  string
	Provider, Model, Via string
	Triggers             []string
	Permissions          []string
	Secrets              []string
}

var (
	secretRef = lazyre.New(`secrets\.([A-Za-z_][A-Za-z0-9_]*)|secrets\[['"]([A-Za-z_][A-Za-z0-9_]*)['"]\]`)
	exprRe    = lazyre.New(`\$\{\{\s*(.*?)\s*\}\}`)
)

// detectAI finds every AI use of every job, expanded composite actions
// included, once per step.
func (a *analysis) detectAI() {
	for _, p := range a.pipelines {
		if p.Kind == Action {
			continue
		}
		for _, j := range p.Jobs {
			if neverRuns(j, nil) {
				continue // `if: false`: the job never runs
			}
			found := false
			var mints []*tokenMint
			var composed map[*Step]bool
			for _, s := range j.AllSteps() {
				if s.Origin != nil && a.aiByStep[s.Origin] != nil || a.aiByStep[s] != nil || neverRuns(j, s) {
					continue // the calling step is already the AI step, or it never runs
				}
				if s.Origin != nil && composed[s.Origin] {
					continue // the action's AI step is recorded for its caller
				}
				if u := a.composedAIUse(j, s); u != nil {
					a.ai = append(a.ai, u)
					a.aiByStep[u.Step] = u
					if composed == nil {
						composed = map[*Step]bool{}
					}
					composed[s] = true
					found = true
					continue
				}
				if m := a.tokenMintOf(s); m != nil && p.Kind == GitHub {
					mints = append(mints, m) // a credential hand-over (ai_wif.go)
					continue
				}
				if u := a.detectStep(j, s); u != nil {
					var more []*AIUse
					if u.Via == "secret" {
						keep, m := a.handOver(j, u, handoverRefs(s))
						if !keep {
							continue
						}
						more = m
					}
					for _, v := range append([]*AIUse{u}, more...) {
						a.ai = append(a.ai, v)
						a.aiByStep[v.Step] = v
					}
					found = true
				} else if uses := a.fileHandover(j, s); uses != nil {
					for _, v := range uses {
						a.ai = append(a.ai, v)
						a.aiByStep[v.Step] = v
					}
					found = true
				}
			}
			for _, m := range mints {
				uses, ok := a.mintConsumers(j, m)
				if !ok {
					// Nothing later uses the token: the minting step stays the AI step.
					if u := a.detectStep(j, m.Step); u != nil && a.aiByStep[u.Step] == nil {
						uses = []*AIUse{u}
					}
				}
				for _, u := range uses {
					a.ai = append(a.ai, u)
					a.aiByStep[u.Step] = u
					found = true
				}
				found = found || ok
			}
			if srv := a.localModelServer(j); srv != nil {
				for _, u := range a.localModelSteps(j, srv) {
					// Only the first consumer: a model name is no credential.
					if keep, _ := a.handOver(j, u, localModelRefs); !keep || a.aiByStep[u.Step] != nil {
						continue
					}
					a.ai = append(a.ai, u)
					a.aiByStep[u.Step] = u
					found = true
				}
			}
			if !found {
				if u := a.detectJobCredential(j); u != nil {
					a.ai = append(a.ai, u)
					a.aiByStep[u.Step] = u
					found = true
					for _, v := range a.laterJobCredentialTests(j, u) {
						a.ai = append(a.ai, v)
						a.aiByStep[v.Step] = v
					}
				}
			}
			if !found {
				if u := a.modelsUse(j); u != nil {
					a.ai = append(a.ai, u)
					if u.Step != nil {
						a.aiByStep[u.Step] = u
					}
				}
			}
		}
	}
}

// composedAIUse returns, for a step that calls a local composite action,
// the first step of the action that runs a model by itself (an AI action,
// CLI, endpoint or script), so the calling step is judged by what the
// action does rather than only by the key it hands over; nil otherwise.
func (a *analysis) composedAIUse(j *Job, call *Step) *AIUse {
	if call.Action == nil || call.Origin != nil || j.Pipeline.Kind != GitHub {
		return nil
	}
	for _, st := range j.AllSteps() {
		if st.Origin != call || neverRuns(j, st) || a.tokenMintOf(st) != nil {
			continue // a minted token is a hand-over (ai_wif.go)
		}
		if u := a.detectStep(j, st); u != nil && u.Strong() {
			what := u.Via
			switch {
			case u.Profile != nil:
				what = "AI action " + st.Uses
			case u.CLI != nil:
				what = "AI CLI " + u.CLI.Name
			case u.Endpoint != "":
				what = "AI endpoint " + u.Endpoint
			case u.Script != "":
				what = "script " + u.Script
			}
			u.Why = append([]string{fmt.Sprintf("local action %s runs %s (%s:%d)", call.Uses, what, st.Pos.Path, st.Pos.Line)}, u.Why...)
			if u.Secrets == nil {
				u.Secrets = stepSecrets(j, st)
			}
			return u
		}
	}
	return nil
}

func (a *analysis) detectStep(j *Job, s *Step) *AIUse {
	// Most steps are not AI steps: u stays on the stack until one is.
	var uv AIUse
	u := &uv
	*u = AIUse{Job: j, Step: s, Pos: s.Where()}
	prof := aiprofiles.Lookup(s.Uses)
	if prof == nil && s.Action != nil {
		prof = aiprofiles.LookupLocal(s.Action.Name)
	}
	switch {
	case s.Uses != "" && prof != nil:
		u.Via, u.Profile = "action", prof
		u.Provider = u.Profile.Provider
		u.Model, u.ModelPos = modelOf(s, u.Profile.Model, u.Profile.DefaultModel)
		if u.Model == "implicit" && u.Profile.SettingsFile != "" {
			a.settingsFileModel(s, u)
		}
		if u.Provider == "anthropic" {
			if kv, ok := Lookup(s.With, "use_bedrock"); ok && truthy(kv.Value) {
				u.Provider = "aws-bedrock"
			} else if kv, ok := Lookup(s.With, "use_vertex"); ok && truthy(kv.Value) {
				u.Provider = "google-vertex"
			}
		}
	default:
		for i := range s.RunLines {
			if c, file := findCLIBundle(s.RunLines[i].Text); c != nil {
				u.Via, u.CLI, u.Provider = "cli", c, c.Provider
				u.CLILine = &s.RunLines[i]
				if file != "" {
					u.Why = append(u.Why, fmt.Sprintf("local bundle of the %s CLI (%s), run at %s:%d", c.Name, file, u.CLILine.Pos.Path, u.CLILine.Pos.Line))
				}
				u.Model, u.ModelPos = cliModel(s, c)
				break
			}
		}
		if u.Via == "" && j.Pipeline.Kind != GitLab {
			a.detectPackageScript(s, u)
		}
	}
	if u.Via == "" {
		// The script itself, and the inputs and env values that are not
		// host configuration (an allow-list names hosts, it calls none).
		texts := []string{s.Run}
		for _, kvs := range [][]KV{s.With, s.Env} {
			for _, kv := range kvs {
				if !hostConfigValue(kv.Key, kv.Value) {
					texts = append(texts, kv.Value)
				}
			}
		}
		for _, t := range texts {
			if host, prov, ok := aiprofiles.FindEndpoint(t); ok {
				u.Via, u.Endpoint, u.Provider, u.Model = "endpoint", host, prov, "unknown"
				if m := jsonModel.FindStringSubmatch(s.Run); m != nil {
					u.Model = m[1]
				}
				break
			}
		}
	}
	if u.Via == "" && j.Pipeline.Kind != GitLab && a.detectBehaviour(j, s, u) && u.Via == "secret" {
		keyedActionUse(s, u)
	}
	// The secrets are listed once an AI step is found (nothing before
	// reads them), or for GitLab, where they decide.
	if u.Via == "" && j.Pipeline.Kind == GitLab {
		u.Secrets = stepSecrets(j, s)
		for _, sec := range u.Secrets {
			if prov := aiprofiles.SecretProvider(sec); prov != "" && stepUsesSecret(s, sec) {
				u.Via, u.Provider, u.Model = "secret", prov, "implicit"
				break
			}
		}
	}
	if u.Via == "" {
		return nil
	}
	applyEnvModel(s, u)
	if u.Secrets == nil {
		u.Secrets = stepSecrets(j, s)
	}
	if u.Model == "" {
		u.Model = "implicit"
	}
	if u.ModelPos.IsZero() {
		u.ModelPos = u.Pos
	}
	out := new(AIUse)
	*out = uv
	return out
}

var jsonModel = lazyre.New(`"model"\s*:\s*"([^"$]+)"`)

func truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "1", "on":
		return true
	}
	return false
}

// stepUsesSecret reports whether the step itself (not only its job) hands
// the secret over.
func stepUsesSecret(s *Step, name string) bool {
	for _, kv := range append(slices.Clone(s.With), s.Env...) {
		if strings.Contains(kv.Value, "secrets."+name) {
			return true
		}
	}
	if s.Job != nil && s.Job.Pipeline.Kind == GitLab {
		for _, m := range shellVar.FindAllStringSubmatch(s.Run, -1) {
			if m[1] == name {
				return true
			}
		}
	}
	return strings.Contains(s.Run, "secrets."+name)
}

var shellVar = lazyre.New(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// stepSecrets lists the secrets a step can read: the ones referenced in the
// step, its job and workflow env, and everything for `secrets: inherit`.
func stepSecrets(j *Job, s *Step) []string {
	seen := map[string]bool{}
	add := func(t string) {
		if !strings.Contains(t, "secrets") {
			return
		}
		for _, name := range secretNames(t) {
			seen[name] = true
		}
	}
	for _, kv := range s.With {
		add(kv.Value)
	}
	for _, kv := range s.Env {
		add(kv.Value)
	}
	add(s.Run)
	if j.Pipeline.Kind == GitLab {
		for _, m := range shellVar.FindAllStringSubmatch(s.Run, -1) {
			if aiprofiles.SecretProvider(m[1]) != "" {
				seen[m[1]] = true
			}
		}
	}
	for _, kv := range j.Env {
		add(kv.Value)
	}
	for _, kv := range j.Pipeline.Env {
		add(kv.Value)
	}
	if s.Origin != nil {
		for _, kv := range s.Origin.With {
			add(kv.Value)
		}
		for _, kv := range s.Origin.Env {
			add(kv.Value)
		}
	}
	for _, c := range j.Pipeline.Callers {
		if slices.Contains(c.Secrets, "inherit") {
			seen["(all, inherited)"] = true
		}
		for _, n := range c.Secrets {
			if n != "inherit" {
				seen[n] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		if k != "" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// inputText resolves an input spec of a profile against a step.
func inputText(s *Step, spec string) (text string, pos Pos, ok bool) {
	if name, found := strings.CutPrefix(spec, "env:"); found {
		for _, envs := range [][]KV{s.Env, s.Job.Env, s.Job.Pipeline.Env} {
			if kv, ok := Lookup(envs, name); ok {
				return kv.Value, kv.ValuePos, true
			}
		}
		return "", Pos{}, false
	}
	name, sub, hasSub := strings.Cut(spec, ":")
	kv, found := Lookup(s.With, name)
	if !found && s.Origin != nil {
		kv, found = Lookup(s.Origin.With, name)
	}
	if !found {
		return "", Pos{}, false
	}
	if !hasSub {
		return kv.Value, kv.ValuePos, true
	}
	var loc []int
	var val string
	if re, isRe := strings.CutPrefix(sub, "~"); isRe {
		rx, err := regexp.Compile(re)
		if err != nil {
			return "", Pos{}, false
		}
		loc = rx.FindStringIndex(kv.Value)
		if loc != nil {
			val = kv.Value[loc[0]:loc[1]]
		}
	} else {
		m := flagRe(sub).FindStringSubmatchIndex(kv.Value)
		if m != nil {
			start := m[0]
			for start < m[1] && (kv.Value[start] == ' ' || kv.Value[start] == '\n' || kv.Value[start] == '\t') {
				start++
			}
			loc = []int{start, m[1]}
			val = strings.Trim(kv.Value[m[2]:m[3]], `"'`)
		}
	}
	if loc == nil {
		return "", Pos{}, false
	}
	return val, offsetPos(kv.ValuePos, kv.Value, loc[0]), true
}

// offsetPos returns the position of byte off of a scalar's value: for a
// multi-line value, the line it is on inside the block.
func offsetPos(p Pos, value string, off int) Pos {
	if !strings.Contains(value, "\n") {
		return p
	}
	nl := strings.Count(value[:off], "\n")
	start := strings.LastIndexByte(value[:off], '\n') + 1
	return Pos{Path: p.Path, Line: p.Line + 1 + nl, Col: p.Col + 2 + (off - start)}
}

var reCache sync.Map // pattern -> *lazyre.Regexp

// re compiles a pattern once; patterns come from the aiprofiles table and
// from flag names, a small fixed set.
func re(pattern string) *lazyre.Regexp {
	if r, ok := reCache.Load(pattern); ok {
		return r.(*lazyre.Regexp)
	}
	r := lazyre.New(pattern)
	reCache.Store(pattern, r)
	return r
}

var flagCache sync.Map // flag -> *lazyre.Regexp

// flagRe matches a command-line flag and its value ("--model x", "--model=x").
func flagRe(flag string) *lazyre.Regexp {
	if re, ok := flagCache.Load(flag); ok {
		return re.(*lazyre.Regexp)
	}
	re := lazyre.New(`(?:^|\s)` + regexp.QuoteMeta(flag) + `(?:=|\s+)("[^"]*"|'[^']*'|\S+)`)
	flagCache.Store(flag, re)
	return re
}

// modelOf reads the model of an action step from its profile's specs.
func modelOf(s *Step, specs []string, def string) (string, Pos) {
	for _, spec := range specs {
		if v, pos, ok := inputText(s, spec); ok {
			if strings.HasPrefix(spec, "settings:~") {
				// The regexp located the key; read the value after it.
				kv, _ := Lookup(s.With, "settings")
				if m := settingsModel(kv.Value); m != "" {
					return classifyModel(m), pos
				}
				continue
			}
			if strings.TrimSpace(v) == "" {
				continue
			}
			return classifyModel(v), pos
		}
	}
	if def == "" {
		def = "implicit"
	}
	return def, s.Pos
}

// settingsModel reads the model of a JSON settings text: `"model":
// "claude-…"` (Claude Code) or `"model": {"name": "gemini-…"}` (Gemini
// CLI); "" when none.
func settingsModel(text string) string {
	if m := re(`"model"\s*:\s*"([^"]+)"`).FindStringSubmatch(text); m != nil {
		return m[1]
	}
	if m := re(`"model"\s*:\s*\{[^{}]*?"name"\s*:\s*"([^"]+)"`).FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// classifyModel maps expression values to "from vars"/"from expression".
func classifyModel(v string) string {
	v = strings.TrimSpace(v)
	if m := exprRe.FindStringSubmatch(v); m != nil {
		if strings.HasPrefix(m[1], "vars.") {
			return "from vars"
		}
		return "from expression"
	}
	if strings.HasPrefix(v, "$") {
		return "from expression"
	}
	return v
}

func cliModel(s *Step, c *aiprofiles.CLI) (string, Pos) {
	for _, l := range s.RunLines {
		if c.Name == "ollama" || c.Name == "gh" {
			// The model is positional: "ollama run llama3", "gh models run openai/gpt-4.1".
			if m := re(`\b(?:ollama\s+(?:run|generate)|gh\s+models\s+run)\s+([^\s"'-][^\s"']*)`).FindStringSubmatch(l.Text); m != nil {
				return classifyModel(m[1]), l.Pos
			}
		}
		for _, f := range c.Model {
			if m := flagRe(f).FindStringSubmatch(l.Text); m != nil {
				return classifyModel(strings.Trim(m[1], `"'`)), l.Pos
			}
		}
	}
	return "implicit", s.Pos
}

// cliWords are substrings one of which every AI CLI call contains.
var cliWords = func() []string {
	var out []string
	for _, c := range aiprofiles.CLIs {
		out = append(out, c.Name)
		out = append(out, c.Packages...)
	}
	return out
}()

// cliWordSet is cliWords for wordSet.in, built on first use.
var cliWordSet = sync.OnceValue(func() *wordSet { return newWordSet(cliWords) })

// hasAny reports whether s contains one of the words.
func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// splitCommands cuts a shell line at &&, ||, ;, |, (, backquotes and $( so
// each part starts at a command position.
func splitCommands(t string) []string {
	var out []string
	start := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case ';', '|', '&', '(', '`':
			out = append(out, t[start:i])
			start = i + 1
		case '$':
			if i+1 < len(t) && t[i+1] == '(' {
				out = append(out, t[start:i])
				i++
				start = i + 1
			}
		}
	}
	return append(out, t[start:])
}

// shellPrefixWords are the shell's reserved words after which a command
// stands: `if ! gemini …; then`, `while …; do claude -p …; done`, `{ …; }`.
var shellPrefixWords = map[string]bool{
	"if": true, "then": true, "else": true, "elif": true, "do": true,
	"while": true, "until": true, "!": true, "{": true, "command": true, "builtin": true,
}

// findCLI returns the AI CLI a script line runs, by command position.
func findCLI(line string) *aiprofiles.CLI {
	c, _ := findCLIBundle(line)
	return c
}

// findCLIBundle returns the AI CLI a script line runs, by command
// position, and, when it runs a bundle of the CLI from the checkout
// (`node bundle/gemini.js`), the bundle's path.
func findCLIBundle(line string) (*aiprofiles.CLI, string) {
	if !cliWordSet().in(line) {
		return nil, ""
	}
	t := strings.TrimSpace(line)
	if strings.HasPrefix(t, "#") || t == "" {
		return nil, ""
	}
	for _, part := range splitCommands(t) {
		words := strings.Fields(part)
		// Skip shell keywords, env assignments, sudo, and package runners.
		// findCLI sees one line of a script, which alone seldom parses
		// (`if ! gemini …; then` without its `fi`), so the reserved words
		// that may stand before a command are skipped by name.
		for len(words) > 0 {
			w := words[0]
			switch {
			case shellPrefixWords[w]:
				words = words[1:]
				continue
			case strings.Contains(w, "=") && !strings.HasPrefix(w, "-"):
				words = words[1:]
				continue
			case w == "sudo" || w == "exec" || w == "time" || w == "timeout" || w == "env":
				words = words[1:]
				if len(words) > 0 && w == "timeout" {
					words = words[1:]
				}
				continue
			case w == "npx" || w == "bunx" || w == "pnpx" || w == "pipx" || w == "uvx" || (w == "pnpm" || w == "yarn") && len(words) > 1 && words[1] == "dlx":
				words = words[1:]
				for len(words) > 0 && (strings.HasPrefix(words[0], "-") || words[0] == "dlx" || words[0] == "run") {
					words = words[1:]
				}
				if len(words) > 0 {
					pkg := words[0]
					if at := strings.LastIndexByte(pkg, '@'); at > 0 {
						pkg = pkg[:at]
					}
					for i := range aiprofiles.CLIs {
						if slices.Contains(aiprofiles.CLIs[i].Packages, pkg) && cliArgsRun(&aiprofiles.CLIs[i], words[1:]) {
							return &aiprofiles.CLIs[i], ""
						}
					}
				}
			}
			break
		}
		if len(words) == 0 {
			continue
		}
		if c, file, args := bundleCLI(words); c != nil {
			if !cliArgsRun(c, args) {
				continue
			}
			return c, file
		}
		name := words[0]
		if i := strings.LastIndexByte(name, '/'); i >= 0 && i < len(name)-1 {
			name = name[i+1:]
		}
		for i := range aiprofiles.CLIs {
			c := &aiprofiles.CLIs[i]
			if c.Name != name {
				continue
			}
			if len(c.Sub) > 0 && (len(words) < 2 || !slices.Contains(c.Sub, words[1])) {
				continue
			}
			if len(c.Sub) == 0 && len(words) > 1 && skipCLIArg(c, words[1]) {
				continue
			}
			return c, ""
		}
	}
	return nil, ""
}

// skipCLIArg reports whether a CLI's first argument makes the call one
// that runs no model (`--version`, `mcp`, `config`, or one of the CLI's
// own management subcommands, NotSub: `llm plugins`).
func skipCLIArg(c *aiprofiles.CLI, w string) bool {
	// The word may close a command substitution: `$(llm plugins)`.
	w = strings.TrimRight(w, ")`\"';")
	switch w {
	case "--version", "-v", "--help", "install", "mcp", "config":
		return true
	}
	return slices.Contains(c.NotSub, w)
}

// bundleCLI recognises `node bundle/gemini.js …` (also `bun`, `deno run`):
// a JavaScript file inside the repository, named after an AI CLI that is
// built into one file, run by a JavaScript runtime. It returns the CLI and
// the file (cleaned) and the words after it.
func bundleCLI(words []string) (*aiprofiles.CLI, string, []string) {
	rt := words[0]
	if i := strings.LastIndexByte(rt, '/'); i >= 0 {
		rt = rt[i+1:]
	}
	rest := words[1:]
	switch rt {
	case "node", "bun":
	case "deno":
		if len(rest) == 0 || rest[0] != "run" {
			return nil, "", nil
		}
		rest = rest[1:]
	default:
		return nil, "", nil
	}
	for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return nil, "", nil
	}
	file := strings.Trim(rest[0], `"'`)
	ext := path.Ext(file)
	if ext != ".js" && ext != ".mjs" && ext != ".cjs" {
		return nil, "", nil
	}
	clean := path.Clean(strings.TrimPrefix(file, "./"))
	// Inside the repository: relative, not climbing out, no variable, and
	// not an installed package (node_modules is the package manager's).
	if strings.HasPrefix(file, "/") || strings.HasPrefix(clean, "..") || strings.ContainsAny(file, "$~{}*") ||
		slices.Contains(strings.Split(clean, "/"), "node_modules") {
		return nil, "", nil
	}
	name := strings.TrimSuffix(path.Base(clean), ext)
	for i := range aiprofiles.CLIs {
		c := &aiprofiles.CLIs[i]
		if c.Bundle && c.Name == name {
			return c, clean, rest[1:]
		}
	}
	return nil, "", nil
}

// inventory lists the AI uses for the report.
func (a *analysis) inventory() []AIStep {
	var out []AIStep
	for _, u := range a.ai {
		e := AIStep{
			Pos: u.Pos, Workflow: u.Job.Pipeline.Path, Job: u.Job.ID, Provider: u.Provider, Model: u.Model, Via: u.Via,
			Triggers: u.Job.Pipeline.EffectiveTriggers(), Permissions: u.Job.PermissionList(), Secrets: u.Secrets,
		}
		if u.Step != nil {
			e.Step = u.Step.Label()
			if u.Step.Origin != nil {
				e.Step = u.Step.Origin.Label() + " > " + e.Step
			}
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(x, y AIStep) int {
		if c := strings.Compare(x.Pos.Path, y.Pos.Path); c != 0 {
			return c
		}
		return x.Pos.Line - y.Pos.Line
	})
	return out
}
