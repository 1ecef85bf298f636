package pipeline

import (
	"strings"

	"github.com/rhysd/actionlint"
)

// Key guards: a step whose `if:` holds only when an AI key is empty
// (`env.OPENAI_API_KEY == ''`, `!env.OPENAI_API_KEY`, `secrets.X == ''`)
// is the "no secrets" variant of a suite (forks, first-time contributors):
// where the keys are set it never runs, so it is no AI step.
//
// The condition is parsed with the expression parser of conditions.go and
// folded with every key variable taken as set to a non-empty value:
// `== ''`/`== null` is false, `!= ''` true, the bare variable true, `!` of
// it false; `&&`, `||` and `!` fold as in constBool. Anything else (a
// comparison with another value, a context, a call) is unknown, and an
// unknown condition guards nothing.

// keyNames returns the lower-case expression paths of the credentials:
// "env.<variable>" and "secrets.<name>".
func keyNames(creds []credential) map[string]bool {
	out := make(map[string]bool, 2*len(creds))
	for _, c := range creds {
		if c.Env != "" {
			out["env."+strings.ToLower(c.Env)] = true
		}
		if sec, _, _ := strings.Cut(c.Secret, " "); sec != "" {
			out["secrets."+strings.ToLower(sec)] = true
		}
	}
	return out
}

// keyCond folds the condition with every key of names set (set true) or
// empty (set false); ok is false when the condition does not parse.
func keyCond(cond string, names map[string]bool, set bool) (v, known bool) {
	if cond == "" || len(names) == 0 {
		return true, false
	}
	n, ok := parseCond(cond)
	if !ok {
		return true, false
	}
	return foldKeys(n, names, set)
}

func foldKeys(n actionlint.ExprNode, names map[string]bool, set bool) (v, known bool) {
	isKey := func(n actionlint.ExprNode) bool { return names[strings.ToLower(exprPath(n))] }
	switch x := n.(type) {
	case *actionlint.BoolNode:
		return x.Value, true
	case *actionlint.NotOpNode:
		v, known := foldKeys(x.Operand, names, set)
		return !v, known
	case *actionlint.LogicalOpNode:
		l, lk := foldKeys(x.Left, names, set)
		r, rk := foldKeys(x.Right, names, set)
		return foldLogical(x.Kind, l, lk, r, rk)
	case *actionlint.CompareOpNode:
		if !x.Kind.IsEqualityOp() {
			return false, false
		}
		l, r := x.Left, x.Right
		if !isKey(l) {
			l, r = r, l
		}
		if !isKey(l) || !emptyValue(r) {
			return false, false
		}
		// key == '' holds exactly when the key is empty.
		return set == (x.Kind == actionlint.CompareOpNodeKindNotEq), true
	case *actionlint.VariableNode, *actionlint.ObjectDerefNode, *actionlint.IndexAccessNode:
		if isKey(x) {
			return set, true
		}
	}
	return false, false
}

// emptyValue reports whether n is the empty string literal or null.
func emptyValue(n actionlint.ExprNode) bool {
	switch x := n.(type) {
	case *actionlint.StringNode:
		return x.Value == ""
	case *actionlint.NullNode:
		return true
	}
	return false
}

// stepConds returns the `if:` values that decide whether the step runs:
// its own and, for a step of a composite action, its calling step's.
func stepConds(s *Step) []string {
	var out []string
	for ; s != nil; s = s.Origin {
		if s.If != "" {
			out = append(out, s.If)
		}
	}
	return out
}

// runsOnlyWithoutKeys reports whether the step's condition is false when
// the keys are set: it runs only where they are missing.
func runsOnlyWithoutKeys(s *Step, creds []credential) bool {
	conds := stepConds(s)
	if len(conds) == 0 || len(creds) == 0 {
		return false
	}
	names := keyNames(creds)
	for _, c := range conds {
		if v, known := keyCond(c, names, true); known && !v {
			return true
		}
	}
	return false
}

// runsOnlyWithKeys reports whether the step's condition is false when the
// keys are empty: it runs only where they are set.
func runsOnlyWithKeys(s *Step, creds []credential) bool {
	names := keyNames(creds)
	for _, c := range stepConds(s) {
		if v, known := keyCond(c, names, false); known && !v {
			return true
		}
	}
	return false
}
