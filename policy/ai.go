package policy

// AI configures AI governance rules (the `ai` block).
type AI struct {
	// ApprovedActions lists the pipeline actions allowed to run AI steps.
	ApprovedActions []string `hcl:"approved_actions,optional"`
	// Wrappers lists the repository's own AI entry points, as
	// "importpath.Func" or "importpath.(*Type).Method".
	Wrappers []string `hcl:"wrappers,optional"`
}
