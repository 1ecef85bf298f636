package pipeline

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var aiOutputAutoMerged = finding.Rule{
	ID:      "ci/ai-output-auto-merged",
	Title:   "AI output merged, pushed, applied or deployed with no human gate",
	Default: finding.High,
	Doc: "An AI step's output reaches the repository or production with nobody looking at it:\n" +
		"after an AI step in the same job, or in a job that depends on the AI job,\n\n" +
		"- `gh pr merge` (`--auto`, `--admin`) or `glab mr merge` merges a pull request;\n" +
		"- an auto-merge or auto-approve action (peter-evans/enable-pull-request-automerge,\n" +
		"  pascalgn/automerge-action, hmarr/auto-approve-action…) runs;\n" +
		"- `git push` targets a protected-looking branch (main, master, release…, the default\n" +
		"  branch) or, with no branch named, the branch a push or issue event checked out;\n" +
		"- `terraform apply -auto-approve` (or a saved plan) applies what the agent proposed;\n" +
		"- a deploy runs with no environment or manual approval on its job or between the AI\n" +
		"  job and it.\n\n" +
		"This is automation bias built into the pipeline: the model's suggestion is applied\n" +
		"because it was produced. For merges and pushes, an approval before the AI step runs (an\n" +
		"environment on the AI job) does not count: the person approves the run, not the output.\n" +
		"`--auto` waits for\n" +
		"the branch protection's required reviews when there are any; that setting lives outside\n" +
		"the repository, so the merge is reported.\n\n" +
		"Let the agent open a pull request and leave merging to a reviewer, or put the merge or\n" +
		"deploy in a job with an environment that has required reviewers:\n\n" +
		"```yaml\n  merge:\n    needs: agent\n    environment: ai-review   # required reviewers see the diff first\n```",
	Controls: []string{"EU-AI-Act:Art.14", "NIST-AI-RMF:MAP-3.5", "NIST-AI-RMF:GOVERN-3.2", "ISO42001:A.9.2", "SOC2:CC8.1"},
}

func init() { register(aiOutputAutoMerged, checkAIOutputAutoMerged) }

var (
	protectedRef = lazyre.New(`^\+?(?:HEAD:)?(?:refs/heads/)?(?:main|master|trunk|develop|production|prod|stable|release[-/\w.]*)$`)
	defaultRef   = lazyre.New(`CI_DEFAULT_BRANCH|default_branch|CI_COMMIT_BRANCH|github\.ref_name|GITHUB_REF_NAME`)
	autoMergers  = []string{"peter-evans/enable-pull-request-automerge", "pascalgn/automerge-action", "reitermarkus/automerge", "hmarr/auto-approve-action", "juliangruber/approve-pull-request-action", "fastify/github-action-merge-dependabot"}
)

// sink is what applies an AI step's output.
type sink struct {
	pos  Pos
	what string
}

// stepSinks returns what a step does with the output before it.
func (a *analysis) stepSinks(s *Step, branchMade bool) []sink {
	var out []sink
	bare, _, _ := strings.Cut(s.Uses, "@")
	name := strings.ToLower(bare)
	for _, m := range autoMergers {
		if name == m {
			out = append(out, sink{s.Where(), "runs " + m})
		}
	}
	for _, c := range a.commands(s) {
		at := lineOf(s, c.Line)
		if s.Origin != nil {
			at = s.Where()
		}
		switch {
		case c.has("gh", "pr", "merge"), c.has("glab", "mr", "merge"):
			what := "gh pr merge"
			if c.tool() == "glab" {
				what = "glab mr merge"
			}
			for _, f := range []string{"--auto", "--admin", "--auto-merge", "--when-pipeline-succeeds"} {
				if c.flag(f) {
					what += " " + f
				}
			}
			out = append(out, sink{at, what})
		case c.has("gh", "pr", "review") && c.flag("--approve", "-a"):
			out = append(out, sink{at, "gh pr review --approve"})
		case c.has("git", "push"):
			pos := c.positional()[2:]
			line := lineText(s, c.Line)
			target := ""
			for _, w := range pos {
				if protectedRef.MatchString(w) {
					target = w
				}
			}
			if target == "" && defaultRef.MatchString(line) {
				target = "the default branch"
			}
			if target == "" && len(pos) <= 1 && !branchMade && !c.flag("--tags", "--delete", "-d") && !prEvents(s.Job.Pipeline) {
				target = "the checked-out branch"
			}
			if target != "" {
				out = append(out, sink{at, "git push to " + target})
			}
		case (c.has("terraform", "apply") || c.has("tofu", "apply")) && (c.flag("-auto-approve", "--auto-approve") || len(c.positional()) > 2):
			out = append(out, sink{at, c.tool() + " apply -auto-approve"})
		}
	}
	return out
}

