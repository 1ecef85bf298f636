package policy

// AI configures AI governance rules (the `ai` block).
type AI struct {
	// ApprovedActions lists the pipeline actions allowed to run AI steps,
	// as prefix patterns ("anthropics/claude-code-action", "anthropics/*").
	ApprovedActions []string `hcl:"approved_actions,optional"`
	// ApprovedModels lists the model ids allowed in AI steps, as globs
	// ("claude-sonnet-4-5-20250929", "gpt-4.1-*").
	ApprovedModels []string `hcl:"approved_models,optional"`
	// ApprovedEndpoints lists the AI API hosts allowed ("api.anthropic.com",
	// "*.openai.azure.com").
	ApprovedEndpoints []string `hcl:"approved_endpoints,optional"`
	// Wrappers lists the repository's own AI entry points, as
	// "importpath.Func" or "importpath.(*Type).Method".
	Wrappers []string `hcl:"wrappers,optional"`
}
