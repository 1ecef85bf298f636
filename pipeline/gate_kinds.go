package pipeline

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Gate recognition. A step is a gate when a command of its script, the
// action it runs, or a repository script it runs is one of: tests, SAST,
// a dependency, secret or container scan, a license check, tollgate, an
// evaluation threshold, a fairness check, a model-card check, an approval.
//
// Evaluation thresholds are told from reported metrics by what can fail:
//
//   - a command with a threshold flag on a metric and a number
//     (`--fail-under 0.8`, `--min-accuracy=0.9`, `--threshold 0.7`);
//   - a Python script (run directly or by pytest) with an `assert` on a
//     metric-named value compared to something, or an `if` comparing one
//     followed by `sys.exit`/`exit`/`raise`;
//   - a shell test of a metric-named variable against a value whose branch
//     exits non-zero.
//
// A literal metric is a placebo: `echo "accuracy: 0.95"` (a metric name
// and a number written in the script), a threshold comparison whose every
// metric name is assigned a number literal in the same script, or an
// evaluation step that only echoes. A script that computes metrics with no
// threshold, `dvc metrics diff` and CodeQL's upload-only analysis are listed
// with a soft placebo: they report but do not fail.

// gateHit is one gate a step runs.
type gateHit struct {
	Kind, Tool string
	Placebo    string
	Soft       bool
	Pos        Pos
	// Seq is the index of the command in the step's script.
	Seq int
}

var (
	metricName = `(?:acc|accuracy|f1|auc|roc|precision|recall|score|loss|rmse|mae|mse|r2|bleu|rouge|metric|metrics|map|iou|perplexity|drift|parity|disparity|fairness|error_rate)`
	// thresholdFlag matches flags that set a pass mark on a metric.
	thresholdFlag = lazyre.New(`(?i)^--?(?:fail[-_]?(?:under|below|over|above)|threshold|[a-z_-]*` + metricName + `[a-z_-]*[-_](?:threshold|min|max)|(?:min|max)[-_][a-z_-]*` + metricName + `[a-z_-]*|[a-z_-]*threshold)$`)
	// literalMetric matches a metric name and a number written together.
	literalMetric = lazyre.New(`(?i)\b` + metricName + `\w*["']?\s*[:=]\s*[0-9]*\.?[0-9]+`)
	// pyThreshold matches a Python comparison line on a metric-named value.
	pyAssert   = lazyre.New(`(?i)^\s*(?:(?:self\.)?assert\w*\s*\(?.*\b\w*` + metricName + `\w*\b.*[<>]=?|(?:self\.)?assert(?:Greater|Less)\w*\s*\(.*\b\w*` + metricName + `\w*\b)`)
	pyIf       = lazyre.New(`(?i)^\s*(?:if|elif)\b.*\b\w*` + metricName + `\w*\b.*[<>]=?.*:\s*(?:#.*)?$`)
	pyFail     = lazyre.New(`\b(?:sys\.exit|exit|raise|os\._exit|pytest\.fail)\b`)
	pyLiteral  = lazyre.New(`^\s*([A-Za-z_]\w*)\s*=\s*[0-9]*\.?[0-9]+\s*(?:#.*)?$`)
	pyIdent    = lazyre.New(`[A-Za-z_]\w*`)
	metricWord = lazyre.New(`(?i)` + metricName)
	shellCmp   = lazyre.New(`(?i)` + metricName + `.*(?:<|>|-lt|-le|-gt|-ge)|(?:<|>|-lt|-le|-gt|-ge).*` + metricName)
	evalName   = lazyre.New(`(?i)eval|metric|validat|benchmark|threshold|score`)
	cardName   = lazyre.New(`(?i)model[_-]?card`)
	passClaim  = lazyre.New(`(?i)pass|no (issues|errors|problems)|success|\bok\b|all good|0 failures|looks good|^true$`)
	testName   = lazyre.New(`(?i)(^|[^a-z])(test|check|scan|audit)`)
	checkWord  = lazyre.New(`(?i)check|valid|lint|verify|test`)
)

// actionGate is an action that is a gate.
type actionGate struct {
	prefix, kind, tool string
}

