package streams

import "github.com/tollgate-dev/tollgate/finding"

// Unchecked is the rule for streams whose error is ignored.
var Unchecked = finding.Rule{
	ID:      "go/ai-stream-unchecked",
	Title:   "AI response stream error never checked",
	Default: finding.Medium,
	Doc: "A streaming AI call's stream ends the same way when the answer is complete and when the\n" +
		"connection drops, the provider rate-limits or the context expires: only its error tells\n" +
		"them apart. Without the check, a truncated answer is used as if it were whole — a cut\n" +
		"JSON document, half a summary, a tool call with missing arguments.\n\n" +
		"Fix, per stream type:\n\n" +
		"```go\nfor stream.Next() { acc.AddChunk(stream.Current()) }\nif err := stream.Err(); err != nil { return err }   // openai-go, anthropic-sdk-go\n\n" +
		"for resp, err := range client.Models.GenerateContentStream(ctx, model, contents, cfg) {\n\tif err != nil { return err }                        // google genai\n}\n\n" +
		"resp, err := stream.Recv()\nif errors.Is(err, io.EOF) { break }\nif err != nil { return err }                            // go-openai\n```",
	Controls: []string{"NIST-AI-RMF:MEASURE-2.5", "ISO42001:A.6.2.6", "SOC2:PI1.3"},
}

func init() { finding.Register(Unchecked) }
