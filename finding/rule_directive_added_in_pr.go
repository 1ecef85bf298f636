package finding

// DirectiveAddedInPR reports a suppression directive that the pull request
// itself adds, and that would hide one of its findings.
var DirectiveAddedInPR = Rule{
	ID:      "policy/directive-added-in-pr",
	Title:   "Pull request adds a suppression directive",
	Default: Medium,
	Doc: `The pull request adds a ` + "`tollgate:ignore`" + ` directive (a comment in the code, a
workflow or a Terraform file) that suppresses one of the head's findings. The finding
stands on the directive and names the rules it would suppress.

**Why.** A directive is part of the change, like a policy edit: if it counted, a pull
request could hide its own findings with one comment and pass its own gate. ` + "`tollgate pr`" + `
therefore judges the head as if the directives it adds were not there — the findings they
would suppress stay active and count as new — and reports the directive so a reviewer
sees it. A directive that the base already has (the same line, anywhere in the same file)
keeps working.

**Fix.** Nothing, if the suppression is right: a reviewer approves it, and it applies once
merged, to every later pull request and to ` + "`check`" + ` and ` + "`scan`" + `. Otherwise fix the
finding and drop the directive. The gate of this pull request counts the finding either
way; a maintainer who accepts it can merge regardless, or land the directive first.`,
	Controls: []string{"SOC2:CC8.1"},
}

func init() { Register(DirectiveAddedInPR) }
