package policy

// The domain blocks of the policy file. Each domain's issue fills in its own
// block; the engine converts them into the domain's options. Fields use gohcl
// tags, so an unknown key is an error with its position.

// Tags configures cost-allocation tag rules for Terraform (the `tags` block).
type Tags struct {
	// Required lists the tag keys every taggable resource must carry.
	Required []string `hcl:"required,optional"`
}

// Licenses configures dependency license rules (the `licenses` block).
type Licenses struct {
	// Allow lists the SPDX identifiers accepted.
	Allow []string `hcl:"allow,optional"`
	// Deny lists the SPDX identifiers refused.
	Deny []string `hcl:"deny,optional"`
}

// AI configures AI governance rules (the `ai` block).
type AI struct {
	// ApprovedActions lists the pipeline actions allowed to run AI steps.
	ApprovedActions []string `hcl:"approved_actions,optional"`
	// Wrappers lists the repository's own AI entry points, as
	// "importpath.Func" or "importpath.(*Type).Method".
	Wrappers []string `hcl:"wrappers,optional"`
}

// Pipelines configures the CI pipeline rules (the `pipelines` block).
type Pipelines struct {
	// AllowedActions lists prefix patterns of actions allowed ("actions/*").
	AllowedActions []string `hcl:"allowed_actions,optional"`
}

// Risk configures change-risk scoring (the `risk` block).
type Risk struct {
	// CacheDir is where per-commit features are cached, relative to the root.
	CacheDir *string `hcl:"cache_dir,optional"`
}

// Go configures the Go analyzers (the `go` block).
type Go struct {
	// Fast skips facts across packages for large repositories.
	Fast *bool `hcl:"fast,optional"`
}
