package policy

// Risk configures change-risk scoring (the `risk` block).
type Risk struct {
	// CacheDir is where per-commit features are cached, relative to the root.
	CacheDir *string `hcl:"cache_dir,optional"`
}
