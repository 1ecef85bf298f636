package pipeline

import (
	"slices"
	"strings"
)

// prTriggers are the events that run a workflow for every push to a pull
// request.
var prTriggers = []string{"pull_request", "pull_request_target", "merge_request_event"}

// largeRunner matches runner labels of self-hosted or larger (billed per
// core) runners.
var largeRunner = []string{"self-hosted", "large", "xlarge", "-cores", "-core", "gpu", "arm64-", "4x", "8x", "16x", "metal"}

// costReason says why a job's runner time is worth bounding: it fans out
// into a matrix, runs an AI step, runs for every pull-request push, or
// runs on a self-hosted or large runner. "" means none of these.
func (a *analysis) costReason(j *Job) string {
	if j.Matrix != nil && (j.Matrix.Size > 1 || j.Matrix.Dynamic) {
		return "matrix"
	}
	for _, u := range a.ai {
		if u.Job == j {
			return "AI step"
		}
	}
	for _, r := range j.RunsOn {
		l := strings.ToLower(r)
		for _, w := range largeRunner {
			if strings.Contains(l, w) {
				return "runner " + r
			}
		}
	}
	for _, t := range j.Pipeline.EffectiveTriggers() {
		if slices.Contains(prTriggers, t) {
			return "trigger " + t
		}
	}
	return ""
}
