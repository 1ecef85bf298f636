package pipeline

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// Package scripts: a step that runs `npm run X`, `yarn X`, `pnpm X` or
// `bun run X` runs the command line of script X of a package.json. The
// scripts are read through the domain's fs.FS (capped like every script
// read) at the repository root, or at the directory the step names
// (`working-directory:`, `yarn --cwd dir`, `pnpm -C dir`, `npm --prefix
// dir`, a `cd dir &&` before it), and the script's command line is judged
// like a `run:` line: an AI CLI by name or package, a local bundle of one
// (`node packages/cli/built/genaiscript.cjs run …`, relative to the
// package's directory), or a repository script that calls a model. A
// script that runs another package script (`cd packages/sample && yarn
// run:script`) is followed one level further; deeper chains and cycles
// are not.

const (
	// maxPkgJSON caps how many package.json files one analysis reads.
	maxPkgJSON = 64
	// maxScriptHops is how many package scripts a step's line is followed
	// through: the script it names and one script that script runs.
	maxScriptHops = 2
)

// pkgScriptHit is an AI CLI or script found behind a package script.
type pkgScriptHit struct {
	CLI     *aiprofiles.CLI
	Verdict *scriptVerdict
	Script  string // the script judged AI, for Via "script"
	// Line is the expanded command line that runs it (the package
	// script with the step's arguments), for the model flags.
	Line string
	Why  string
}

// pmBuiltins are yarn and pnpm commands that are not package scripts.
var pmBuiltins = map[string]bool{
	"install": true, "i": true, "add": true, "remove": true, "rm": true, "upgrade": true, "up": true, "update": true,
	"dlx": true, "exec": true, "why": true, "info": true, "init": true, "link": true, "unlink": true, "publish": true,
	"pack": true, "config": true, "cache": true, "audit": true, "outdated": true, "list": true, "ls": true,
	"version": true, "versions": true, "workspace": true, "workspaces": true, "global": true, "import": true, "set": true,
	"plugin": true, "node": true, "bin": true, "create": true, "patch": true, "patch-commit": true, "rebuild": true,
	"prune": true, "store": true, "fetch": true, "licenses": true, "login": true, "logout": true, "owner": true,
	"tag": true, "team": true, "help": true, "autoclean": true, "check": true, "policies": true, "constraints": true,
	"dedupe": true, "explain": true, "npm": true, "search": true, "setup": true, "env": true, "root": true, "import-meta": true,
}

// bunBuiltins are Bun commands that `bun X` runs before a package script
// or a file named X.
var bunBuiltins = map[string]bool{
	"test": true, "install": true, "i": true, "add": true, "a": true, "remove": true, "rm": true, "update": true,
	"upgrade": true, "x": true, "build": true, "create": true, "c": true, "init": true, "link": true, "unlink": true,
	"pm": true, "publish": true, "outdated": true, "audit": true, "patch": true, "why": true, "info": true,
	"repl": true, "exec": true, "completions": true, "help": true,
}

// bunScript returns the command line of the package script (of
// dir/package.json) that `bun X` or `bun run X` runs, with the call's
// arguments; "" when X is a built-in command of Bun or no script there (a
// file). Bun runs a script by its bare name.
func (a *analysis) bunScript(w []string, dir string) string {
	if len(w) < 2 || path.Base(w[0]) != "bun" || dir == "-" {
		return ""
	}
	script, args, pdir, ok := pkgScriptCall(w)
	if !ok || pdir != "" {
		return ""
	}
	body := strings.TrimSpace(a.pkgScripts(dir)[script])
	if body == "" {
		return ""
	}
	if len(args) > 0 {
		body += " " + strings.Join(args, " ")
	}
	return body
}

// lintPackageScript reports whether a command runs a package script
// (`bun check`, `npm run check`) whose every command only lints, formats
// or type-checks (`biome check .`, `tsc --noEmit`).
func (a *analysis) lintPackageScript(w []string, s *Step) bool {
	dir := runDir(s)
	script, _, pdir, ok := pkgScriptCall(w)
	if !ok || pdir != "" || dir == "-" {
		return false
	}
	body := strings.TrimSpace(a.pkgScripts(dir)[script])
	if body == "" {
		return false
	}
	calls := a.facts(body).calls
	for _, c := range calls {
		if !checkOrLint(c, body) {
			return false
		}
	}
	return len(calls) > 0
}

// pmDirFlags are the flags of package managers that name the package's
// directory.
var pmDirFlags = map[string]bool{"--cwd": true, "-C": true, "--dir": true, "--prefix": true}

