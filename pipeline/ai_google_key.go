package pipeline

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// An ambiguous Google key: GOOGLE_API_KEY is read by the Gemini SDKs
// (google-genai, google.generativeai, langchain-google-genai), but also
// by Maps, YouTube and every other Google API, so alone it makes no AI
// step. A step handed one in its env is an AI step when
// something corroborates it, in this order:
//
//  1. the code it runs uses a Google API that is no model (Maps, YouTube,
//     Places, Geocoding, Custom Search…): not an AI step, whatever else;
//  2. the code it runs imports an AI SDK: the scripts it invokes and the
//     test files a test run selects (a file, or a directory's Python and
//     JavaScript files, conftest.py first);
//  3. a path it runs is named like model code (llm, genai, gemini, vertex);
//  4. another step of the job is handed a model vendor's key.

// googleKey reports whether a credential name is a Google key no vendor
// table claims.
func googleKey(name string) bool {
	n := strings.ToUpper(name)
	if !strings.Contains(n, "GOOGLE") || aiprofiles.CredentialProvider(n) != "" {
		return false
	}
	return strings.HasSuffix(n, "_KEY") || strings.HasSuffix(n, "_API_KEY")
}

// googleKeyCreds returns the Google keys a step can read.
func googleKeyCreds(j *Job, s *Step) []credential {
	var out []credential
	// Step env only: a job-level key goes to the first step that runs a
	// program, like any other (detectJobCredential).
	for _, l := range []struct {
		kvs   []KV
		level string
	}{{s.Env, "step env"}} {
		for _, kv := range l.kvs {
			if !strings.Contains(kv.Value, "secrets") {
				continue
			}
			for _, sec := range secretNames(kv.Value) {
				if googleKey(sec) || googleKey(kv.Key) {
					out = append(out, credential{Secret: sec, Env: kv.Key, Level: l.level, Pos: kv.Pos, Provider: "google"})
				}
			}
		}
	}
	return out
}

// notModelGoogleAPI matches code that uses a Google API that runs no model.
var notModelGoogleAPI = lazyre.New(`(?i)\bgooglemaps\b|maps\.googleapis\.com|@googlemaps/|\byoutube\b|places\.googleapis\.com|customsearch|geocod|\bgoogle\.maps\b|translate\.googleapis\.com|sheets\.googleapis\.com`)

// googleModelPathWords are path parts naming model code.
var googleModelPathWords = map[string]bool{"llm": true, "llms": true, "genai": true, "gemini": true, "vertex": true, "vertexai": true, "ai": true}

// maxTestFiles caps the files read per test directory.
const maxTestFiles = 16

// googleKeyUse judges a step handed only an ambiguous Google key.
func (a *analysis) googleKeyUse(j *Job, s *Step, u *AIUse) bool {
	if j.Pipeline.Kind != GitHub || !envNamesGoogle(s) {
		return false
	}
	creds := googleKeyCreds(j, s)
	if len(creds) == 0 || !a.runsProgram(s) || a.installsOnly(s) || a.runsNoAIProgram(s) {
		return false
	}
	var paths []string
	var texts []string
	for _, inv := range a.invocations(s) {
		if p := repoPath(inv.Path); p != "" {
			paths = append(paths, p)
			texts = append(texts, a.scriptText[inv.Lang+":"+p])
		}
	}
	if w, _ := a.testCall(s); w != nil {
		dir := runDir(s)
		for _, x := range w[1:] {
			x, _, _ = strings.Cut(x, "::")
			if strings.HasPrefix(x, "-") || dir == "-" {
				continue
			}
			if p := repoPath(path.Join(dir, x)); p != "" && p != "." {
				paths = append(paths, p)
			}
		}
	}
	why := ""
	for _, p := range paths {
		t, sdk := a.testCode(p)
		texts = append(texts, t)
		if why == "" && sdk != "" {
			why = sdk
		}
	}
	for _, t := range texts {
		if notModelGoogleAPI.MatchString(t) {
			return false
		}
	}
	if why == "" {
		for _, p := range paths {
			for _, part := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return r == '/' || r == '_' || r == '-' || r == '.' }) {
				if googleModelPathWords[part] && why == "" {
					why = fmt.Sprintf("it runs %s, named like model code", p)
				}
			}
		}
	}
	if why == "" {
		for _, o := range j.Steps {
			if o != s && !neverRuns(j, o) && (a.aiByStep[o] != nil || len(stepCreds(o)) > 0) {
				why = fmt.Sprintf("step %q of the job is handed a model vendor's key (%s:%d)", o.Label(), o.Pos.Path, o.Pos.Line)
				break
			}
		}
	}
	if why == "" {
		return false
	}
	u.Via, u.Provider, u.Model = "secret", "google", "implicit"
	for _, c := range creds {
		u.Why = append(u.Why, c.String())
	}
	u.Why = append(u.Why, "a Google key used for a model: "+why)
	return true
}

// envNamesGoogle reports whether a step's env names Google (most steps'
// do not: nothing is allocated for them).
func envNamesGoogle(s *Step) bool {
	for _, kv := range s.Env {
		if strings.Contains(kv.Key, "GOOGLE") || strings.Contains(kv.Value, "GOOGLE") || strings.Contains(kv.Value, "google") {
			return true
		}
	}
	return false
}

// testCode reads a file, or a directory's Python and JavaScript files
// (conftest.py first, at most maxTestFiles), and returns the text and
// what AI SDK it imports ("" when none). Results are cached per path.
func (a *analysis) testCode(p string) (string, string) {
	key := "tests:" + p
	if v, ok := a.scripts[key]; ok {
		if v == nil {
			return a.scriptText[key], ""
		}
		return v.Text, v.Why
	}
	if a.fsys == nil || len(a.scripts) >= maxScripts {
		return "", ""
	}
	var files []string
	if st, err := fs.Stat(a.fsys, p); err != nil {
		a.scripts[key] = nil
		return "", ""
	} else if st.IsDir() {
		ents, _ := fs.ReadDir(a.fsys, p)
		for _, e := range ents {
			if l := scriptExt[path.Ext(e.Name())]; !e.IsDir() && (l == "python" || l == "js") {
				files = append(files, path.Join(p, e.Name()))
			}
		}
		slices.SortStableFunc(files, func(x, y string) int {
			cx, cy := path.Base(x) == "conftest.py", path.Base(y) == "conftest.py"
			switch {
			case cx && !cy:
				return -1
			case cy && !cx:
				return 1
			}
			return 0
		})
		files = files[:min(len(files), maxTestFiles)]
	} else {
		files = []string{p}
	}
	var text strings.Builder
	why := ""
	for _, f := range files {
		lang := scriptExt[path.Ext(f)]
		if lang != "python" && lang != "js" {
			continue
		}
		b, err := readCapped(a.fsys, f)
		if err != nil {
			continue
		}
		src := string(b)
		text.WriteString(src)
		text.WriteByte('\n')
		if why == "" {
			if sdk, imp := aiprofiles.FindSDK(lang, src); sdk != nil {
				why = fmt.Sprintf("%s imports %s", f, imp)
			}
		}
	}
	if why == "" {
		a.scripts[key] = nil
		a.scriptText[key] = text.String()
		return text.String(), ""
	}
	a.scripts[key] = &scriptVerdict{Provider: "google", Why: why, Text: text.String()}
	return text.String(), why
}
