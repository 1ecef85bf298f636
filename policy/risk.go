package policy

// Risk configures change-risk scoring (the `risk` block).
//
//	risk {
//	  cache_dir      = ".tollgate/risk"  # per-commit feature cache, relative to the root (default: inside .git)
//	  first_parent   = false             # follow only first parents (merge-commit workflows)
//	  refit          = true              # refit on the repository's own SZZ labels when it has enough
//	  min_refit_bugs = 150               # bug-inducing commits a refit needs
//	}
type Risk struct {
	// CacheDir is where per-commit features are cached, relative to the root.
	CacheDir *string `hcl:"cache_dir,optional"`
	// FirstParent walks only first parents, scoring merges as the units of
	// change (for histories where every change lands as a merge commit).
	FirstParent *bool `hcl:"first_parent,optional"`
	// Refit, when false, always uses the shipped coefficients.
	Refit *bool `hcl:"refit,optional"`
	// MinRefitBugs is how many SZZ-labelled bug-inducing commits a refit needs.
	MinRefitBugs *int `hcl:"min_refit_bugs,optional"`
}

// RiskCacheDir returns the configured cache directory, relative to the
// root, or "" for the default: a directory inside the repository's git
// directory, so that no command changes the work tree.
func (p *Policy) RiskCacheDir() string {
	if p != nil && p.Risk != nil && p.Risk.CacheDir != nil {
		return *p.Risk.CacheDir
	}
	return ""
}
