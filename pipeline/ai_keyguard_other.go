package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/internal/lazyre"
)

// Guards on other variables, for the choice of the step a job-level AI
// key is given to (detectJobCredential, laterJobSteps):
//
//   - a step whose `if:` holds only when an `env.` variable is set, where
//     no workflow, job, container or step env sets that variable and no
//     script of the job writes it to $GITHUB_ENV, never runs (`if:
//     env.DEEPL_KEY != null` with DEEPL_KEY set nowhere);
//   - a step whose `if:` holds only when another secret is set (`if:
//     env.CAIYUN_KEY != ''` with CAIYUN_KEY bound to a secret that is no
//     AI credential, or `secrets.X != ''`) and not only when the AI key is
//     set is that secret's consumer: it is not the step the AI key goes
//     to. A later step still can be.
//
// Conditions are folded as in ai_keyguard.go.

var condVarRe = lazyre.New(`\b(env|secrets)\.([A-Za-z_][A-Za-z0-9_]*)`)

// envSetIn reports whether a variable is set in any env of the job or its
// workflow, for step s, or written to $GITHUB_ENV (or by core.exportVariable)
// by a step of the job.
func envSetIn(j *Job, s *Step, name string) bool {
	kvss := [][]KV{j.Pipeline.Env, j.Env, j.ContainerEnv, s.Env}
	for o := s.Origin; o != nil; o = o.Origin {
		kvss = append(kvss, o.Env)
	}
	for _, kvs := range kvss {
		for _, kv := range kvs {
			if strings.EqualFold(kv.Key, name) {
				return true
			}
		}
	}
	for _, st := range j.AllSteps() {
		if strings.Contains(st.Run, name) && strings.Contains(st.Run, "GITHUB_ENV") {
			return true
		}
		// core.exportVariable, the $GITHUB_ENV of actions/github-script.
		for _, kv := range st.With {
			if strings.Contains(kv.Value, name) && strings.Contains(kv.Value, "exportVariable") {
				return true
			}
		}
	}
	return false
}

// unsetGuarded reports whether the step's condition requires an `env.`
// variable that nothing sets: it never runs.
func unsetGuarded(j *Job, s *Step) bool {
	if j.Pipeline.Kind != GitHub || s.If == "" || !strings.Contains(s.If, "env.") {
		return false
	}
	names := map[string]bool{}
	for _, m := range condVarRe.FindAllStringSubmatch(s.If, -1) {
		if m[1] == "env" && !envSetIn(j, s, m[2]) && !strings.HasPrefix(m[2], "GITHUB_") && !strings.HasPrefix(m[2], "RUNNER_") && m[2] != "CI" {
			names["env."+strings.ToLower(m[2])] = true
		}
	}
	v, known := keyCond(s.If, names, false)
	return known && !v
}

// otherKeyGuarded reports whether the step's condition requires a secret
// that is not one of the AI credentials, and not the AI key itself.
func otherKeyGuarded(j *Job, s *Step, creds []credential) bool {
	if j.Pipeline.Kind != GitHub || s.If == "" || !strings.Contains(s.If, "env.") && !strings.Contains(s.If, "secrets.") {
		return false
	}
	ai := keyNames(creds)
	names := map[string]bool{}
	for _, m := range condVarRe.FindAllStringSubmatch(s.If, -1) {
		key := m[1] + "." + strings.ToLower(m[2])
		if ai[key] || m[2] == "GITHUB_TOKEN" {
			continue
		}
		if m[1] == "secrets" || envBoundToSecret(j, s, m[2]) {
			names[key] = true
		}
	}
	if len(names) == 0 || runsOnlyWithKeys(s, creds) {
		return false
	}
	v, known := keyCond(s.If, names, false)
	return known && !v
}

// envBoundToSecret reports whether a variable of the step's env, its
// job's or its workflow's is bound to a secret.
func envBoundToSecret(j *Job, s *Step, name string) bool {
	for _, kvs := range [][]KV{j.Pipeline.Env, j.Env, j.ContainerEnv, s.Env} {
		for _, kv := range kvs {
			if strings.EqualFold(kv.Key, name) && strings.Contains(kv.Value, "secrets.") {
				return true
			}
		}
	}
	return false
}
