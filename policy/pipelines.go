package policy

// Pipelines configures the CI pipeline rules (the `pipelines` block).
type Pipelines struct {
	// AllowedActions lists prefix patterns of actions allowed ("actions/*").
	AllowedActions []string `hcl:"allowed_actions,optional"`
}
