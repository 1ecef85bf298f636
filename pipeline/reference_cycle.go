package pipeline

import (
	"fmt"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var referenceCycle = finding.Rule{
	ID:      "ci/reference-cycle",
	Title:   "Pipeline reference cycle",
	Default: finding.Medium,
	Doc: "A reference between pipeline files or templates leads back to where it started: a local\n" +
		"composite action that uses itself through other actions (`uses: ./path`), a reusable\n" +
		"workflow that calls itself (`uses: ./.github/workflows/x.yml`), a GitLab `include:` of a\n" +
		"file that is already being included, or an `extends:` or `!reference` that comes back to\n" +
		"its own template. GitHub and GitLab refuse such a pipeline when it runs, or stop at their\n" +
		"nesting limits; followed naively, a few lines of it expand without end.\n\n" +
		"The finding stands on the reference that closes the cycle and names its target and the\n" +
		"whole cycle; tollgate does not follow that reference and analyses the rest. Break the\n" +
		"cycle: move what both sides need into a third action, file or hidden job that uses\n" +
		"neither.",
	Controls: []string{"SOC2:CC8.1"},
}

func init() { register(referenceCycle, checkReferenceCycle) }

func checkReferenceCycle(a *analysis) {
	for _, c := range a.cycles {
		target := fmt.Sprintf("%s:%d", c.targetPos.Path, c.targetPos.Line)
		chain := strings.Join(c.chain, " → ")
		name := fmt.Sprintf("%q", c.target)
		if c.target != c.targetPos.Path {
			name += " (" + target + ")"
		}
		a.report(referenceCycle, c.at, ev("kind", c.kind, "target", target, "cycle", chain),
			"reference to %s %s closes a cycle: %s; it is not followed", c.kind, name, chain)
	}
}
