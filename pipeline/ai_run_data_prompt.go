package pipeline

import (
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiRunDataPrompt = finding.Rule{
	ID:      "ci/ai-run-data-prompt",
	Title:   "Logs or artifacts of another run fed to an AI prompt",
	Default: finding.High,
	Doc: "An AI step reads what another workflow run produced: its logs (`gh run view --log`,\n" +
		"`--log-failed`, `gh api …/actions/runs/…/logs`), its artifacts (`actions/download-artifact`\n" +
		"with `run-id:`, `dawidd6/action-download-artifact`, `gh run download`, a `github-script`\n" +
		"that downloads artifacts or logs). That run built and tested a pull request's code: its\n" +
		"log lines, test names, error messages and artifact files are written by the PR's author,\n" +
		"and so are instructions hidden in them. Under `workflow_run` the AI step holds the base\n" +
		"repository's secrets and token while it reads them (vector E: the \"fix the failing CI\"\n" +
		"bot that is told by a failing test to push to main).\n\n" +
		"The data reaches the prompt directly (the AI command on the line that reads it), through a\n" +
		"shell variable, a file, `$GITHUB_ENV` or a step output, or the prompt tells an agent to\n" +
		"fetch it itself. Severity is high under `workflow_run` (the run is a pull request's) and\n" +
		"medium otherwise (logs of the repository's own runs still carry merged contributors' text).\n\n" +
		"Give the agent a read-only token and no shell, pass it only what it needs (the failing\n" +
		"job's name, not its log), or run it on `pull_request` where a fork has no secrets.\n\n" +
		"The detail prints the path hop by hop (file:line). `ci/ai-fetched-prompt` covers issue,\n" +
		"PR and comment text.",
	Controls: []string{"NIST-AI-RMF:MEASURE-2.7", "ISO42001:A.6.2.8", "EU-AI-Act:Art.15", "OWASP-LLM:LLM01"},
}

func init() { register(aiRunDataPrompt, checkAIRunDataPrompt) }

var (
	runDataAPI      = lazyre.New(`actions/(?:runs|jobs)/[^/\s"']+/(?:logs|artifacts|attempts/[^/\s"']+/logs)|actions/artifacts/[^/\s"']+/zip`)
	runDataInPrompt = lazyre.New(`\bgh\s+run\s+(?:view\b[^\n]*--log|download\b)|\bgh\s+api\s+\S*actions/(?:runs|jobs)/\S*/(?:logs|artifacts)`)
	runDataScript   = lazyre.New(`downloadArtifact|downloadWorkflowRunLogs|downloadJobLogsForWorkflowRun|downloadWorkflowRunAttemptLogs`)
)

// runDataSource names a command that reads another run's logs or
// artifacts, or "".
func runDataSource(c shellCall) string {
	w := c.Words
	if len(w) < 3 {
		return ""
	}
	switch w[0] {
	case "gh":
		switch {
		case w[1] == "run" && w[2] == "view":
			for _, x := range w[3:] {
				if strings.HasPrefix(x, "--log") {
					return "gh run view " + strings.SplitN(x, "=", 2)[0]
				}
			}
		case w[1] == "run" && w[2] == "download":
			return "gh run download"
		case w[1] == "api":
			for _, x := range w[2:] {
				if runDataAPI.MatchString(x) {
					return "gh api " + x
				}
			}
		}
	case "curl", "wget":
		for _, x := range w[1:] {
			if runDataAPI.MatchString(x) {
				return w[0] + " " + x
			}
		}
	}
	return ""
}

// artifactDownload is a step that downloads another run's artifacts or
// logs into the workspace.
type artifactDownload struct {
	step *Step
	what string
	// files are the paths and names it lands under ("." for the
	// workspace itself is left out: too general to match).
	files []string
	pos   Pos
}

// runDownload returns what a `uses:` step downloads from another run.
func runDownload(s *Step) *artifactDownload {
	uses := strings.ToLower(s.Uses)
	dl := &artifactDownload{step: s, pos: s.Pos}
	switch {
	case strings.HasPrefix(uses, "actions/download-artifact@"):
		kv, ok := Lookup(s.With, "run-id")
		if !ok {
			return nil // this run's own artifacts
		}
		dl.what, dl.pos = "actions/download-artifact run-id "+strings.TrimSpace(kv.Value), kv.ValuePos
	case strings.HasPrefix(uses, "dawidd6/action-download-artifact@"):
		dl.what = "dawidd6/action-download-artifact"
		for _, k := range []string{"run_id", "workflow"} {
			if kv, ok := Lookup(s.With, k); ok {
				dl.what += " " + k + " " + strings.TrimSpace(kv.Value)
				dl.pos = kv.ValuePos
				break
			}
		}
	case strings.HasPrefix(uses, "actions/github-script@"):
		kv, ok := Lookup(s.With, "script")
		if !ok {
			return nil
		}
		m := runDataScript.FindStringIndex(kv.Value)
		if m == nil {
			return nil
		}
		dl.what, dl.pos = "github-script "+kv.Value[m[0]:m[1]], offsetPos(kv.ValuePos, kv.Value, m[0])
		for _, fm := range writeFileSync.FindAllStringSubmatch(kv.Value, -1) {
			dl.files = append(dl.files, fm[1])
		}
		return dl
	default:
		return nil
	}
	for _, k := range []string{"path", "name", "pattern"} {
		if kv, ok := Lookup(s.With, k); ok {
			for _, v := range strings.Split(kv.Value, "\n") {
				v = strings.Trim(strings.TrimSpace(v), `"'/`)
				if v != "" && v != "." && !strings.Contains(v, "${{") && !strings.ContainsAny(v, "*?") {
					dl.files = append(dl.files, v)
				}
			}
		}
	}
	return dl
}

var writeFileSync = lazyre.New(`writeFileSync\(\s*[` + "`" + `'"]([^` + "`" + `'"$]+)`)

// mentionsPath reports whether text names a downloaded path: its base name
// (three characters or more) as a word-ish substring.
func mentionsPath(text, p string) bool {
	return mentionsFile(text, p) || len(p) >= 3 && strings.Contains(text, p)
}

func checkAIRunDataPrompt(a *analysis) {
	for _, u := range a.ai {
		if u.Step == nil || !u.Strong() || u.Job.Pipeline.Kind != GitHub {
			continue
		}
		s := u.Step
		if s.Origin != nil {
			s = s.Origin
		}
		before := stepsBefore(u.Job, s)
		sev := finding.Medium
		trig := ""
		if slices.Contains(u.Job.Pipeline.EffectiveTriggers(), "workflow_run") {
			sev, trig = finding.High, "workflow_run"
		}
		mark := func(f *finding.Finding) {
			f.Severity = sev
			if trig != "" {
				f.Evidence["trigger"] = trig
			}
		}
		n := len(a.findings)
		// Logs and artifacts read by a command, in this step or before.
		if a.flowInto(u, s, flowSpec{rule: aiRunDataPrompt, noun: "run data", steps: before,
			intro: "Logs or artifacts of another run, written by the code that run built, are read", source: runDataSource}) {
			mark(&a.findings[n])
			continue
		}
		// Artifacts a `uses:` step downloads, named by the AI step or read
		// by a step between.
		if a.artifactInto(u, s, before) {
			mark(&a.findings[n])
			continue
		}
		// The prompt tells an agent to fetch them itself.
		if !u.Agent() {
			continue
		}
		for _, kv := range promptTexts(u, s) {
			if m := runDataInPrompt.FindString(kv.Value); m != "" {
				f := a.report(aiRunDataPrompt, kv.ValuePos, ev("command", m, "input", kv.Key),
					"prompt of AI step %q tells the agent to read another run's data with %q", u.label(), m)
				f.Detail = hopDetail("The agent runs the command and reads logs or artifacts written by the code that run built.",
					[]hop{{kv.ValuePos, fmt.Sprintf("prompt (%s) asks for %q", kv.Key, m)}, {u.Pos, "agent step " + u.label() + " runs it"}})
				mark(f)
				break
			}
		}
	}
}

// artifactInto reports another run's artifacts reaching the AI step s:
// the AI step names the download's path or artifact, or a step between
// reads it and passes it on.
func (a *analysis) artifactInto(u *AIUse, s *Step, before []*Step) bool {
	target := stepText(s)
	for i, prev := range before {
		dl := runDownload(prev)
		if dl == nil {
			continue
		}
		first := hop{dl.pos, fmt.Sprintf("step %q downloads %s", prev.Label(), dl.what)}
		for _, p := range dl.files {
			if mentionsPath(target, p) {
				f := a.report(aiRunDataPrompt, s.Pos, ev("source", dl.what, "file", p), "run data from %q reaches AI step %q through %q", dl.what, u.label(), p)
				f.Detail = hopDetail("Artifacts of another run, written by the code that run built, are downloaded and named to the AI step.",
					[]hop{first, {s.Pos, "AI step " + u.label() + " reads " + p}})
				return true
			}
		}
		if len(dl.files) == 0 {
			continue
		}
		files := dl.files
		src := func(c shellCall) string {
			for _, w := range c.Words[1:] {
				for _, p := range files {
					if w != "" && mentionsPath(w, p) {
						return c.Words[0] + " " + w
					}
				}
			}
			return ""
		}
		if a.flowInto(u, s, flowSpec{rule: aiRunDataPrompt, noun: "run data", steps: before[i+1:], first: []hop{first},
			intro: "Artifacts of another run, written by the code that run built, are downloaded and read", source: src}) {
			return true
		}
	}
	return false
}

// promptTexts returns the prompt inputs of an AI step and its AI command
// line, each with its position.
func promptTexts(u *AIUse, s *Step) []KV {
	var texts []KV
	if u.Profile != nil {
		for _, spec := range u.Profile.Prompt {
			if t, pos, ok := inputText(s, spec); ok {
				texts = append(texts, KV{Key: spec, Value: t, ValuePos: pos})
			}
		}
	}
	if u.CLILine != nil {
		texts = append(texts, KV{Key: "command", Value: u.CLILine.Text, ValuePos: u.CLILine.Pos})
	}
	return texts
}
