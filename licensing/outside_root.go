package licensing

import "github.com/tollgate-dev/tollgate/finding"

// OutsideRoot reports a path the module graph or a license file names that
// leads out of the scanned repository, which tollgate does not read.
var OutsideRoot = finding.Rule{
	ID:      "lic/outside-root",
	Title:   "License input outside the repository",
	Default: finding.High,
	Doc: `A file or directory the license check would read leads out of the scanned
repository: a ` + "`go.work`" + ` ` + "`use`" + ` directory or a local ` + "`replace`" + ` directory outside
it, a vendored module directory, a ` + "`LICENSES/`" + ` folder or a license file that is a
symbolic link out of it (to another checkout, a home directory, ` + "`/dev/zero`" + `,
` + "`/proc`" + `), or a Go input of the module graph (` + "`go.mod`" + `, ` + "`go.sum`" + `,
` + "`vendor/modules.txt`" + `, a ` + "`.go`" + ` file) that links out.

tollgate never reads it: nothing outside the repository is classified or copied
into ` + "`THIRD_PARTY_NOTICES`" + `. A module whose directory is outside has an unknown
license; a root whose graph inputs link out is not loaded.

**Why.** A scanned repository is untrusted. Following its links would publish
files it does not contain (a private key was leaked this way) and let it make the
scan read devices or block.

**Fix.** Vendor or publish the module instead of pointing outside the repository,
and replace the link with the file itself.`,
	Controls: controls,
}

func init() { finding.Register(OutsideRoot) }
