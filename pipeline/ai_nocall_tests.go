package pipeline

import (
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// Test runs and scripts handed a model key that still call no model,
// judged from the repository's own files (added to runsNoAIProgram and
// to the job-credential test rules):
//
//   - a pytest run whose options leave the live tests out: a `-m`
//     expression that only negates markers named like live tests (`-m "not
//     model_backend"`), or a repository option defined in a conftest.py
//     the run loads whose branch of `pytest_collection_modifyitems` skips
//     such markers (`--fast-test-mode` "run only tests without LLM
//     inference"; the default branch of `if not
//     config.getoption("--run-live")`). A branch that keeps only some
//     markers is no proof: what those tests do is not read.
//   - a pytest run whose `-m` selects one marker that no test file or
//     conftest.py under its paths carries: no test is collected (`-m
//     aiohttp … || [ $? -eq 5 ]`).
//   - a Python script that only imports the project's modules one by one
//     (`importlib.import_module` over a walk of the tree) and names no AI
//     library, endpoint or key: an import check.
//
// `-k` expressions are not taken as proof: a name filter that leaves out
// `llm and openai` still runs any other test that calls a model.

// Caps on what is read to judge one run.
const (
	maxWalkFiles     = 2000
	maxTestFileBytes = 256 << 10
)

// pytestWords returns the words of a pytest run from a command's words,
// wrappers (`uv run`, `poetry run`, `python -m`, `coverage run -m`)
// left out; nil when the command is not pytest.
func pytestWords(w []string) []string {
	for len(w) > 2 && runWrappers[w[0]] && w[1] == "run" {
		w = w[2:]
	}
	w = testProgram(w)
	if len(w) == 0 || w[0] != "pytest" && w[0] != "py.test" {
		return nil
	}
	return w
}

// noLiveTests reports whether pytest arguments (after `pytest`), run in
// dir, leave every live test out.
func (a *analysis) noLiveTests(args []string, dir string) bool {
	if deselectsLive(args) {
		return true
	}
	if a.fsys == nil || dir == "-" {
		return false
	}
	return a.conftestSkipsLive(args, dir) || a.markerSelectsNothing(args, dir) || a.addoptsDeselectLive(args, dir)
}

// testPaths returns the path arguments of a pytest run, relative to the
// repository; the run directory when there are none.
func testPaths(args []string, dir string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		x := args[i]
		if strings.HasPrefix(x, "-") {
			// Options with a separate value.
			switch x {
			case "-m", "-k", "-n", "-c", "-p", "-o", "--ignore", "--deselect", "--rootdir", "--dist", "--maxfail", "--cov", "--junitxml", "--durations", "--timeout", "-W", "--log-level", "--tb":
				i++
			}
			continue
		}
		if strings.ContainsAny(x, "$*{") {
			continue
		}
		if p := repoPath(path.Join(dir, strings.SplitN(x, "::", 2)[0])); p != "" {
			out = append(out, p)
		} else if path.Clean(path.Join(dir, x)) == "." {
			out = append(out, ".")
		}
	}
	if len(out) == 0 {
		d := path.Clean(path.Join(".", dir))
		if repoPath(d) == "" && d != "." {
			return nil
		}
		out = append(out, d)
	}
	return out
}

// conftests returns the conftest.py files a run over paths loads: the
// run directory's, and every one on the way down to each path (for a run
// of the whole directory, also its tests/ and test/ folders).
func (a *analysis) conftests(paths []string, dir string) []string {
	root := path.Clean(path.Join(".", dir))
	seen := map[string]bool{}
	var out []string
	add := func(d string) {
		p := path.Join(d, "conftest.py")
		if seen[p] {
			return
		}
		seen[p] = true
		if st, err := fs.Stat(a.fsys, p); err == nil && st.Mode().IsRegular() {
			out = append(out, p)
		}
	}
	add(root)
	for _, p := range paths {
		if p == root {
			add(path.Join(root, "tests"))
			add(path.Join(root, "test"))
			continue
		}
		rel := strings.TrimPrefix(p, root+"/")
		if root == "." {
			rel = p
		}
		d := root
		for _, part := range strings.Split(rel, "/") {
			d = path.Join(d, part)
			if st, err := fs.Stat(a.fsys, d); err != nil || !st.IsDir() {
				break
			}
			add(d)
		}
	}
	return out
}

// skipBranches returns the skip branches of a conftest.py, reading and
// parsing each file once (none for a file that cannot be read).
func (a *analysis) skipBranches(p string) []skipBranch {
	if br, ok := a.conftest[p]; ok {
		return br
	}
	if a.conftest == nil {
		a.conftest = map[string][]skipBranch{}
	}
	var br []skipBranch
	if b, err := readCapped(a.fsys, p); err == nil {
		br = parseSkipBranches(string(b))
	}
	a.conftest[p] = br
	return br
}

