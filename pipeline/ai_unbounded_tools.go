package pipeline

import (
	"regexp"
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
		"- a flag or setting that removes confirmation or the sandbox:\n" +
		"  `--dangerously-skip-permissions`, `bypassPermissions`, `--yolo`, `\"autoAccept\": true`,\n" +
		"  `sandbox: danger-full-access`, `safety-strategy: unsafe`, `codex --full-auto`,\n" +
		"  `aider --yes-always`.\n\n" +
		"An agent that reads issue text, code or web pages can be talked into running commands;\n" +
		"with a shell it can read the runner's secrets and token and send them anywhere.\n\n" +
		"List the commands the task needs:\n\n" +
		"```yaml\nclaude_args: --allowedTools \"Bash(npm test),Bash(npm run lint)\"\n```\n\n" +
		"The dangerous values per action and CLI are in `pipeline/aiprofiles`.",
	Controls: []string{"NIST-AI-RMF:MANAGE-2.4", "ISO42001:A.6.2.8", "EU-AI-Act:Art.15", "SOC2:CC6.8"},
}

func init() { register(aiUnboundedTools, checkAIUnboundedTools) }

var toolSplit = regexp.MustCompile(`[,\s"'\[\]]+`)

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
				name, _, _ := strings.Cut(spec, ":")
				kv, ok := lookupWith(u.Step, name)
				if !ok {
					continue
				}
				text, pos, found := inputText(u.Step, spec)
				if !found {
					continue
				}
				if strings.HasPrefix(spec, name+":~") {
					// A JSON settings block: look at the whole value.
					text = kv.Value
					if tool := unboundedShell(text, u.Profile.ShellTools); tool != "" {
						pos = offsetPos(kv.ValuePos, kv.Value, quotedIndex(kv.Value, tool))
					}
				}
				if tool := unboundedShell(text, u.Profile.ShellTools); tool != "" {
					a.report(aiUnboundedTools, pos, ev("input", name, "tool", tool),
						"AI step %q allows the shell tool %q without a command pattern", u.label(), tool)
				}
			}
		case u.CLI != nil:
			for _, l := range stepsLines(u.Step) {
				if findCLI(l.Text) == nil {
					continue
				}
				c := findCLI(l.Text)
				for _, d := range c.Dangerous {
					if m := re(d.Value).FindString(l.Text); m != "" {
						a.report(aiUnboundedTools, l.Pos, ev("cli", c.Name, "value", strings.TrimSpace(m)),
							"AI CLI %q runs with %q: %s", c.Name, strings.TrimSpace(m), d.Why)
					}
				}
				for _, f := range c.Tools {
					if m := flagRe(f).FindStringSubmatch(l.Text); m != nil {
						if tool := unboundedShell(m[1], []string{"Bash", "run_shell_command"}); tool != "" {
							a.report(aiUnboundedTools, l.Pos, ev("cli", c.Name, "tool", tool),
								"AI CLI %q allows the shell tool %q without a command pattern", c.Name, tool)
						}
					}
				}
			}
		}
	}
}

func stepsLines(s *Step) []Line { return s.RunLines }

// unboundedShell returns a shell tool listed bare or with a match-all
// pattern ("Bash", "Bash(*)", "Bash(:*)", "run_shell_command").
func unboundedShell(text string, shells []string) string {
	for _, tok := range toolSplit.Split(text, -1) {
		for _, sh := range shells {
			switch tok {
			case sh, sh + "(*)", sh + "(:*)", sh + "(**)":
				return tok
			}
		}
	}
	return ""
}

// quotedIndex returns the index of a tool name as a whole JSON string
// ("tool"), or of its first occurrence.
func quotedIndex(text, tool string) int {
	if i := strings.Index(text, `"`+tool+`"`); i >= 0 {
		return i + 1
	}
	return max(strings.Index(text, tool), 0)
}
