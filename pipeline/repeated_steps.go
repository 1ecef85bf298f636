package pipeline

import (
	"encoding/binary"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var repeatedSteps = finding.Rule{
	ID:      "ci/repeated-steps",
	Title:   "Step sequence repeated across files",
	Default: finding.Low,
	Doc: "The same sequence of three or more steps (the same actions and the same commands, in\n" +
		"order) appears in three or more workflow files (GitLab: three or more jobs). Copies\n" +
		"drift: one gets the security fix or the version bump, the others do not.\n\n" +
		"Move the sequence into a composite action (`.github/actions/<name>/action.yml`) or a\n" +
		"reusable workflow; in GitLab, into a hidden job used with `extends:` or an `include:`d\n" +
		"template. Thresholds: `pipelines { min_repeat_files = 4 }`. Action versions (`@v4` vs\n" +
		"`@v5`) are ignored when comparing, so drifted copies are found too.\n\n" +
		"Pedantic: this is maintenance advice, not a risk, so it is reported at info and marked\n" +
		"pedantic (shown by `--persona pedantic` and `auditor`, hidden by the default `regular`,\n" +
		"never failing the default `fail_on`).",
	Controls: []string{"SOC2:CC8.1"},
}

func init() { register(repeatedSteps, checkRepeatedSteps) }

// stepKey identifies a step for repetition: the action without its ref, or
// the script with its white space collapsed.
// stepIDs numbers steps by what they do (stepKeyOf): two steps get the
// same number when their keys are equal, so a window of steps is compared
// by its numbers rather than by joining the steps' whole scripts.
type stepIDs struct {
	byKey  map[string]uint32
	byStep map[*Step]uint32
}

func (ids *stepIDs) of(s *Step) uint32 {
	if id, ok := ids.byStep[s]; ok {
		return id
	}
	k := stepKeyOf(s)
	id, ok := ids.byKey[k]
	if !ok {
		id = uint32(len(ids.byKey))
		ids.byKey[k] = id
	}
	ids.byStep[s] = id
	return id
}

// window appends to buf the key of the n steps from i: their numbers.
func (ids *stepIDs) window(buf []byte, steps []*Step, i, n int) []byte {
	buf = buf[:0]
	for k := range n {
		buf = binary.LittleEndian.AppendUint32(buf, ids.of(steps[i+k]))
	}
	return buf
}

func stepKeyOf(s *Step) string {
	if s.Uses != "" {
		name, _, _ := strings.Cut(s.Uses, "@")
		return "uses " + strings.ToLower(name)
	}
	// "run " and the script's fields joined by one space, built in one
	// allocation.
	var b strings.Builder
	b.Grow(len("run ") + len(s.Run))
	b.WriteString("run ")
	sep := false
	for f := range strings.FieldsSeq(s.Run) {
		if sep {
			b.WriteByte(' ')
		}
		b.WriteString(f)
		sep = true
	}
	return b.String()
}

func checkRepeatedSteps(a *analysis) {
	n := a.opts.MinRepeatLength
	type occ struct {
		job   *Job
		start int
	}
	// Windows are grouped by the numbers of their steps; a group is an
	// index into occs.
	groups := map[string]int{}
	var occs [][]occ
	ids := &stepIDs{byKey: map[string]uint32{}, byStep: map[*Step]uint32{}}
	var buf []byte
	for _, p := range a.workflows() {
		for _, j := range p.Jobs {
			for i := 0; i+n <= len(j.Steps); i++ {
				buf = ids.window(buf, j.Steps, i, n)
				g, ok := groups[string(buf)]
				if !ok {
					g = len(occs)
					groups[string(buf)] = g
					occs = append(occs, nil)
				}
				occs[g] = append(occs[g], occ{j, i})
			}
		}
	}
	// Each group is judged once: a pipeline of one step repeated many
	// times has as many windows as steps, all in one group.
	var qualifiesOnce func(os []occ) bool
	judged := make([]int8, len(occs)) // 0 not yet, 1 yes, -1 no
	places := make([][]string, len(occs))
	qualifies := func(g int) bool {
		if judged[g] == 0 {
			judged[g] = -1
			if qualifiesOnce(occs[g]) {
				judged[g] = 1
			}
		}
		return judged[g] > 0
	}
	where := func(g int) []string {
		if w := places[g]; w != nil {
			return w
		}
		seen := map[string]bool{}
		var w []string
		for _, o := range occs[g] {
			p := o.job.Pipeline.Path + ":" + o.job.ID
			if !seen[p] {
				seen[p] = true
				w = append(w, p)
			}
		}
		slices.Sort(w)
		places[g] = w
		return w
	}
	qualifiesOnce = func(os []occ) bool {
		files, sources := map[string]bool{}, map[Pos]bool{}
		gitlab := false
		for _, o := range os {
			files[o.job.Pipeline.Path] = true
			// Steps that come from one YAML anchor, template or include
			// share their source position: that is reuse, not a copy.
			sources[o.job.Steps[o.start].Pos] = true
			gitlab = gitlab || o.job.Pipeline.Kind == GitLab
		}
		if gitlab {
			return len(sources) >= a.opts.MinRepeatFiles
		}
		return len(files) >= a.opts.MinRepeatFiles && len(sources) >= a.opts.MinRepeatFiles
	}
	for _, p := range a.workflows() {
		for _, j := range p.Jobs {
			covered := -1
			for i := 0; i+n <= len(j.Steps); i++ {
				if i <= covered {
					continue
				}
				buf = ids.window(buf, j.Steps, i, n)
				g := groups[string(buf)]
				if !qualifies(g) {
					continue
				}
				where := where(g)
				fix := "a composite action or reusable workflow"
				if p.Kind == GitLab {
					fix = "a hidden job with extends or an include"
				}
				f := a.report(repeatedSteps, j.Steps[i].Pos, ev("occurrences", strings.Join(where, ", ")),
					"these %d steps are repeated in %d jobs; move them into %s", n, len(where), fix)
				// Maintenance advice, not a risk: pedantic.
				f.Severity = finding.Info
				finding.MarkPedantic(f)
				covered = i + n - 1
			}
		}
	}
}
