package pipeline

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Two kinds of evidence that look like a model call and are not:
//
//   - a model host inside configuration data: a firewall or proxy
//     allow-list (`GH_AW_ALLOWED_DOMAINS: "api.anthropic.com,api.openai.com,…"`,
//     `GH_AW_ENGINE_API_HOSTS: "api.anthropic.com"`, `NO_PROXY`) names the
//     hosts a sandbox may reach, it calls none of them;
//   - a credential bound to a step whose script only checks that the key
//     is set (`[ -z "$OPENAI_API_KEY" ]`, `echo "::add-mask::…"`, a
//     `check_oauth_tokens.sh`) or lints and type-checks (`tsc`, `eslint`,
//     `npm run lint`, `ruff`, `golangci-lint`): no program there reads
//     the key to call a model. Tests (`npm test`, `pytest`, `go test`)
//     stay AI steps: with a live key they are integration tests, unless
//     their options leave the live tests out or the script only imports
//     the project's modules (ai_nocall_tests.go).

// configKeyWords are the parts of a variable or input name that say its
// value is network configuration, not an address to call.
var configKeyWords = []string{"ALLOW", "DOMAIN", "HOSTS", "FIREWALL", "PROXY", "BLOCK", "DENY", "EGRESS", "WHITELIST"}

// hostConfigValue reports whether an env or `with:` value naming a model
// host is configuration: its name says so, or it is a list of several
// domains (comma, space or newline separated, or a JSON array).
func hostConfigValue(key, value string) bool {
	k := strings.ToUpper(key)
	for _, w := range configKeyWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return domainList(value)
}

// domainList reports whether s is nothing but two or more host names
// (wildcards and ports allowed), separated by commas, blanks, newlines or
// written as a JSON array of strings.
func domainList(s string) bool {
	n := 0
	for tok := range strings.FieldsFuncSeq(s, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '[' || r == ']' || r == '"' || r == '\''
	}) {
		if !hostToken(tok) {
			return false
		}
		n++
	}
	return n >= 2
}

