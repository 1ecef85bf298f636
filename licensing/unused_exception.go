package licensing

import "github.com/tollgate-dev/tollgate/finding"

// UnusedException reports a license exception that matches no module that
// needs it.
var UnusedException = finding.Rule{
	ID:      "lic/unused-exception",
	Title:   "License exception matches nothing",
	Default: finding.Low,
	Doc: `An ` + "`exception`" + ` block in ` + "`licenses`" + ` matches no module of the build whose
license the policy would otherwise refuse: the module is gone, its version or
license changed, or the block has a typo.

**Why.** Stale exceptions widen the policy silently when the module comes back.

**Fix.** Delete the block, or correct its module path, versions or licenses.`,
	Controls: controls,
}

func init() { finding.Register(UnusedException) }
