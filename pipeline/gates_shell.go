package pipeline

import (
	"path"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// command is one simple command of a step's script as the gate and deploy
// recognisers see it: its literal words with wrappers removed, and why a
// failure of it would not fail the step.
type command struct {
	// Words are the literal words ("" for an expansion), wrappers such as
	// sudo, env, `uv run`, `npx` and `python -m` removed, the program
	// reduced to its base name.
	Words []string
	// Line is the 1-based line in the script.
	Line int
	// Masked says why the command's failure does not fail the step: "||
	// true", "|| exit 0", "|| echo", "piped into tee without pipefail",
	// "set +e", "in an if condition"; "" when it does.
	Masked string
	// pos caches positional (set by newCommand; nil: computed per call).
	pos []string
}

// newCommand is a command with its positional words listed once: the
// recognisers ask for them many times per command.
func newCommand(words []string, line int, masked string) command {
	n := 0
	for _, w := range words {
		if !strings.HasPrefix(w, "-") {
			n++
		}
	}
	pos := make([]string, 0, n)
	for _, w := range words {
		if !strings.HasPrefix(w, "-") {
			pos = append(pos, w)
		}
	}
	return command{Words: words, Line: line, Masked: masked, pos: pos}
}

// tool returns the program the command runs.
func (c command) tool() string {
	if len(c.Words) == 0 {
		return ""
	}
	return c.Words[0]
}

// positional returns the words that are not flags, the program first.
func (c command) positional() []string {
	if c.pos != nil {
		return c.pos
	}
	var out []string
	for _, w := range c.Words {
		if !strings.HasPrefix(w, "-") {
			out = append(out, w)
		}
	}
	return out
}

// has reports whether the words hold each of sub in order, the first being
// the program (a subsequence of the positional words).
func (c command) has(sub ...string) bool {
	pos := c.positional()
	if len(pos) == 0 || len(sub) == 0 || pos[0] != sub[0] {
		return false
	}
	i := 1
	for _, w := range pos[1:] {
		if i < len(sub) && w == sub[i] {
			i++
		}
	}
	return i == len(sub)
}

// flag reports whether the command has a flag: an exact word or a
// "--flag=value" word.
func (c command) flag(names ...string) bool {
	for _, w := range c.Words {
		for _, n := range names {
			if w == n || strings.HasPrefix(w, n+"=") {
				return true
			}
		}
	}
	return false
}

// flagValue returns the value of a flag ("--flag v" or "--flag=v").
func (c command) flagValue(names ...string) (string, bool) {
	for i, w := range c.Words {
		for _, n := range names {
			if w == n && i+1 < len(c.Words) {
				return c.Words[i+1], true
			}
			if strings.HasPrefix(w, n+"=") {
				return strings.TrimPrefix(w, n+"="), true
			}
		}
	}
	return "", false
}

// text is the command as written, shortened, for the inventory.
func (c command) text() string {
	var ws []string
	for _, w := range c.Words {
		if w == "" {
			w = "…"
		}
		ws = append(ws, w)
	}
	t := strings.Join(ws, " ")
	if len(t) > 80 {
		t = t[:80] + "…"
	}
	return t
}

// commands returns the simple commands of a step's script with their
// masks, parsing each distinct script once per analysis.
func (a *analysis) commands(s *Step) []command {
	if s.Run == "" {
		return nil
	}
	g := a.gi()
	if c, ok := g.stepCmds[s]; ok {
		return c
	}
	pipefail := s.Job != nil && a.pipefail(s)
	key := s.Run
	if pipefail {
		key = "\x00pipefail\x00" + key
	}
	c, ok := g.cmds[key]
	if !ok {
		c = commandsOf(a.shell(s.Run), s.Run, pipefail)
		g.cmds[key] = c
	}
	if g.stepCmds == nil {
		g.stepCmds = make(map[*Step][]command, a.stepCount())
	}
	g.stepCmds[s] = c
	return c
}

// pipefail reports whether the step's shell fails a pipeline when any
// command of it fails: GitHub's `shell: bash` runs `bash -eo pipefail`, the
// default shell `bash -e` only; the GitLab runner's bash sets pipefail.
func (a *analysis) pipefail(s *Step) bool {
	switch s.Job.Pipeline.Kind {
	case GitLab:
		return true
	case CloudBuild:
		return false
	}
	sh := s.Shell
	if sh == "" {
		sh = defaultShell(s.Job)
	}
	return sh == "bash"
}

// defaultShell returns `defaults: run: shell:` of the job or its workflow.
func defaultShell(j *Job) string {
	if j.facts.shellSet {
		return j.facts.shell
	}
	return j.Pipeline.shell
}

// scriptCommands parses a script and lists its commands with masks. A script
// that does not parse yields its lines split into words, unmasked.
func scriptCommands(run string, pipefail bool) []command {
	return commandsOf(parseShell(run), run, pipefail)
}

// commandsOf is scriptCommands on the script's syntax tree (nil: it does
// not parse).
func commandsOf(f *syntax.File, run string, pipefail bool) []command {
	if f == nil {
		var out []command
		for i, l := range strings.Split(run, "\n") {
			for _, part := range splitCommands(l) {
				if ws := strings.Fields(part); len(ws) > 0 && !strings.HasPrefix(ws[0], "#") {
					out = append(out, newCommand(normalizeWords(ws), i+1, ""))
				}
			}
		}
		return out
	}
	w := &cmdWalker{pipefail: pipefail}
	w.stmts(f.Stmts, "")
	if w.plusE {
		// Under `set +e` the step's status is the last command's, or what
		// an explicit non-zero exit says.
		explicit := false
		for _, c := range w.out {
			if c.tool() == "exit" && (len(c.Words) < 2 || c.Words[1] != "0") {
				explicit = true
			}
		}
		for i := range w.out {
			if w.out[i].Masked == "set +e" && (explicit || i == len(w.out)-1) {
				w.out[i].Masked = ""
			}
		}
	}
	return w.out
}

type cmdWalker struct {
	out      []command
	pipefail bool
	plusE    bool
	depth    int
}

func (w *cmdWalker) stmts(ss []*syntax.Stmt, mask string) {
	for _, s := range ss {
		w.stmt(s, mask)
	}
}

func (w *cmdWalker) stmt(s *syntax.Stmt, mask string) {
	if s == nil || w.depth > 50 {
		return
	}
	w.depth++
	defer func() { w.depth-- }()
	if s.Negated && mask == "" {
		mask = "negated with !"
	}
	switch c := s.Cmd.(type) {
	case *syntax.CallExpr:
		if len(c.Args) == 0 {
			return
		}
		ws := make([]string, 0, len(c.Args))
		for _, a := range c.Args {
			ws = append(ws, wordText(a))
		}
		if len(ws) >= 2 && ws[0] == "set" {
			for _, x := range ws[1:] {
				if strings.HasPrefix(x, "+") && strings.Contains(x, "e") {
					w.plusE = true
				}
				if strings.HasPrefix(x, "-") && strings.Contains(x, "e") && !strings.HasPrefix(x, "--") {
					w.plusE = false
				}
				if x == "pipefail" {
					w.pipefail = true
				}
				if x == "errexit" {
					w.plusE = slices.Contains(ws, "+o")
				}
			}
		}
		if mask == "" && w.plusE {
			mask = "set +e"
		}
		w.out = append(w.out, newCommand(normalizeWords(ws), int(c.Pos().Line()), mask))
	case *syntax.BinaryCmd:
		switch c.Op {
		case syntax.OrStmt:
			m := mask
			if m == "" {
				m = orMask(c.Y)
			}
			w.stmt(c.X, m)
			w.stmt(c.Y, mask)
		case syntax.Pipe, syntax.PipeAll:
			m := mask
			if m == "" && !w.pipefail {
				m = "piped into " + firstWord(c.Y) + " without pipefail"
			}
			w.stmt(c.X, m)
			w.stmt(c.Y, mask)
		default:
			w.stmt(c.X, mask)
			w.stmt(c.Y, mask)
		}
	case *syntax.IfClause:
		m := mask
		if m == "" && !exitsNonZero(c.Then) && !exitsNonZero(c.Else) {
			m = "in an if condition"
		}
		w.stmts(c.Cond, m)
		w.stmts(c.Then, mask)
		if c.Else != nil {
			w.ifElse(c.Else, mask)
		}
	case *syntax.Block:
		w.stmts(c.Stmts, mask)
	case *syntax.Subshell:
		w.stmts(c.Stmts, mask)
	case *syntax.WhileClause:
		w.stmts(c.Cond, "in a loop condition")
		w.stmts(c.Do, mask)
	case *syntax.ForClause:
		w.stmts(c.Do, mask)
	case *syntax.CaseClause:
		for _, it := range c.Items {
			w.stmts(it.Stmts, mask)
		}
	case *syntax.TimeClause:
		w.stmt(c.Stmt, mask)
	}
}

func (w *cmdWalker) ifElse(c *syntax.IfClause, mask string) {
	w.stmts(c.Cond, mask)
	w.stmts(c.Then, mask)
	if c.Else != nil {
		w.ifElse(c.Else, mask)
	}
}

// orMask returns why `x || y` hides a failure of x: y does not exit
// non-zero, so the list succeeds. "" when y fails the step.
func orMask(y *syntax.Stmt) string {
	if exitsNonZero(y) {
		return ""
	}
	fw := firstWord(y)
	if c, ok := y.Cmd.(*syntax.CallExpr); ok && len(c.Args) > 1 && fw == "exit" {
		return "|| exit " + wordText(c.Args[1])
	}
	return "|| " + fw
}

// exitsNonZero reports whether a statement (list) holds `exit N` with N not
// 0, a bare `exit` (the failing status), `false` or `return N`.
func exitsNonZero(n any) bool {
	found := false
	visit := func(node syntax.Node) bool {
		c, ok := node.(*syntax.CallExpr)
		if !ok || len(c.Args) == 0 {
			return true
		}
		switch wordText(c.Args[0]) {
		case "exit", "return":
			if len(c.Args) == 1 || wordText(c.Args[1]) != "0" {
				found = true
			}
		case "false":
			found = true
		}
		return true
	}
	switch x := n.(type) {
	case *syntax.Stmt:
		if x != nil {
			syntax.Walk(x, visit)
		}
	case []*syntax.Stmt:
		for _, s := range x {
			syntax.Walk(s, visit)
		}
	case *syntax.IfClause:
		if x != nil {
			syntax.Walk(x, visit)
		}
	}
	return found
}

// firstWord returns the first literal word of a statement's command.
func firstWord(s *syntax.Stmt) string {
	if s == nil {
		return ""
	}
	switch c := s.Cmd.(type) {
	case *syntax.CallExpr:
		if len(c.Args) > 0 {
			return wordText(c.Args[0])
		}
	case *syntax.BinaryCmd:
		return firstWord(c.X)
	case *syntax.Block:
		if len(c.Stmts) > 0 {
			return firstWord(c.Stmts[0])
		}
	case *syntax.Subshell:
		if len(c.Stmts) > 0 {
			return firstWord(c.Stmts[0])
		}
	}
	return "a command"
}

// normalizeWords removes wrappers (sudo, env, time, uv/poetry/pipenv/hatch/
// pdm run, npx and friends, python -m, bundle exec) and reduces the program
// to its base name, so `./node_modules/.bin/jest` and `python -m pytest`
// read as jest and pytest. It works in ws, which the caller gives up.
func normalizeWords(ws []string) []string {
	for n := 0; len(ws) > 0 && n < 8; n++ {
		w0 := path.Base(ws[0])
		switch {
		case w0 == "sudo" || w0 == "time" || w0 == "exec" || w0 == "nohup" || w0 == "command":
			ws = ws[1:]
			continue
		case w0 == "env":
			ws = ws[1:]
			for len(ws) > 0 && (strings.Contains(ws[0], "=") || strings.HasPrefix(ws[0], "-")) {
				ws = ws[1:]
			}
			continue
		case (w0 == "uv" || w0 == "poetry" || w0 == "pipenv" || w0 == "hatch" || w0 == "pdm" || w0 == "rye" || w0 == "pixi" || w0 == "conda" || w0 == "micromamba") && len(ws) > 1 && ws[1] == "run":
			ws = ws[2:]
			for len(ws) > 1 && strings.HasPrefix(ws[0], "-") {
				// uv run --with x, conda run -n env: drop the options.
				if ws[0] == "-n" || ws[0] == "--name" || ws[0] == "--with" || ws[0] == "-e" || ws[0] == "--env" {
					ws = ws[1:]
				}
				ws = ws[1:]
			}
			continue
		case w0 == "npx" || w0 == "bunx" || w0 == "uvx" || w0 == "pnpx":
			ws = ws[1:]
			for len(ws) > 0 && strings.HasPrefix(ws[0], "-") {
				ws = ws[1:]
			}
			continue
		case (w0 == "pipx" || w0 == "pnpm" || w0 == "yarn") && len(ws) > 1 && (ws[1] == "run" && w0 == "pipx" || ws[1] == "dlx"):
			ws = ws[2:]
			continue
		case w0 == "bundle" && len(ws) > 1 && ws[1] == "exec":
			ws = ws[2:]
			continue
		case (strings.HasPrefix(w0, "python") || w0 == "py") && len(ws) > 2 && ws[1] == "-m":
			ws = append([]string{strings.ReplaceAll(ws[2], "_", "-")}, ws[3:]...)
			continue
		}
		break
	}
	if len(ws) == 0 {
		return nil
	}
	// ws is the callers' own list of words (see the doc): no copy.
	out := ws
	b := path.Base(out[0])
	switch b {
	case "gradlew":
		b = "gradle"
	case "mvnw":
		b = "mvn"
	}
	if strings.HasPrefix(b, "python3") {
		b = "python"
	}
	out[0] = b
	return out
}