// hostToken reports whether t looks like a host name: dotted labels of
// host bytes, a leading "*." and a ":port" allowed.
func hostToken(t string) bool {
	t = strings.TrimPrefix(t, "*.")
	if i := strings.LastIndexByte(t, ':'); i > 0 {
		t = t[:i]
	}
	if !strings.Contains(t, ".") || strings.HasPrefix(t, ".") || strings.HasSuffix(t, ".") {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// lintTools are programs that read source and never call a model.
var lintTools = map[string]bool{
	"tsc": true, "vue-tsc": true, "eslint": true, "prettier": true, "biome": true, "stylelint": true,
	"ruff": true, "mypy": true, "pyright": true, "black": true, "isort": true, "flake8": true, "pylint": true,
	"golangci-lint": true, "gofmt": true, "goimports": true, "staticcheck": true, "shellcheck": true,
	"actionlint": true, "markdownlint": true, "markdownlint-cli2": true, "yamllint": true, "tflint": true,
}

// lintScript matches package-script and make target names that lint,
// format or type-check.
var lintScript = re(`^(?:lint|format|fmt|typecheck|type-check|types|check-types|tsc|prettier|eslint)(?:[:_-][\w:-]*)?$|^(?:check|ci|fix)[:_-](?:lint|format|fmt|types?)$`)

// checkScriptName matches the base name of a script that only checks
// credentials: check_oauth_tokens.sh, validate-secrets.sh, verify_env.sh.
var checkScriptName = re(`(?i)^(?:check|validate|verify|ensure|assert)[_-]?(?:[\w-]*[_-])?(?:oauth|tokens?|secrets?|keys?|credentials?|env|auth)(?:[_-][\w-]*)?\.(?:sh|bash)$`)

// checkBuiltins are shell commands that test, print or move around.
var checkBuiltins = map[string]bool{
	"[": true, "test": true, "echo": true, "printf": true, "exit": true, "true": true, "false": true,
	":": true, "cd": true, "set": true, "return": true, "shift": true, "local": true, "declare": true,
	"readonly": true, "unset": true,
}

// runsNoAIProgram reports whether the step's script does nothing but
// check variables and lint: a credential bound to it is not used to call
// a model. A script that does not parse, hands values on to later steps
// ($GITHUB_ENV) or runs anything else is not judged so.
func (a *analysis) runsNoAIProgram(s *Step) bool {
	if s.Uses != "" || strings.TrimSpace(s.Run) == "" || strings.Contains(s.Run, "GITHUB_ENV") {
		return false
	}
	f := a.shell(s.Run)
	if f == nil {
		return false
	}
	masked := maskExpressions(s.Run)
	setup, noModel := 0, false
	for _, c := range shellCalls(f) {
		switch {
		case checkOrLint(c, masked), a.lintPackageScript(c.Words, s):
		case a.noModelCommand(c.Words, s):
			noModel = true
		case len(c.Words) > 0 && (installCall(c.Words) || c.Words[0] == "source" || c.Words[0] == "."):
			setup++
		default:
			return false
		}
	}
	// Installs and environment activation are neutral only next to a run
	// known to call no model.
	return setup == 0 || noModel
}

// noModelCommand reports whether one command of a step runs tests or a
// script that calls no model although handed a key (ai_nocall_tests.go).
func (a *analysis) noModelCommand(w []string, s *Step) bool {
	if pw := pytestWords(w); pw != nil {
		return a.noLiveTests(pw[1:], runDir(s))
	}
	return a.importCheckScript(w, runDir(s))
}

// checkOrLint reports whether one command only checks or lints.
func checkOrLint(c shellCall, src string) bool {
	w := c.Words
	for len(w) > 1 {
		if w[0] == "npx" || w[0] == "bunx" || w[0] == "uvx" || w[0] == "pipx" {
			w = w[1:]
		} else if (w[0] == "uv" || w[0] == "poetry" || w[0] == "pipenv" || w[0] == "hatch" || w[0] == "pdm") && w[1] == "run" ||
			(w[0] == "pnpm" || w[0] == "yarn") && w[1] == "exec" {
			w = w[2:]
		} else {
			break
		}
		for len(w) > 0 && strings.HasPrefix(w[0], "-") {
			w = w[1:]
		}
	}
	if len(w) == 0 {
		return false
	}
	switch {
	case w[0] == "":
		return false
	case checkBuiltins[w[0]]:
		return true
	case lintTools[path.Base(w[0])]:
		return true
	case w[0] == "npm" || w[0] == "bun" || w[0] == "pnpm" || w[0] == "yarn" || w[0] == "make" || w[0] == "just":
		rest := w[1:]
		if len(rest) > 0 && rest[0] == "run" && w[0] != "make" && w[0] != "just" {
			rest = rest[1:]
		}
		for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
			rest = rest[1:]
		}
		return len(rest) > 0 && lintScript.MatchString(rest[0])
	case w[0] == "go" && len(w) > 1 && (w[1] == "vet" || w[1] == "fmt"):
		return true
	case w[0] == "cargo" && len(w) > 1 && (w[1] == "clippy" || w[1] == "fmt"):
		return true
	case w[0] == "bash" || w[0] == "sh":
		// bash check_oauth_tokens.sh: the script path may hold an
		// expansion, so its base name is read from the source.
		if len(c.Call.Args) < 2 {
			return false
		}
		arg := c.Call.Args[1]
		raw := wordSource(arg, src)
		return checkScriptName.MatchString(path.Base(strings.Trim(raw, `"'`)))
	}
	if strings.Contains(w[0], "/") {
		return checkScriptName.MatchString(path.Base(w[0]))
	}
	return false
}

// wordSource returns a word's text as written in the script.
func wordSource(w *syntax.Word, src string) string {
	s, e := int(w.Pos().Offset()), int(w.End().Offset())
	if s < 0 || e > len(src) || s > e {
		return ""
	}
	return src[s:e]
}
