package inlineprompt

import "github.com/tollgate-dev/tollgate/finding"

// InlinePrompt is the rule for prompts written in Go code.
var InlinePrompt = finding.Rule{
	ID:      "go/ai-inline-prompt",
	Title:   "Prompt written inline in code",
	Default: finding.Low,
	Doc: "A large or multi-line prompt, or one assembled with `fmt.Sprintf` or `+`, is written in Go\n" +
		"code and passed to an SDK's message constructor. Prompts change more often than code and\n" +
		"need their own review, versioning and evaluation; inline they hide in diffs, and\n" +
		"assembled from strings they mix instructions with untrusted data.\n\n" +
		"Fix: keep prompts in files embedded at build time and fill them with a template:\n\n" +
		"```go\n//go:embed prompts/summarize.tmpl\nvar summarizeTmpl string\n\n" +
		"var summarize = template.Must(template.New(\"summarize\").Parse(summarizeTmpl))\n```\n\n" +
		"Short single-line instructions pass. Turn the rule off for a repository with\n" +
		"`rule \"go/ai-inline-prompt\" { enabled = false }`.",
	Controls: []string{"NIST-AI-RMF:MAP-4.1", "ISO42001:A.6.2.3", "SOC2:CC8.1"},
}

func init() { finding.Register(InlinePrompt) }