// prEvents reports whether a pipeline runs on pull requests, where a bare
// `git push` goes to the pull request's branch.
func prEvents(p *Pipeline) bool {
	for _, t := range p.EffectiveTriggers() {
		if strings.HasPrefix(t, "pull_request") || t == "merge_request_event" {
			return true
		}
	}
	return false
}

// makesBranch reports whether a step creates a branch to push to.
func (a *analysis) makesBranch(s *Step) bool {
	for _, c := range a.commands(s) {
		if (c.has("git", "checkout") && c.flag("-b", "-B")) || (c.has("git", "switch") && c.flag("-c", "-C", "--create")) || c.has("git", "branch") {
			return true
		}
	}
	return false
}

func checkAIOutputAutoMerged(a *analysis) {
	g := a.gateInventory()
	gr := a.newGraph()
	var jobs []*Job
	for _, p := range a.workflows() {
		jobs = append(jobs, p.Jobs...)
	}
	ups := map[*Job][]*Job{}
	upstream := func(j *Job) []*Job {
		if u, ok := ups[j]; ok {
			return u
		}
		u := gr.upstream(j, false)
		ups[j] = u
		return u
	}
	deploysOf := map[*Job][]*deployUse{}
	for _, d := range g.deploys {
		deploysOf[d.Job] = append(deploysOf[d.Job], d)
	}
	reported := map[Pos]bool{}
	for _, u := range a.ai {
		if u.Step == nil || !(u.Strong() || u.Agent()) {
			continue
		}
		aj := u.Job
		report := func(sk sink, job *Job) {
			if reported[sk.pos] {
				return
			}
			reported[sk.pos] = true
			e := ev("ai_step", u.label(), "ai_job", aj.ID, "action", sk.what, "job", job.ID)
			a.report(aiOutputAutoMerged, sk.pos, e, "%s applies the output of AI step %q with no human gate", sk.what, u.label())
		}
		// The same job, after the AI step: no person can look in between.
		all := aj.AllSteps()
		i := slices.Index(all, u.Step)
		branch := false
		for _, s := range all[i+1:] {
			if a.makesBranch(s) {
				branch = true
			}
			for _, sk := range a.stepSinks(s, branch) {
				report(sk, aj)
			}
		}
		// A deploy (not a merge or push) in a job with an environment or
		// a manual start has a person approving it.
		for _, d := range deploysOf[aj] {
			if d.idx > i && approvalOf(aj) == "" {
				report(sink{d.Pos, "deploy " + quote(d.What)}, aj)
			}
		}
		// Jobs downstream of the AI job, unless a job with an approval
		// stands between (or is the job itself).
		for _, j := range jobs {
			if j == aj || !slices.Contains(upstream(j), aj) {
				continue
			}
			if approvalOf(j) != "" {
				continue
			}
			between := false
			for _, x := range upstream(j) {
				if approvalOf(x) != "" && x != aj && slices.Contains(upstream(x), aj) {
					between = true
				}
			}
			if between {
				continue
			}
			branch := false
			for _, s := range j.AllSteps() {
				if a.makesBranch(s) {
					branch = true
				}
				for _, sk := range a.stepSinks(s, branch) {
					report(sk, j)
				}
			}
			for _, d := range deploysOf[j] {
				report(sink{d.Pos, "deploy " + quote(d.What)}, j)
			}
		}
	}
}
