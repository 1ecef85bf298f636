package unbounded

import "github.com/tollgate-dev/tollgate/finding"

// NoMaxTokens is the rule for requests without a response-size cap.
var NoMaxTokens = finding.Rule{
	ID:      "go/ai-no-max-tokens",
	Title:   "AI request without a token limit",
	Default: finding.Low,
	Doc: "An AI request is built without a limit on the tokens the model may generate\n" +
		"(`MaxCompletionTokens`/`MaxTokens` for OpenAI, `MaxOutputTokens` for the Responses API and\n" +
		"Gemini, `InferenceConfig.MaxTokens` for Bedrock Converse, `llms.WithMaxTokens` for\n" +
		"langchaingo). The model then decides how long — and how expensive — the answer is, up to\n" +
		"the model's maximum; a prompt-injected \"repeat this forever\" costs the full context window.\n\n" +
		"Fix: set a limit sized for the use:\n\n" +
		"```go\nparams := openai.ChatCompletionNewParams{Model: m, Messages: msgs, MaxCompletionTokens: openai.Int(1024)}\n```\n\n" +
		"Requests built elsewhere (passed in, returned by a helper) are not judged.",
	Controls: []string{"NIST-AI-RMF:MANAGE-2.4", "SOC2:A1.1"},
}

func init() { finding.Register(NoMaxTokens) }
