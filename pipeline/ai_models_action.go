package pipeline

import (
	"fmt"
	"io/fs"
	"strings"
)

// GitHub Models through an action no profile names: in a job granted
// `models: read`, an action step that is handed the job token
// (`secrets.GITHUB_TOKEN`, `github.token`, in `with:` or `env:`) and
// prompt files in the GitHub Models format (`*.prompt.yml`: an input
// value naming one, or a prompt input naming a repository directory that
// holds them) is the step that calls the models. It is recorded there,
// not at the `models:` line.

// promptFileSuffixes are the names of GitHub Models prompt files.
var promptFileSuffixes = []string{".prompt.yml", ".prompt.yaml"}

// modelsActionStep returns the AI use of the first action step of the job
// that gets the job token and GitHub Models prompt files; nil if none.
func (a *analysis) modelsActionStep(j *Job, grant string) *AIUse {
	for _, s := range j.AllSteps() {
		if s.Uses == "" || neverRuns(j, s) || !actionGetsJobToken(s) {
			continue
		}
		prompt := a.promptFileInput(s)
		if prompt == nil {
			continue
		}
		u := &AIUse{Job: j, Step: s, Pos: s.Where(), Via: "models-permission", Provider: "github-models", Model: "implicit"}
		u.Secrets = stepSecrets(j, s)
		u.ModelPos = u.Pos
		u.Why = []string{
			grant,
			fmt.Sprintf("action %s gets the job token and prompt files: %s: %s (%s:%d)", s.Uses, prompt.Key, prompt.Value, prompt.Pos.Path, prompt.Pos.Line),
		}
		return u
	}
	return nil
}

// actionGetsJobToken reports whether the step's inputs or env hand it the
// job token.
func actionGetsJobToken(s *Step) bool {
	for _, kvs := range [][]KV{s.With, s.Env} {
		for _, kv := range kvs {
			if strings.Contains(kv.Value, "secrets.GITHUB_TOKEN") || strings.Contains(kv.Value, "github.token") {
				return true
			}
		}
	}
	return false
}

// promptFileInput returns the input of the step that names GitHub Models
// prompt files; nil if none.
func (a *analysis) promptFileInput(s *Step) *KV {
	for i, kv := range s.With {
		v := strings.TrimSpace(kv.Value)
		if hasAny(v, promptFileSuffixes) {
			return &s.With[i]
		}
		if !strings.Contains(strings.ToLower(kv.Key), "prompt") || a.fsys == nil {
			continue
		}
		dir := repoPath(strings.TrimPrefix(v, "./"))
		if dir == "" {
			continue
		}
		ents, err := fs.ReadDir(a.fsys, dir)
		if err != nil {
			continue
		}
		for _, e := range ents {
			if !e.IsDir() && hasAny(e.Name(), promptFileSuffixes) {
				return &s.With[i]
			}
		}
	}
	return nil
}
