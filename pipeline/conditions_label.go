package pipeline

import (
	"strings"

	"github.com/rhysd/actionlint"
)

// labelCall reports whether a call tests the name of the label just
// added against a fixed text: `contains(github.event.label.name, 'evals')`,
// `startsWith(…, 'ai:')`, `endsWith(…)`. Only someone with triage rights
// adds a label, so it is a human gate like `github.event.label.name ==
// 'evals'`; a negated test or a needle that is not a literal is not.
func (g *guardCtx) labelCall(x *actionlint.FuncCallNode, neg bool) bool {
	if neg || exprPath(x.Args[0]) != "github.event.label.name" {
		return false
	}
	switch strings.ToLower(x.Callee) {
	case "contains", "startswith", "endswith":
	default:
		return false
	}
	v, ok := literals(x.Args[1])
	return ok && len(v) == 1 && strings.TrimSpace(v[0]) != ""
}
