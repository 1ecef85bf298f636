package pipeline

import "strings"

// oidcUnless reports whether an action that exchanges the job's OIDC token
// unless one of the inputs is given runs without all of them: then the
// id-token is the action's own credential, not an excess one.
func oidcUnless(s *Step, inputs []string) bool {
	if len(inputs) == 0 {
		return false
	}
	for _, in := range inputs {
		if kv, ok := lookupWith(s, in); ok && strings.TrimSpace(trimQuotes(kv.Value)) != "" {
			return false
		}
	}
	return true
}
