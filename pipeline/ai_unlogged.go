package pipeline

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiUnlogged = finding.Rule{
	ID:      "ci/ai-unlogged",
	Title:   "Opaque AI step: no record of prompt or output",
	Default: finding.Medium,
	Doc: "The AI step leaves no record of what it was asked and what it answered or did beyond\n" +
		"the runner's log: no artifact upload, no step summary, no output file or JSON/structured\n" +
		"output, no use of the step's outputs by a later step, and (GitLab) no `artifacts:`. When\n" +
		"the agent changes something, nobody can later tell why — the \"opaque AI step\".\n" +
		"Record-keeping for AI systems is an explicit requirement (EU AI Act Art. 12, ISO/IEC\n" +
		"42001 A.6.2.8).\n\n" +
		"Keep the transcript:\n\n" +
		"```yaml\n- uses: actions/upload-artifact@<sha> # v4\n  if: always()\n  with:\n    name: ai-transcript\n    path: ${{ steps.claude.outputs.execution_file }}\n```\n\n" +
		"What counts per action and CLI (`--output-format json`, `upload_artifacts`, `output-file`,\n" +
		"telemetry settings, a redirect to a file) is listed in `pipeline/aiprofiles`.",
	Controls: []string{"EU-AI-Act:Art.12", "ISO42001:A.6.2.8", "NIST-AI-RMF:MANAGE-4.1", "SOC2:CC7.2"},
}

func init() { register(aiUnlogged, checkAIUnlogged) }

var recordStep = lazyre.New(`GITHUB_STEP_SUMMARY|actions/upload-artifact|upload-artifact|gh\s+gist\s+create|gsutil\s+cp|aws\s+s3\s+cp`)

// logged returns how the AI use is recorded, or "".
func (a *analysis) logged(u *AIUse) string {
	st := u.Step
	top := st
	if top.Origin != nil {
		top = top.Origin
	}
	if u.Profile != nil {
		for _, spec := range u.Profile.Logs {
			if v, _, ok := inputText(st, spec); ok {
				if !strings.Contains(spec, ":") && !truthy(v) && !strings.Contains(v, "${{") && strings.TrimSpace(v) != "" && !strings.Contains(spec, "file") && !strings.Contains(spec, "schema") {
					continue
				}
				return "input " + spec
			}
		}
	}
	if u.CLI != nil && u.CLILine != nil {
		for _, pat := range u.CLI.Logs {
			if re(pat).MatchString(u.CLILine.Text) {
				return "CLI output kept"
			}
		}
	}
	if u.Job.Pipeline.Kind == GitLab {
		if u.Job.facts.artifacts {
			return "job artifacts"
		}
	}
	after := false
	for _, s := range u.Job.Steps {
		if s == top {
			after = true
		}
		if !after {
			continue
		}
		if recordStep.MatchString(s.Uses) || recordStep.MatchString(s.Run) {
			return "step " + s.Label()
		}
		if s != top && top.ID != "" {
			text := s.Run
			for _, kv := range append(append([]KV(nil), s.With...), s.Env...) {
				text += "\n" + kv.Value
			}
			if strings.Contains(text, "steps."+top.ID+".outputs.") {
				return "outputs used by step " + s.Label()
			}
		}
	}
	return ""
}

func checkAIUnlogged(a *analysis) {
	for _, u := range a.ai {
		if u.Step == nil || (u.Via != "action" && u.Via != "cli") {
			continue
		}
		if a.logged(u) != "" {
			continue
		}
		a.report(aiUnlogged, u.Pos, ev("job", u.Job.ID), "AI step %q keeps no record of its prompt or output", u.label())
	}
}
