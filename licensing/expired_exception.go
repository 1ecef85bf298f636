package licensing

import "github.com/tollgate-dev/tollgate/finding"

// ExpiredException reports a license exception past its expiry date.
var ExpiredException = finding.Rule{
	ID:      "lic/expired-exception",
	Title:   "License exception expired",
	Default: finding.High,
	Doc: `An ` + "`exception`" + ` block in ` + "`licenses`" + ` has an ` + "`expires`" + ` date that has passed.
An expired exception no longer applies, so the module it covered is judged by the
rest of the policy again.

**Why.** Exceptions are decisions with a shelf life; an auditor expects them to be
reviewed when they lapse, not to hold forever.

**Fix.** Review the decision: remove the dependency, or renew the exception with a
new date and approver.`,
	Controls: controls,
}

func init() { finding.Register(ExpiredException) }
