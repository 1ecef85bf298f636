package pipeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// Composite-action inputs as credentials: a local composite action gets
// its keys as inputs (`with: {openai_api_key: ${{ secrets.OPENAI_API_KEY
// }}}`) and binds them to the variables an SDK reads (`OPENAI_API_KEY:
// ${{ inputs.openai_api_key }}`). Such an input is an AI credential when a
// caller hands it a secret with a vendor word, or hands it any secret and
// the input is named like a key (`anthropic_api_key`, `hf_token`). The
// step of the action that binds it and runs a program (a script, an
// interpreter, a package runner; not an install or installer script, a
// lint or a key check)
// is an AI step of the action, recorded at its own line; the calling
// step of each workflow is one of its job (detectAI finds it through the
// secret in its `with:`).

// ctxRef is an `inputs.X` or `env.X` inside an expression (`${{
// inputs.OPENAI_API_KEY || env.OPENAI_API_KEY }}`).
var ctxRef = lazyre.New(`\b(inputs|env)\.([A-Za-z_][A-Za-z0-9_-]*)`)

// envCredKey is the key of actionInputCreds for a credential the caller's
// environment holds as variable name (env.X in the action).
func envCredKey(name string) string { return "env:" + name }

// callerEnvCreds returns the AI credentials bound to variables of a
// calling step's environment (its job's, its workflow's, its own `env:`),
// which a composite action inherits and reads as `env.X`.
func callerEnvCreds(s *Step) []credential {
	cs := reachable(s, jobCreds(s.Job))
	cs = append(cs, credsIn(s.Job.Pipeline, s.Env, "step env", true)...)
	var out []credential
	for _, c := range cs {
		if c.Env != "" {
			out = append(out, c)
		}
	}
	return out
}

// boundRefs returns the inputs (key lower case) and environment
// variables (key envCredKey) an action step's `env:` value reads in
// expressions, each with its name as written.
func boundRefs(value string) (keys, names []string) {
	for _, e := range exprRe.FindAllStringSubmatch(value, -1) {
		for _, m := range ctxRef.FindAllStringSubmatch(e[1], -1) {
			if m[1] == "inputs" {
				keys = append(keys, strings.ToLower(m[2]))
			} else {
				keys = append(keys, envCredKey(m[2]))
			}
			names = append(names, m[2])
		}
	}
	return keys, names
}

// actionInputCreds returns, per input name (lower case), the credential a
// caller of the action hands to it. A secret with a vendor word counts
// only when its calling step is an AI step: detectStep judged it already
// (a Hugging Face token a job only downloads with is none).
func (a *analysis) actionInputCreds(callers []*Step) map[string]credential {
	out := map[string]credential{}
	for _, s := range callers {
		p := s.Job.Pipeline
		judged := a.aiByStep[s] != nil || s.Origin != nil && a.aiByStep[s.Origin] != nil
		for _, kv := range s.With {
			name := strings.ToLower(kv.Key)
			if _, ok := out[name]; ok || !strings.Contains(kv.Value, "secrets") {
				continue
			}
			cs := credsIn(p, []KV{kv}, "with", false)
			if len(cs) > 0 && !judged {
				continue
			}
			if len(cs) == 0 {
				if prov := aiprofiles.CredentialProvider(strings.ToUpper(kv.Key)); prov != "" {
					for _, sec := range secretNames(kv.Value) {
						if sec != "GITHUB_TOKEN" {
							cs = append(cs, credential{Secret: sec, Level: "with", Pos: kv.Pos, Provider: prov})
							break
						}
					}
				}
			}
			if len(cs) > 0 {
				out[name] = cs[0]
			}
		}
		// A key in the caller's environment reaches the action as env.X.
		for _, c := range callerEnvCreds(s) {
			if _, ok := out[envCredKey(c.Env)]; !ok {
				out[envCredKey(c.Env)] = c
			}
		}
	}
	return out
}