var actionGates = []actionGate{
	{"github/codeql-action/analyze", "sast", "codeql"},
	{"semgrep/semgrep-action", "sast", "semgrep"},
	{"returntocorp/semgrep-action", "sast", "semgrep"},
	{"securego/gosec", "sast", "gosec"},
	{"golang/govulncheck-action", "dependency-scan", "govulncheck"},
	{"snyk/actions", "dependency-scan", "snyk"},
	{"aquasecurity/trivy-action", "container-scan", "trivy"},
	{"google/osv-scanner-action", "dependency-scan", "osv-scanner"},
	{"actions/dependency-review-action", "dependency-scan", "dependency-review"},
	{"pypa/gh-action-pip-audit", "dependency-scan", "pip-audit"},
	{"gitleaks/gitleaks-action", "secret-scan", "gitleaks"},
	{"trufflesecurity/trufflehog", "secret-scan", "trufflehog"},
	{"anchore/scan-action", "container-scan", "grype"},
	{"docker/scout-action", "container-scan", "docker-scout"},
	{"fossas/fossa-action", "license", "fossa"},
	{"trstringer/manual-approval", "approval", "manual-approval"},
	{"tollgate-dev/tollgate", "tollgate", "tollgate"},
}

// actionGateHit returns the gate an action step is, if any.
func actionGateHit(s *Step) (gateHit, bool) {
	bare, _, _ := strings.Cut(s.Uses, "@")
	name := strings.ToLower(bare)
	if name == "" {
		return gateHit{}, false
	}
	for _, g := range actionGates {
		if !underPrefix(name, g.prefix) {
			continue
		}
		h := gateHit{Kind: g.kind, Tool: g.tool}
		with := func(k string) string { kv, _ := lookupWith(s, k); return strings.ToLower(trimQuotes(kv.Value)) }
		switch g.tool {
		case "codeql":
			h.Placebo, h.Soft = "uploads alerts to code scanning; the step does not fail on them", true
		case "snyk":
			switch {
			case strings.HasSuffix(name, "/docker"):
				h.Kind = "container-scan"
			case strings.HasSuffix(name, "/iac") || strings.Contains(with("command"), "code"):
				h.Kind = "sast"
			}
		case "trivy":
			switch with("scan-type") {
			case "fs", "repo", "rootfs", "filesystem", "sbom":
				h.Kind = "dependency-scan"
			case "config":
				h.Kind = "sast"
			}
			if c := with("exit-code"); c == "" || c == "0" {
				h.Placebo, h.Soft = "exit-code is 0 (trivy reports without failing)", true
			}
		case "grype":
			if with("fail-build") == "false" {
				h.Placebo = "fail-build: false"
			}
			if with("path") != "" || with("sbom") != "" {
				h.Kind = "dependency-scan"
			}
		case "docker-scout":
			if with("exit-code") != "true" {
				h.Placebo, h.Soft = "exit-code is not set (docker scout reports without failing)", true
			}
		case "fossa":
			if with("run-tests") != "true" {
				h.Placebo, h.Soft = "run-tests is not set (fossa analyses without testing the policy)", true
			}
		}
		return h, true
	}
	if strings.Contains(name, "tollgate") {
		return gateHit{Kind: "tollgate", Tool: "tollgate"}, true
	}
	return gateHit{}, false
}

// reusableGate recognises a remote reusable workflow that is a gate.
func reusableGate(uses string) (gateHit, bool) {
	bare, _, _ := strings.Cut(uses, "@")
	name := strings.ToLower(bare)
	switch {
	case strings.HasPrefix(name, "google/osv-scanner-action/"):
		return gateHit{Kind: "dependency-scan", Tool: "osv-scanner"}, true
	case strings.Contains(name, "tollgate"):
		return gateHit{Kind: "tollgate", Tool: "tollgate"}, true
	}
	return gateHit{}, false
}

// exitCode returns the value of trivy's or grype's failure flag.
func exitCodeSet(c command, names ...string) bool {
	v, ok := c.flagValue(names...)
	return ok && v != "0" && v != ""
}

