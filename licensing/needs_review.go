package licensing

import "github.com/tollgate-dev/tollgate/finding"

// NeedsReview reports a license file with text the recognized license does
// not account for.
var NeedsReview = finding.Rule{
	ID:      "lic/needs-review",
	Title:   "License text has extra terms",
	Default: finding.Medium,
	Doc: `A module's license file matches a known license, but has text beyond it and
beyond copyright lines and titles: an MIT with an extra clause is not plain MIT.
The finding gives the first lines that no license accounts for and the share of
the file that is covered.

**Why.** Extra clauses ("not for use in ...", "must notify the author") change the
terms; a tool that reports plain MIT hides them.

**Fix.** Read the file. If the extra text is harmless, clarify the module's license,
bound to the file's hash:

` + "```hcl" + `
licenses {
  clarify "example.com/lib" {
    expression  = "MIT"
    file_sha256 = "<sha256 from the finding>"
    reason      = "extra paragraph is a thank-you note"
  }
}
` + "```" + `

` + "`licenses { needs_review = \"fail\" }`" + ` makes these fail the run; the default warns.`,
	Controls: controls,
}

func init() { finding.Register(NeedsReview) }