// conftestSkipsLive reports whether the conftest.py files a run loads
// skip every live-named marker for the options the run is given.
func (a *analysis) conftestSkipsLive(args []string, dir string) bool {
	given := map[string]bool{}
	for _, x := range args {
		if strings.HasPrefix(x, "--") {
			given[strings.SplitN(x, "=", 2)[0]] = true
		}
	}
	var skips, keeps []string
	for _, p := range a.conftests(testPaths(args, dir), dir) {
		s, k := takenSkips(a.skipBranches(p), given)
		skips, keeps = append(skips, s...), append(keeps, k...)
	}
	if len(keeps) > 0 {
		return false
	}
	for _, m := range skips {
		if liveMarkerName(m) {
			return true
		}
	}
	return false
}

// liveMarkerName reports whether a marker's name says it marks tests
// that call a live service or model.
func liveMarkerName(m string) bool {
	for _, part := range strings.FieldsFunc(strings.ToLower(m), func(r rune) bool { return r == '_' || r == '-' }) {
		if liveMarkerWords[part] {
			return true
		}
	}
	return false
}

// skipBranch is one branch of an if/elif/else chain at the top of
// `pytest_collection_modifyitems`, keyed on a command-line option.
type skipBranch struct {
	Chain   int
	Option  string // "--fast-test-mode"; "" for else
	Negated bool   // `if not config.getoption(...)`
	Else    bool
	Skips   []string // markers whose tests the branch skips
	Keeps   []string // markers whose tests alone it keeps
}

var (
	getOption   = lazyre.New(`(not\s+)?config\.(?:getoption\(\s*["'](--[\w-]+)["']|option\.(\w+))`)
	keptMarker  = lazyre.New(`["'](\w+)["']\s+not\s+in\s+item\.keywords|get_closest_marker\(\s*["'](\w+)["']\s*\)\s+is\s+None`)
	skipMarker  = lazyre.New(`["'](\w+)["']\s+in\s+item\.keywords|get_closest_marker\(\s*["'](\w+)["']\s*\)`)
	oneWord     = lazyre.New(`^\w+$`)
	modifyItems = lazyre.New(`(?m)^def\s+pytest_collection_modifyitems\s*\(`)
)

// parseSkipBranches reads the option-keyed branches of a conftest.py's
// `pytest_collection_modifyitems` by indentation: each top-level
// if/elif/else on `config.getoption("--x")` or `config.option.x`, and the
// markers its body skips (`"m" in item.keywords` … `add_marker(skip)`)
// or keeps alone (`"m" not in item.keywords`).
func parseSkipBranches(src string) []skipBranch {
	loc := modifyItems.FindStringIndex(src)
	if loc == nil {
		return nil
	}
	lines := strings.Split(src[loc[1]:], "\n")
	indentOf := func(l string) int { return len(l) - len(strings.TrimLeft(l, " \t")) }
	body := -1
	var out []skipBranch
	cur, chain := -1, 0
	var bodyText []string
	flush := func() {
		if cur < 0 {
			return
		}
		text := strings.Join(bodyText, "\n")
		if strings.Contains(text, "add_marker") && strings.Contains(text, "skip") {
			for _, m := range keptMarker.FindAllStringSubmatch(text, -1) {
				out[cur].Keeps = append(out[cur].Keeps, m[1]+m[2])
			}
			rest := keptMarker.ReplaceAllString(text, "")
			for _, m := range skipMarker.FindAllStringSubmatch(rest, -1) {
				out[cur].Skips = append(out[cur].Skips, m[1]+m[2])
			}
		}
		bodyText = nil
	}
	for _, l := range lines[1:] {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		in := indentOf(l)
		if body < 0 {
			if in == 0 {
				break
			}
			body = in
		}
		if in < body {
			break // the function ended
		}
		if in > body {
			if cur >= 0 {
				bodyText = append(bodyText, t)
			}
			continue
		}
		flush()
		switch {
		case strings.HasPrefix(t, "if ") || strings.HasPrefix(t, "elif "):
			if strings.HasPrefix(t, "if ") {
				chain++
			}
			m := getOption.FindStringSubmatch(t)
			if m == nil {
				cur = -1
				continue
			}
			opt := m[2]
			if opt == "" {
				opt = "--" + strings.ReplaceAll(m[3], "_", "-")
			}
			out = append(out, skipBranch{Chain: chain, Option: opt, Negated: m[1] != ""})
			cur = len(out) - 1
		case t == "else:":
			out = append(out, skipBranch{Chain: chain, Else: true})
			cur = len(out) - 1
		default:
			cur = -1
		}
	}
	flush()
	return out
}

// takenSkips returns the markers skipped and kept by the branches taken
// for the given options: in each chain, the first branch whose
// condition holds (an else branch is reached when none before held; a
// branch on an unread condition stops the chain, nothing known).
func takenSkips(branches []skipBranch, given map[string]bool) (skips, keeps []string) {
	done := map[int]bool{}
	for _, b := range branches {
		if done[b.Chain] {
			continue
		}
		holds := b.Else || given[b.Option] != b.Negated
		if holds {
			done[b.Chain] = true
			skips, keeps = append(skips, b.Skips...), append(keeps, b.Keeps...)
		}
	}
	return skips, keeps
}

