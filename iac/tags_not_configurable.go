package iac

import "github.com/tollgate-dev/tollgate/finding"

// TagsNotConfigurable reports resources of a reusable module whose tags no
// caller can set.
var TagsNotConfigurable = finding.Rule{
	ID:      "tf/tags-not-configurable",
	Title:   "Module gives its callers no way to tag a resource",
	Default: finding.Medium,
	Doc: "In a module that nothing in the repository calls (a reusable module, published for\n" +
		"others), variables are whatever the caller passes, so tollgate does not judge\n" +
		"`var.tags = {}` defaults. Instead it checks that every taggable resource takes its tags\n" +
		"from some input: a variable, or the caller's provider default tags. A resource whose\n" +
		"tags are written out in full (or absent) on a type that provider defaults do not reach\n" +
		"(`aws_autoscaling_group`, every azurerm type) cannot be tagged by the module's users.\n\n" +
		"Fix: merge a variable into the tags:\n\n" +
		"```hcl\nvariable \"tags\" {\n  type    = map(string)\n  default = {}\n}\nresource \"azurerm_storage_account\" \"this\" {\n  tags = merge(var.tags, { module = \"storage\" })\n}\n```",
	Controls: []string{"ISO42001:A.4.5", "SOC2:CC1.3"},
}