// detectActionInputs records the AI steps of local composite actions
// whose credentials arrive as inputs.
func (a *analysis) detectActionInputs() {
	callers := map[*Pipeline][]*Step{}
	for _, p := range a.workflows() {
		for _, j := range p.Jobs {
			if neverRuns(j, nil) {
				continue
			}
			for _, s := range j.AllSteps() {
				if s.Action != nil && !neverRuns(j, s) && !slices.Contains(callers[s.Action], s) {
					callers[s.Action] = append(callers[s.Action], s)
				}
			}
		}
	}
	for _, p := range a.pipelines {
		if p.Kind != Action || len(callers[p]) == 0 {
			continue
		}
		creds := a.actionInputCreds(callers[p])
		if len(creds) == 0 {
			continue
		}
		var found []*AIUse
		for _, j := range p.Jobs {
			for _, s := range j.Steps {
				if u := a.actionInputStep(j, s, creds); u != nil {
					a.ai = append(a.ai, u)
					a.aiByStep[s] = u
					found = append(found, u)
				}
			}
		}
		if len(found) > 0 {
			a.actionCallersAI(callers[p], creds, found[0])
		}
	}
}

// actionCallersAI makes an AI step of each calling step that hands the
// action a credential input, or adds to its evidence when it is one.
func (a *analysis) actionCallersAI(callers []*Step, creds map[string]credential, in *AIUse) {
	why := fmt.Sprintf("the action binds it and runs a program in step %q (%s:%d)", in.Step.Label(), in.Pos.Path, in.Pos.Line)
	for _, s := range callers {
		var handed []credential
		judged := false
		for _, kv := range s.With {
			if c, ok := creds[strings.ToLower(kv.Key)]; ok && strings.Contains(kv.Value, "secrets") {
				judged = judged || len(credsIn(s.Job.Pipeline, []KV{kv}, "with", false)) > 0
				c.Pos = kv.Pos
				handed = append(handed, c)
			}
		}
		read := map[string]bool{}
		for _, kv := range in.Step.Env {
			keys, _ := boundRefs(kv.Value)
			for _, k := range keys {
				read[k] = true
			}
		}
		for _, c := range callerEnvCreds(s) {
			if _, ok := creds[envCredKey(c.Env)]; ok && read[envCredKey(c.Env)] {
				handed = append(handed, c)
			}
		}
		if len(handed) == 0 {
			continue
		}
		top := s
		if s.Origin != nil {
			top = s.Origin
		}
		if u := a.aiByStep[s]; u != nil {
			u.Why = append(u.Why, why)
			continue
		}
		if a.aiByStep[top] != nil || judged {
			continue // detectStep saw the key and judged the step
		}
		j := s.Job
		u := &AIUse{Job: j, Step: s, Pos: s.Where(), Via: "secret", Provider: handed[0].Provider, Model: "implicit"}
		u.Secrets = stepSecrets(j, s)
		for _, c := range handed {
			u.Why = append(u.Why, c.String())
		}
		u.Why = append(u.Why, why)
		u.ModelPos = u.Pos
		a.ai = append(a.ai, u)
		a.aiByStep[s] = u
	}
}

// actionInputStep returns the AI use of a step of a composite action that
// binds a credential input to a variable and runs a program; nil if none.
func (a *analysis) actionInputStep(j *Job, s *Step, creds map[string]credential) *AIUse {
	if a.aiByStep[s] != nil || never(s.If) {
		return nil
	}
	var bound []credential
	for _, kv := range s.Env {
		keys, names := boundRefs(kv.Value)
		for i, k := range keys {
			c, ok := creds[k]
			if !ok {
				continue
			}
			if strings.HasPrefix(k, "env:") {
				c.Secret = fmt.Sprintf("%s (caller's %s %s, %s:%d)", c.Secret, c.Level, names[i], c.Pos.Path, c.Pos.Line)
			} else {
				c.Secret = fmt.Sprintf("%s (caller's input %s, %s:%d)", c.Secret, names[i], c.Pos.Path, c.Pos.Line)
			}
			c.Env, c.Level, c.Pos = kv.Key, "step env", kv.Pos
			bound = append(bound, c)
			break
		}
	}
	if len(bound) == 0 {
		return nil
	}
	invs := a.invocations(s)
	if len(invs) == 0 || a.runsNoAIProgram(s) || a.installsOnly(s) || a.installerScripts(s) || a.hubDownloadOnly(j, bound) {
		return nil
	}
	u := &AIUse{Job: j, Step: s, Pos: s.Pos, Via: "secret", Provider: bound[0].Provider, Model: "implicit"}
	for _, c := range bound {
		u.Why = append(u.Why, c.String())
	}
	u.Why = append(u.Why, "composite action step runs a program with it: "+invs[0].String())
	u.ModelPos = u.Pos
	applyEnvModel(s, u)
	return u
}
