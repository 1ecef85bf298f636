package pipeline

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Every step a job-level key reaches: after the first AI step a job-level
// credential gave (detectJobCredential), each later step of the job that
// runs tests or a program of the repository, can read the key (not blanked
// by its env, not guarded to run only without it) and does not only
// install, lint or check is an AI step too, when one of these says it
// uses the key:
//
//   - it selects live tests (`pytest tests/integration`, `-m llm`), see
//     liveSelection;
//   - its `if:` holds only when the key is set (`env.OPENAI_API_KEY !=
//     ''`): the author runs it only with the key;
//   - it runs tests over a path of the repository other than unit tests
//     (`pytest tests/test_core/test_synthesizer`), with a command no
//     recorded step of the job runs already;
//   - it runs a script of the repository other than the first one.
//
// A later test run of unit tests (`pytest tests/unit`), of a path that
// does not exist, or one that leaves live tests out (`-m "not
// integration"`) is not one; setup steps (checkout, caches, installs)
// run no program and are never listed.

// laterJobSteps returns the later AI steps of a job whose first one a
// job-level credential gave.
func (a *analysis) laterJobSteps(j *Job, first *AIUse) []*AIUse {
	creds := jobCreds(j)
	var out []*AIUse
	seen := map[string]bool{}
	if w, _ := a.testCall(first.Step); w != nil {
		seen[strings.Join(w, " ")] = true
	}
	for _, inv := range a.invocations(first.Step) {
		seen[inv.Path] = true
	}
	after := false
	for _, s := range j.Steps {
		if s == first.Step {
			after = true
			continue
		}
		if !after || neverRuns(j, s) || unsetGuarded(j, s) || otherKeyGuarded(j, s, creds) || a.aiByStep[s] != nil || len(reachable(s, creds)) == 0 || a.runsNoAIProgram(s) {
			continue
		}
		why := a.laterStepWhy(s, creds, seen)
		if why == "" {
			continue
		}
		u := &AIUse{Job: j, Step: s, Pos: s.Where(), Via: "secret", Provider: first.Provider, Model: "implicit"}
		u.Secrets = stepSecrets(j, s)
		for _, c := range reachable(s, creds) {
			u.Why = append(u.Why, c.String())
		}
		u.Why = append(u.Why, why)
		u.ModelPos = u.Pos
		applyEnvModel(s, u)
		out = append(out, u)
	}
	return out
}

// laterStepWhy says why a later step of the job uses its key, "" when
// nothing does.
func (a *analysis) laterStepWhy(s *Step, creds []credential, seen map[string]bool) string {
	w, at, dir := a.testCallIn(s)
	if w != nil {
		if sel := a.liveSelection(w[1:], dir); sel != "" {
			return fmt.Sprintf("later step to run live tests: %s (%s:%d)", sel, at.Path, at.Line)
		}
		cmd := strings.Join(w, " ")
		if runsOnlyWithKeys(s, creds) {
			seen[cmd] = true
			return fmt.Sprintf("later step to run tests only when the key is set: %s (%s:%d)", testLabel(w), at.Path, at.Line)
		}
		if sel := a.testPaths(w[1:], dir); sel != "" && !seen[cmd] {
			seen[cmd] = true
			return fmt.Sprintf("later step to run tests: %s (%s:%d)", sel, at.Path, at.Line)
		}
		return ""
	}
	if a.installsOnly(s) || a.installerScripts(s) {
		return ""
	}
	for _, inv := range a.invocations(s) {
		p := repoPath(path.Join(runDir(s), inv.Path))
		if inv.Path == "" || p == "" || seen[inv.Path] || a.fsys == nil {
			continue
		}
		if st, err := fs.Stat(a.fsys, p); err != nil || st.IsDir() && inv.Lang != "go" {
			continue
		}
		seen[inv.Path] = true
		return fmt.Sprintf("later step to run a program: %s (%s:%d)", inv.Path, inv.Line.Path, inv.Line.Line)
	}
	if runsOnlyWithKeys(s, creds) && len(a.invocations(s)) > 0 {
		inv := a.invocations(s)[0]
		return fmt.Sprintf("later step to run a program only when the key is set (%s:%d)", inv.Line.Path, inv.Line.Line)
	}
	return ""
}

// unitWords are path parts that name unit tests.
var unitWords = map[string]bool{"unit": true, "units": true, "unittests": true, "unit_tests": true}

// testPaths returns the first path argument of a test run that exists in
// the repository (relative to dir), is not a unit-test path and holds
// tests that name a model service (testsNameModels); "" when none.
func (a *analysis) testPaths(args []string, dir string) string {
	if dir == "-" || a.fsys == nil {
		return ""
	}
	for _, x := range args {
		if strings.HasPrefix(x, "-") || !strings.Contains(x, "/") {
			continue
		}
		unit := false
		for _, part := range strings.FieldsFunc(strings.ToLower(x), func(r rune) bool { return r == '/' || r == '-' || r == '.' }) {
			unit = unit || unitWords[part] || strings.HasPrefix(part, "unit_") || strings.HasSuffix(part, "_unit")
		}
		if unit {
			return ""
		}
		p := repoPath(path.Join(dir, strings.TrimSuffix(strings.TrimSuffix(x, "..."), "/")))
		if p == "" {
			continue
		}
		// Tests whose files name no model service (vector stores with
		// fixed vectors) are not a use of the key.
		if _, err := fs.Stat(a.fsys, p); err == nil && a.testsNameModels(p) {
			return x
		}
	}
	return ""
}

// installerScripts reports whether every program the step runs is an
// installer script of the repository (`install.sh`, `scripts/setup_env.sh`,
// `bootstrap.py`): it installs, it calls no model.
func (a *analysis) installerScripts(s *Step) bool {
	invs := a.invocations(s)
	for _, inv := range invs {
		base := strings.ToLower(path.Base(inv.Path))
		if inv.Path == "" || !(strings.HasPrefix(base, "install") || strings.HasPrefix(base, "setup") || strings.HasPrefix(base, "bootstrap")) {
			return false
		}
	}
	return len(invs) > 0
}

// testLabel names a test run for evidence: the runner (with its
// subcommand) and its first path argument (`pytest tests/e2e`, `go test
// ./...`), or its first three words.
func testLabel(w []string) string {
	head := w[0]
	if len(w) > 1 && !strings.HasPrefix(w[1], "-") && !strings.Contains(w[1], "/") {
		head += " " + w[1]
	}
	for _, x := range w[1:] {
		if !strings.HasPrefix(x, "-") && strings.Contains(x, "/") {
			return head + " " + x
		}
	}
	return strings.Join(w[:min(len(w), 3)], " ")
}
