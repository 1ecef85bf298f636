package licensing

import "github.com/tollgate-dev/tollgate/finding"

// Denied reports a module whose license the deny list refuses.
var Denied = finding.Rule{
	ID:      "lic/denied",
	Title:   "Dependency license on the deny list",
	Default: finding.High,
	Doc: `A module in the build is licensed only under licenses that ` + "`licenses { deny = [...] }`" + `
refuses: every choice its license expression offers uses a denied license.

**Why.** Shipping code under a refused license (AGPL in a hosted product, say) is a
legal exposure the organisation has decided not to take.

**Fix.** Replace the module, or, when legal has accepted it, add an exception that
names the module, the license, the reason, the approver and an expiry date:

` + "```hcl" + `
licenses {
  deny = ["AGPL-3.0-only", "AGPL-3.0-or-later"]
  exception "example.com/lib" {
    licenses = ["AGPL-3.0-only"]
    reason   = "internal tool, never distributed"
    approver = "legal@example.com"
    expires  = "2027-06-30"
  }
}
` + "```" + `

The finding names the module, its version, the license file and its SHA-256.`,
	Controls: controls,
}

func init() { finding.Register(Denied) }
