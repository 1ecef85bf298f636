package pipeline

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// testCommand names the test run a step starts (`pytest`, `uv run pytest`,
// `npm test`, `go test`…), with its position; "" when none.
func (a *analysis) testCommand(s *Step) (string, Pos) {
	w, at := a.testCall(s)
	if w == nil {
		return "", Pos{}
	}
	return strings.Join(w[:min(len(w), 3)], " "), at
}

// testCall returns the words of the test run a step starts (wrappers
// such as `uv run` left out), with its position; nil when none.
func (a *analysis) testCall(s *Step) ([]string, Pos) {
	w, at, _ := a.testCallIn(s)
	return w, at
}

// jsTestRunners are test runners a package manager starts by name
// (`pnpm jest`, `yarn vitest`, `pnpm exec jest`).
var jsTestRunners = map[string]bool{"jest": true, "vitest": true, "mocha": true, "ava": true}

// testCallIn is testCall with the directory the test run starts in: the
// step's working directory, followed through the script's own `cd`s to
// relative directories (`cd py && uv run pytest tests/integration`).
func (a *analysis) testCallIn(s *Step) ([]string, Pos, string) {
	if s.Run == "" || !strings.Contains(s.Run, "test") && !strings.Contains(s.Run, "tox") && !strings.Contains(s.Run, "nox") && !strings.Contains(s.Run, "hatch") && !strings.Contains(s.Run, "jest") {
		return nil, Pos{}, ""
	}
	dir := runDir(s)
	// facts parses every script (calls only those with a run hint).
	for _, c := range a.expandHatch(s, a.facts(s.Run).calls) {
		w := c.Words
		if len(w) == 2 && w[0] == "cd" {
			dir = cdInto(dir, w[1])
			continue
		}
		if body := a.bunScript(w, dir); body != "" && !(len(w) > 1 && (w[1] == "test" || w[1] == "t")) {
			// `bun test:e2e` runs the package script test:e2e: its
			// first command is the test run (`vitest run`, `bun test x`).
			if bc := a.facts(body).calls; len(bc) > 0 {
				w = bc[0].Words
			}
		}
		for len(w) > 1 && ((w[0] == "uv" || w[0] == "poetry" || w[0] == "pipenv" || w[0] == "hatch" || w[0] == "pdm") && w[1] == "run" ||
			w[0] == "npx" || w[0] == "uvx" || w[0] == "bunx" ||
			(w[0] == "npm" || w[0] == "pnpm" || w[0] == "yarn") && (w[1] == "exec" || w[1] == "dlx")) {
			if w[0] == "npx" || w[0] == "uvx" || w[0] == "bunx" {
				w = w[1:]
			} else {
				w = w[2:]
			}
		}
		w = testProgram(w)
		if len(w) == 0 {
			continue
		}
		test := false
		switch w[0] {
		case "pytest":
			test = !a.noLiveTests(w[1:], dir)
		case "tox", "nox", "vitest", "jest":
			test = true
		case "npm", "pnpm", "yarn", "bun":
			test = len(w) > 1 && (w[1] == "test" || w[1] == "t" || w[1] == "run" && len(w) > 2 && strings.HasPrefix(w[2], "test") ||
				w[0] != "npm" && jsTestRunners[w[1]])
			if test && jsTestRunners[w[1]] {
				w = w[1:]
			}
		case "go", "cargo":
			test = len(w) > 1 && w[1] == "test"
		case "make":
			test = len(w) > 1 && strings.HasPrefix(w[1], "test")
		}
		if test {
			return w, lineOf(s, c.Line), dir
		}
	}
	return nil, Pos{}, ""
}

// cdInto returns the directory `cd arg` moves to from dir: a relative
// path without variables is followed; anything else (an absolute path, a
// variable, `-`, `~`) leaves the repository's view, so dir is kept.
func cdInto(dir, arg string) string {
	if arg == "" || strings.ContainsAny(arg, "$~`") || arg == "-" || path.IsAbs(arg) {
		return dir
	}
	d := path.Join(dir, arg)
	if d == ".." || strings.HasPrefix(d, "../") {
		return dir
	}
	return d
}

// testProgram unwraps the interpreter or coverage runner in front of a
// test runner: `python -m pytest` and `coverage run -m pytest` run pytest.
func testProgram(w []string) []string {
	if len(w) > 2 && w[0] == "coverage" && w[1] == "run" {
		w = w[2:]
	}
	if len(w) > 1 && (pythonName(path.Base(w[0])) || w[0] == "coverage") {
		w = w[1:]
	}
	if len(w) > 1 && w[0] == "-m" {
		w = w[1:]
	}
	return w
}

