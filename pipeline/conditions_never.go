package pipeline

import "github.com/rhysd/actionlint"

// A job or step whose `if:` is constantly false never runs: `if: false`,
// `if: ${{ false }}`, `if: false && …` (a maintainer's way to switch a job
// off). Its steps are no AI steps and give no AI finding. The condition is
// parsed with actionlint's expression parser and folded: a literal
// boolean, `!`, `&&` with a false side, `||` with both sides false. Any
// other operand (a context, a call such as always()) is unknown, so a
// condition is "never" only when its value does not depend on it.

// never reports whether the condition is constantly false.
func never(cond string) bool {
	if cond == "" {
		return false
	}
	n, ok := parseCond(cond)
	if !ok {
		return false
	}
	v, known := constBool(n)
	return known && !v
}

// constBool folds n to a constant; known is false when it depends on
// anything but literals.
func constBool(n actionlint.ExprNode) (v, known bool) {
	switch x := n.(type) {
	case *actionlint.BoolNode:
		return x.Value, true
	case *actionlint.NotOpNode:
		v, known := constBool(x.Operand)
		return !v, known
	case *actionlint.LogicalOpNode:
		l, lk := constBool(x.Left)
		r, rk := constBool(x.Right)
		if x.Kind == actionlint.LogicalOpNodeKindAnd {
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
	}
	return false
}
