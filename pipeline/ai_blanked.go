package pipeline

// Blanked keys: a job or step `env:` that sets a variable again replaces
// the value a wider level gave it. A workflow that binds OPENAI_API_KEY to
// a secret and a job that sets `OPENAI_API_KEY: ''` (to test without keys)
// leave that job no key; the same holds for a step that blanks a job's key.
// A redefinition to another secret is a credential of its own level
// (credsIn finds it there), so the wider one is dropped in every case.

// unblanked returns the credentials whose variable none of the narrower
// env lists sets again.
func unblanked(creds []credential, narrower ...[]KV) []credential {
	if len(creds) == 0 {
		return creds
	}
	var out []credential
	for _, c := range creds {
		if !redefined(c.Env, narrower...) {
			out = append(out, c)
		}
	}
	return out
}

// redefined reports whether one of the env lists sets the variable.
func redefined(name string, envs ...[]KV) bool {
	if name == "" {
		return false
	}
	for _, kvs := range envs {
		for _, kv := range kvs {
			if kv.Key == name {
				return true
			}
		}
	}
	return false
}

// reachable returns the job-level credentials the step can read: those its
// own env (or, for a step of a composite action, its calling step's env)
// does not set again; none when the step runs only without the keys
// (ai_keyguard.go).
func reachable(s *Step, creds []credential) []credential {
	if runsOnlyWithoutKeys(s, creds) {
		return nil
	}
	envs := [][]KV{s.Env}
	for o := s.Origin; o != nil; o = o.Origin {
		envs = append(envs, o.Env)
	}
	return unblanked(creds, envs...)
}
