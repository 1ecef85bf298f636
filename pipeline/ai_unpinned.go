package pipeline

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/models"
	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

var aiUnpinned = finding.Rule{
	ID:      "ci/ai-unpinned",
	Title:   "AI step not pinned: action, model or CLI version",
	Default: finding.Medium,
	Doc: "What the AI step runs can change without a commit in this repository:\n\n" +
		"- the AI action is not pinned to a full commit SHA (`anthropics/claude-code-action@v1`);\n" +
		"- the model is implicit (the action's or CLI's default, which vendors move to new models)\n" +
		"  or a floating alias (`claude-sonnet-4-5`, `gpt-4o`, `*-latest`) instead of a dated snapshot\n" +
		"  (`claude-sonnet-4-5-20250929`, `gpt-4o-2024-08-06`);\n" +
		"- the CLI is installed without a version (`npm i -g @anthropic-ai/claude-code`,\n" +
		"  `npx @google/gemini-cli`, `pip install llm`, `curl ... | bash`), or an action's CLI\n" +
		"  version input is unset or `latest` (`gemini_cli_version`, `codex-version`).\n\n" +
		"A model or agent that changes silently changes the pipeline's behaviour, and the\n" +
		"evaluation that approved it no longer applies (EU AI Act Art. 12 traceability).\n\n" +
		"```yaml\n- uses: anthropics/claude-code-action@<40-hex sha> # v1.0.12\n  with:\n    claude_args: --model claude-sonnet-4-5-20250929\n```\n\n" +
		"Which ids float is read from the shared model table `internal/models` (models.json, with the\n" +
		"provider pages it was compiled from), which the Go analyzers use too: `*-latest`, undated\n" +
		"Claude and OpenAI ids float; `*-preview` and `*-exp` ids are previews; Gemini ids without a\n" +
		"suffix (`gemini-2.5-pro`) are stable, since Google publishes no dated form. A model the table\n" +
		"lists as deprecated is reported too: it will stop answering.\n\n" +
		"A model `from vars` is not flagged here: its value lives in the repository's settings.",
	Controls: []string{"NIST-AI-RMF:MANAGE-3.1", "ISO42001:A.6.2.6", "EU-AI-Act:Art.12", "SOC2:CC8.1"},
}

func init() { register(aiUnpinned, checkAIUnpinned) }

var (
	modelAliases = []string{"opus", "sonnet", "haiku", "default", "best", "opusplan", "auto"}
	npmInstall   = lazyre.New(`\b(?:npm|pnpm|bun)\s+(?:i|install|add)\s+(?:-g\s+|--global\s+|-D\s+)*(.*)|\byarn\s+global\s+add\s+(.*)`)
	pipInstall   = lazyre.New(`\b(?:pip3?|pipx|uv\s+tool|uv\s+pip)\s+install\s+(.*)`)
	curlInstall  = lazyre.New(`curl\s.*(?:claude\.ai/install|opencode\.ai/install|cursor\.com/install|aider\.chat/install|ollama\.com/install)[^|]*\|\s*(?:ba)?sh`)
)

// floatingModel reports whether a model id is an alias that moves: a
// tool's alias ("sonnet", "opus", "auto"), or an id the shared model table
// (internal/models) judges floating or preview.
func floatingModel(m string) bool {
	l := strings.ToLower(m)
	if slices.Contains(modelAliases, l) {
		return true
	}
	return models.Lookup(m).Floats()
}

