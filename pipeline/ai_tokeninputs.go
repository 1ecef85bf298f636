package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// A secret passed to an action through an input that takes a GitHub
// credential is not an AI credential, whatever its name: the clone token
// of actions/checkout (`token: ${{ secrets.HUGGINGFACE_HUB_CI_PAT }}`),
// the App id and key of create-github-app-token, an ssh key. The action
// is not in the profile table (detectStep looked there first), so it is
// not an AI action; the input's name says what the secret is for. A
// secret with the exact name of a vendor's key (OPENAI_API_KEY, HF_TOKEN)
// still counts: that is an AI action the table does not know.

// githubCredentialInputs are the input names of a GitHub token, App or
// clone credential.
var githubCredentialInputs = map[string]bool{
	"token": true, "github-token": true, "github_token": true, "gh-token": true, "gh_token": true, "repo-token": true, "repo_token": true,
	"app-id": true, "app_id": true, "application-id": true, "application_id": true, "client-id": true, "client_id": true,
	"private-key": true, "private_key": true, "app-private-key": true, "app_private_key": true, "ssh-key": true, "ssh_key": true,
}

// withoutCredentialInputs drops a step's `with:` entries that hand an
// action a GitHub credential.
func withoutCredentialInputs(uses string, with []KV) []KV {
	if uses == "" || len(with) == 0 {
		return with
	}
	var out []KV
	for _, kv := range with {
		if githubCredentialInputs[strings.ToLower(kv.Key)] && !namesVendorKey(kv.Value) {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// namesVendorKey reports whether a value references a secret with the
// exact name of an AI vendor's key.
func namesVendorKey(v string) bool {
	for _, m := range secretRef.FindAllStringSubmatch(v, -1) {
		if aiprofiles.SecretProvider(m[1]+m[2]) != "" {
			return true
		}
	}
	return false
}
