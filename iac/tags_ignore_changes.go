package iac

import "github.com/tollgate-dev/tollgate/finding"

// TagsIgnoreChanges reports lifecycle rules that stop tag changes.
var TagsIgnoreChanges = finding.Rule{
	ID:      "tf/tags-ignore-changes",
	Title:   "Tag changes ignored by lifecycle",
	Default: finding.Low,
	Doc: "`lifecycle { ignore_changes = [tags] }` (or `labels`, `tags_all`, or `all`) tells Terraform\n" +
		"never to update the resource's tags: a new cost-center or owner written in the code never\n" +
		"reaches the cloud, and tags changed by hand drift silently.\n\n" +
		"Fix: remove the attribute from `ignore_changes`. When another system writes some tags,\n" +
		"ignore only those keys: `ignore_changes = [tags[\"LastScanned\"]]` is not reported.\n\n" +
		"```hcl\nlifecycle {\n  ignore_changes = [tags]   # reported\n}\n```",
	Controls: []string{"SOC2:CC8.1"},
}
