package iac

import "github.com/tollgate-dev/tollgate/finding"

// MissingCostTags reports resources certainly missing a required cost tag.
var MissingCostTags = finding.Rule{
	ID:      "tf/missing-cost-tags",
	Title:   "Required cost-allocation tags missing",
	Default: finding.Medium,
	Doc: "A resource of a taggable type lacks a tag key the policy requires\n" +
		"(`tags { required = [...] }` in `.tollgate.hcl`), so its cost cannot be allocated.\n\n" +
		"tollgate resolves the effective keys the way Terraform would: the provider's default\n" +
		"tags (`default_tags` for aws, `default_labels` for google, only for types that accept\n" +
		"them, through provider aliases and `providers = {}` passed into modules) plus the\n" +
		"resource's own `tags` / `labels`, following `merge`, conditionals, locals and module\n" +
		"arguments. It reports only when the key set is fully known and a key is missing. When\n" +
		"the set is open (it comes from a variable nobody in the repository sets, `each.value`,\n" +
		"a data source) the resource counts as unknown in the report, never as a finding: a\n" +
		"reusable module's `var.tags = {}` default is not what its callers pass.\n\n" +
		"A call to a registry or git module whose code is not in the repository is judged at\n" +
		"the call: the tags it passes and the default tags the module inherits. With\n" +
		"`.terraform/modules` from the user's `terraform init`, the module's code is evaluated\n" +
		"like a local module's instead. A root configuration's variables take their tfvars\n" +
		"values, else their defaults; the detail names those `-var` or `TF_VAR_` could override.\n\n" +
		"CloudFormation and SAM templates are judged the same way, with one more source of keys:\n" +
		"the stack-level tags CloudFormation copies to every resource. They are given at deploy\n" +
		"time, so a key missing from a template is unknown unless a SAM deploy configuration\n" +
		"(`samconfig.toml`, environment `default`) says which tags the deploy passes.\n\n" +
		"A key that differs from a required one only in case (`Owner` for `owner`) gets its own\n" +
		"message: tag keys are case-sensitive in AWS, Azure and Google Cloud.\n\n" +
		"Fix: add the keys, best once in the provider's default tags:\n\n" +
		"```hcl\nprovider \"aws\" {\n  default_tags {\n    tags = { cost-center = \"CC-1234\", owner = \"ml-platform\", environment = \"prod\" }\n  }\n}\n```",
	Controls: []string{"ISO42001:A.4.5", "SOC2:CC1.3"},
}