// commandGate returns the gate a command is, if any.
func commandGate(c command) (gateHit, bool) {
	t := c.tool()
	pos := c.positional()
	sub := ""
	if len(pos) > 1 {
		sub = pos[1]
	}
	h := func(kind, tool string) (gateHit, bool) { return gateHit{Kind: kind, Tool: tool}, true }
	soft := func(kind, tool, why string) (gateHit, bool) {
		return gateHit{Kind: kind, Tool: tool, Placebo: why, Soft: true}, true
	}
	switch t {
	case "", "echo", "printf":
		return gateHit{}, false
	// Tests.
	case "pytest", "py.test", "tox", "nox", "unittest", "jest", "vitest", "mocha", "ava", "karma", "rspec", "phpunit", "ctest", "nosetests", "green":
		return h("tests", t)
	case "go":
		if sub == "test" {
			return h("tests", "go test")
		}
		if sub == "run" && len(pos) > 2 && strings.Contains(pos[2], "govulncheck") {
			return h("dependency-scan", "govulncheck")
		}
		if sub == "run" && len(pos) > 2 && strings.Contains(pos[2], "go-licenses") && slicesContains(pos, "check") {
			return h("license", "go-licenses")
		}
	case "cargo":
		switch sub {
		case "test", "nextest":
			return h("tests", "cargo "+sub)
		case "audit":
			return h("dependency-scan", "cargo-audit")
		case "deny":
			if slicesContains(pos, "licenses") {
				return h("license", "cargo-deny")
			}
			return h("dependency-scan", "cargo-deny")
		}
	case "npm", "yarn", "pnpm", "bun":
		if sub == "test" || sub == "t" || (sub == "run" && len(pos) > 2 && strings.HasPrefix(pos[2], "test")) {
			return h("tests", t+" test")
		}
		if sub == "audit" {
			return h("dependency-scan", t+" audit")
		}
	case "mvn", "gradle":
		for _, w := range pos[1:] {
			if w == "test" || w == "verify" || w == "check" || w == "integrationTest" {
				return h("tests", t+" "+w)
			}
			if w == "dependencyCheckAnalyze" {
				return h("dependency-scan", "owasp-dependency-check")
			}
		}
	case "make", "just", "task":
		for _, w := range pos[1:] {
			if strings.HasPrefix(w, "test") || w == "check" {
				return h("tests", t+" "+w)
			}
		}
	case "dotnet", "swift", "mix", "flutter", "dart", "deno", "bazel", "bazelisk", "hatch", "rake":
		if sub == "test" || (t == "rake" && sub == "spec") {
			return h("tests", t+" test")
		}
	case "playwright":
		if sub == "test" {
			return h("tests", "playwright")
		}
	case "cypress":
		if sub == "run" {
			return h("tests", "cypress")
		}
	// SAST.
	case "semgrep":
		if sub == "ci" || c.flag("--error") {
			return h("sast", "semgrep")
		}
		if sub == "scan" || sub == "" || strings.HasPrefix(sub, "p/") || c.flag("--config") {
			return soft("sast", "semgrep", "semgrep scan exits 0 on findings without --error")
		}
	case "gosec", "bandit", "brakeman", "njsscan", "checkov", "tfsec", "kics":
		return h("sast", t)
	case "codeql":
		if c.has("codeql", "database", "analyze") {
			return soft("sast", "codeql", "codeql database analyze writes results without failing on them")
		}
	// Dependency scans.
	case "govulncheck", "osv-scanner", "pip-audit", "audit-ci", "nancy", "retire", "bundler-audit", "better-npm-audit":
		return h("dependency-scan", t)
	case "safety":
		if sub == "check" || sub == "scan" {
			return h("dependency-scan", "safety")
		}
	case "bundle":
		if sub == "audit" {
			return h("dependency-scan", "bundler-audit")
		}
	case "snyk":
		switch {
		case c.has("snyk", "container", "test"):
			return h("container-scan", "snyk")
		case c.has("snyk", "code", "test"), c.has("snyk", "iac", "test"):
			return h("sast", "snyk")
		case sub == "test":
			return h("dependency-scan", "snyk")
		}
	case "trivy":
		kind := ""
		switch sub {
		case "fs", "filesystem", "repo", "repository", "rootfs", "sbom":
			kind = "dependency-scan"
		case "image", "i":
			kind = "container-scan"
		case "config":
			kind = "sast"
		}
		if kind != "" {
			if !exitCodeSet(c, "--exit-code") {
				return soft(kind, "trivy", "no --exit-code (trivy exits 0 on findings)")
			}
			return h(kind, "trivy")
		}
	case "grype":
		kind := "container-scan"
		if strings.HasPrefix(sub, "dir:") || strings.HasPrefix(sub, "sbom:") || strings.HasPrefix(sub, "file:") || sub == "." {
			kind = "dependency-scan"
		}
		if !c.flag("--fail-on", "-f") {
			return soft(kind, "grype", "no --fail-on (grype exits 0 on findings)")
		}
		return h(kind, "grype")
	case "dependency-check", "dependency-check.sh":
		if !c.flag("--failOnCVSS") {
			return soft("dependency-scan", "owasp-dependency-check", "no --failOnCVSS (dependency-check exits 0 on findings)")
		}
		return h("dependency-scan", "owasp-dependency-check")
	case "docker":
		if c.has("docker", "scout", "cves") {
			if !c.flag("--exit-code", "-e") {
				return soft("container-scan", "docker-scout", "no --exit-code (docker scout exits 0 on findings)")
			}
			return h("container-scan", "docker-scout")
		}
		if sub == "run" {
			for _, w := range pos[2:] {
				img := path.Base(strings.Split(w, ":")[0])
				switch img {
				case "trivy", "gitleaks", "semgrep", "gosec", "grype", "trufflehog", "osv-scanner", "checkov", "hadolint":
					inner := command{Words: append([]string{img}, c.Words[indexOf(c.Words, w)+1:]...), Line: c.Line}
					return commandGate(inner)
				}
			}
		}
	// Secret scans.
	case "gitleaks":
		if v, ok := c.flagValue("--exit-code"); ok && v == "0" {
			return gateHit{Kind: "secret-scan", Tool: "gitleaks", Placebo: "--exit-code 0"}, true
		}
		return h("secret-scan", "gitleaks")
	case "trufflehog":
		if !c.flag("--fail") {
			return soft("secret-scan", "trufflehog", "no --fail (trufflehog exits 0 on findings)")
		}
		return h("secret-scan", "trufflehog")
	case "detect-secrets-hook", "ggshield", "talisman":
		return h("secret-scan", t)
	case "detect-secrets":
		if sub == "audit" || sub == "scan" {
			return soft("secret-scan", "detect-secrets", "detect-secrets scan writes a baseline without failing")
		}
	case "git":
		if c.has("git", "secrets") && c.flag("--scan") {
			return h("secret-scan", "git-secrets")
		}
	case "dockle":
		return h("container-scan", "dockle")
	// License checks.
	case "go-licenses":
		if sub == "check" {
			return h("license", "go-licenses")
		}
	case "licensee", "licensed", "license_finder", "reuse":
		if t == "reuse" && sub != "lint" {
			return gateHit{}, false
		}
		if t == "licensee" {
			return soft("license", "licensee", "licensee detect reports the license without failing")
		}
		return h("license", t)
	case "license-checker", "license-checker-rseidelsohn":
		if c.flag("--failOn", "--onlyAllow") {
			return h("license", "license-checker")
		}
	case "pip-licenses":
		if c.flag("--fail-on", "--allow-only") {
			return h("license", "pip-licenses")
		}
	case "fossa":
		if sub == "test" {
			return h("license", "fossa")
		}
	// tollgate itself.
	case "tollgate":
		switch sub {
		case "check", "scan", "pr":
			return h("tollgate", "tollgate")
		case "licenses":
			return h("license", "tollgate")
		}
	// Evaluation tools.
	case "promptfoo":
		if sub == "eval" {
			return h("evaluation", "promptfoo")
		}
	case "deepeval":
		if c.has("deepeval", "test", "run") {
			return h("evaluation", "deepeval")
		}
	case "great_expectations", "gx":
		if c.has(t, "checkpoint", "run") {
			return h("evaluation", "great-expectations")
		}
	case "dvc":
		if c.has("dvc", "metrics", "diff") || c.has("dvc", "exp", "diff") || c.has("dvc", "plots", "diff") {
			return soft("evaluation", "dvc", "dvc "+sub+" diff reports changes without a threshold and exits 0")
		}
	case "fairlearn", "aif360":
		return h("fairness", t)
	}
	// A threshold flag on a metric with a number, on any command that runs
	// something (not an echo).
	for i, w := range c.Words {
		name, val, hasVal := strings.Cut(w, "=")
		// thresholdFlag matches flags only: most words are not.
		if !strings.HasPrefix(name, "-") || !mayBeThresholdFlag(name) || !thresholdFlag.MatchString(name) || strings.Contains(name, "cov") || name == "--maxfail" {
			continue
		}
		if !hasVal && i+1 < len(c.Words) {
			val = c.Words[i+1]
		}
		if _, err := strconv.ParseFloat(val, 64); err == nil {
			tool := t
			if len(pos) > 1 && (t == "python" || t == "Rscript" || t == "node") {
				tool = path.Base(pos[1])
			}
			return h("evaluation", tool)
		}
	}
	return gateHit{}, false
}

