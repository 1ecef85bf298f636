package pipeline

import (
	"path"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

// A shell tool entry that runs one fixed repository script with an
// interpreter (`Bash(node scripts/check.mjs:*)`, `Bash(python tools/x.py *)`)
// lets the agent choose the script's arguments, not the code it runs: it
// is medium, not high. It stays high when the script path has a wildcard,
// leaves the repository or holds an expansion, when the interpreter is
// given a flag first (`node -e`, `python -c`), or when the agent may write
// the script (an Edit/Write tool with no path, or one whose path pattern
// covers the script), since the agent could then rewrite it and run it.

// scriptInterpreters run the script file named as their first argument.
var scriptInterpreters = []string{"node", "python", "python3", "ruby", "bash", "sh", "zsh", "perl", "php", "tsx"}

// writeTools are the agent tools that write files (Claude, Gemini).
var writeTools = []string{"Edit", "Write", "MultiEdit", "NotebookEdit", "write_file", "replace"}

// fixedScript returns the repository script an interpreter entry runs, or
// "" when the entry is anything else.
func fixedScript(entry string) string {
	_, arg, ok := strings.Cut(entry, "(")
	if !ok {
		return ""
	}
	arg = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(arg), ")"))
	for _, suf := range []string{":*", " *", "*"} {
		if strings.HasSuffix(arg, suf) {
			arg = strings.TrimSpace(strings.TrimSuffix(arg, suf))
			break
		}
	}
	words := strings.Fields(arg)
	if len(words) != 2 || !slices.Contains(scriptInterpreters, path.Base(words[0])) {
		return ""
	}
	script := words[1]
	if strings.HasPrefix(script, "-") || strings.ContainsAny(script, "*?[{$`'\"") || path.Ext(script) == "" {
		return ""
	}
	return repoPath(strings.TrimPrefix(script, "./"))
}

// writableBy reports whether an entry of the tool list lets the agent
// write the file p.
func writableBy(entries []string, p string) bool {
	for _, e := range entries {
		name, arg, hasArg := strings.Cut(e, "(")
		if !slices.Contains(writeTools, strings.TrimSpace(name)) {
			continue
		}
		arg = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(arg), ")"))
		if !hasArg || arg == "" || arg == "*" || arg == "**" {
			return true
		}
		pat := strings.TrimPrefix(strings.TrimPrefix(arg, "/"), "./")
		if pre, _, deep := strings.Cut(pat, "**"); deep {
			if strings.HasPrefix(p, pre) {
				return true
			}
			continue
		}
		if ok, err := path.Match(pat, p); ok || err != nil {
			return true
		}
	}
	return false
}

// fixedScriptIssue returns the lowered issue for an interpreter entry
// that runs one fixed repository script the agent cannot write, the
// raised issue for a pytest entry next to an edit tool that may write
// its test files, or nil.
func fixedScriptIssue(entry string, is *toolIssue, entries []string) *toolIssue {
	if is != nil && is.Why == testRunnerWhy && (writableBy(entries, "conftest.py") || writableBy(entries, "tests/conftest.py")) {
		return &toolIssue{entry, "`pytest` with any arguments runs the conftest.py and test files the agent may write with its edit tools", finding.High}
	}
	if is == nil || is.Severity != finding.High || !strings.HasSuffix(is.Why, "runs arbitrary code") {
		return nil
	}
	script := fixedScript(entry)
	if script == "" || writableBy(entries, script) {
		return nil
	}
	return &toolIssue{entry, "runs only the repository script " + script + ", which the agent cannot edit, with any arguments; check what its options can do", finding.Medium}
}
