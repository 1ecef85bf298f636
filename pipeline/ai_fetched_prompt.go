package pipeline

import (
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiFetchedPrompt = finding.Rule{
	ID:      "ci/ai-fetched-prompt",
	Title:   "Issue, PR or comment text fetched into an AI prompt",
	Default: finding.High,
	Doc: "A step fetches text outsiders write — `gh issue view/list`, `gh pr view/list/diff`,\n" +
		"`gh api …/comments` (issues, pulls, reviews, discussions, releases), `curl` or `wget` to\n" +
		"those GitHub API paths — and hands it to an AI step: through a shell\n" +
		"variable in the same script, a file, `$GITHUB_ENV` or a step output. Or the prompt of an\n" +
		"agent tells it to run those commands itself. Either way the issue or comment body is in\n" +
		"the model's context, and anyone who can open an issue on a public repository can write\n" +
		"instructions there (indirect prompt injection, vector C). Unlike `${{ github.event.* }}`\n" +
		"this does not depend on the trigger: the text is fetched, not received.\n\n" +
		"Keep the agent's token read-only, bound its tools, and treat what it returns as data (no\n" +
		"`eval`, no unquoted `gh` arguments). Fetch only fields outsiders cannot write (numbers,\n" +
		"labels, authors' association) when that is enough.\n\n" +
		"The detail prints the path hop by hop (file:line).",
	Controls: []string{"NIST-AI-RMF:MEASURE-2.7", "ISO42001:A.6.2.8", "EU-AI-Act:Art.15", "OWASP-LLM:LLM01"},
}

func init() { register(aiFetchedPrompt, checkAIFetchedPrompt) }

var (
	attackerAPIPath = lazyre.New(`/(?:comments|issues|pulls|reviews|discussions|releases)\b`)
	fetchInPrompt   = lazyre.New(`\bgh\s+(?:issue|pr)\s+(?:view|list|diff)\b|\bgh\s+api\s+\S*/(?:comments|issues|pulls|reviews|discussions)\b`)
)

// fetchSource reports whether a command reads text outsiders write from
// GitHub, and names it.
func fetchSource(c shellCall) string {
	w := c.Words
	if len(w) < 2 {
		return ""
	}
	switch w[0] {
	case "gh":
		switch {
		case (w[1] == "issue" || w[1] == "pr") && len(w) > 2 && (w[2] == "view" || w[2] == "list" || w[2] == "diff"):
			if w[2] != "diff" && safeJSONFields(w[3:]) {
				return ""
			}
			return "gh " + w[1] + " " + w[2]
		case w[1] == "api":
			for _, x := range callShapes(c)[2:] {
				if attackerAPIPath.MatchString(x) {
					return "gh api " + x
				}
			}
		}
	case "curl", "wget":
		for _, x := range callShapes(c)[1:] {
			if strings.Contains(x, "api.github.com") && attackerAPIPath.MatchString(x) {
				return w[0] + " " + x
			}
		}
	}
	return ""
}

// callShapes returns the shapes of a command's words (expansions as
// "$"), or its literal words when the syntax tree is not at hand.
func callShapes(c shellCall) []string {
	if c.Call == nil || len(c.Call.Args) != len(c.Words) {
		return c.Words
	}
	out := make([]string, len(c.Call.Args))
	for i, w := range c.Call.Args {
		out[i] = wordShape(w)
	}
	return out
}

// safeFields are `gh --json` fields outsiders cannot write.
var safeFields = []string{"number", "state", "labels", "author", "authorAssociation", "url", "createdAt", "updatedAt", "closedAt", "mergedAt",
	"id", "isDraft", "mergeable", "headRefOid", "baseRefName", "closed", "assignees", "milestone", "additions", "deletions",
	"changedFiles", "reviewDecision", "statusCheckRollup", "mergeStateStatus", "mergeCommit"}

// safeJSONFields reports whether a gh command asks only for fields outsiders
// cannot write (`--json number,labels`).
func safeJSONFields(args []string) bool {
	for i, a := range args {
		list, ok := strings.CutPrefix(a, "--json=")
		if !ok && a == "--json" && i+1 < len(args) {
			list, ok = args[i+1], true
		}
		if !ok {
			continue
		}
		for _, f := range strings.Split(list, ",") {
			if !slices.Contains(safeFields, strings.TrimSpace(f)) {
				return false
			}
		}
		return list != ""
	}
	return false
}

func checkAIFetchedPrompt(a *analysis) {
	for _, u := range a.ai {
		if u.Step == nil || !u.Strong() || u.Job.Pipeline.Kind != GitHub {
			continue
		}
		s := u.Step
		if s.Origin != nil {
			s = s.Origin
		}
		if a.fetchedInto(u, s) {
			continue
		}
		// The prompt tells an agent to fetch the text itself.
		if !u.Agent() {
			continue
		}
		texts := []KV{}
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
		for _, kv := range texts {
			if m := fetchInPrompt.FindString(kv.Value); m != "" {
				f := a.report(aiFetchedPrompt, kv.ValuePos, ev("command", m, "input", kv.Key),
					"prompt of AI step %q tells the agent to fetch attacker text with %q", u.label(), m)
				f.Detail = hopDetail("The agent runs the command and reads the issue, PR or comment text into its context.",
					[]hop{{kv.ValuePos, fmt.Sprintf("prompt (%s) asks for %q", kv.Key, m)}, {u.Pos, "agent step " + u.label() + " runs it"}})
				break
			}
		}
	}
}

// fetchedInto reports (once) fetched attacker text reaching the AI step s,
// from its own script or an earlier step of the job.
func (a *analysis) fetchedInto(u *AIUse, s *Step) bool {
	return a.flowInto(u, s, flowSpec{rule: aiFetchedPrompt, noun: "attacker text", steps: stepsBefore(u.Job, s),
		intro: "Text outsiders write is fetched", source: fetchSource})
}

// flowSpec says what flowInto follows: the rule it reports, how the data
// is called in messages, the earlier steps it may come from and the
// commands that produce it.
type flowSpec struct {
	rule   finding.Rule
	noun   string
	intro  string
	steps  []*Step
	source func(c shellCall) string
	// first, when set, replaces the path's first hop (the data came from
	// an earlier step than the one whose command reads it).
	first []hop
}

// flowInto reports (once) data from spec.source reaching the AI step s:
// in its own script (the AI command on a tainted line), or from an
// earlier step through a file, $GITHUB_ENV or a step output.
func (a *analysis) flowInto(u *AIUse, s *Step, spec flowSpec) bool {
	var src string
	var srcLine int
	source := func(c shellCall) bool {
		if n := spec.source(c); n != "" {
			if src == "" {
				src, srcLine = n, c.Line
			}
			return true
		}
		return false
	}
	target := stepText(s)
	r, noun := spec.rule, spec.noun
	// Same step: the AI command itself is on a tainted line.
	if u.CLILine != nil && s.Run != "" {
		src = ""
		t := a.propagate(s, source, nil)
		for _, l := range t.Lines {
			if lineOf(s, l) == u.CLILine.Pos {
				f := a.report(r, u.CLILine.Pos, ev("source", src), "%s from %q reaches AI step %q in its own script", noun, src, u.label())
				f.Detail = hopDetail(spec.intro+" and passed to the AI command.", append(slices.Clone(spec.first),
					hop{lineOf(s, srcLine), "read by " + src}, hop{u.CLILine.Pos, "AI command " + u.CLI.Name + " reads it"}))
				return true
			}
		}
	}
	for _, prev := range spec.steps {
		if prev.Run == "" {
			continue
		}
		src = ""
		t := a.propagate(prev, source, nil)
		if src == "" {
			continue
		}
		first := append(slices.Clone(spec.first), hop{lineOf(prev, srcLine), fmt.Sprintf("step %q reads %s", prev.Label(), src)})
		for _, file := range sortedKeys(t.Files) {
			if mentionsFile(target, file) {
				f := a.report(r, s.Pos, ev("source", src, "file", file), "%s from %q reaches AI step %q through file %q", noun, src, u.label(), file)
				f.Detail = hopDetail(spec.intro+" into a file the AI step reads.", append(first,
					hop{lineOf(prev, t.Files[file]), "written to " + file}, hop{s.Pos, "AI step " + u.label() + " reads " + file}))
				return true
			}
		}
		for _, name := range sortedKeys(t.Envs) {
			if usesEnv(target, name) || u.Agent() {
				f := a.report(r, s.Pos, ev("source", src, "env", name), "%s from %q reaches AI step %q through env %q set in $GITHUB_ENV", noun, src, u.label(), name)
				f.Detail = hopDetail(spec.intro+" into an environment variable the AI step receives.", append(first,
					hop{lineOf(prev, t.Envs[name]), "exported as " + name + " through $GITHUB_ENV"}, hop{s.Pos, "AI step " + u.label() + " reads env " + name}))
				return true
			}
		}
		if prev.ID != "" {
			for _, name := range sortedKeys(t.Outputs) {
				ref := "steps." + prev.ID + ".outputs." + name
				if strings.Contains(target, ref) || envHas(s.Env, ref) {
					f := a.report(r, s.Pos, ev("source", src, "output", ref), "%s from %q reaches AI step %q through output %q", noun, src, u.label(), ref)
					f.Detail = hopDetail(spec.intro+" into a step output the AI step's prompt uses.", append(first,
						hop{lineOf(prev, t.Outputs[name]), "set as output " + name}, hop{s.Pos, "AI step " + u.label() + " uses " + ref}))
					return true
				}
			}
		}
	}
	return false
}

func envHas(kvs []KV, text string) bool {
	for _, kv := range kvs {
		if strings.Contains(kv.Value, text) {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
