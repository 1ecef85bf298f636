package licensing

import "github.com/tollgate-dev/tollgate/finding"

// StaleClarification reports a clarify block whose file hash no longer
// matches the module.
var StaleClarification = finding.Rule{
	ID:      "lic/stale-clarification",
	Title:   "License clarification lapsed",
	Default: finding.Medium,
	Doc: `A ` + "`clarify`" + ` block in ` + "`licenses`" + ` states a module's license, bound to the
SHA-256 of a file at the module root, and no file there has that hash any more: the
file changed, so the clarification no longer applies and the module is judged by
what its files say.

**Why.** A clarification is a reading of one text; a new text needs a new reading.

**Fix.** Read the new file and update ` + "`file_sha256`" + ` (the finding gives the hashes of
the module's files), or delete the block.`,
	Controls: controls,
}

func init() { finding.Register(StaleClarification) }
