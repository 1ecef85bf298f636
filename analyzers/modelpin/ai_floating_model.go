package modelpin

import "github.com/tollgate-dev/tollgate/finding"

// FloatingModel is the rule for model ids that move.
var FloatingModel = finding.Rule{
	ID:      "go/ai-floating-model",
	Title:   "AI call uses a floating model alias",
	Default: finding.Medium,
	Doc: "An AI call (or a model default) names a model alias that the provider re-points to newer\n" +
		"snapshots: `gpt-4o`, `chatgpt-4o-latest`, `claude-3-5-sonnet-latest`, `claude-sonnet-4-5`,\n" +
		"`gemini-2.0-flash`, an Ollama model without a tag. Output, cost and refusals change on a\n" +
		"day nobody chose, evaluations stop describing production, and an audit cannot say which\n" +
		"model produced a result.\n\n" +
		"Fix: pin a dated or versioned id and upgrade on purpose, with an evaluation run:\n\n" +
		"```go\n// before\nparams := openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o}\n" +
		"// after\nparams := openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o2024_08_06}\n```\n\n" +
		"Pinned forms: OpenAI `-YYYY-MM-DD` (or legacy `-MMDD`) snapshots; Anthropic `-YYYYMMDD` ids,\n" +
		"and from Claude 4.6 on the dateless id itself (`claude-opus-4-6`); Gemini `-00N` versions;\n" +
		"Ollama `name:tag` with a tag other than `latest`; Bedrock ids carry `-vN:M`. Models a\n" +
		"provider publishes without snapshots (OpenAI embeddings, whisper, tts) pass.",
	Controls: []string{"NIST-AI-RMF:MANAGE-4.1", "ISO42001:A.6.2.8", "EU-AI-Act:Art.12", "SOC2:CC8.1"},
}

func init() { finding.Register(FloatingModel) }
