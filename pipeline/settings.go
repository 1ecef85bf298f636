package pipeline

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

// Agent settings (vector H): Claude Code's `.claude/settings.json` and
// Gemini CLI's `.gemini/settings.json`, read from the repository when an
// agent step runs in its checkout, and the same JSON given inline in a
// `settings:` input (or a path to it). Both tools accept comments in these
// files, so comments are stripped before decoding.

// maxSettingsBytes caps a settings file read.
const maxSettingsBytes = 256 << 10

// settingsIssue is one dangerous setting, with where it is.
type settingsIssue struct {
	Key, Value, Why string
	Severity        finding.Severity
	// Off is the byte offset of the setting in the settings text.
	Off int
}

// stripJSONComments removes // and /* */ comments outside strings and
// trailing commas before } or ], leaving every other byte (and every
// newline) in place so offsets and lines still match the original.
func stripJSONComments(src []byte) []byte {
	out := make([]byte, len(src))
	copy(out, src)
	inStr := false
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for i < len(out) && out[i] != '\n' {
				out[i] = ' '
				i++
			}
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			for i < len(out) && !(out[i] == '*' && i+1 < len(out) && out[i+1] == '/') {
				if out[i] != '\n' {
					out[i] = ' '
				}
				i++
			}
			if i+1 < len(out) {
				out[i], out[i+1] = ' ', ' '
				i++
			}
		case c == ',':
			j := i + 1
			for j < len(out) && (out[j] == ' ' || out[j] == '\n' || out[j] == '\t' || out[j] == '\r') {
				j++
			}
			if j < len(out) && (out[j] == '}' || out[j] == ']') {
				out[i] = ' '
			}
		}
	}
	return out
}

// judgeSettings decodes agent settings and returns the dangerous ones;
// shells are the agent's shell tool names. ok is false when the text is
// not a JSON object.
func judgeSettings(text string, shells []string) (issues []settingsIssue, ok bool) {
	clean := stripJSONComments([]byte(text))
	var root map[string]any
	// The first JSON value counts: text after it (a YAML comment on the
	// same block) is not the agent's.
	if err := json.NewDecoder(bytes.NewReader(clean)).Decode(&root); err != nil {
		return nil, false
	}
	at := func(needles ...string) int {
		for _, n := range needles {
			if i := strings.Index(string(clean), n); i >= 0 {
				return i
			}
		}
		return 0
	}
	add := func(key, val, why string, sev finding.Severity, needles ...string) {
		issues = append(issues, settingsIssue{Key: key, Value: val, Why: why, Severity: sev, Off: at(needles...)})
	}
	walkSettings(root, "", func(key string, v any) {
		leaf := key[strings.LastIndexByte(key, '.')+1:]
		switch x := v.(type) {
		case bool:
			switch {
			case leaf == "sandbox" && !x:
				add(key, "false", "runs the agent's tools on the runner itself, outside a sandbox", finding.Medium, `"sandbox"`)
			case (leaf == "yolo" || leaf == "yoloMode") && x:
				add(key, "true", "accepts every tool call without confirmation", finding.High, `"`+leaf+`"`)
			case leaf == "autoAccept" && x:
				add(key, "true", "accepts tool calls without confirmation", finding.Medium, `"autoAccept"`)
			case leaf == "dangerouslySkipPermissions" && x:
				add(key, "true", "skips every permission prompt", finding.High, `"dangerouslySkipPermissions"`)
			}
		case string:
			switch {
			case (leaf == "approvalMode" || leaf == "defaultApprovalMode") && strings.EqualFold(x, "yolo"):
				add(key, x, "accepts every tool call without confirmation", finding.High, `"`+leaf+`"`)
			case (leaf == "approvalMode" || leaf == "defaultApprovalMode") && strings.EqualFold(x, "auto_edit"):
				add(key, x, "accepts every file edit without confirmation", finding.Medium, `"`+leaf+`"`)
			case leaf == "defaultMode" && x == "bypassPermissions":
				add(key, x, "bypasses permission checks", finding.High, `"defaultMode"`)
			}
		case []any:
			// Lists of allowed tools: Claude's permissions.allow, Gemini's
			// tools.core / tools.allowed (coreTools / allowedTools in v1).
			allowList := key == "permissions.allow" || slices.Contains([]string{"core", "allowed", "coreTools", "allowedTools"}, leaf) && !strings.Contains(key, "exclude")
			if !allowList {
				return
			}
			var entries []string
			for _, e := range x {
				if s, isStr := e.(string); isStr {
					entries = append(entries, s)
				}
			}
			for _, s := range entries {
				if is := judgeTool(s, shells); is != nil {
					if low := fixedScriptIssue(s, is, entries); low != nil {
						is = low
					}
					why := is.Why
					if strings.HasPrefix(why, "without") {
						why = "a shell tool " + why
					}
					add(key, s, why, is.Severity, `"`+s+`"`)
				}
			}
		}
	})
	return issues, true
}

// walkSettings calls fn for every key of a decoded JSON object, depth
// first in sorted key order, with its dotted path.
func walkSettings(m map[string]any, prefix string, fn func(key string, v any)) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		if sub, ok := m[k].(map[string]any); ok {
			walkSettings(sub, key, fn)
			continue
		}
		fn(key, m[k])
	}
}

// settingsFileOf returns the repository settings file an agent reads from
// its working directory, "" for agents that read none.
func settingsFileOf(u *AIUse) string {
	switch {
	case u.Provider == "google" || u.CLI != nil && u.CLI.Name == "gemini":
		return ".gemini/settings.json"
	case u.Profile != nil && slices.Contains(u.Profile.ShellTools, "Bash") || u.CLI != nil && u.CLI.Name == "claude":
		return ".claude/settings.json"
	}
	return ""
}

// checksOutRepo reports whether the job checks out this repository (not
// another one) before step s, so the agent runs in its tree.
func checksOutRepo(j *Job, s *Step) bool {
	for _, p := range stepsBefore(j, s) {
		if !strings.HasPrefix(strings.ToLower(p.Uses), "actions/checkout@") {
			continue
		}
		kv, ok := Lookup(p.With, "repository")
		if !ok || strings.Contains(kv.Value, "github.repository") && !strings.Contains(kv.Value, "head") {
			return true
		}
	}
	return false
}

// readSettings reads a repository settings file, capped; "" when absent.
func (a *analysis) readSettings(p string) string {
	if a.fsys == nil {
		return ""
	}
	key := "settings:" + p
	if t, ok := a.scriptText[key]; ok {
		return t
	}
	b, err := readCapped(a.fsys, p)
	t := ""
	if err == nil && len(b) <= maxSettingsBytes {
		t = string(b)
	}
	a.scriptText[key] = t
	return t
}

// filePos returns the position of byte off of a file's text.
func filePos(path, text string, off int) Pos {
	off = min(max(off, 0), len(text))
	line := strings.Count(text[:off], "\n") + 1
	col := off - strings.LastIndexByte(text[:off], '\n')
	return Pos{Path: path, Line: line, Col: col}
}
