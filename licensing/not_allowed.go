package licensing

import "github.com/tollgate-dev/tollgate/finding"

// NotAllowed reports a module whose license the policy does not accept:
// outside a non-empty allow list, or in a category set to fail or warn.
var NotAllowed = finding.Rule{
	ID:      "lic/not-allowed",
	Title:   "Dependency license not allowed by policy",
	Default: finding.High,
	Doc: `A module in the build has a license the policy does not accept: when
` + "`licenses { allow = [...] }`" + ` is set, no choice of its license expression is covered
by the allow list; otherwise its license category (the go-licenses v2.0.1 type:
forbidden, restricted, reciprocal, notice, permissive, unencumbered) is set to
` + "`\"fail\"`" + ` or ` + "`\"warn\"`" + `. Without a licenses block, forbidden and restricted
licenses fail.

**Why.** Restricted (GPL-family) and forbidden (AGPL, non-commercial, WTFPL) licenses
put conditions on the product that ships them.

**Fix.** Replace the module, add its license to ` + "`allow`" + ` if it is acceptable, or
add an ` + "`exception`" + ` with a reason, an approver and an expiry:

` + "```hcl" + `
licenses {
  categories = { reciprocal = "warn", restricted = "fail" }
}
` + "```",
	Controls: controls,
}

func init() { finding.Register(NotAllowed) }
