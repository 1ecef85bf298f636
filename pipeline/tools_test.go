package pipeline

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestToolEntries(t *testing.T) {
	got := toolEntries(`Read,"Bash(git diff:*)" 'Bash(npm run test, lint)' ["Edit", "run_shell_command(echo)"] Bash`)
	want := []string{"Read", "Bash(git diff:*)", "Bash(npm run test, lint)", "Edit", "run_shell_command(echo)", "Bash"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("toolEntries (-want +got):\n%s", d)
	}
}

func TestJudgeTool(t *testing.T) {
	claude := []string{"Bash"}
	gemini := []string{"run_shell_command", "ShellTool"}
	for _, c := range []struct {
		entry  string
		shells []string
		flag   bool
	}{
		{"Read", claude, false},
		{"Bash", claude, true},
		{"Bash(*)", claude, true},
		{"Bash(:*)", claude, true},
		{"Bash(npm test)", claude, false},
		{"Bash(git diff:*)", claude, false},
		{"Bash(npm run lint:*)", claude, false},
		{"Bash(bun test:*)", claude, false},
		{"Bash(bun run:*)", claude, true},
		{"Bash(gh pr comment:*)", claude, false},
		{"Bash(gh:*)", claude, true},
		{"Bash(gh api:*)", claude, true},
		{"Bash(npm run:*)", claude, true},
		{"Bash(echo:*)", claude, true},
		{"Bash(echo hello)", claude, false},
		{"Bash(python3 *)", claude, true},
		{"Bash(/usr/bin/bash:*)", claude, true},
		{"Bash(npm test && curl x)", claude, true},
		{"Bash(gh api repos/${{ github.repository }}/pulls/comments/:*)", claude, false},
		{"Bash(gh api repos/${{ github.repository }}/issues/${{ github.event.issue.number }}/comments:*)", claude, false},
		{"Bash(gh api repos/${{ github.repository }}/pulls $(id):*)", claude, true},
		{"Bash(gh issue view ${{ github.event.issue.title }}:*)", claude, true},
		{"Bash(${{ github.workspace }}/run.sh:*)", claude, false},
		{"run_shell_command", gemini, true},
		{"run_shell_command(echo)", gemini, true},
		{"run_shell_command(git diff)", gemini, false},
		{"run_shell_command(git)", gemini, true},
		{"run_shell_command(printenv)", gemini, true},
		{"ShellTool(xargs)", gemini, true},
		{"run_shell_command(echo)", claude, false},
		{"Bash(rg:*)", claude, true},
		{"Bash(.venv/bin/*:*)", claude, true},
		{"Bash(rm -f dist/out.txt)", claude, false},
		{"Bash(chmod +x scripts/run.sh)", claude, false},
		// The prefix is judged by the program it runs.
		{"Bash(python -m ruff check:*)", claude, false},
		{"Bash(python -m ruff format:*)", claude, false},
		{"Bash(python3 -u -m pytest tests/unit:*)", claude, true},
		{"Bash(python3 -m pytest tests/unit)", claude, false},
		{"Bash(python3 -u -m pytest:*)", claude, true},
		{"Bash(python -m pytest tests/*)", claude, true},
		{"Bash(uv run ruff check:*)", claude, false},
		{"Bash(python3.12 -m mypy src/)", claude, false},
		{"run_shell_command(python -m ruff check)", gemini, false},
		{"Bash(python -m timeit:*)", claude, true},
		{"Bash(python -m pip:*)", claude, true},
		{"Bash(python -m pip install:*)", claude, true},
		{"Bash(python -m:*)", claude, true},
		{"Bash(python -c:*)", claude, true},
		{"Bash(python3.12:*)", claude, true},
		{"Bash(uv run python:*)", claude, true},
		{"Bash(uv run:*)", claude, true},
		{"Bash(sh -c:*)", claude, true},
		{"Bash(eval:*)", claude, true},
		{"Bash(node:*)", claude, true},
		{"Bash(ruff check $(id):*)", claude, true},
		{"Bash(ruff check `id`:*)", claude, true},
		// Several prefix rules joined by commas are judged one by one.
		{"Bash(make:*,git:*)", claude, true},
		{"Bash(ruff check:*,mypy:*)", claude, false},
		{"Bash(ruff check:*,bash:*)", claude, true},
	} {
		if got := judgeTool(c.entry, c.shells) != nil; got != c.flag {
			t.Errorf("judgeTool(%q) flagged = %v, want %v", c.entry, got, c.flag)
		}
	}
}

