package pipeline

import "strings"

// redactionOnly reports whether a step is handed AI credentials only to
// scrub them from logs: every credential is bound to an env variable named
// as a redaction list entry (`SECRET_<NAME>`, `REDACT_<NAME>`, the form
// gh-aw's "Redact secrets in logs" step uses) and the step's script (its
// `run:` or its `with: script:`) runs a redaction (`redact`, `scrub`,
// `mask`). A step whose script is anything else, or that binds a key to a
// variable an SDK reads, stays an AI step.
func redactionOnly(s *Step, creds []credential) bool {
	if len(creds) == 0 {
		return false
	}
	for _, c := range creds {
		if c.Level != "step env" || !strings.HasPrefix(c.Env, "SECRET_") && !strings.HasPrefix(c.Env, "REDACT_") {
			return false
		}
	}
	text := s.Run
	if kv, ok := Lookup(s.With, "script"); ok {
		text += "\n" + kv.Value
	}
	text = strings.ToLower(text)
	return strings.Contains(text, "redact") || strings.Contains(text, "scrub") || strings.Contains(text, "mask")
}
