package pipeline

import (
	"fmt"
	"strings"

	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// An action the profile table does not know, handed an AI vendor's key
// as a credential input (`apikey: ${{ secrets.OPENAI_API_KEY }}`), runs
// the model itself: it is an AI action step (Via "action", no profile),
// so the rules whose facts do not need a profile judge it as they judge a
// profiled one (the action's pin, its timeout and concurrency, its
// outputs reaching a shell, the approved-action list). A key passed in a
// list of environment values for something else (`env_vars:`,
// `build-args:`, `envs:`) is not a credential input, and neither is a
// local action (judged by its steps) or actions/github-script.

// keyedAction returns the input of an unknown action that hands it an AI
// key, or false.
func keyedAction(s *Step) (KV, bool) {
	u := strings.ToLower(s.Uses)
	if u == "" || strings.HasPrefix(u, "./") || strings.HasPrefix(u, "docker://") || gitHubScript(u) {
		return KV{}, false
	}
	for _, kv := range s.With {
		k := strings.ToLower(kv.Key)
		if !strings.Contains(k, "key") && !strings.Contains(k, "token") && !strings.Contains(k, "api") {
			continue
		}
		v := strings.TrimSpace(kv.Value)
		m := exprRe.FindStringSubmatch(v)
		if m == nil || m[0] != v {
			continue // one secret, nothing else
		}
		for _, sm := range secretRef.FindAllStringSubmatch(m[1], -1) {
			if aiprofiles.CredentialProvider(sm[1]+sm[2]) != "" {
				return kv, true
			}
		}
	}
	return KV{}, false
}

// keyedActionUse turns a use recognised by the key an unknown action is
// handed into an action use, with the model its inputs name.
func keyedActionUse(s *Step, u *AIUse) {
	kv, ok := keyedAction(s)
	if !ok {
		return
	}
	u.Via = "action"
	u.Why = append(u.Why, fmt.Sprintf("unknown action %s handed the key as input %q (%s:%d)", s.Uses, kv.Key, kv.Pos.Path, kv.Pos.Line))
	for _, in := range s.With {
		k := strings.ToLower(in.Key)
		if (k == "model" || strings.HasSuffix(k, "-model") || strings.HasSuffix(k, "_model") || k == "model-name" || k == "model_name") && strings.TrimSpace(in.Value) != "" {
			u.Model, u.ModelPos = classifyModel(in.Value), in.ValuePos
			return
		}
	}
}
