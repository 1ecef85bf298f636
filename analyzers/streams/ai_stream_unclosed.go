package streams

import "github.com/tollgate-dev/tollgate/finding"

// Unclosed is the rule for streams never closed.
var Unclosed = finding.Rule{
	ID:      "go/ai-stream-unclosed",
	Title:   "AI response stream never closed",
	Default: finding.Low,
	Doc: "A streaming AI call returns a stream with a `Close` method that the function never calls.\n" +
		"When the loop stops early (an error, a cancelled user, a stop sequence handled by the\n" +
		"caller) the HTTP response body stays open: the connection is not reused, and under load\n" +
		"the process runs out of connections or file descriptors.\n\n" +
		"Fix: close it right after the call:\n\n" +
		"```go\nstream := client.Chat.Completions.NewStreaming(ctx, params)\ndefer stream.Close()\n```",
	Controls: []string{"SOC2:A1.2"},
}

func init() { finding.Register(Unclosed) }
