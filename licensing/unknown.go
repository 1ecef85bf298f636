package licensing

import "github.com/tollgate-dev/tollgate/finding"

// UnknownLicense reports a module whose license could not be determined.
var UnknownLicense = finding.Rule{
	ID:      "lic/unknown",
	Title:   "Dependency license unknown",
	Default: finding.Medium,
	Doc: `No license could be determined for a module in the build: its root has no
license file (` + "`LICENSE*`, `LICENCE*`, `COPYING*`, `UNLICENSE`" + `), or the files there
match no license the classifier knows, or the license has no category.

tollgate never looks above the module root (a vendored package without its own
LICENSE does not inherit its parent directory's) and never takes a README for a
license.

**Why.** Code without a license grants no rights to use it.

**Fix.** Ask upstream to add a license file. When the license is stated elsewhere
(a README, a header), clarify it in the policy, bound to the file's hash so the
clarification lapses when the file changes:

` + "```hcl" + `
licenses {
  clarify "example.com/lib" {
    expression  = "MIT"
    file_sha256 = "<sha256 of README.md, from the finding's evidence>"
    reason      = "README states MIT; upstream issue #12"
  }
}
` + "```" + `

` + "`licenses { unknown = \"fail\" }`" + ` makes unknown licenses fail the run; the default warns.`,
	Controls: controls,
}

func init() { finding.Register(UnknownLicense) }
