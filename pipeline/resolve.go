package pipeline

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
)

// Following references between files is where a small hostile repository
// can cost unbounded work: two composite actions that use each other a few
// times each expand exponentially if every use is followed anew. So every
// resolver here memoizes (each file or template is resolved once), detects
// cycles (a reference to something still being resolved is reported and
// not followed) and counts what it inlines against a bound.

// resolveState is a pipeline's place in the resolution of references.
type resolveState uint8

const (
	unresolved resolveState = iota
	resolving               // on the stack
	resolved
)

// cycle is a reference that is not followed because it leads back to a
// file or template still being resolved: the reference at At closes the
// cycle; Target is what it names.
type cycle struct {
	at Pos
	// kind is what is referred to: "composite action", "reusable
	// workflow", "include", "template" (extends) or "!reference".
	kind      string
	target    string
	targetPos Pos
	// chain is the path of references from target back to it, the last
	// element being target again.
	chain []string
}

// limit is an expansion stopped at its bound.
type limit struct {
	at  Pos
	msg string
}

// Bounds on expansion. Real repositories stay orders of magnitude below
// them; anything above is generated or hostile, and is analysed in part.
const (
	// maxExpandedSteps bounds the steps inlined from local composite
	// actions into the jobs of one pipeline.
	maxExpandedSteps = 10_000
	// maxTotalExpandedSteps bounds them over the whole analysis.
	maxTotalExpandedSteps = 200_000
	// maxReferenceEntries bounds the script entries one !reference
	// expands to.
	maxReferenceEntries = 10_000
	// maxExtendsDepth bounds the nesting of GitLab extends (GitLab itself
	// allows 11 levels), so the recursion stays shallow whatever the file.
	maxExtendsDepth = 64
)

// resolve links the local composite actions and reusable workflows pl
// refers to, resolving each of them in turn. A pipeline is resolved once;
// a reference back to one still on the stack closes a cycle: it is
// recorded and left unlinked, so the model's references form a DAG.
func (l *loader) resolve(pl *Pipeline) {
	if pl == nil || l.state[pl] != unresolved {
		return
	}
	l.state[pl] = resolving
	l.stack = append(l.stack, pl)
	l.stats.Resolved++
	for _, j := range pl.Jobs {
		if pl.Kind == GitHub && strings.HasPrefix(j.Uses, "./") && j.Callee == nil {
			if callee := l.workflowTarget(j); callee != nil && !l.closes(callee, j.UsesPos, "reusable workflow") {
				j.Callee = callee
				callee.Callers = append(callee.Callers, j)
				l.resolve(callee)
			}
		}
		for _, s := range j.Steps {
			if s.Action != nil || !strings.HasPrefix(s.Uses, "./") {
				continue
			}
			if a := l.actionTarget(s); a != nil && !l.closes(a, s.UsesPos, "composite action") {
				s.Action = a
				l.resolve(a)
			}
		}
	}
	l.stack = l.stack[:len(l.stack)-1]
	l.state[pl] = resolved
}

// workflowTarget returns the local reusable workflow a job calls, or nil.
func (l *loader) workflowTarget(j *Job) *Pipeline {
	target := path.Clean(strings.TrimPrefix(j.Uses, "./"))
	if at := strings.IndexByte(target, '@'); at >= 0 {
		target = target[:at]
	}
	if kindOf(target) != GitHub || l.loadQuiet(target, j.UsesPos) == nil {
		return nil
	}
	return l.pipeline(target)
}

// actionTarget returns the local action a step uses, or nil.
func (l *loader) actionTarget(s *Step) *Pipeline {
	dir := path.Clean(strings.TrimPrefix(s.Uses, "./"))
	for _, name := range []string{"action.yml", "action.yaml"} {
		p := path.Join(dir, name)
		if f, ok := l.files[p]; ok && f != nil {
			return l.pipeline(p)
		}
		if l.failed[p] {
			return nil
		}
		if _, err := fs.Stat(l.fsys, p); err != nil {
			continue
		}
		if l.loadQuiet(p, s.UsesPos) == nil {
			return nil
		}
		return l.pipeline(p)
	}
	return nil
}

// closes reports whether a reference at `at` to target closes a cycle, and
// records the cycle when it does.
func (l *loader) closes(target *Pipeline, at Pos, kind string) bool {
	if l.state[target] != resolving {
		return false
	}
	var chain []string
	for _, p := range l.stack[slices.Index(l.stack, target):] {
		chain = append(chain, p.Path)
	}
	tpos := Pos{Path: target.Path, Line: 1, Col: 1}
	l.cycles = append(l.cycles, cycle{at: at, kind: kind, target: target.Path, targetPos: tpos, chain: append(chain, target.Path)})
	return true
}

// expandAll inlines the steps of local composite actions into every job,
// once, within maxExpandedSteps per pipeline and maxTotalExpandedSteps in
// all; a pipeline that reaches a bound gets a limit and keeps its own
// steps.
func (l *loader) expandAll() {
	for _, p := range slices.Sorted(maps.Keys(l.built)) {
		pl := l.built[p]
		if pl == nil || pl.Kind == GitLab {
			continue
		}
		left := min(maxExpandedSteps, maxTotalExpandedSteps-l.expanded)
		start := left
		var cut *Step
		for _, j := range pl.Jobs {
			all, c := expandSteps(j, &left)
			j.all, j.expanded = all, true
			if cut == nil {
				cut = c
			}
		}
		l.expanded += start - left
		l.stats.Expanded += start - left
		if cut == nil {
			continue
		}
		msg := fmt.Sprintf("expanding local composite actions in %q goes beyond %d steps at %q; the rest is not expanded", pl.Path, maxExpandedSteps, cut.Uses)
		if start < maxExpandedSteps {
			msg = fmt.Sprintf("expanding local composite actions goes beyond %d steps in the whole scan at %q; the rest is not expanded", maxTotalExpandedSteps, cut.Uses)
		}
		l.limits = append(l.limits, limit{at: cut.UsesPos, msg: msg})
	}
}

// expandSteps returns the job's steps with the steps of local composite
// actions inlined after the step that uses them, depth-first, charging each
// inlined step to left. When left would go negative, expansion stops (the
// remaining steps are still listed) and the top-level step where it
// stopped is returned. An action already being expanded is not expanded
// again, so even a model with a cycle costs at most left.
func expandSteps(j *Job, left *int) (out []*Step, cut *Step) {
	active := map[*Pipeline]bool{}
	if j.Pipeline != nil {
		active[j.Pipeline] = true
	}
	var walk func(steps []*Step)
	walk = func(steps []*Step) {
		for _, s := range steps {
			out = append(out, s)
			if s.Action == nil || cut != nil || active[s.Action] {
				continue
			}
			active[s.Action] = true
			for _, aj := range s.Action.Jobs {
				if len(aj.Steps) > *left {
					cut = s
					for cut.Origin != nil {
						cut = cut.Origin
					}
					break
				}
				*left -= len(aj.Steps)
				expanded := make([]*Step, len(aj.Steps))
				for i, as := range aj.Steps {
					c := *as
					c.Origin = s
					if s.Origin != nil {
						c.Origin = s.Origin
					}
					c.Job = j
					expanded[i] = &c
				}
				walk(expanded)
			}
			delete(active, s.Action)
		}
	}
	walk(j.Steps)
	return out, cut
}
