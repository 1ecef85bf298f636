package pipeline

import (
	"strings"
)

// Settings named by a flag or a variable instead of the agent's default
// place: Claude Code's `--settings <file-or-json>` (on a claude command
// line or in claude-code-action's `claude_args`) and Gemini CLI's
// GEMINI_CLI_SYSTEM_SETTINGS_PATH (step, job or workflow env; the system
// settings file, which overrides the project's). Each is judged like
// `.claude/settings.json`: a file through settingsFile (read capped,
// through the repository's file access, once per analysis), inline JSON
// in place.

const (
	claudeSettingsFlag = "--settings"
	geminiSettingsEnv  = "GEMINI_CLI_SYSTEM_SETTINGS_PATH"
)

// settingsFlags judges the settings an AI step names by flag or variable.
func (a *analysis) settingsFlags(u *AIUse) {
	if !u.Agent() {
		return
	}
	switch {
	case u.CLI != nil && u.CLI.Name == "claude" && u.CLILine != nil:
		a.settingsFlag(u, u.CLILine.Text, func(off int) Pos { return u.CLILine.Pos })
	case u.Profile != nil && u.Provider != "google" && u.CLI == nil:
		kv, ok := lookupWith(u.Step, "claude_args")
		if !ok || !strings.Contains(kv.Value, claudeSettingsFlag) {
			return
		}
		a.settingsFlag(u, kv.Value, func(off int) Pos { return offsetPos(kv.ValuePos, kv.Value, off) })
	}
	if u.Provider == "google" || u.CLI != nil && u.CLI.Name == "gemini" {
		if v, pos, ok := inputText(u.Step, "env:"+geminiSettingsEnv); ok {
			if p := settingsPath(v); p != "" {
				a.settingsFile(u, p, pos)
			}
		}
	}
}

// settingsFlag judges the value of every --settings flag in text.
func (a *analysis) settingsFlag(u *AIUse, text string, posOf func(off int) Pos) {
	if !strings.Contains(text, claudeSettingsFlag) {
		return
	}
	for _, m := range flagRe(claudeSettingsFlag).FindAllStringSubmatchIndex(text, -1) {
		raw := text[m[2]:m[3]]
		v := strings.Trim(raw, `"'`)
		if strings.HasPrefix(strings.TrimSpace(v), "{") {
			issues, _ := judgeSettings(v, []string{"Bash"})
			for _, is := range issues {
				f := a.report(aiUnboundedTools, posOf(m[2]), ev("flag", claudeSettingsFlag, "setting", is.Key, "value", is.Value),
					"AI step %q sets %s to %q in its %s: %s", u.label(), is.Key, is.Value, claudeSettingsFlag, is.Why)
				f.Severity = is.Severity
			}
			continue
		}
		if p := settingsPath(v); p != "" {
			a.settingsFile(u, p, posOf(m[2]))
		}
	}
}

// settingsPath returns the repository path a flag or variable names, ""
// for an expansion, an absolute path or one leaving the repository.
func settingsPath(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimPrefix(v, "./")
	if v == "" || strings.ContainsAny(v, "$`{}*~") || strings.HasPrefix(v, "/") {
		return ""
	}
	return repoPath(v)
}
