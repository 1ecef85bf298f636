package pipeline

import (
	"regexp"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiOutputToShell = finding.Rule{
	ID:      "ci/ai-output-to-shell",
	Title:   "AI output executed as code",
	Default: finding.High,
	Doc: "Text a model produced is spliced into a shell script or a `github-script` script:\n" +
		"`run: ${{ steps.ai.outputs.response }}`, an env var holding it passed to `eval` or\n" +
		"`bash -c`, a job output carrying it into another job's `run:`, or a CLI's answer piped\n" +
		"to `sh`. `${{ }}` is substituted before the shell parses the script, so quotes in the\n" +
		"answer end the string and the rest runs as commands. A model that read attacker text\n" +
		"can be made to answer with commands.\n\n" +
		"Pass the output through an environment variable and treat it as data:\n\n" +
		"```yaml\n- env:\n    ANSWER: ${{ steps.ai.outputs.response }}\n  run: printf '%s\\n' \"$ANSWER\" > answer.txt\n```\n\n" +
		"Outputs that are file paths or ids (`execution_file`, `response-file`, `session_id`) are\n" +
		"not flagged.",
	Controls: []string{"NIST-AI-RMF:MANAGE-2.4", "ISO42001:A.6.2.8", "EU-AI-Act:Art.15", "OWASP-LLM:LLM05"},
}

func init() { register(aiOutputToShell, checkAIOutputToShell) }

// pathOutputs are AI step outputs that hold paths or ids, not model text.
var pathOutputs = []string{"execution_file", "response-file", "response_file", "session_id", "branch_name", "conclusion", "error"}

var (
	stepOutput = regexp.MustCompile(`steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)`)
	evalUse    = regexp.MustCompile(`\beval\b|\b(?:ba|z)?sh\s+-c\b|\|\s*(?:ba|z)?sh\b|\bsource\b|\bpython3?\s+-c\b|\bnode\s+-e\b`)
)

// aiOutputRefs returns the step-output expressions in text that come from
// the given AI step ids.
func aiOutputRefs(text string, ids map[string]bool) string {
	for _, m := range exprRe.FindAllStringSubmatch(text, -1) {
		for _, om := range stepOutput.FindAllStringSubmatch(m[1], -1) {
			if ids[om[1]] && !slices.Contains(pathOutputs, om[2]) {
				return om[0]
			}
		}
	}
	return ""
}

func checkAIOutputToShell(a *analysis) {
	for _, p := range a.workflows() {
		for _, j := range p.Jobs {
			ids := map[string]bool{}
			for _, s := range j.AllSteps() {
				if u := a.aiByStep[s]; u != nil && u.Strong() {
					st := s
					if st.Origin != nil {
						st = st.Origin
					}
					if st.ID != "" {
						ids[st.ID] = true
					}
				}
			}
			for _, s := range j.Steps {
				if u := a.aiByStep[s]; u != nil && u.CLI != nil {
					for _, l := range s.RunLines {
						if c := findCLI(l.Text); c != nil && evalUse.MatchString(l.Text) {
							a.report(aiOutputToShell, l.Pos, ev("cli", c.Name), "output of AI CLI %q is executed as code", c.Name)
						}
					}
				}
				if len(ids) == 0 {
					continue
				}
				for _, l := range s.RunLines {
					if ref := aiOutputRefs(l.Text, ids); ref != "" {
						a.report(aiOutputToShell, l.Pos, ev("output", ref), "AI output %q is spliced into a shell script", ref)
					}
				}
				if strings.HasPrefix(strings.ToLower(s.Uses), "actions/github-script") {
					if kv, ok := Lookup(s.With, "script"); ok {
						if ref := aiOutputRefs(kv.Value, ids); ref != "" {
							a.report(aiOutputToShell, kv.ValuePos, ev("output", ref), "AI output %q is spliced into a github-script script", ref)
						}
					}
				}
				for _, kv := range s.Env {
					if ref := aiOutputRefs(kv.Value, ids); ref != "" {
						for _, l := range s.RunLines {
							if usesEnv(l.Text, kv.Key) && evalUse.MatchString(l.Text) {
								a.report(aiOutputToShell, l.Pos, ev("output", ref, "env", kv.Key), "AI output %q is executed as code through env %q", ref, kv.Key)
							}
						}
					}
				}
			}
			// Job outputs carrying AI text into other jobs' scripts.
			for _, o := range j.Outputs {
				if len(ids) == 0 || aiOutputRefs(o.Value, ids) == "" {
					continue
				}
				ref := "needs." + j.ID + ".outputs." + o.Key
				for _, other := range p.Jobs {
					if !slices.Contains(other.Needs, j.ID) {
						continue
					}
					for _, s := range other.Steps {
						for _, l := range s.RunLines {
							if strings.Contains(l.Text, ref) && exprRe.MatchString(l.Text) {
								a.report(aiOutputToShell, l.Pos, ev("output", ref), "AI output %q is spliced into a shell script", ref)
							}
						}
					}
				}
			}
		}
	}
}
