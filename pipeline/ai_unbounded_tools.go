package pipeline

import (
	"fmt"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiUnboundedTools = finding.Rule{
	ID:      "ci/ai-unbounded-tools",
	Title:   "AI agent with unbounded tools",
	Default: finding.High,
	Doc: "An AI agent in the pipeline may run any shell command, or runs with its guard rails off:\n\n" +
		"- a shell tool allowed without a command pattern: `--allowedTools Bash`, `Bash(*)`,\n" +
		"  `\"run_shell_command\"` in Gemini's `tools.core`;\n" +
		"- a \"restricted\" shell tool that still runs anything (vector F): a pattern over a shell,\n" +
		"  interpreter or runner (`Bash(bash:*)`, `Bash(python:*)`, `Bash(npx:*)`, `Bash(xargs:*)`,\n" +
		"  `Bash(find:*)`, `Bash(env:*)`, `Bash(sed:*)`, `Bash(rg:*)` through `--pre`), a wildcard in the\n" +
		"  command (`Bash(.venv/bin/*:*)`), every subcommand of a wide CLI\n" +
		"  (`Bash(gh:*)`: `gh api` with the token; `Bash(git:*)`, `Bash(npm:*)`, `Bash(curl:*)`), a\n" +
		"  subcommand that runs code (`Bash(gh api:*)`, `Bash(npm run:*)`, `Bash(git config:*)`), a\n" +
		"  pattern holding `;`, `|`, `&` or `$` (a `${{ }}` expression is the runner's, substituted\n" +
		"  before the agent starts: it counts only when it expands outsider-written text); and, at medium, `printenv` (prints the secrets) and\n" +
		"  `echo`/`printf` with any arguments\n" +
		"  (`Bash(echo:*)`, Gemini's `run_shell_command(echo)`, which matches by prefix), whose\n" +
		"  `$()` the shell expands unless the agent's own check refuses substitutions; file commands\n" +
		"  that run no program are judged by what they do: `Bash(cp:*)`/`Bash(mv:*)` (overwrite a script a\n" +
		"  later step runs) medium, `Bash(rm:*)`/`Bash(chmod:*)` low;\n" +
		"  a pattern is judged by the program it starts (`python -m ruff check:*` and `uv run ruff check:*`\n" +
		"  run ruff and are bounded; `uv run python:*`, `python -m timeit:*` are not); `pytest` with any\n" +
		"  arguments (`pytest:*`, `pytest tests/*`) is medium\n" +
		"  (it runs conftest.py and any test file named), high next to an edit tool that may write them;\n" +
		"  prefix rules joined by commas in one entry (`Bash(make:*,git:*)`) are judged one by one, and a\n" +
		"  rule the agent's deny list (`--disallowedTools`, `disallowed_tools`) covers whole is not reported;\n" +
		"- a flag or setting that removes confirmation or the sandbox (vector H):\n" +
		"  `--dangerously-skip-permissions`, `bypassPermissions`, `--yolo`, `sandbox: danger-full-access`,\n" +
		"  `safety-strategy: unsafe`, `codex --full-auto`, `aider --yes-always`; in agent settings JSON\n" +
		"  (a `settings:` input, the file it names, or the repository's `.claude/settings.json` /\n" +
		"  `.gemini/settings.json` when an agent runs in the checkout): `permissions.defaultMode:\n" +
		"  bypassPermissions`, shell entries of `permissions.allow`, Gemini's `approvalMode`/\n" +
		"  `defaultApprovalMode` `yolo` (high) or `auto_edit` (medium), `autoAccept: true` and\n" +
		"  `sandbox: false` (medium), shell entries of `tools.core`/`tools.allowed`; in a Gemini policy\n" +
		"  file named by `--policy`, a `[[rule]]` with `decision = \"allow\"` for `run_shell_command`\n" +
		"  without `commandPrefix`/`commandRegex` (high; a prefix is judged like `run_shell_command(prefix)`),\n" +
		"  or for `write_file`/`replace` without `argsPattern` (medium). A setting in a\n" +
		"  repository file is reported once, at the file, naming the workflow step that uses it.\n\n" +
		"An agent that reads issue text, code or web pages can be talked into running commands;\n" +
		"with a shell it can read the runner's secrets and token and send them anywhere.\n\n" +
		"List the commands the task needs, each exact or over harmless arguments:\n\n" +
		"```yaml\nclaude_args: --allowedTools \"Bash(npm test),Bash(git diff:*)\"\n```\n\n" +
		"The dangerous values per action and CLI are in `pipeline/aiprofiles`, the command lists in\n" +
		"`pipeline/tools.go`.",
	Controls: []string{"NIST-AI-RMF:MANAGE-2.4", "ISO42001:A.6.2.8", "EU-AI-Act:Art.15", "SOC2:CC6.8"},
}

func init() { register(aiUnboundedTools, checkAIUnboundedTools) }

func checkAIUnboundedTools(a *analysis) {
	for _, u := range a.ai {
		if u.Step == nil {
			continue
		}
		switch {
		case u.Profile != nil:
			for _, d := range u.Profile.Dangerous {
				if kv, ok := lookupWith(u.Step, d.Input); ok {
					if loc := re(d.Value).FindStringIndex(kv.Value); loc != nil {
						val := strings.TrimSpace(kv.Value[loc[0]:loc[1]])
						a.report(aiUnboundedTools, offsetPos(kv.ValuePos, kv.Value, loc[0]), ev("input", d.Input, "value", val),
							"AI step %q sets %q: %s", u.label(), val, d.Why)
					}
				}
			}
			for _, spec := range u.Profile.Tools {
				name, sub, hasSub := strings.Cut(spec, ":")
				kv, ok := lookupWith(u.Step, name)
				if !ok || strings.HasPrefix(sub, "~") {
					continue // settings JSON is judged whole below
				}
				text, off := kv.Value, 0
				if hasSub {
					var found bool
					if text, off, found = flagList(kv.Value, sub); !found {
						continue
					}
				}
				for _, is := range judgeTools(text, u.Profile.ShellTools, stepDenyList(u.Step, spec)) {
					pos := offsetPos(kv.ValuePos, kv.Value, off+max(strings.Index(text, is.Tool), 0))
					f := a.report(aiUnboundedTools, pos, ev("input", name, "tool", is.Tool),
						"AI step %q allows the shell tool %q%s", u.label(), is.Tool, is.message())
					f.Severity = is.Severity
				}
			}
			a.inlineSettings(u)
		case u.CLI != nil:
			lines := stepsLines(u.Step)
			for i, l := range lines {
				c := findCLI(l.Text)
				if c == nil {
					continue
				}
				// The command goes on over lines continued with a
				// backslash: its flags are read on all of them.
				var last int
				l.Text, last = continued(lines, i)
				// at is the line of the command holding a text found in
				// it (the CLI's own line when none does alone).
				at := func(m string) Pos {
					for k := i; k <= last; k++ {
						if strings.Contains(lines[k].Text, strings.TrimSpace(m)) {
							return lines[k].Pos
						}
					}
					return l.Pos
				}
				if c.Name == "gemini" {
					a.policyFiles(u, l)
				}
				for _, d := range c.Dangerous {
					if m := re(d.Value).FindString(l.Text); m != "" {
						a.report(aiUnboundedTools, at(m), ev("cli", c.Name, "value", strings.TrimSpace(m)),
							"AI CLI %q runs with %q: %s", c.Name, strings.TrimSpace(m), d.Why)
					}
				}
				shells := []string{"Bash", "run_shell_command", "ShellTool"}
				for _, fl := range c.Tools {
					text, _, found := flagList(l.Text, fl)
					if !found {
						continue
					}
					var deny []string
					for _, d := range denyNames(fl) {
						if dt, _, ok := flagList(l.Text, d); ok {
							deny = append(deny, toolEntries(dt)...)
						}
					}
					for _, is := range judgeTools(text, shells, deny) {
						f := a.report(aiUnboundedTools, l.Pos, ev("cli", c.Name, "tool", is.Tool),
							"AI CLI %q allows the shell tool %q%s", c.Name, is.Tool, is.message())
						f.Severity = is.Severity
					}
				}
			}
		}
		a.settingsFlags(u)
		a.repoSettings(u)
	}
}

func stepsLines(s *Step) []Line { return s.RunLines }

// continued returns line i of a script with the lines it continues onto
// (each line before them ending in a backslash) joined to it, the
// backslashes left out, and the index of the last line joined.
func continued(lines []Line, i int) (string, int) {
	var b strings.Builder
	j := i
	for ; j < len(lines); j++ {
		t := strings.TrimRight(lines[j].Text, " \t")
		more := strings.HasSuffix(t, `\`)
		if more {
			t = strings.TrimSuffix(t, `\`)
		} else {
			t = lines[j].Text
		}
		if j > i {
			b.WriteByte(' ')
		}
		b.WriteString(t)
		if !more {
			break
		}
	}
	return b.String(), min(j, len(lines)-1)
}

// denyNames returns the deny-list counterparts of an allow-list flag or
// input name: Claude Code takes `--disallowedTools` and
// `--disallowed-tools` alike, the actions `disallowed_tools`; none for a
// name that has no counterpart.
func denyNames(allow string) []string {
	for _, p := range []string{"allowedTools", "allowed-tools", "allowed_tools"} {
		i := strings.Index(allow, p)
		if i < 0 || strings.HasSuffix(allow[:i], "dis") {
			continue
		}
		if p == "allowed_tools" {
			return []string{allow[:i] + "disallowed_tools" + allow[i+len(p):]}
		}
		return []string{allow[:i] + "disallowedTools" + allow[i+len(p):], allow[:i] + "disallowed-tools" + allow[i+len(p):]}
	}
	return nil
}

// stepDenyList returns the deny rules an action step gives its agent
// next to the allow list named by spec (`claude_args:--allowedTools` →
// the `--disallowedTools` of claude_args; `allowed_tools` → the
// `disallowed_tools` input).
func stepDenyList(s *Step, spec string) []string {
	var out []string
	for _, d := range denyNames(spec) {
		name, sub, hasSub := strings.Cut(d, ":")
		kv, ok := lookupWith(s, name)
		if !ok {
			continue
		}
		text := kv.Value
		if hasSub {
			var found bool
			if text, _, found = flagList(kv.Value, sub); !found {
				continue
			}
		}
		out = append(out, toolEntries(text)...)
	}
	return out
}

// inlineSettings judges the JSON of a `settings:` input, or the
// repository file it names.
func (a *analysis) inlineSettings(u *AIUse) {
	kv, ok := lookupWith(u.Step, "settings")
	if !ok || strings.TrimSpace(kv.Value) == "" {
		return
	}
	v := strings.TrimSpace(kv.Value)
	if !strings.HasPrefix(v, "{") {
		if strings.Contains(v, "${{") || strings.ContainsAny(v, "\n") {
			return
		}
		a.settingsFile(u, repoPath(v), kv.ValuePos)
		return
	}
	issues, _ := judgeSettings(kv.Value, u.Profile.ShellTools)
	for _, is := range issues {
		f := a.report(aiUnboundedTools, offsetPos(kv.ValuePos, kv.Value, is.Off), ev("input", "settings", "setting", is.Key, "value", is.Value),
			"AI step %q sets %s to %q in its settings: %s", u.label(), is.Key, is.Value, is.Why)
		f.Severity = is.Severity
	}
}

// repoSettings judges the settings file an agent reads from the
// repository it runs in. Each file is reported once, at the file.
func (a *analysis) repoSettings(u *AIUse) {
	if !u.Agent() || u.Job.Pipeline.Kind != GitHub {
		return
	}
	st := u.Step
	if st.Origin != nil {
		st = st.Origin
	}
	p := settingsFileOf(u)
	if p == "" || !checksOutRepo(u.Job, st) {
		return
	}
	// run-gemini-cli writes its settings input over the repository's file.
	if kv, ok := lookupWith(u.Step, "settings"); ok && u.Provider == "google" && strings.HasPrefix(strings.TrimSpace(kv.Value), "{") {
		return
	}
	a.settingsFile(u, p, u.Pos)
}

// settingsFile judges a repository settings file once per analysis.
func (a *analysis) settingsFile(u *AIUse, p string, from Pos) {
	text := a.readSettings(p)
	if text == "" || a.scriptText["judged:"+p] != "" {
		return
	}
	a.scriptText["judged:"+p] = "yes"
	shells := []string{"Bash"}
	if u.Provider == "google" || u.CLI != nil && u.CLI.Name == "gemini" {
		shells = []string{"run_shell_command", "ShellTool"}
	}
	issues, _ := judgeSettings(text, shells)
	for _, is := range issues {
		f := a.report(aiUnboundedTools, filePos(p, text, is.Off), ev("setting", is.Key, "value", is.Value, "used_by", fmt.Sprintf("%s:%d", from.Path, from.Line)),
			"agent settings set %s to %q: %s", is.Key, is.Value, is.Why)
		f.Severity = is.Severity
		f.Detail = hopDetail("The agent reads these settings from the repository it runs in.", []hop{
			{from, "AI step " + u.label() + " runs the agent in the checkout"}, {filePos(p, text, is.Off), is.Key + ": " + is.Value}})
	}
}
