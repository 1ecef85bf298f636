package pipeline

import (
	"strings"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v4"

	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"github.com/tollgate-dev/tollgate/internal/yamlnode"
)

// A job or step whose `if:` is constantly false never runs: `if: false`,
// `if: ${{ false }}`, `if: false && …` (a maintainer's way to switch a job
// off). Its steps are no AI steps and give no AI finding. The condition is
// parsed with actionlint's expression parser and folded: a literal
// boolean, `!`, `&&` with a false side, `||` with both sides false. Any
// other operand (a context, a call such as always()) is unknown, so a
// condition is "never" only when its value does not depend on it.
//
// A step's `runner.os == 'Windows'` (or 'macOS', 'Linux'; `!=` too) is
// known when the job's `runs-on` is a fixed label of one OS (`ubuntu-*`,
// `windows-*`, `macos-*`): a Windows-only step of an ubuntu job never
// runs. With `runs-on: ${{ matrix.X }}` the step never runs when it is
// false on the OS of every value of X (the dimension and its include
// entries); one value of no known OS, or a computed matrix, and it may.

// never reports whether the condition is constantly false.
func never(cond string) bool {
	if cond == "" {
		return false
	}
	n, ok := parseCond(cond)
	if !ok {
		return false
	}
	v, known := constBool(n, "")
	return known && !v
}

// neverOn reports whether the condition is false on each of the runner
// operating systems oses (not empty).
func neverOn(cond string, oses []string) bool {
	n, ok := parseCond(cond)
	if !ok {
		return false
	}
	for _, os := range oses {
		if v, known := constBool(n, os); !known || v {
			return false
		}
	}
	return true
}

// constBool folds n to a constant; known is false when it depends on
// anything but literals and, when os is not "", `runner.os` compared with
// a string.
func constBool(n actionlint.ExprNode, os string) (v, known bool) {
	switch x := n.(type) {
	case *actionlint.BoolNode:
		return x.Value, true
	case *actionlint.NotOpNode:
		v, known := constBool(x.Operand, os)
		return !v, known
	case *actionlint.CompareOpNode:
		if os == "" || x.Kind != actionlint.CompareOpNodeKindEq && x.Kind != actionlint.CompareOpNodeKindNotEq {
			return false, false
		}
		l, r := x.Left, x.Right
		if runnerOS(r) {
			l, r = r, l
		}
		str, ok := r.(*actionlint.StringNode)
		if !runnerOS(l) || !ok {
			return false, false
		}
		// Expression string comparison ignores case.
		eq := strings.EqualFold(str.Value, os)
		return eq == (x.Kind == actionlint.CompareOpNodeKindEq), true
	case *actionlint.LogicalOpNode:
		l, lk := constBool(x.Left, os)
		r, rk := constBool(x.Right, os)
		return foldLogical(x.Kind, l, lk, r, rk)
	}
	return false, false
}

// neverRuns reports whether the step, or the job it is in, never runs
// (for a step expanded from a composite action: the calling step too).
func neverRuns(j *Job, s *Step) bool {
	if j != nil && j.Pipeline != nil && j.Pipeline.Kind == GitLab {
		return false
	}
	if j != nil && never(j.If) {
		return true
	}
	for ; s != nil; s = s.Origin {
		if never(s.If) {
			return true
		}
		if j != nil && len(j.facts.runnerOS) > 0 && strings.Contains(s.If, "runner.os") && neverOn(s.If, j.facts.runnerOS) {
			return true
		}
	}
	return false
}

// runnerOS reports whether n is `runner.os`.
func runnerOS(n actionlint.ExprNode) bool {
	d, ok := n.(*actionlint.ObjectDerefNode)
	if !ok || !strings.EqualFold(d.Property, "os") {
		return false
	}
	v, ok := d.Receiver.(*actionlint.VariableNode)
	return ok && strings.EqualFold(v.Name, "runner")
}

// labelOS returns the operating system ("Linux", "Windows", "macOS", as
// runner.os names them) of a GitHub-hosted runner label, "" when it names
// none.
func labelOS(label string) string {
	l := strings.ToLower(strings.TrimSpace(label))
	switch {
	case strings.HasPrefix(l, "ubuntu-"):
		return "Linux"
	case strings.HasPrefix(l, "windows-"):
		return "Windows"
	case strings.HasPrefix(l, "macos-"):
		return "macOS"
	}
	return ""
}

var matrixLabel = lazyre.New(`^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$`)

// nodeRunnerOS returns the operating systems a GitHub job's mapping runs
// on (see above), nil when not known.
func nodeRunnerOS(n *yaml.Node) []string {
	ro := yamlnode.Get(n, "runs-on")
	if ro != nil && ro.Kind == yaml.MappingNode {
		ro = yamlnode.Get(ro, "labels")
	}
	for _, label := range yamlnode.Scalars(ro) {
		if os := labelOS(label); os != "" {
			return []string{os} // a runner has every label of the list
		}
		m := matrixLabel.FindStringSubmatch(strings.TrimSpace(label))
		if m == nil {
			continue
		}
		mx := yamlnode.Get(yamlnode.Get(n, "strategy"), "matrix")
		if mx == nil || mx.Kind != yaml.MappingNode {
			return nil // a computed matrix
		}
		var vals []*yaml.Node
		if d := yamlnode.Get(mx, m[1]); d != nil {
			if d.Kind != yaml.SequenceNode {
				return nil
			}
			vals = append(vals, d.Content...)
		}
		if inc := yamlnode.Get(mx, "include"); inc != nil {
			if inc.Kind != yaml.SequenceNode {
				return nil
			}
			for _, e := range inc.Content {
				if v := yamlnode.Get(e, m[1]); v != nil {
					vals = append(vals, v)
				}
			}
		}
		var out []string
		for _, v := range vals {
			os := ""
			if v.Kind == yaml.ScalarNode {
				os = labelOS(v.Value)
			}
			if os == "" {
				return nil
			}
			out = append(out, os)
		}
		return out
	}
	return nil
}

// foldLogical combines the values of an && or || expression's sides in
// three-valued logic: known is false when the result depends on a side
// whose value is unknown. A known false side decides &&, a known true one
// decides ||.
func foldLogical(kind actionlint.LogicalOpNodeKind, l, lk, r, rk bool) (v, known bool) {
	if kind == actionlint.LogicalOpNodeKindAnd {
		if lk && !l || rk && !r {
			return false, true
		}
		return true, lk && rk
	}
	if lk && l || rk && r {
		return true, true
	}
	return false, lk && rk
}
