package pipeline

import (
	"path"
	"strings"
)

// How Claude Code reads a shell-tool rule, and what tollgate takes from it:
//
//   - `Bash` and `Bash(*)` allow every command; `Bash(npm run test:*)` and
//     `Bash(npm run test *)` allow every command line that starts with the
//     prefix `npm run test`; `Bash(npm test)` allows that line only. The
//     prefix is matched per subcommand: Claude Code splits `a && b`, so a
//     prefix rule does not allow what follows a shell operator.
//   - `--allowedTools`/`--disallowedTools` and the action inputs take
//     several rules separated by commas or blanks; a comma inside the
//     parentheses belongs to the rule. `Bash(make:*,git:*)` is one rule
//     whose `:*` is not at its end; its author meant two prefixes, and
//     tollgate judges each of them (reading it as one pattern would allow
//     less, so judging the parts never under-reports).
//   - A deny rule is checked before every allow rule: an allowed prefix
//     that a disallowed rule covers whole is not allowed.
//
// The prefix is then judged by the program it runs, not by the first
// word: `python -m ruff check` runs ruff, `uv run python` runs python.

// ruleParts splits a rule's specifier that joins several prefix rules with
// commas (`make:*,git:*`) into its parts; otherwise the specifier alone.
func ruleParts(spec string) []string {
	if !strings.Contains(spec, ":*,") {
		return []string{spec}
	}
	var out []string
	for p := range strings.SplitSeq(spec, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return []string{spec}
	}
	return out
}

// codeModules are Python modules that run code given in their arguments
// (`python -m timeit 'import os; …'`, `python -m pdb script.py`).
var codeModules = map[string]bool{"timeit": true, "cProfile": true, "profile": true, "pdb": true, "trace": true,
	"runpy": true, "code": true, "IPython": true, "ipython": true}

// runWrappers start the program named after them in a project's
// environment: `uv run ruff check` runs ruff.
var runWrappers = map[string]bool{"uv": true, "poetry": true, "pipenv": true, "hatch": true, "pdm": true, "rye": true}

// pythonName reports whether a command word is a Python interpreter
// (`python`, `python3`, `python3.12`).
func pythonName(cmd string) bool {
	v, ok := strings.CutPrefix(cmd, "python")
	if !ok {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !(v[i] >= '0' && v[i] <= '9' || v[i] == '.') {
			return false
		}
	}
	return true
}

// ruleProgram returns the words of a rule's prefix from the program it
// runs on: a run wrapper with a program after it (`uv run pytest`) and a
// Python interpreter running a module (`python -m ruff check`, flags
// without values before `-m` skipped) are unwrapped. mod is the module
// name when the module runs code from its arguments, "" otherwise. A
// wrapper or `-m` with nothing after it is left as written.
func ruleProgram(words []string) (out []string, mod string) {
	for len(words) > 2 && runWrappers[path.Base(words[0])] && words[1] == "run" && !strings.HasPrefix(words[2], "-") {
		words = words[2:]
	}
	if len(words) < 3 || !pythonName(path.Base(words[0])) {
		return words, ""
	}
	i := 1
	for i < len(words) && len(words[i]) == 2 && strings.Contains("-u-B-I-E-s-S-O-q-b", words[i]) {
		i++
	}
	if i+1 >= len(words) || words[i] != "-m" {
		return words, ""
	}
	m := words[i+1]
	if codeModules[m] {
		return words, m
	}
	return words[i+1:], ""
}

// rulePrefix returns a rule's tool name and its prefix without the
// trailing wildcard, and whether it allows any continuation.
func rulePrefix(entry string) (name, prefix string, wild bool) {
	name, arg, hasArg := strings.Cut(entry, "(")
	name = strings.TrimSpace(name)
	if !hasArg {
		return name, "", true
	}
	arg = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(arg), ")"))
	for _, suf := range []string{":*", " *", "*"} {
		if strings.HasSuffix(arg, suf) {
			return name, strings.TrimSpace(strings.TrimSuffix(arg, suf)), true
		}
	}
	return name, arg, arg == ""
}

// deniedBy reports whether one of the deny rules covers the whole of the
// allowed rule (tool name, prefix or exact line): Claude Code checks deny
// rules first, so what they cover is not allowed.
func deniedBy(deny []string, allowName, allowPrefix string, allowWild bool) bool {
	for _, d := range deny {
		name, prefix, wild := rulePrefix(d)
		if name != allowName {
			continue
		}
		switch {
		case prefix == "" && wild:
			return true // the tool itself is denied
		case wild && (allowPrefix == prefix || strings.HasPrefix(allowPrefix, prefix+" ")):
			return true
		case !wild && !allowWild && allowPrefix == prefix:
			return true
		}
	}
	return false
}
