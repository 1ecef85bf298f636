package pipeline

import (
	"github.com/tollgate-dev/tollgate/finding"
)

var writeAllPermissions = finding.Rule{
	ID:      "ci/write-all-permissions",
	Title:   "Token granted write-all",
	Default: finding.High,
	Doc: "`permissions: write-all` gives the job's `GITHUB_TOKEN` write access to every scope: code,\n" +
		"releases, packages, workflows' runs, issues, deployments. A compromised step or action\n" +
		"can then push code or publish packages in your name.\n\n" +
		"List the scopes the job needs instead:\n\n" +
		"```yaml\npermissions:\n  contents: write   # to push the tag\n```",
	Controls: []string{"SOC2:CC6.3", "ISO42001:A.6.2.8"},
}

func init() { register(writeAllPermissions, checkWriteAllPermissions) }

func checkWriteAllPermissions(a *analysis) {
	for _, p := range a.pipelines {
		if p.Permissions != nil && p.Permissions.All == "write-all" {
			a.report(writeAllPermissions, p.Permissions.Pos, ev("permissions", "write-all"), "workflow grants the token write-all permissions")
		}
		for _, j := range p.Jobs {
			if j.Permissions != nil && j.Permissions.All == "write-all" {
				a.report(writeAllPermissions, j.Permissions.Pos, ev("permissions", "write-all", "job", j.ID), "job %q grants the token write-all permissions", j.ID)
			}
		}
	}
}
