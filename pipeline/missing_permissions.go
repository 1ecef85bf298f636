package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var missingPermissions = finding.Rule{
	ID:      "ci/missing-permissions",
	Title:   "Workflow without a permissions block",
	Default: finding.Medium,
	Doc: "Neither the workflow nor one of its jobs says what the `GITHUB_TOKEN` may do, so the job\n" +
		"gets the repository's default: on repositories created before February 2023 and on many\n" +
		"organisations, write access to contents, packages, pull requests, issues and more. Every\n" +
		"step, and every action it runs, holds that token.\n\n" +
		"Declare the least the workflow needs at the top, and widen it per job:\n\n" +
		"```yaml\npermissions:\n  contents: read\njobs:\n  release:\n    permissions:\n      contents: write\n```\n\n" +
		"Reusable workflows (`on: workflow_call`) take their caller's permissions and are not flagged.",
	Controls: []string{"SOC2:CC6.3", "ISO42001:A.6.2.8"},
}

func init() { register(missingPermissions, checkMissingPermissions) }

func checkMissingPermissions(a *analysis) {
	for _, p := range a.pipelines {
		if p.Kind != GitHub || p.Permissions != nil || p.Reusable || len(p.Jobs) == 0 {
			continue
		}
		var bare []*Job
		for _, j := range p.Jobs {
			if j.Permissions == nil {
				bare = append(bare, j)
			}
		}
		if len(bare) == 0 {
			continue
		}
		pos := p.TriggersPos
		if pos.IsZero() {
			pos = p.Pos
		}
		names := make([]string, len(bare))
		for i, j := range bare {
			names[i] = j.ID
		}
		ids := strings.Join(names, ", ")
		a.report(missingPermissions, pos, ev("jobs", ids),
			"workflow has no permissions block; %s with the repository's default token permissions", plural(len(bare), "job runs", "jobs run"))
	}
}
