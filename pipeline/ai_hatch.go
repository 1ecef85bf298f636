package pipeline

import (
	"path"
	"strings"
)

// Hatch: `hatch run <env>:<script>`, `hatch run <script>`, `hatch -e
// <env> run …` and `hatch env run -e <env> -- …` run a script of the
// environment, from `[tool.hatch.envs.<env>.scripts]` of pyproject.toml
// (or `[envs.<env>.scripts]` of hatch.toml), or else the command itself;
// `hatch test` runs pytest. The script's commands are judged like a
// `run:` line (invocations, testCommand). The files are read through the
// domain's fs.FS at the step's working directory, capped like every read;
// an environment without the script falls back to the environments it is
// a template of (`template = "…"`, "default" when unset). `{args}` and
// `{args:default}` are expanded; a script that names another script of
// the same environment is followed one level.

// hatchEnv is one hatch environment's scripts and template.
type hatchEnv struct {
	Template string
	Scripts  map[string][]string
}

// hatchCommands returns the command lines a hatch call runs, run in dir;
// nil when w is not a hatch run.
func (a *analysis) hatchCommands(w []string, dir string) []string {
	if len(w) < 2 || path.Base(w[0]) != "hatch" {
		return nil
	}
	env := ""
	i := 1
	envFlag := func() bool {
		switch {
		case (w[i] == "-e" || w[i] == "--env") && i+1 < len(w):
			env, i = w[i+1], i+2
		case strings.HasPrefix(w[i], "--env="):
			env, i = strings.TrimPrefix(w[i], "--env="), i+1
		default:
			return false
		}
		return true
	}
	for i < len(w) && strings.HasPrefix(w[i], "-") {
		if !envFlag() {
			i++
		}
	}
	if i >= len(w) {
		return nil
	}
	switch w[i] {
	case "test":
		return []string{"pytest " + strings.Join(w[i+1:], " ")}
	case "run":
		i++
	case "env":
		if i+1 >= len(w) || w[i+1] != "run" {
			return nil
		}
		i += 2
		for i < len(w) && strings.HasPrefix(w[i], "-") && w[i] != "--" {
			if !envFlag() {
				i++
			}
		}
	default:
		return nil
	}
	if i < len(w) && w[i] == "--" {
		i++
	}
	if i >= len(w) {
		return nil
	}
	name, args := w[i], w[i+1:]
	if e, s, ok := strings.Cut(name, ":"); ok && e != "" && !strings.Contains(e, "/") {
		env, name = e, s
	}
	if env == "" {
		env = "default"
	}
	envs := a.hatchEnvs(dir)
	body := hatchScript(envs, env, name)
	if body == nil {
		return []string{strings.Join(append([]string{name}, args...), " ")}
	}
	var out []string
	for _, c := range body {
		// One level of a script naming another script of the environment.
		first, rest, _ := strings.Cut(strings.TrimSpace(c), " ")
		if inner := hatchScript(envs, env, first); inner != nil && first != name {
			for _, ic := range inner {
				out = append(out, hatchArgs(hatchArgs(ic, strings.Fields(rest)), args))
			}
			continue
		}
		out = append(out, hatchArgs(c, args))
	}
	return out
}

// hatchScript returns the commands of a script of env or of the
// environments it inherits from; nil when none.
func hatchScript(envs map[string]*hatchEnv, env, name string) []string {
	for range 4 {
		e := envs[env]
		if e == nil {
			if env == "default" {
				return nil
			}
			env = "default"
			continue
		}
		if c, ok := e.Scripts[name]; ok {
			return c
		}
		if env == "default" {
			return nil
		}
		env = e.Template
		if env == "" {
			env = "default"
		}
	}
	return nil
}

// hatchArgs expands `{args}` and `{args:default}` in a script command.
func hatchArgs(c string, args []string) string {
	for {
		start := strings.Index(c, "{args")
		if start < 0 {
			return c
		}
		end := strings.IndexByte(c[start:], '}')
		if end < 0 {
			return c
		}
		end += start
		v := strings.Join(args, " ")
		if def, ok := strings.CutPrefix(c[start+len("{args"):end], ":"); ok && len(args) == 0 {
			v = def
		}
		c = c[:start] + v + c[end+1:]
	}
}

