package finding

// PolicyChangedInPR reports a pull request that changes the policy file or
// the baseline that judges it.
var PolicyChangedInPR = Rule{
	ID:      "policy/changed-in-pr",
	Title:   "Pull request changes the policy or the baseline",
	Default: Medium,
	Doc: `The pull request changes ` + "`.tollgate.hcl`" + `, or the baseline file a policy names
(the base's or the pull request's). The finding stands on the first changed line and
carries the diff (cut to a bounded size) in its detail and evidence.

**Why.** ` + "`tollgate pr`" + ` never lets a pull request judge itself: the head is scanned with
the **base** commit's policy and the base's baseline, both read from git objects, not
from the work tree. A pull request that adds ` + "`ignore { rule = \"*\" }`" + `, lowers
` + "`fail_on`" + ` or points the baseline at a file that accepts everything therefore changes
nothing for its own gate, and this finding tells the reviewer that it tries to.

**Fix.** Nothing, if the change is intended: a maintainer reviews it and lands it on
its own (a pull request that changes only the policy has no other new finding), and
it applies from the next pull request on. Otherwise drop the change from the pull
request. A policy given with ` + "`--policy`" + ` is the user's and is trusted as it is.

**Severity.** Medium by default: a policy change is not a defect but a change of the
rules that needs a maintainer's eye, and the protection does not depend on it (the
base's policy judges the head whatever this finding's severity). A team that wants
policy changes to fail the gate raises it in the base's policy:
` + "`rule \"policy/changed-in-pr\" { severity = \"high\" }`" + `.`,
	Controls: []string{"SOC2:CC8.1"},
}

func init() { Register(PolicyChangedInPR) }
