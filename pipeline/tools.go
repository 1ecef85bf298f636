package pipeline

import (
	"slices"
	"strconv"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

// toolEntries splits an agent's tool list — `Read,Bash(git diff:*)`,
// `"Bash(npm run test)" Edit`, a JSON array — into its entries, keeping
// what is inside parentheses whole (it may hold spaces and commas).
func toolEntries(text string) []string {
	var out []string
	var b strings.Builder
	depth := 0
	flush := func() {
		if t := strings.TrimSpace(b.String()); t != "" {
			out = append(out, t)
		}
		b.Reset()
	}
	for _, r := range text {
		switch {
		case r == '(':
			depth++
			b.WriteRune(r)
		case r == ')':
			if depth > 0 {
				depth--
			}
			b.WriteRune(r)
			if depth == 0 {
				flush()
			}
		case depth == 0 && (r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '"' || r == '\'' || r == '[' || r == ']'):
			flush()
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return out
}

// toolIssue is what is wrong with one entry of a tool list.
type toolIssue struct {
	Tool     string
	Why      string
	Severity finding.Severity
}

// execCommands run code given in their arguments: shells, interpreters,
// package runners, and commands that run others (xargs, find -exec, env,
// awk's system(), GNU sed's e command).
var execCommands = []string{"bash", "sh", "zsh", "dash", "fish", "ksh", "python", "python3", "node", "ruby", "perl", "php",
	"npx", "bunx", "pnpx", "uvx", "pipx", "xargs", "find", "env", "eval", "exec", "sudo", "su", "awk", "gawk", "sed", "docker", "podman",
	"pwsh", "powershell", "source", "nohup", "timeout", "watch", "script", "ssh", "make", "tee", "dd",
	"rg", "fd", "tar", "parallel", "nice", "stdbuf", "busybox", "setsid", "flock"}

// wideCommands do many things, some of them dangerous (`gh api` with the
// token, `git config core.hooksPath`, `npm exec`, `curl` to anywhere): a
// wildcard over their subcommands allows those.
var wideCommands = []string{"gh", "git", "npm", "bun", "deno", "yarn", "pnpm", "pip", "pip3", "uv", "go", "cargo", "curl", "wget", "kubectl", "aws", "gcloud", "az", "terraform", "gradle", "mvn", "dotnet"}

// dangerousSubcommands are subcommands that run code or reach anything.
var dangerousSubcommands = []string{"gh api", "gh secret", "gh auth", "gh workflow", "git config", "git push", "git -c", "npm exec", "npm run", "yarn dlx",
	"yarn run", "pnpm dlx", "pnpm exec", "pnpm run", "bun run", "bun x", "deno run", "deno eval", "go run", "go generate", "cargo run", "pip install", "uv run"}

// echoCommands print their arguments: with any arguments allowed, the
// shell expands `$()` and backquotes in them before the command runs,
// unless the agent's own check refuses substitutions.
var echoCommands = []string{"echo", "printf"}

// judgeTool returns what is wrong with one tool entry when shells are the
// names of the agent's shell tool ("Bash", "run_shell_command"), or nil
// for an entry that is not a shell or is bounded. Claude's `Bash(cmd:*)`
// and `Bash(cmd *)` allow any arguments; Gemini's `run_shell_command(cmd)`
// matches by prefix, so it does too. A specifier that joins several
// prefix rules with commas (`Bash(make:*,git:*)`) is judged rule by rule;
// the worst part is returned.
func judgeTool(entry string, shells []string) *toolIssue {
	return judgeToolDenied(entry, shells, nil)
}

// judgeToolDenied is judgeTool with the agent's deny rules: a part of the
// entry that a deny rule covers whole is not allowed, so not judged.
func judgeToolDenied(entry string, shells, deny []string) *toolIssue {
	name, arg, hasArg := strings.Cut(entry, "(")
	name = strings.TrimSpace(name)
	if !slices.Contains(shells, name) {
		return nil
	}
	if !hasArg {
		if deniedBy(deny, name, "", true) {
			return nil
		}
		return &toolIssue{entry, "without a command pattern", finding.High}
	}
	arg = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(arg), ")"))
	parts := ruleParts(arg)
	var worst *toolIssue
	for _, p := range parts {
		is := judgeRule(entry, name, p, deny)
		if is == nil || worst != nil && is.Severity <= worst.Severity {
			continue
		}
		if len(parts) > 1 {
			is.Why = "its rule `" + p + "` (one of " + strconv.Itoa(len(parts)) + " joined by commas): " + is.Why
		}
		worst = is
	}
	return worst
}

// judgeRule judges one rule's specifier (the text in the parentheses).
func judgeRule(entry, name, arg string, deny []string) *toolIssue {
	prefixMatch := name != "Bash" // Gemini matches a command by prefix
	wild := prefixMatch
	for _, suf := range []string{":*", " *", "*"} {
		if strings.HasSuffix(arg, suf) {
			arg, wild = strings.TrimSpace(strings.TrimSuffix(arg, suf)), true
			break
		}
	}
	if deniedBy(deny, name, arg, wild) {
		return nil
	}
	if arg == "" || arg == "*" || arg == "**" || arg == ":" {
		return &toolIssue{entry, "without a command pattern", finding.High}
	}
	if strings.Contains(arg, "${{") {
		// The runner substitutes `${{ }}` before the agent starts: it is
		// not the shell's `$()`, but the text it expands is in the pattern.
		if x := untrustedIn(arg); x != "" {
			return &toolIssue{entry, "the pattern holds `${{ " + x + " }}`, text an outsider writes, substituted before the agent starts", finding.High}
		}
		arg = exprRe.ReplaceAllString(arg, "expr")
	}
	if strings.ContainsAny(arg, ";&|`$") {
		return &toolIssue{entry, "a pattern that itself chains commands or expands `$()`", finding.High}
	}
	words, mod := ruleProgram(strings.Fields(arg))
	if mod != "" {
		if !wild {
			return nil
		}
		return &toolIssue{entry, "`python -m " + mod + "` with any arguments runs arbitrary code", finding.High}
	}
	cmd := words[0]
	if i := strings.LastIndexByte(cmd, '/'); i >= 0 && i < len(cmd)-1 {
		cmd = cmd[i+1:]
	}
	kind := cmd // the lists name one Python: python3.12 is python
	if pythonName(cmd) {
		kind = "python"
	}
	if is := judgeToolCommand(entry, words[0], cmd, wild, len(words)); is != nil {
		return is
	}
	if !wild {
		return nil // one exact command line
	}
	sub := cmd
	if len(words) > 1 {
		sub = cmd + " " + words[1]
	}
	switch {
	case slices.Contains(execCommands, kind):
		return &toolIssue{entry, "`" + cmd + "` with any arguments runs arbitrary code", finding.High}
	case len(words) == 1 && slices.Contains(wideCommands, cmd):
		return &toolIssue{entry, "every `" + cmd + "` subcommand is allowed (`gh api`, `git config`, `npm exec`, `curl` to anywhere run code or reach the token)", finding.High}
	case len(words) == 2 && slices.Contains(dangerousSubcommands, sub):
		return &toolIssue{entry, "`" + sub + "` with any arguments runs code or uses the token freely", finding.High}
	case cmd == "printenv" || cmd == "set" || cmd == "export" || cmd == "declare":
		return &toolIssue{entry, "`" + cmd + "` prints every environment variable, the runner's secrets and token included", finding.Medium}
	case slices.Contains(echoCommands, cmd):
		return &toolIssue{entry, "any arguments are allowed, and the shell expands `$()` and backquotes in them unless the agent refuses substitutions", finding.Medium}
	case cmd == "pytest" || cmd == "py.test":
		return &toolIssue{entry, testRunnerWhy, finding.Medium}
	}
	return nil
}

// testRunnerWhy is the issue of pytest with any arguments: it imports the
// repository's conftest.py and test files, and any file or plugin its
// arguments name; that is arbitrary code once the agent can write one.
const testRunnerWhy = "`pytest` with any arguments runs the repository's conftest.py and test files and any file or plugin (`-p`) its arguments name: arbitrary code once the agent can write a file"

// message renders the issue after a tool name: "Bash" without a command
// pattern, "Bash(gh:*)": every gh subcommand….
func (is toolIssue) message() string {
	if strings.HasPrefix(is.Why, "without") {
		return " " + is.Why
	}
	return ": " + is.Why
}

// judgeTools judges every entry of a tool list; deny holds the entries
// of the agent's deny list (`--disallowedTools`), checked first.
func judgeTools(text string, shells, deny []string) []toolIssue {
	var out []toolIssue
	entries := toolEntries(text)
	for _, e := range entries {
		if is := judgeToolDenied(e, shells, deny); is != nil {
			if low := fixedScriptIssue(e, is, entries); low != nil {
				is = low
			}
			out = append(out, *is)
		}
	}
	return out
}

// flagList returns the text after a flag up to the next flag: a variadic
// flag's values (`--allowedTools Read "Bash(git diff:*)" Edit`), or "".
func flagList(text, flag string) (string, int, bool) {
	loc := flagRe(flag).FindStringIndex(text)
	if loc == nil {
		return "", 0, false
	}
	i := strings.Index(text[loc[0]:], flag) + loc[0] + len(flag)
	start := i
	if start < len(text) && text[start] == '=' {
		start++
	}
	for start < len(text) && (text[start] == ' ' || text[start] == '\t' || text[start] == '\n') {
		start++
	}
	rest := text[start:]
	end := len(rest)
	depth := 0
	quote := rune(0)
	for k, r := range rest {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '(':
			depth++
		case r == ')':
			depth--
		case depth <= 0 && r == '-' && strings.HasPrefix(rest[k:], "--") && (k == 0 || rest[k-1] == ' ' || rest[k-1] == '\n' || rest[k-1] == '\t'):
			end = k
		}
		if end != len(rest) {
			break
		}
	}
	return rest[:end], start, true
}
