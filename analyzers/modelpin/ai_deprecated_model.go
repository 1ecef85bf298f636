package modelpin

import "github.com/tollgate-dev/tollgate/finding"

// DeprecatedModel is the rule for model ids a provider has deprecated.
var DeprecatedModel = finding.Rule{
	ID:      "go/ai-deprecated-model",
	Title:   "AI call uses a deprecated model",
	Default: finding.High,
	Doc: "An AI call (or a model default) names a model its provider has deprecated or retired:\n" +
		"`gpt-4-32k`, `gpt-3.5-turbo-0613`, `gpt-4.5-preview`, `claude-2.1`,\n" +
		"`claude-3-5-sonnet-20241022`, `gemini-1.5-pro`, `gemini-pro`, `text-bison`... A retired model\n" +
		"fails every request; a deprecated one will, on a date the provider has announced.\n\n" +
		"Fix: move to a current pinned model and re-run the evaluations that gate model changes.\n" +
		"The table (analyzers/modelpin/models.go) reflects the providers' deprecation pages as of\n" +
		"2025-11.",
	Controls: []string{"NIST-AI-RMF:MANAGE-4.1", "ISO42001:A.6.2.8", "SOC2:CC8.1"},
}

func init() { finding.Register(DeprecatedModel) }
