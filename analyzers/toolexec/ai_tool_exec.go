package toolexec

import "github.com/tollgate-dev/tollgate/finding"

// ToolExec is the rule for agent tools that run model-chosen commands.
var ToolExec = finding.Rule{
	ID:      "go/ai-tool-exec",
	Title:   "Agent tool runs a model-controlled command",
	Default: finding.High,
	Doc: "A tool handler that a model calls (MCP, Genkit, Eino, langchaingo tools) passes an argument\n" +
		"the model chose to `os/exec`, `syscall.Exec` or `os.StartProcess` — often through\n" +
		"`bash -c`. Whoever can put text in front of the model (a web page, an issue, a file it\n" +
		"reads) can then run commands on the host: prompt injection becomes remote code\n" +
		"execution. A denylist (`strings.HasPrefix(cmd, \"curl\")`) does not stop it: `/usr/bin/curl`,\n" +
		"`c''url`, `python -c` and a thousand other spellings pass; that case has its own message.\n\n" +
		"Fix: check the command against a constant allowlist before running it, pass arguments\n" +
		"as a list instead of a shell string, run it in a sandbox, and require a human approval\n" +
		"for anything else:\n\n" +
		"```go\nallowed := map[string]bool{\"ls\": true, \"git\": true}\nif !allowed[name] {\n" +
		"\treturn mcp.NewToolResultError(\"command not allowed\"), nil\n}\ncmd := exec.CommandContext(ctx, name, args...)\n```",
	Controls: []string{"NIST-AI-RMF:MANAGE-2.4", "NIST-AI-RMF:MEASURE-2.7", "ISO42001:A.6.2.6", "EU-AI-Act:Art.15", "SOC2:CC6.8"},
}

func init() { finding.Register(ToolExec) }
