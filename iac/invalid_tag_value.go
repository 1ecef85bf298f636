package iac

import "github.com/tollgate-dev/tollgate/finding"

// InvalidTagValue reports known tag values the policy does not accept.
var InvalidTagValue = finding.Rule{
	ID:      "tf/invalid-tag-value",
	Title:   "Tag value not accepted by the policy",
	Default: finding.Medium,
	Doc: "The policy constrains a tag's value:\n\n" +
		"```hcl\ntags {\n  required = [\"cost-center\", \"environment\"]\n  value \"cost-center\" { pattern = \"^CC-[0-9]{4}$\" }\n  value \"environment\" { allowed = [\"dev\", \"staging\", \"prod\"] }\n}\n```\n\n" +
		"and a value known statically does not satisfy it. A cost center that is misspelt\n" +
		"allocates the cost to nobody. Values that are not known (variables nobody sets,\n" +
		"resource attributes) are not judged. The finding stands where the value is written,\n" +
		"which may be the caller's `locals` rather than the resource.",
	Controls: []string{"ISO42001:A.4.5", "SOC2:CC1.3"},
}