// TestJudgeToolsDeny: a deny rule is checked first, so an allowed rule it
// covers whole is not reported; a narrower deny rule leaves the rest.
func TestJudgeToolsDeny(t *testing.T) {
	claude := []string{"Bash"}
	for _, c := range []struct {
		allow, deny string
		want        []string
	}{
		{"Bash(git:*),Bash(python:*)", "Bash(python:*)", []string{"Bash(git:*)"}},
		{"Bash,Read", "Bash", nil},
		{"Bash(git push:*)", "Bash(git:*)", nil},
		{"Bash(git:*)", "Bash(git push:*)", []string{"Bash(git:*)"}},
		{"Bash(echo:*)", "Bash(echo)", []string{"Bash(echo:*)"}},
		{"Bash(make:*,git:*)", "Bash(git:*)", []string{"Bash(make:*,git:*)"}},
		{"Bash(gh:*,git:*)", "Bash(git:*) Bash(gh:*)", nil},
		{"Bash", "Bash(curl:*)", []string{"Bash"}},
		{"Bash(python -m pytest:*),Bash(pytest:*)", "Bash(python:*)", []string{"Bash(pytest:*)"}},
	} {
		var got []string
		for _, is := range judgeTools(c.allow, claude, toolEntries(c.deny)) {
			got = append(got, is.Tool)
		}
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("judgeTools(%q) denying %q (-want +got):\n%s", c.allow, c.deny, d)
		}
	}
	for list, want := range map[string]string{
		"Bash(python -m pytest:*)":                "medium",
		"Bash(python -m pytest:*),Edit":           "high",
		"Bash(pytest:*),Write(/tests/**)":         "high",
		"Bash(pytest:*),Edit(/docs/**)":           "medium",
		"Bash(python -m pytest tests/:*),Edit":    "high",
		"Bash(python -m pytest tests/),Edit":      "",
		"Bash(python -m ruff check:*),Edit,Write": "",
	} {
		got := ""
		for _, is := range judgeTools(list, claude, nil) {
			got = is.Severity.String()
		}
		if got != want {
			t.Errorf("judgeTools(%q) = %q, want %q", list, got, want)
		}
	}
	is := judgeTool("Bash(make:*,git:*)", claude)
	if is == nil || !strings.Contains(is.Why, "its rule `make:*` (one of 2 joined by commas)") {
		t.Errorf("judgeTool(make:*,git:*) = %+v, want the make rule named", is)
	}
}

func TestFlagList(t *testing.T) {
	text := `--model x --allowedTools "Read" "Bash(git log:*)" Edit --max-turns 5`
	got, off, ok := flagList(text, "--allowedTools")
	if !ok || got != `"Read" "Bash(git log:*)" Edit ` || text[off:off+6] != `"Read"` {
		t.Errorf("flagList = %q, %d, %v", got, off, ok)
	}
	if got, _, _ := flagList(`--allowedTools=Bash(x --y:*),Read`, "--allowedTools"); got != "Bash(x --y:*),Read" {
		t.Errorf("flagList with = and a dash inside parentheses = %q", got)
	}
	if _, _, ok := flagList("--model x", "--allowedTools"); ok {
		t.Error("flagList found a missing flag")
	}
}