// hatchEnvs reads the hatch environments of dir's pyproject.toml and
// hatch.toml, cached per directory; nil when there are none.
func (a *analysis) hatchEnvs(dir string) map[string]*hatchEnv {
	if a.fsys == nil {
		return nil
	}
	if a.hatch == nil {
		a.hatch = map[string]map[string]*hatchEnv{}
	}
	if e, ok := a.hatch[dir]; ok {
		return e
	}
	if len(a.hatch) >= maxPkgJSON {
		return nil
	}
	var envs map[string]*hatchEnv
	for _, f := range []struct{ name, prefix string }{{"pyproject.toml", "tool.hatch.envs."}, {"hatch.toml", "envs."}} {
		p := repoPath(path.Join(dir, f.name))
		if p == "" {
			continue
		}
		b, err := readCapped(a.fsys, p)
		if err != nil {
			continue
		}
		envs = parseHatchEnvs(string(b), f.prefix, envs)
	}
	a.hatch[dir] = envs
	return envs
}

// parseHatchEnvs reads the `[<prefix><env>.scripts]` tables (`name =
// "cmd"`, `name = ["cmd", …]`, arrays over several lines) and the
// `template` of each `[<prefix><env>]` table into envs. It is a line
// scanner, not a TOML parser: anything else is skipped, and what it
// cannot read is left out.
func parseHatchEnvs(text, prefix string, envs map[string]*hatchEnv) map[string]*hatchEnv {
	var cur *hatchEnv
	scripts := false
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(stripTOMLComment(lines[i]))
		if strings.HasPrefix(l, "[") {
			cur, scripts = nil, false
			h := strings.TrimSpace(strings.Trim(l, "[]"))
			rest, ok := strings.CutPrefix(h, prefix)
			if !ok || rest == "" || strings.HasPrefix(l, "[[") {
				continue
			}
			name, sub := rest, ""
			if q := rest[0]; q == '"' || q == '\'' {
				if end := strings.IndexByte(rest[1:], q); end >= 0 {
					name, sub = rest[1:end+1], strings.TrimPrefix(rest[end+2:], ".")
				}
			} else {
				name, sub, _ = strings.Cut(rest, ".")
			}
			if name == "" || sub != "" && sub != "scripts" {
				continue
			}
			if envs == nil {
				envs = map[string]*hatchEnv{}
			}
			if envs[name] == nil {
				envs[name] = &hatchEnv{Scripts: map[string][]string{}}
			}
			cur, scripts = envs[name], sub == "scripts"
			continue
		}
		if cur == nil {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		k, v = strings.Trim(strings.TrimSpace(k), `"'`), strings.TrimSpace(v)
		if strings.HasPrefix(v, "[") {
			for !arrayClosed(v) && i+1 < len(lines) {
				i++
				v += " " + strings.TrimSpace(stripTOMLComment(lines[i]))
			}
		}
		switch {
		case scripts && k != "":
			if cmds := tomlStrings(v); len(cmds) > 0 {
				if !strings.HasPrefix(v, "[") {
					cmds = cmds[:1]
				}
				cur.Scripts[k] = cmds
			}
		case !scripts && k == "template":
			if t := tomlStrings(v); len(t) == 1 {
				cur.Template = t[0]
			}
		}
	}
	return envs
}

// expandHatch replaces each hatch call of a step's script by the commands
// it runs (at the hatch call's line); other calls are kept.
func (a *analysis) expandHatch(s *Step, calls []shellCall) []shellCall {
	has := false
	for _, c := range calls {
		if len(c.Words) > 1 && path.Base(c.Words[0]) == "hatch" {
			has = true
			break
		}
	}
	if !has {
		return calls
	}
	dir := runDir(s)
	if dir == "-" {
		return calls
	}
	out := make([]shellCall, 0, len(calls))
	for _, c := range calls {
		cmds := a.hatchCommands(c.Words, dir)
		if cmds == nil {
			out = append(out, c)
			continue
		}
		for _, cmd := range cmds {
			for _, x := range shellCalls(a.shell(cmd)) {
				out = append(out, shellCall{Line: c.Line, Words: x.Words})
			}
		}
	}
	return out
}