// mayBeThresholdFlag is a cheap test before thresholdFlag: every flag it
// matches holds "fail", "threshold", "min" or "max" in any case. A word
// with a non-ASCII byte goes to the expression (Unicode case folding).
func mayBeThresholdFlag(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return true
		}
	}
	l := strings.ToLower(w)
	return strings.Contains(l, "fail") || strings.Contains(l, "threshold") || strings.Contains(l, "min") || strings.Contains(l, "max")
}

func slicesContains(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

func indexOf(ws []string, w string) int {
	for i, x := range ws {
		if x == w {
			return i
		}
	}
	return len(ws) - 1
}

// stepGates returns the gates a step runs.
func (a *analysis) stepGates(s *Step) []gateHit {
	at := s.Where()
	if s.Uses != "" {
		if h, ok := actionGateHit(s); ok {
			h.Pos = at
			return []gateHit{h}
		}
		return nil
	}
	cmds := a.commands(s)
	var out []gateHit
	seen := map[string]bool{}
	add := func(h gateHit, line int) {
		if h.Seq == 0 && line > 0 {
			for n, c := range cmds {
				if c.Line >= line {
					h.Seq = n
					break
				}
			}
		} else if h.Seq == 0 && !h.Pos.IsZero() {
			h.Seq = a.commandIndex(s, h.Pos)
		}
		if h.Pos.IsZero() {
			h.Pos = lineOf(s, line)
			if s.Origin != nil {
				h.Pos = at
			}
		}
		k := h.Kind + "\x00" + h.Tool
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, h)
	}
	// Whether an echo claims a pass matters only for a step that does
	// nothing but echo and has no gate: judged at the end.
	onlyEcho := len(cmds) > 0
	var echoes []command
	for n, c := range cmds {
		switch c.tool() {
		case "echo", "printf", "true", ":", "sleep", "exit":
			echoes = append(echoes, c)
			if c.tool() == "exit" && len(c.Words) > 1 && c.Words[1] != "0" {
				onlyEcho = false
			}
		default:
			onlyEcho = false
		}
		if h, ok := commandGate(c); ok {
			if c.Masked != "" && h.Placebo == "" {
				h.Placebo, h.Soft = c.Masked, false
			}
			h.Seq = n
			add(h, c.Line)
			continue
		}
		if (c.tool() == "echo" || c.tool() == "printf") && literalMetricIn(c.Words[1:]) {
			add(gateHit{Kind: "evaluation", Tool: c.tool(), Placebo: "literal metric written by " + c.tool()}, c.Line)
		}
	}
	claims := false
	if onlyEcho && len(out) == 0 {
		for _, c := range echoes {
			if passClaim.MatchString(strings.Join(c.Words, " ")) {
				claims = true
				break
			}
		}
	}
	if onlyEcho && claims && len(out) == 0 {
		switch {
		case evalName.MatchString(s.Name) || evalName.MatchString(s.ID):
			add(gateHit{Kind: "evaluation", Tool: "echo", Placebo: "hard-coded pass (the step only echoes)"}, 1)
		case testName.MatchString(s.Name) || testName.MatchString(s.ID):
			add(gateHit{Kind: "tests", Tool: "echo", Placebo: "hard-coded pass (the step only echoes)"}, 1)
		}
	}
	for _, sc := range a.shellScripts(s) {
		for _, c := range sc.cmds {
			if h, ok := commandGate(c); ok {
				if c.Masked != "" && h.Placebo == "" {
					h.Placebo, h.Soft = c.Masked+" ("+sc.path+")", false
				}
				h.Tool += " (in " + sc.path + ")"
				h.Pos = sc.at
				add(h, 0)
			}
		}
	}
	for _, h := range a.shellThresholds(s) {
		add(h, h.Pos.Line)
	}
	for _, h := range a.scriptGates(s, cmds) {
		add(h, 0)
	}
	return out
}