func TestJudgeSettings(t *testing.T) {
	text := `{
  // comment with "sandbox": false
  "tools": {"sandbox": false, "core": ["run_shell_command"],},
  /* block */ "general": {"defaultApprovalMode": "auto_edit"},
  "permissions": {"allow": ["Bash(*)"], "deny": ["Bash(curl:*)"], "defaultMode": "bypassPermissions"}
}`
	issues, ok := judgeSettings(text, []string{"Bash", "run_shell_command"})
	if !ok {
		t.Fatal("settings with comments and a trailing comma did not decode")
	}
	var keys []string
	for _, is := range issues {
		keys = append(keys, is.Key+"="+is.Value)
		if is.Off <= 0 || is.Off >= len(text) {
			t.Errorf("%s: offset %d", is.Key, is.Off)
		}
	}
	want := []string{"general.defaultApprovalMode=auto_edit", "permissions.allow=Bash(*)", "permissions.defaultMode=bypassPermissions", "tools.core=run_shell_command", "tools.sandbox=false"}
	if d := cmp.Diff(want, keys); d != "" {
		t.Errorf("issues (-want +got):\n%s", d)
	}
	// The sandbox finding points at the setting, not at the comment.
	for _, is := range issues {
		if is.Key == "tools.sandbox" && filePos("s.json", text, is.Off).Line != 3 {
			t.Errorf("tools.sandbox at line %d, want 3", filePos("s.json", text, is.Off).Line)
		}
	}
	if _, ok := judgeSettings("not json", nil); ok {
		t.Error("judgeSettings accepted text that is not JSON")
	}
}

func FuzzToolList(f *testing.F) {
	for _, s := range []string{`Read,"Bash(git diff:*)" Bash(npm run:*)`, `Bash(python3.1 -u -m timeit:*,uv run uv run:*)`, `Bash(make:*,,:*,)`, `["run_shell_command(echo)", "ShellTool"]`, `Bash((((`, `--allowedTools "Bash(x" --y`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, e := range toolEntries(s) {
			if e == "" {
				t.Fatal("empty entry")
			}
			judgeTool(e, []string{"Bash", "run_shell_command"})
		}
		if v, off, ok := flagList(s, "--allowedTools"); ok && (off > len(s) || !slices.Contains([]bool{true}, len(v) <= len(s)-off)) {
			t.Fatalf("flagList out of range: %d", off)
		}
	})
}

func FuzzSettings(f *testing.F) {
	for _, s := range []string{`{"tools": {"sandbox": false}} // x`, `{"permissions": {"allow": ["Bash(*)"]}, /* c */ }`, `{"a": "\"//"}`, `/* unterminated`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if out := stripJSONComments([]byte(s)); len(out) != len(s) {
			t.Fatalf("stripJSONComments changed the length: %d != %d", len(out), len(s))
		}
		issues, _ := judgeSettings(s, []string{"Bash"})
		for _, is := range issues {
			if is.Off < 0 || is.Off > len(s) {
				t.Fatalf("offset %d out of range", is.Off)
			}
			filePos("f", s, is.Off)
		}
	})
}

// TestJudgeFileTools: file commands are judged by what they can do, not
// as wide tools with subcommands.
func TestJudgeFileTools(t *testing.T) {
	for entry, want := range map[string]string{
		"Bash(rm:*)":          "low",
		"Bash(chmod:*)":       "low",
		"Bash(cp:*)":          "medium",
		"Bash(rg:*)":          "high",
		"Bash(.venv/bin/*:*)": "high",
	} {
		is := judgeTool(entry, []string{"Bash"})
		if is == nil {
			t.Errorf("judgeTool(%q) = nil, want %s", entry, want)
			continue
		}
		if is.Severity.String() != want || strings.Contains(is.Why, "subcommand") {
			t.Errorf("judgeTool(%q) = %s %q, want %s and no subcommand wording", entry, is.Severity, is.Why, want)
		}
	}
}