// detectJobCredentialTests makes an AI step of the first step that runs
// tests in a job holding a job-level AI credential, when no step of it runs
// a script or interpreter: a test run handed a model key calls the model
// (a live or integration test); lint and key checks were left out before.
func (a *analysis) detectJobCredentialTests(j *Job, creds []credential) *AIUse {
	for _, s := range j.Steps {
		cmd, at := a.testCommand(s)
		if cmd == "" || neverRuns(j, s) || a.runsNoAIProgram(s) || len(reachable(s, creds)) == 0 {
			continue
		}
		u := &AIUse{Job: j, Step: s, Pos: s.Where(), Via: "secret", Provider: creds[0].Provider, Model: "implicit"}
		u.Secrets = stepSecrets(j, s)
		for _, c := range creds {
			u.Why = append(u.Why, c.String())
		}
		u.Why = append(u.Why, fmt.Sprintf("first step to run tests: %s (%s:%d)", cmd, at.Path, at.Line))
		u.ModelPos = u.Pos
		applyEnvModel(s, u)
		return u
	}
	return nil
}

// liveMarkerWords are words of a pytest marker name that mark tests which
// call a live service or model (`integration`, `model_backend`, `llm`).
var liveMarkerWords = map[string]bool{
	"integration": true, "live": true, "llm": true, "llms": true, "model": true, "models": true,
	"api": true, "e2e": true, "network": true, "external": true, "online": true, "remote": true,
}

// deselectsLive reports whether pytest arguments select tests only by
// leaving live ones out: a `-m` expression whose every marker is negated
// and one of them names live tests (`-m "not integration"`, `-m "not
// model_backend and not slow"`). Such a run calls no model even when it
// is handed a key.
func deselectsLive(args []string) bool {
	expr := ""
	for i, a := range args {
		if a == "-m" && i+1 < len(args) {
			expr = args[i+1]
			break
		}
	}
	if expr == "" {
		return false
	}
	m := readMarkers(expr)
	return !m.selects && m.leavesOutLive
}

// markerTerms is what a pytest marker expression does with its markers.
type markerTerms struct {
	selects       bool // some marker is selected (not negated)
	selectsLive   bool // a selected marker is named like live tests
	leavesOutLive bool // a negated marker is named like live tests
}

// readMarkers reads a pytest `-m` expression word by word: `not` negates
// the marker after it, `and`/`or` and parentheses are skipped.
func readMarkers(expr string) markerTerms {
	var m markerTerms
	expr = strings.NewReplacer("(", " ", ")", " ", `"`, " ", "'", " ").Replace(strings.ToLower(expr))
	neg := false
	for _, t := range strings.Fields(expr) {
		switch t {
		case "not":
			neg = !neg
			continue
		case "and", "or":
			continue
		}
		live := false
		for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == '_' || r == '-' }) {
			live = live || liveMarkerWords[part]
		}
		if neg {
			m.leavesOutLive = m.leavesOutLive || live
		} else {
			m.selects = true
			m.selectsLive = m.selectsLive || live
		}
		neg = false
	}
	return m
}

// laterJobCredentialTests returns, after the first AI step a job-level
// credential gave (first), each later step of the job that uses the key
// (ai_jobsteps.go).
func (a *analysis) laterJobCredentialTests(j *Job, first *AIUse) []*AIUse {
	return a.laterJobSteps(j, first)
}

// liveSelection returns the argument of a test run that selects live
// tests: a path of the repository (relative to dir) with a part named
// like them, or a `-m` marker expression that selects such a marker; ""
// when none.
func (a *analysis) liveSelection(args []string, dir string) string {
	if dir == "-" {
		return ""
	}
	for i, x := range args {
		if x == "-m" && i+1 < len(args) {
			if liveMarkerSelected(args[i+1]) {
				return "-m " + args[i+1]
			}
			continue
		}
		if strings.HasPrefix(x, "-") || !strings.Contains(x, "/") {
			continue
		}
		live := false
		for _, part := range strings.FieldsFunc(strings.ToLower(x), func(r rune) bool { return r == '/' || r == '_' || r == '-' || r == '.' }) {
			live = live || liveMarkerWords[part]
		}
		if !live {
			continue
		}
		p := repoPath(path.Join(dir, strings.TrimSuffix(strings.TrimSuffix(x, "..."), "/")))
		if p == "" || a.fsys == nil {
			continue
		}
		// A path named like live tests whose files name no model service
		// (vector-store tests under integration/) is not one.
		if _, err := fs.Stat(a.fsys, p); err == nil && a.testsNameModels(p) {
			return x
		}
	}
	return ""
}

// liveMarkerSelected reports whether a pytest marker expression selects a
// marker named like live tests (`integration`, `integration and not
// slow`), not only leaves one out.
func liveMarkerSelected(expr string) bool {
	return readMarkers(expr).selectsLive
}
