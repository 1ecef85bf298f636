package pipeline

import (
	"fmt"
	"strings"
)

// GitHub Models: a job granted `models: read` (its own `permissions:`, or
// the workflow's when the job sets none) can call the models with its
// GITHUB_TOKEN. When no step of the job was recognised otherwise (an AI
// CLI, a model host, a script that calls a model), the AI step recorded is
// the first step that hands the job token (`secrets.GITHUB_TOKEN`,
// `github.token`) to a program it runs: a repository script, an
// interpreter or a package runner, not a lint or a key check. Only when
// no step can be told is the job itself recorded, at its `models:` line,
// and then only for a job-level grant or the single job of a workflow (a
// workflow-level grant does not say which of several jobs uses it).

// modelsUse returns the AI use of a job granted models: read whose steps
// were not recognised otherwise; nil when it has no such grant.
func (a *analysis) modelsUse(j *Job) *AIUse {
	perms, level := j.Permissions, "job"
	if perms == nil {
		perms, level = j.Pipeline.Permissions, "workflow"
	}
	if perms == nil {
		return nil
	}
	if lv := perms.Level("models"); lv == "" || lv == "none" {
		return nil
	}
	var at Pos
	for _, sc := range perms.Scopes {
		if sc.Name == "models" {
			at = sc.Pos
		}
	}
	if at.IsZero() {
		return nil // read-all/write-all grant models too, but say nothing of a use
	}
	for _, s := range j.AllSteps() {
		if s.Uses != "" || !handsJobToken(s) {
			continue
		}
		invs := a.invocations(s)
		if len(invs) == 0 || a.runsNoAIProgram(s) {
			continue
		}
		u := &AIUse{Job: j, Step: s, Pos: s.Where(), Via: "models-permission", Provider: "github-models", Model: "implicit"}
		u.Secrets = stepSecrets(j, s)
		u.ModelPos = u.Pos
		u.Why = []string{
			fmt.Sprintf("%s granted models: read (%s:%d)", level, at.Path, at.Line),
			"first step to hand the GITHUB_TOKEN to a program: " + invs[0].String(),
		}
		return u
	}
	if u := a.modelsActionStep(j, fmt.Sprintf("%s granted models: read (%s:%d)", level, at.Path, at.Line)); u != nil {
		return u
	}
	if level == "workflow" && len(j.Pipeline.Jobs) != 1 {
		return nil
	}
	u := &AIUse{Job: j, Pos: at, ModelPos: at, Via: "models-permission", Provider: "github-models", Model: "implicit"}
	if level == "workflow" {
		u.Why = []string{"workflow granted models: read to its only job"}
	}
	return u
}

// handsJobToken reports whether the step's env (or its script) gives it
// the job's GITHUB_TOKEN.
func handsJobToken(s *Step) bool {
	has := func(v string) bool {
		return strings.Contains(v, "secrets.GITHUB_TOKEN") || strings.Contains(v, "github.token")
	}
	for _, kv := range s.Env {
		if has(kv.Value) {
			return true
		}
	}
	if s.Origin != nil {
		for _, kv := range s.Origin.Env {
			if has(kv.Value) {
				return true
			}
		}
	}
	return has(s.Run)
}
