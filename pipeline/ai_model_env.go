package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// modelEnvNames are the environment variables the AI CLIs of a provider
// read their model from, for steps recognised by key or endpoint rather
// than by the CLI itself.
var modelEnvNames = func() map[string][]string {
	out := map[string][]string{}
	for _, c := range aiprofiles.CLIs {
		out[c.Provider] = append(out[c.Provider], c.ModelEnv...)
	}
	return out
}()

// applyEnvModel sets the model of a CLI, key or endpoint step whose model
// no flag names from the variable the CLI reads it from (GEMINI_MODEL),
// set in the step's, job's or workflow's env: that is the model, judged by
// the model table like any other id, not the tool's implicit default.
// Action steps read env through their profile's env: specs.
func applyEnvModel(s *Step, u *AIUse) {
	if s == nil || u.Via == "action" || u.Model != "implicit" && u.Model != "unknown" && u.Model != "" {
		return
	}
	names := modelEnvNames[u.Provider]
	if u.CLI != nil {
		names = u.CLI.ModelEnv
	}
	for _, n := range names {
		if v, pos, ok := inputText(s, "env:"+n); ok && strings.TrimSpace(v) != "" {
			u.Model, u.ModelPos = classifyModel(v), pos
			return
		}
	}
}

// settingsFileModel reads the model of an agent action from a settings
// file of the repository: the `settings` input when it is a path to a
// .json file, else the profile's SettingsFile (".claude/settings.json").
func (a *analysis) settingsFileModel(s *Step, u *AIUse) {
	if a.fsys == nil {
		return
	}
	file := u.Profile.SettingsFile
	if kv, ok := Lookup(s.With, "settings"); ok {
		v := strings.TrimSpace(kv.Value)
		if !strings.HasSuffix(v, ".json") || strings.ContainsAny(v, "{}$\n") {
			return // inline JSON without a model, or an expression
		}
		file = v
	}
	p := repoPath(file)
	if p == "" {
		return
	}
	b, err := readCapped(a.fsys, p)
	if err != nil {
		return
	}
	if m := settingsModel(string(b)); m != "" {
		u.Model = classifyModel(m)
	}
}
