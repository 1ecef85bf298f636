package policy

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/tollgate-dev/tollgate/finding"
)

// Risk configures change-risk scoring (the `risk` block).
//
//	risk {
//	  first_parent   = false  # follow only first parents (merge-commit workflows)
//	  refit          = true   # refit on the repository's own SZZ labels when it has enough
//	  min_refit_bugs = 80     # bug-inducing commits a validation and refit need
//	}
//
// Where the change-risk cache lives is the user's choice (`--cache-dir`,
// $TOLLGATE_CACHE_DIR, the user's cache directory), never the policy's:
// the policy is part of the scanned repository, and a repository must not
// choose where tollgate writes or deletes files.
type Risk struct {
	// CacheDir is the removed `cache_dir` key. It is still accepted, so
	// that old policies keep loading, but ignored: the risk domain reports
	// it (risk/cache-dir-ignored).
	CacheDir hcl.Expression `hcl:"cache_dir,optional"`
	// FirstParent walks only first parents, scoring merges as the units of
	// change (for histories where every change lands as a merge commit).
	FirstParent *bool `hcl:"first_parent,optional"`
	// Refit, when false, never refits: the shipped coefficients score,
	// unless they rank the history no better than lines added alone.
	Refit *bool `hcl:"refit,optional"`
	// MinRefitBugs is how many SZZ-labelled bug-inducing commits a refit needs.
	MinRefitBugs *int `hcl:"min_refit_bugs,optional"`
}

// RiskCacheDirIgnored reports whether the policy sets the removed
// `risk { cache_dir = ... }` key, and where.
func (p *Policy) RiskCacheDirIgnored() (finding.Location, bool) {
	if p == nil || p.Risk == nil || p.Risk.CacheDir == nil {
		return finding.Location{}, false
	}
	v, diags := p.Risk.CacheDir.Value(nil)
	if !diags.HasErrors() && v.IsNull() {
		return finding.Location{}, false
	}
	r := p.Risk.CacheDir.Range()
	return finding.Location{Path: r.Filename, StartLine: r.Start.Line, StartCol: r.Start.Column, EndLine: r.End.Line, EndCol: r.End.Column}, true
}
