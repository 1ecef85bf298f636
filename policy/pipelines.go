package policy

// Pipelines configures the CI pipeline rules (the `pipelines` block). Zero
// or absent thresholds take the defaults, which come from the distribution
// of real workflows (p90: 306 lines, 4 jobs, 9 steps per job).
type Pipelines struct {
	// AllowedActions lists prefix patterns of actions allowed ("actions/*").
	AllowedActions []string `hcl:"allowed_actions,optional"`
	// MaxLines is the largest workflow, in lines (default 306).
	MaxLines int `hcl:"max_lines,optional"`
	// MaxJobs is the most jobs in one workflow (default 10).
	MaxJobs int `hcl:"max_jobs,optional"`
	// MaxSteps is the most steps in one job (default 15).
	MaxSteps int `hcl:"max_steps,optional"`
	// MaxMatrix is the largest matrix before a finding (default 64; GitHub
	// refuses above 256).
	MaxMatrix int `hcl:"max_matrix,optional"`
	// MaxNeedsDepth is the longest chain of needs (default 4).
	MaxNeedsDepth int `hcl:"max_needs_depth,optional"`
	// MinRepeatFiles is how many files must repeat a step sequence before
	// it is reported (default 3).
	MinRepeatFiles int `hcl:"min_repeat_files,optional"`
	// MaxInstallJobs is how many jobs of a workflow may install the same
	// tool before it is reported (default 3).
	MaxInstallJobs int `hcl:"max_install_jobs,optional"`
}