// markerSelectsNothing reports whether a run's `-m` selects one marker
// that no test file or conftest.py under its paths names.
func (a *analysis) markerSelectsNothing(args []string, dir string) bool {
	expr := ""
	for i, x := range args {
		if x == "-m" && i+1 < len(args) {
			expr = strings.Trim(args[i+1], `"' `)
		}
	}
	if expr == "" || !oneWord.MatchString(expr) || expr == "not" {
		return false
	}
	roots := testPaths(args, dir)
	// Steps of a matrix or of sibling jobs repeat the same run: walk once.
	key := "marker:" + expr + "\x00" + strings.Join(roots, "\x00")
	if v, ok := a.scriptText[key]; ok {
		return v == "yes"
	}
	mark := regexp.MustCompile(`mark\.` + regexp.QuoteMeta(expr) + `\b|["']` + regexp.QuoteMeta(expr) + `["']`)
	found, n := false, 0
	for _, root := range roots {
		fs.WalkDir(a.fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || found || n >= maxWalkFiles {
				return fs.SkipAll
			}
			base := d.Name()
			if d.IsDir() {
				if p != root && (strings.HasPrefix(base, ".") || base == "node_modules" || base == "venv" || base == "site-packages" || base == "__pycache__") {
					return fs.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(base, ".py") && base != "pytest.ini" && base != "pyproject.toml" && base != "setup.cfg" && base != "tox.ini" {
				return nil
			}
			n++
			if b, err := readCapped(a.fsys, p); err == nil && mark.Match(b[:min(len(b), maxTestFileBytes)]) {
				// A marker declared in the configuration only is still
				// carried by no test: look at Python files alone.
				if strings.HasSuffix(base, ".py") {
					found = true
				}
			}
			return nil
		})
	}
	none := !found && n > 0 && n < maxWalkFiles
	a.scriptText[key] = "no"
	if none {
		a.scriptText[key] = "yes"
	}
	return none
}

// importCheckScript reports whether a Python script the step runs only
// imports the project's modules (importlib.import_module or __import__)
// and names no AI library, endpoint or key.
func (a *analysis) importCheckScript(w []string, dir string) bool {
	for len(w) > 2 && runWrappers[w[0]] && w[1] == "run" {
		w = w[2:]
	}
	if len(w) != 2 || !pythonName(path.Base(w[0])) || path.Ext(w[1]) != ".py" || a.fsys == nil || dir == "-" {
		return false
	}
	p := repoPath(path.Join(dir, w[1]))
	if p == "" {
		return false
	}
	key := "importcheck:" + p
	if v, ok := a.scriptText[key]; ok {
		return v == "yes"
	}
	verdict := "no"
	defer func() { a.scriptText[key] = verdict }()
	b, err := readCapped(a.fsys, p)
	if err != nil {
		return false
	}
	src := string(b)
	if !strings.Contains(src, "import_module(") && !strings.Contains(src, "__import__(") {
		return false
	}
	if sdk, _ := aiprofiles.FindSDK("python", src); sdk != nil {
		return false
	}
	if _, _, ok := aiprofiles.FindEndpoint(src); ok || strings.Contains(src, "API_KEY") || strings.Contains(src, "_TOKEN") {
		return false
	}
	verdict = "yes"
	return true
}

// modelServiceWords are words of test code that talks to a model service.
var modelServiceWords = lazyre.New(`(?i)openai|anthropic|gemini|vertex_?ai|bedrock|mistral|cohere|ollama|huggingface|chat_?completion|text_?embedding|embedding_?generat|\bllms?\b|connectors\.ai|model_id|generativeai|genai`)

// testsNameModels reports whether the test files under a repository path
// name a model service (modelServiceWords); true when they cannot all be read.
func (a *analysis) testsNameModels(root string) bool {
	key := "modelwords:" + root
	if v, ok := a.scriptText[key]; ok {
		return v == "yes"
	}
	found, n := false, 0
	fs.WalkDir(a.fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return fs.SkipAll
		}
		if d.IsDir() {
			return nil
		}
		switch path.Ext(p) {
		case ".py", ".ts", ".js", ".mjs", ".go", ".cs", ".java", ".kt", ".rs", ".json", ".yaml", ".yml", ".toml":
		default:
			return nil
		}
		if n++; n > maxWalkFiles {
			found = true
			return fs.SkipAll
		}
		if b, err := readCapped(a.fsys, p); err != nil || modelServiceWords.Match(b[:min(len(b), maxTestFileBytes)]) {
			found = true
		}
		return nil
	})
	if found {
		a.scriptText[key] = "yes"
	} else {
		a.scriptText[key] = "no"
	}
	return found
}
