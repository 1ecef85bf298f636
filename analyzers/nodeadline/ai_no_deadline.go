package nodeadline

import "github.com/tollgate-dev/tollgate/finding"

// NoDeadline is the rule for AI calls that can block forever.
var NoDeadline = finding.Rule{
	ID:      "go/ai-no-deadline",
	Title:   "AI call without a deadline",
	Default: finding.Medium,
	Doc: "An AI call runs on a context that comes from `context.Background()` or `context.TODO()`\n" +
		"with no `context.WithTimeout`/`WithDeadline` on the way, and the client has no request\n" +
		"timeout. Model calls are slow and sometimes hang; without a deadline a stuck provider\n" +
		"holds a goroutine, a connection and a user forever, and retries pile up behind it.\n\n" +
		"Fix: bound the call, or set a timeout on the client:\n\n" +
		"```go\nctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)\ndefer cancel()\n" +
		"resp, err := client.Chat.Completions.New(ctx, params)\n```\n\n" +
		"or `openai.NewClient(option.WithRequestTimeout(60*time.Second))`. A context received as a\n" +
		"parameter is never reported: its deadline is the caller's business. Accept a deliberate\n" +
		"exception with `//tollgate:ignore go/ai-no-deadline <reason>`.",
	Controls: []string{"NIST-AI-RMF:MANAGE-2.4", "ISO42001:A.6.2.6", "SOC2:A1.2"},
}

func init() { finding.Register(NoDeadline) }
