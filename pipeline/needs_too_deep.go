package pipeline

import (
	"github.com/tollgate-dev/tollgate/finding"
)

var needsTooDeep = finding.Rule{
	ID:      "ci/needs-too-deep",
	Title:   "Chain of needs too long",
	Default: finding.Low,
	Doc: "A chain of jobs linked by `needs:` is longer than the policy allows (default 4 links).\n" +
		"Each link waits for a fresh runner, so the pipeline's wall-clock time is the sum of the\n" +
		"chain, and a failure late in it reruns everything before.\n\n" +
		"Run independent jobs in parallel, merge short jobs that only hand artifacts along, or\n" +
		"move late stages to a separate workflow triggered on success. Threshold:\n" +
		"`pipelines { max_needs_depth = 6 }`.",
	Controls: []string{"SOC2:A1.1"},
}

func init() { register(needsTooDeep, checkNeedsTooDeep) }

func checkNeedsTooDeep(a *analysis) {
	for _, p := range a.workflows() {
		byID := map[string]*Job{}
		for _, j := range p.Jobs {
			byID[j.ID] = j
		}
		memo := map[string]int{}
		var depth func(id string, stack map[string]bool) int
		depth = func(id string, stack map[string]bool) int {
			if d, ok := memo[id]; ok {
				return d
			}
			j := byID[id]
			if j == nil || stack[id] {
				return 0
			}
			stack[id] = true
			best := 0
			for _, n := range j.Needs {
				if byID[n] != nil {
					best = max(best, 1+depth(n, stack))
				}
			}
			delete(stack, id)
			memo[id] = best
			return best
		}
		var worst *Job
		worstD := 0
		for _, j := range p.Jobs {
			if d := depth(j.ID, map[string]bool{}); d > worstD {
				worst, worstD = j, d
			}
		}
		if worst != nil && worstD > a.opts.MaxNeedsDepth {
			pos := worst.NeedsPos
			if pos.IsZero() {
				pos = worst.Pos
			}
			a.report(needsTooDeep, pos, ev("depth", itoa(worstD)), "job %q ends a chain of %d needs (limit %d)", worst.ID, worstD, a.opts.MaxNeedsDepth)
		}
	}
}