// shellThresholds finds shell tests of a metric-named value whose branch
// exits non-zero: `if (( $(echo "$ACC < 0.8" | bc) )); then exit 1; fi`,
// `[ "$F1" -ge 80 ] || exit 1`.
func (a *analysis) shellThresholds(s *Step) []gateHit {
	if !strings.Contains(s.Run, "exit") || !hasMetricWord(s.Run) {
		return nil
	}
	f := a.shell(s.Run)
	if f == nil {
		return nil
	}
	src := maskExpressions(s.Run)
	text := func(n syntax.Node) string {
		st, en := int(n.Pos().Offset()), int(n.End().Offset())
		if st < 0 || en > len(src) || st > en {
			return ""
		}
		return src[st:en]
	}
	var out []gateHit
	hit := func(n syntax.Node) {
		out = append(out, gateHit{Kind: "evaluation", Tool: "shell threshold", Pos: lineOf(s, int(n.Pos().Line()))})
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch x := n.(type) {
		case *syntax.IfClause:
			if len(x.Cond) > 0 && isShellCmp(text(x.Cond[0])) && (exitsNonZero(x.Then) || (x.Else != nil && exitsNonZero(x.Else))) {
				hit(x)
			}
		case *syntax.BinaryCmd:
			if (x.Op == syntax.AndStmt || x.Op == syntax.OrStmt) && isShellCmp(text(x.X)) && exitsNonZero(x.Y) {
				hit(x)
			}
		}
		return len(out) == 0
	})
	return out
}

