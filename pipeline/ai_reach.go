package pipeline

import "strings"

// keyedProviders are the vendors whose hosted models answer only a request
// that carries a credential (an API key, or a token exchanged for one).
// Local and keyless inference (ollama, Hugging Face's public endpoints),
// GitHub Models and libraries that front many vendors are not among them.
var keyedProviders = map[string]bool{
	"openai": true, "anthropic": true, "google": true, "mistral": true, "groq": true, "cohere": true,
}

// noModelInReach reports whether a GitHub Actions job hands its steps no
// way to reach a hosted model: no secret but the GITHUB_TOKEN in the
// workflow's or the job's env, its container or services, or any step's
// env, inputs or script; no `vars.` or `inputs.` value named like a key or
// token; no `id-token: write` (a federated token); no `models: read`; no
// service containers (a model server); a runner GitHub hosts (a
// self-hosted runner's own environment may hold a key). A workflow's secrets reach a step
// only through a `secrets.` expression written in the file, so a script
// there that merely imports a keyed vendor's SDK (a package's own import
// test, a dry run) calls no model. GitLab's CI/CD variables and a local
// action's inputs are not visible in the file, so it never holds there.
func noModelInReach(j *Job) bool {
	p := j.Pipeline
	if p == nil || p.Kind != GitHub || len(j.Services) > 0 || !githubHosted(j.RunsOn) {
		return false
	}
	if perms := j.EffectivePermissions(); perms.Level("id-token") == "write" || perms.Level("models") != "" && perms.Level("models") != "none" {
		return false
	}
	for _, kvs := range [][]KV{p.Env, j.Env, j.ContainerEnv, j.ServiceEnv} {
		if kvsReachModel(kvs) {
			return false
		}
	}
	for _, s := range j.AllSteps() {
		if kvsReachModel(s.Env) || kvsReachModel(s.With) || textReachesModel(s.Run) {
			return false
		}
	}
	return true
}

func kvsReachModel(kvs []KV) bool {
	for _, kv := range kvs {
		if textReachesModel(kv.Value) {
			return true
		}
	}
	return false
}

// textReachesModel reports whether a value or script names a secret other
// than the GITHUB_TOKEN, or a variable or input named like a credential.
func textReachesModel(t string) bool {
	if strings.Contains(t, "secrets") {
		for _, name := range secretNames(t) {
			if !strings.EqualFold(name, "GITHUB_TOKEN") {
				return true
			}
		}
	}
	for _, ctx := range []string{"vars.", "inputs."} {
		for rest := t; ; {
			i := strings.Index(rest, ctx)
			if i < 0 {
				break
			}
			rest = rest[i+len(ctx):]
			end := 0
			for end < len(rest) && (rest[end] == '_' || rest[end] == '-' || 'a' <= rest[end]|0x20 && rest[end]|0x20 <= 'z' || '0' <= rest[end] && rest[end] <= '9') {
				end++
			}
			name := strings.ToUpper(rest[:end])
			if strings.Contains(name, "KEY") || strings.Contains(name, "TOKEN") || strings.Contains(name, "SECRET") || strings.Contains(name, "CREDENTIAL") {
				return true
			}
		}
	}
	return false
}

// githubHosted reports whether every runs-on label names a runner image
// GitHub hosts (ubuntu-*, windows-*, macos-*): their environment holds no
// secret the workflow did not pass. Expressions and other labels may name
// self-hosted runners.
func githubHosted(labels []string) bool {
	if len(labels) == 0 {
		return false
	}
	for _, l := range labels {
		if !strings.HasPrefix(l, "ubuntu-") && !strings.HasPrefix(l, "windows-") && !strings.HasPrefix(l, "macos-") {
			return false
		}
	}
	return true
}