// pkgScriptCall reads a package-manager call from the words of one
// command: the script it runs, the arguments after it and the directory
// flag's value; ok is false for any other command.
func pkgScriptCall(words []string) (script string, args []string, dir string, ok bool) {
	if len(words) < 2 {
		return "", nil, "", false
	}
	pm := path.Base(words[0])
	switch pm {
	case "npm", "yarn", "pnpm", "bun":
	default:
		return "", nil, "", false
	}
	rest := words[1:]
	explicitRun := false
	for len(rest) > 0 {
		w := rest[0]
		if v, found := strings.CutPrefix(w, "--cwd="); found {
			dir, rest = v, rest[1:]
			continue
		}
		if v, found := strings.CutPrefix(w, "--prefix="); found {
			dir, rest = v, rest[1:]
			continue
		}
		if v, found := strings.CutPrefix(w, "--dir="); found {
			dir, rest = v, rest[1:]
			continue
		}
		if pmDirFlags[w] && len(rest) > 1 {
			dir, rest = rest[1], rest[2:]
			continue
		}
		if w == "--silent" || w == "-s" || w == "--if-present" || w == "--frozen-lockfile" {
			rest = rest[1:]
			continue
		}
		if (w == "run" || w == "run-script") && !explicitRun {
			explicitRun, rest = true, rest[1:]
			continue
		}
		break
	}
	if len(rest) == 0 || strings.HasPrefix(rest[0], "-") {
		return "", nil, "", false
	}
	script = rest[0]
	switch {
	case explicitRun:
	case pm == "npm":
		// npm runs a script without `run` only for test, start, stop, restart.
		switch script {
		case "test", "t", "tst":
			script = "test"
		case "start", "stop", "restart":
		default:
			return "", nil, "", false
		}
	case pm == "bun":
		// `bun x` runs package script x unless x is a built-in command
		// (or a file, which the caller finds no script for).
		if bunBuiltins[script] {
			return "", nil, "", false
		}
	default:
		if pmBuiltins[script] {
			return "", nil, "", false
		}
	}
	args = rest[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	return script, args, dir, true
}

// pkgScripts returns the `scripts` of dir/package.json, cached; nil when
// there is none, it does not parse, or the read budget is spent.
func (a *analysis) pkgScripts(dir string) map[string]string {
	p := repoPath(path.Join(dir, "package.json"))
	if p == "" || a.fsys == nil {
		return nil
	}
	if a.pkgJSON == nil {
		a.pkgJSON = map[string]map[string]string{}
	}
	if s, ok := a.pkgJSON[p]; ok {
		return s
	}
	if len(a.pkgJSON) >= maxPkgJSON {
		return nil
	}
	a.pkgJSON[p] = nil
	b, err := readCapped(a.fsys, p)
	if err != nil {
		return nil
	}
	var pj struct {
		Scripts map[string]any `json:"scripts"`
	}
	if json.Unmarshal(b, &pj) != nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range pj.Scripts {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	a.pkgJSON[p] = out
	return out
}

// stepWorkDir is the step's `working-directory:` (or its job's
// `defaults.run.working-directory:`) when it is a plain relative path.
func stepWorkDir(s *Step) string { return s.workDir }

// cleanDir returns a directory a script names relative to the root, ""
// for the root itself, or "-" when it leaves the repository or holds an
// expansion.
func cleanDir(d string) string {
	d = strings.Trim(d, `"'`)
	if d == "" || d == "." || d == "./" {
		return ""
	}
	if p := repoPath(d); p != "" {
		return p
	}
	return "-"
}

// packageScriptAI follows the package scripts the step's `run:` lines
// call and returns what AI it finds behind them, with the run line.
func (a *analysis) packageScriptAI(s *Step) (*pkgScriptHit, *Line) {
	if !strings.Contains(s.Run, "npm") && !strings.Contains(s.Run, "yarn") && !strings.Contains(s.Run, "pnpm") && !strings.Contains(s.Run, "bun") {
		return nil, nil
	}
	base := stepWorkDir(s)
	if base == "-" {
		return nil, nil
	}
	for i := range s.RunLines {
		if h := a.judgeCommandLine(s.RunLines[i].Text, base, 0, nil); h != nil {
			return h, &s.RunLines[i]
		}
	}
	return nil, nil
}

// judgeCommandLine judges one shell line run in dir: every command of it
// that runs an AI CLI (by name, package or local bundle), a repository
// script that calls a model, or a package script that does (hops deep).
func (a *analysis) judgeCommandLine(line, dir string, hops int, seen map[string]bool) *pkgScriptHit {
	t := strings.TrimSpace(line)
	if t == "" || strings.HasPrefix(t, "#") {
		return nil
	}
	for _, part := range splitCommands(t) {
		words := strings.Fields(part)
		for len(words) > 0 && (shellPrefixWords[words[0]] || strings.Contains(words[0], "=") && !strings.HasPrefix(words[0], "-")) {
			words = words[1:]
		}
		if len(words) == 0 {
			continue
		}
		if words[0] == "cd" && len(words) == 2 {
			d := cleanDir(path.Join(dir, strings.Trim(words[1], `"'`)))
			if d == "-" {
				return nil
			}
			dir = d
			continue
		}
		if hops > 0 {
			// A command of a package script: judged like a run: line,
			// paths relative to the package's directory.
			if h := a.judgeScriptCommand(words, dir); h != nil {
				return h
			}
		}
		script, args, pdir, ok := pkgScriptCall(words)
		if !ok || hops >= maxScriptHops {
			continue
		}
		d := dir
		if pdir != "" {
			if d = cleanDir(path.Join(dir, pdir)); d == "-" {
				continue
			}
		}
		key := d + "\x00" + script
		if seen[key] {
			continue
		}
		body, found := a.pkgScripts(d)[script]
		if !found {
			continue
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[key] = true
		expanded := body
		if len(args) > 0 {
			expanded += " " + strings.Join(args, " ")
		}
		if h := a.judgeCommandLine(expanded, d, hops+1, seen); h != nil {
			h.Why = fmt.Sprintf("package script %q of %s (%s)", script, path.Join(d, "package.json"), body) + "; " + h.Why
			return h
		}
	}
	return nil
}

// judgeScriptCommand judges one command of a package script, run in dir.
func (a *analysis) judgeScriptCommand(words []string, dir string) *pkgScriptHit {
	cmd := strings.Join(words, " ")
	// A bundle named relative to the package: rewrite it relative to the root.
	if rt := path.Base(words[0]); (rt == "node" || rt == "bun" || rt == "deno") && dir != "" {
		w := append([]string(nil), words...)
		for i := 1; i < len(w); i++ {
			if strings.HasPrefix(w[i], "-") || w[i] == "run" && (rt == "deno" || rt == "bun") {
				continue
			}
			if !strings.HasPrefix(w[i], "/") && !strings.ContainsAny(w[i], "$~{}*") {
				w[i] = path.Join(dir, strings.Trim(w[i], `"'`))
			}
			break
		}
		cmd = strings.Join(w, " ")
	}
	if c, file := findCLIBundle(cmd); c != nil {
		why := "runs AI CLI " + c.Name
		if file != "" {
			why = fmt.Sprintf("local bundle of the %s CLI (%s)", c.Name, file)
		}
		return &pkgScriptHit{CLI: c, Line: cmd, Why: why}
	}
	name := path.Base(words[0])
	if lang, ok := interpreters[name]; ok {
		for _, w := range words[1:] {
			if strings.HasPrefix(w, "-") || w == "run" && (name == "deno" || name == "bun") {
				continue
			}
			p := repoPath(path.Join(dir, w))
			if p == "" {
				break
			}
			if v := a.judgeScript(invocation{Path: p, Lang: lang}); v != nil {
				return &pkgScriptHit{Verdict: v, Script: p, Line: cmd, Why: v.Why}
			}
			break
		}
	}
	return nil
}

// cliArgsRun reports whether a CLI run with these arguments runs a model:
// its first argument is one of the CLI's model-running subcommands when
// the table lists some, and not `--version`, `--help`, `mcp`, `config`.
func cliArgsRun(c *aiprofiles.CLI, args []string) bool {
	if len(c.Sub) > 0 {
		return len(args) > 0 && slices.Contains(c.Sub, args[0])
	}
	return len(args) == 0 || !skipCLIArg(c, args[0])
}

// detectPackageScript makes an AI step of a step whose package script
// runs an AI CLI or a script that calls a model.
func (a *analysis) detectPackageScript(s *Step, u *AIUse) {
	h, l := a.packageScriptAI(s)
	if h == nil {
		return
	}
	u.CLILine = l
	u.Why = append(u.Why, h.Why+fmt.Sprintf(", run at %s:%d", l.Pos.Path, l.Pos.Line))
	if h.CLI != nil {
		u.Via, u.CLI, u.Provider = "cli", h.CLI, h.CLI.Provider
		u.Model, u.ModelPos = "implicit", l.Pos
		for _, f := range h.CLI.Model {
			if m := flagRe(f).FindStringSubmatch(h.Line); m != nil {
				u.Model = classifyModel(strings.Trim(m[1], `"'`))
				break
			}
		}
		return
	}
	u.Via, u.Provider, u.Model, u.Script = "script", h.Verdict.Provider, "unknown", h.Script
	if h.Verdict.Model != "" {
		u.Model = h.Verdict.Model
	}
}