// metricWords are metricName's alternatives, for hasMetricWord.
var metricWords = strings.Split(strings.TrimSuffix(strings.TrimPrefix(metricName, "(?:"), ")"), "|")

// literalMetricIn is literalMetric.MatchString on the words joined by
// spaces, skipping the regexp when the text has no number after a colon
// or an equals sign (which every match needs).
func literalMetricIn(words []string) bool {
	t := strings.Join(words, " ")
	i := strings.IndexAny(t, ":=")
	if i < 0 || !strings.ContainsAny(t[i:], "0123456789") {
		return false
	}
	return literalMetric.MatchString(t)
}

// hasMetricWord is metricWord.MatchString by substring search: the
// regexp's backtracker is slow on whole scripts.
func hasMetricWord(t string) bool {
	t = strings.ToLower(t)
	for _, w := range metricWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// isShellCmp reports whether a shell condition compares a metric-named
// value: shellCmp, behind a cheap test for a comparison operator, which
// most conditions (file tests, string equality) lack.
func isShellCmp(t string) bool {
	if !strings.ContainsAny(t, "<>") && !strings.Contains(t, "-lt") && !strings.Contains(t, "-le") &&
		!strings.Contains(t, "-gt") && !strings.Contains(t, "-ge") {
		return false
	}
	return shellCmp.MatchString(t)
}

// scriptGates reads the Python scripts and pytest targets a step runs and
// returns the evaluation, fairness and model-card gates they are.
func (a *analysis) scriptGates(s *Step, cmds []command) []gateHit {
	var out []gateHit
	masked := map[int]string{}
	for _, c := range cmds {
		if c.Masked != "" {
			masked[c.Line] = c.Masked
		}
	}
	at := func(p Pos) Pos {
		if s.Origin != nil {
			return s.Where()
		}
		return p
	}
	lineNo := func(p Pos) int {
		if len(s.RunLines) > 0 {
			return p.Line - s.RunLines[0].Pos.Line + 1
		}
		return 1
	}
	for _, inv := range a.invocations(s) {
		if inv.Lang != "python" || inv.Path == "" {
			continue
		}
		text := a.scriptSource(inv.Path)
		if text == "" {
			continue
		}
		h, ok := pythonGate(inv.Path, text, s)
		if !ok {
			continue
		}
		h.Pos = at(inv.Line)
		if m := masked[lineNo(inv.Line)]; m != "" && (h.Placebo == "" || h.Soft) {
			h.Placebo, h.Soft = m, false
		}
		out = append(out, h)
	}
	// pytest targets: test files that assert on a model's metric.
	for _, c := range cmds {
		if c.tool() != "pytest" && c.tool() != "py.test" {
			continue
		}
		for _, p := range a.pytestFiles(c) {
			text := a.scriptSource(p)
			if ok, literal := pyThreshold(text); ok {
				h := gateHit{Kind: "evaluation", Tool: "pytest " + p, Pos: at(lineOf(s, c.Line))}
				if literal {
					h.Placebo = "literal metric (the compared value is a number in the test)"
				}
				if c.Masked != "" {
					h.Placebo = c.Masked
				}
				out = append(out, h)
				break
			}
		}
	}
	return out
}

// pytestFiles returns the test files a pytest command names: files, and
// the test_*.py / *_test.py files of the directories it names (one level
// below too), at most 32.
func (a *analysis) pytestFiles(c command) []string {
	var out []string
	for _, w := range c.positional()[1:] {
		p := repoPath(strings.Split(w, "::")[0])
		if p == "" {
			continue
		}
		if strings.HasSuffix(p, ".py") {
			out = append(out, p)
			continue
		}
		if a.fsys == nil {
			continue
		}
		dirs := []string{p}
		for i := 0; i < len(dirs) && i < 8 && len(out) < 32; i++ {
			ents, err := fs.ReadDir(a.fsys, dirs[i])
			if err != nil {
				continue
			}
			for _, e := range ents {
				n := e.Name()
				switch {
				case e.IsDir() && i == 0 && !strings.HasPrefix(n, "."):
					dirs = append(dirs, path.Join(dirs[i], n))
				case e.Type().IsRegular() && strings.HasSuffix(n, ".py") && (strings.HasPrefix(n, "test_") || strings.HasSuffix(n, "_test.py")):
					out = append(out, path.Join(dirs[i], n))
				}
			}
		}
	}
	if len(out) > 32 {
		out = out[:32]
	}
	return out
}

// pythonGate classifies a Python script a step runs.
func pythonGate(p, text string, s *Step) (gateHit, bool) {
	base := path.Base(p)
	threshold, literal := pyThreshold(text)
	switch {
	case strings.Contains(text, "fairlearn") || strings.Contains(text, "aif360"):
		h := gateHit{Kind: "fairness", Tool: base}
		if !threshold {
			h.Placebo, h.Soft = "computes fairness metrics without a threshold", true
		} else if literal {
			h.Placebo = "literal metric"
		}
		return h, true
	case cardName.MatchString(base) && (checkWord.MatchString(base) || strings.Contains(text, ".validate(")):
		return gateHit{Kind: "model-card", Tool: base}, true
	case threshold:
		h := gateHit{Kind: "evaluation", Tool: base}
		if literal {
			h.Placebo = "literal metric (the compared value is a number in the script)"
		}
		return h, true
	case evalName.MatchString(base) || evalName.MatchString(s.Name):
		if strings.Contains(text, "metrics") || strings.Contains(text, "score") || strings.Contains(text, "accuracy") {
			return gateHit{Kind: "evaluation", Tool: base, Placebo: "computes metrics without a threshold", Soft: true}, true
		}
	}
	return gateHit{}, false
}

// pyThreshold reports whether Python text compares a metric-named value
// to something in a way that fails (an assert, or an if followed within
// four lines by an exit or raise), and whether every metric name in those
// comparisons is assigned a number literal in the text (a literal metric).
func pyThreshold(text string) (found, literal bool) {
	lines := strings.Split(text, "\n")
	lits := map[string]bool{}
	for _, l := range lines {
		if m := pyLiteral.FindStringSubmatch(l); m != nil {
			lits[m[1]] = true
		}
	}
	literal = true
	for i, l := range lines {
		ok := pyAssert.MatchString(l)
		if !ok && pyIf.MatchString(l) {
			for k := i + 1; k < len(lines) && k <= i+4; k++ {
				if pyFail.MatchString(lines[k]) {
					ok = true
					break
				}
			}
		}
		if !ok {
			continue
		}
		found = true
		for _, id := range pyIdent.FindAllString(l, -1) {
			if metricWord.MatchString(id) && !lits[id] && !strings.Contains(strings.ToLower(id), "threshold") && !isKeyword(id) {
				literal = false
			}
		}
	}
	return found, found && literal
}

func isKeyword(id string) bool {
	switch id {
	case "assert", "if", "elif", "and", "or", "not", "self", "assertGreater", "assertGreaterEqual", "assertLess", "assertLessEqual", "assertTrue":
		return true
	}
	return false
}