// unpinnedAIPackage returns the AI package an install line fetches without a
// version, or "".
func unpinnedAIPackage(line string) string {
	if m := curlInstall.FindString(line); m != "" {
		return "install script"
	}
	var args string
	if m := npmInstall.FindStringSubmatch(line); m != nil {
		args = m[1] + m[2]
		for _, w := range strings.Fields(args) {
			if strings.HasPrefix(w, "-") {
				continue
			}
			name, ver := w, ""
			if at := strings.LastIndexByte(w, '@'); at > 0 {
				name, ver = w[:at], w[at+1:]
			}
			if isAIPackage(name) && (ver == "" || ver == "latest" || strings.HasPrefix(ver, "^") || strings.HasPrefix(ver, "~")) {
				return w
			}
		}
	}
	if m := pipInstall.FindStringSubmatch(line); m != nil {
		for _, w := range strings.Fields(m[1]) {
			w = strings.Trim(w, `"'`)
			if strings.HasPrefix(w, "-") {
				continue
			}
			name := re(`[=<>~!\[]`).Split(w, 2)[0]
			if isAIPackage(name) && !strings.Contains(w, "==") {
				return w
			}
		}
	}
	// npx / bunx runs of an AI package without a version.
	for _, part := range splitCommands(line) {
		words := strings.Fields(part)
		if len(words) < 2 || (words[0] != "npx" && words[0] != "bunx" && words[0] != "pnpx" && words[0] != "uvx" && words[0] != "pipx") {
			continue
		}
		for _, w := range words[1:] {
			if strings.HasPrefix(w, "-") || w == "run" {
				continue
			}
			name, ver := w, ""
			if at := strings.LastIndexByte(w, '@'); at > 0 {
				name, ver = w[:at], w[at+1:]
			}
			if isAIPackage(name) && (ver == "" || ver == "latest") {
				return w
			}
			break
		}
	}
	return ""
}

func isAIPackage(name string) bool {
	for _, c := range aiprofiles.CLIs {
		if slices.Contains(c.Packages, name) {
			return true
		}
	}
	return false
}

func checkAIUnpinned(a *analysis) {
	seenJobs := map[*Job]bool{}
	for _, u := range a.ai {
		if u.Step == nil {
			continue
		}
		if !seenJobs[u.Job] {
			// An AI CLI installed unpinned in a job with an AI step,
			// however the step was recognised (a key, a minted token).
			seenJobs[u.Job] = true
			for _, s := range u.Job.Steps {
				for _, l := range s.RunLines {
					if pkg := unpinnedAIPackage(l.Text); pkg != "" {
						a.report(aiUnpinned, l.Pos, ev("package", pkg), "AI CLI %q is installed without a pinned version", pkg)
					}
				}
			}
		}
		if !u.Strong() {
			continue
		}
		st := u.Step
		if st.Origin != nil {
			st = st.Origin
		}
		if u.Via == "action" && !pinned(st.Uses) {
			a.report(aiUnpinned, st.UsesPos, ev("uses", st.Uses), "AI action %q is not pinned to a commit SHA", st.Uses)
		}
		switch {
		case u.Model == "implicit":
			a.report(aiUnpinned, u.Pos, ev("model", "implicit", "provider", u.Provider), "AI step %q runs an implicit model (the %s default, which changes between releases)", u.label(), defaultOf(u))
		case floatingModel(u.Model):
			info := models.Lookup(u.Model)
			if info.Status == models.Preview {
				a.report(aiUnpinned, u.ModelPos, ev("model", u.Model, "status", "preview", "models_table", models.Version()), "AI step %q runs preview model %q, which can change or be withdrawn", u.label(), u.Model)
				break
			}
			a.report(aiUnpinned, u.ModelPos, ev("model", u.Model, "status", "floating", "models_table", models.Version()), "AI step %q runs floating model alias %q instead of a dated snapshot", u.label(), u.Model)
		case models.Lookup(u.Model).Status == models.Deprecated:
			a.report(aiUnpinned, u.ModelPos, ev("model", u.Model, "status", "deprecated", "models_table", models.Version()), "AI step %q runs deprecated model %q", u.label(), u.Model)
		}
		if u.Profile != nil && len(u.Profile.CLIVersion) > 0 {
			set := ""
			for _, spec := range u.Profile.CLIVersion {
				if kv, ok := lookupWith(u.Step, spec); ok {
					set = trimQuotes(kv.Value)
				}
			}
			if set == "" || set == "latest" {
				a.report(aiUnpinned, u.Pos, ev("input", u.Profile.CLIVersion[0]), "AI step %q installs the latest CLI (%s is %s)", u.label(), u.Profile.CLIVersion[0], cmpOr(set, "unset"))
			}
		}
	}
}

func defaultOf(u *AIUse) string {
	switch {
	case u.Profile != nil:
		return "action's"
	case u.CLI != nil:
		return "CLI's"
	case u.Via == "action":
		return "action's"
	}
	return "endpoint's"
}
