package pipeline

import (
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"

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
var pathOutputs = []string{"execution_file", "response-file", "response_file", "output-file", "output_file", "session_id", "branch_name", "conclusion", "error"}

var (
	stepOutput = lazyre.New(`steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)`)
	evalUse    = lazyre.New(`\beval\b|\b(?:ba|z)?sh\s+-c\b|\|\s*(?:ba|z)?sh\b|\bsource\b|\bpython3?\s+-c\b|\bnode\s+-e\b`)
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
			a.aiOutputFlow(j)
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

// aiOutputFlow follows AI output through shell variables, $GITHUB_ENV,
// step outputs and files to `eval`, `sh -c` or unquoted `gh` arguments in
// the AI step's own script and the job's later steps, and prints the path.
func (a *analysis) aiOutputFlow(j *Job) {
	steps := j.Steps
	for i, s := range steps {
		u := a.aiByStep[s]
		if u == nil || !u.Strong() {
			continue
		}
		first := hop{u.Pos, "AI step " + u.label() + " answers"}
		// Each carrier of the AI text maps to the path that led to it.
		envs := map[string][]hop{}  // env var set through $GITHUB_ENV
		files := map[string][]hop{} // file written
		outs := map[string][]hop{}  // "steps.x.outputs.y" prefix
		if s.ID != "" && u.Via == "action" {
			outs["steps."+s.ID+".outputs."] = []hop{first}
		}
		pass := func(st *Step, t *taint, path []hop) {
			for f, l := range t.Files {
				files[f] = append(slices.Clone(path), hop{lineOf(st, l), fmt.Sprintf("step %q writes it to %s", st.Label(), f)})
			}
			for e, l := range t.Envs {
				envs[e] = append(slices.Clone(path), hop{lineOf(st, l), fmt.Sprintf("step %q exports it as %s through $GITHUB_ENV", st.Label(), e)})
			}
			if st.ID != "" {
				for o, l := range t.Outputs {
					outs["steps."+st.ID+".outputs."+o] = append(slices.Clone(path), hop{lineOf(st, l), fmt.Sprintf("step %q sets output %s", st.Label(), o)})
				}
			}
		}
		if s.Run != "" && u.CLILine != nil {
			src := func(c shellCall) bool { return lineOf(s, c.Line) == u.CLILine.Pos }
			t := a.propagate(s, src, nil)
			a.flowSinks(s, t, []hop{first})
			pass(s, t, []hop{first})
		}
		for _, next := range steps[i+1:] {
			if next.Run == "" {
				continue
			}
			vars := map[string]bool{}
			via := map[string][]hop{}
			for _, kv := range next.Env {
				for _, ref := range sortedHops(outs) {
					if strings.Contains(kv.Value, ref) && !slices.ContainsFunc(pathOutputs, func(p string) bool { return strings.Contains(kv.Value, ref+p) }) {
						vars[kv.Key] = true
						via[kv.Key] = append(slices.Clone(outs[ref]), hop{kv.ValuePos, fmt.Sprintf("%s reaches env %s of step %q", strings.TrimSpace(kv.Value), kv.Key, next.Label())})
					}
				}
			}
			for e, h := range envs {
				vars[e] = true
				via[e] = h
			}
			var fileHops []hop
			src := func(c shellCall) bool {
				if len(c.Words) < 2 || c.Words[0] != "cat" && c.Words[0] != "jq" {
					return false
				}
				for _, f := range sortedHops(files) {
					if slices.ContainsFunc(c.Words[1:], func(w string) bool { return w != "" && mentionsFile(w, f) }) {
						fileHops = files[f]
						return true
					}
				}
				return false
			}
			t := a.propagate(next, src, vars)
			if len(t.Lines) == 0 {
				continue
			}
			path := fileHops
			if path == nil {
				names := make([]string, 0, len(vars))
				for v := range vars {
					names = append(names, v)
				}
				slices.Sort(names)
				for _, v := range names {
					if usesTaintedName(a.facts(next.Run), v) {
						path = via[v]
						break
					}
				}
			}
			if path == nil {
				path = []hop{first}
			}
			a.flowSinks(next, t, path)
			pass(next, t, path)
		}
	}
}

func sortedHops(m map[string][]hop) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// usesTaintedName reports whether a script expands the variable.
func usesTaintedName(sf *scriptFacts, v string) bool {
	for _, us := range sf.uses {
		if slices.Contains(us, v) {
			return true
		}
	}
	return false
}

// flowSinks reports tainted data reaching eval, a shell's -c, a source, or
// an unquoted gh argument on a tainted line of s.
func (a *analysis) flowSinks(s *Step, t *taint, path []hop) {
	sf := a.facts(s.Run)
	tainted := map[int]bool{}
	for _, l := range t.Lines {
		tainted[l] = true
	}
	for _, c := range sf.calls {
		if !tainted[c.Line] || len(c.Words) == 0 {
			continue
		}
		sink := ""
		switch w := c.Words; {
		case w[0] == "eval" || w[0] == "source" || w[0] == ".":
			sink = w[0]
		case (w[0] == "sh" || w[0] == "bash" || w[0] == "zsh") && len(w) > 1 && w[1] == "-c":
			sink = w[0] + " -c"
		case w[0] == "gh":
			sink = unquotedTainted(c, t.Vars)
		}
		if sink == "" {
			continue
		}
		at := lineOf(s, c.Line)
		if a.reportedAt(aiOutputToShell, at) {
			continue
		}
		hops := append(slices.Clone(path), hop{at, "reaches " + sink + " in step " + s.Label()})
		f := a.report(aiOutputToShell, at, ev("sink", sink), "AI output reaches %s in step %q", sink, s.Label())
		f.Detail = hopDetail("Text the model produced is run as code or split into command arguments; a model that read attacker text can be made to answer with commands.", hops)
	}
}

// unquotedTainted returns "gh arguments" when a tainted variable reaches gh
// unquoted, so the shell splits it into arguments (`gh $CMD`,
// `gh pr edit $ARGS`); a double-quoted value (`--body "$ANSWER"`) is one
// argument of text and is not flagged.
func unquotedTainted(c shellCall, vars map[string]bool) string {
	for _, w := range c.Call.Args[1:] {
		tv := false
		for _, v := range wordVars(w) {
			if vars[v] {
				tv = true
			}
		}
		if !tv {
			continue
		}
		quoted := len(w.Parts) == 1
		if quoted {
			_, quoted = w.Parts[0].(*syntax.DblQuoted)
		}
		if !quoted {
			return "gh arguments"
		}
	}
	return ""
}

// reportedAt reports whether rule r already has a finding at pos.
func (a *analysis) reportedAt(r finding.Rule, pos Pos) bool {
	for _, f := range a.findings {
		if f.Rule == r.ID && f.Location.Path == pos.Path && f.Location.StartLine == pos.Line {
			return true
		}
	}
	return false
}
