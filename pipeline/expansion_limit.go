package pipeline

import (
	"github.com/tollgate-dev/tollgate/finding"
)

var expansionLimit = finding.Rule{
	ID:      "ci/expansion-limit",
	Title:   "Pipeline expands beyond the analysis limit",
	Default: finding.Medium,
	Doc: "Resolving the references of a pipeline would create more work than tollgate allows:\n" +
		"local composite actions inlined into a workflow's jobs beyond 10,000 steps (200,000 in\n" +
		"the whole scan); more than 200,000 steps, script lines and variables beyond the file's\n" +
		"own lines (aliases, `extends:` and `!reference` multiply them without the file growing);\n" +
		"more than 150 GitLab includes; a `!reference` beyond 10,000 script entries or nested\n" +
		"beyond 64 levels, `extends:` nested beyond 64 levels; or merge keys, includes and\n" +
		"extends merging beyond 2,000,000 entries in one file. Real pipelines stay orders of\n" +
		"magnitude below; a few lines that use each other many times, each use multiplying the\n" +
		"next, reach these bounds, and are how a hostile repository would exhaust the memory of\n" +
		"the scanner.\n\n" +
		"tollgate stops expanding at the bound, says where, and analyses what it has, so rules\n" +
		"may miss what lies beyond. Flatten the nesting: fewer levels of actions using actions,\n" +
		"templates extending templates or references to references.",
	Controls: []string{"SOC2:CC8.1"},
}

func init() { register(expansionLimit, checkExpansionLimit) }

func checkExpansionLimit(a *analysis) {
	for _, l := range a.limits {
		a.report(expansionLimit, l.at, nil, "%s", l.msg)
	}
}
