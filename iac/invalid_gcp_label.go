package iac

import "github.com/tollgate-dev/tollgate/finding"

// InvalidGCPLabel reports google labels the API would reject.
var InvalidGCPLabel = finding.Rule{
	ID:      "tf/invalid-gcp-label",
	Title:   "Google Cloud label key or value invalid",
	Default: finding.Medium,
	Doc: "Google Cloud labels have a strict syntax: keys start with a lowercase letter and hold\n" +
		"only lowercase letters, digits, `_` and `-`, at most 63 characters; values the same\n" +
		"characters (may be empty). `Cost-Center` or `CC 1234` is rejected at apply time, or\n" +
		"worse, a pipeline lowercases it and the billing export no longer matches the policy's\n" +
		"key. Fix: use `cost-center = \"cc-1234\"`.",
	Controls: []string{"SOC2:CC1.3"},
}
