package pipeline

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tollgate-dev/tollgate/finding"
)

// analyseStats analyses in-memory files and returns the work done too.
func analyseStats(t *testing.T, files map[string]string) (*Result, workStats) {
	t.Helper()
	fsys := fstest.MapFS{}
	var paths []string
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	res, st, err := analyze(context.Background(), fsys, paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res, st
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func rules(res *Result, id string) []finding.Finding {
	var out []finding.Finding
	for _, f := range res.Findings {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

// mutualComposite is the shape of issue 11: two local composite actions
// that each use the other fanOut times, and a workflow using the first.
// Followed without memo, it expands as fanOut^depth.
func mutualComposite(fanOut int) map[string]string {
	action := func(name, other string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "name: %s\nruns:\n  using: composite\n  steps:\n", name)
		for range fanOut {
			fmt.Fprintf(&b, "    - uses: ./.github/actions/%s\n", other)
		}
		return b.String()
	}
	return map[string]string{
		".github/actions/a/action.yml": action("a", "b"),
		".github/actions/b/action.yml": action("b", "a"),
		".github/workflows/w.yml": "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n" +
			"      - uses: ./.github/actions/a\n      - uses: ./.github/actions/b\n",
	}
}

func TestMutualCompositeIsLinear(t *testing.T) {
	for _, fanOut := range []int{1, 2, 8, 10, 40} {
		t.Run(fmt.Sprint(fanOut), func(t *testing.T) {
			files := mutualComposite(fanOut)
			size := 0
			for _, s := range files {
				size += len(s)
			}
			var res *Result
			var st workStats
			alloc := allocated(func() { res, st = analyseStats(t, files) })
			// Each file is resolved once, whatever the fan-out.
			if st.Resolved != 3 {
				t.Errorf("%d bytes: %d resolutions, want 3 (one per file)", size, st.Resolved)
			}
			// a is resolved first (path order); each of b's uses of a
			// closes the cycle and is reported there, and not followed.
			cycles := rules(res, referenceCycle.ID)
			if len(cycles) != fanOut {
				t.Fatalf("%d cycle findings, want %d: %v", len(cycles), fanOut, cycles)
			}
			for _, f := range cycles {
				if f.Location.Path != ".github/actions/b/action.yml" || f.Evidence["target"] != ".github/actions/a/action.yml:1" {
					t.Errorf("cycle finding at %v, target %q", f.Location, f.Evidence["target"])
				}
			}
			// a inlines b's fanOut steps per use (fanOut²); the workflow
			// inlines a (fanOut + fanOut²) and b (fanOut); b nothing.
			want := 2 * (fanOut + fanOut*fanOut)
			if st.Expanded != want {
				t.Errorf("expanded %d steps, want %d", st.Expanded, want)
			}
			if alloc > 64<<20 && !raceEnabled {
				t.Errorf("allocated %d MB for %d bytes of YAML", alloc>>20, size)
			}
		})
	}
}

// TestDiamondResolvedOnce checks the ok/ diamonds: two actions using the
// same third one, two jobs calling the same reusable workflow, includes and
// templates shared by two others. Nothing is reported and each file is
// resolved once.
func TestDiamondResolvedOnce(t *testing.T) {
	res := analyseDir(t, "testdata/ok/diamond-github")
	fsys := fstest.MapFS{}
	_ = fsys
	for _, f := range res.Findings {
		t.Errorf("unexpected finding %v", f)
	}
	var ci, shared *Pipeline
	for _, p := range res.Pipelines {
		switch p.Path {
		case ".github/workflows/ci.yml":
			ci = p
		case ".github/workflows/shared.yml":
			shared = p
		}
	}
	if ci == nil || shared == nil {
		t.Fatalf("pipelines %v", res.Pipelines)
	}
	// Each use of b and c inlines their steps, and d's after their use of d.
	var got []string
	for _, s := range ci.Jobs[0].AllSteps() {
		got = append(got, s.Label())
	}
	want := []string{
		"./.github/actions/b", "./.github/actions/d", "echo d", "echo b",
		"./.github/actions/c", "./.github/actions/d", "echo d", "echo c",
		"./.github/actions/b", "./.github/actions/d", "echo d", "echo b",
	}
	if !slices.Equal(got, want) {
		t.Errorf("expanded steps %q, want %q", got, want)
	}
	if len(shared.Callers) != 2 || ci.Jobs[1].Callee != shared || ci.Jobs[2].Callee != shared {
		t.Errorf("shared workflow callers %d", len(shared.Callers))
	}
	d := ci.Jobs[0].AllSteps()[2]
	if d.Origin != ci.Jobs[0].Steps[0] {
		t.Errorf("d's origin is %v, want the first step", d.Origin)
	}

	gl := analyseDir(t, "testdata/ok/diamond-gitlab")
	for _, f := range gl.Findings {
		t.Errorf("unexpected finding %v", f)
	}
	if len(gl.Pipelines) != 1 {
		t.Fatalf("pipelines %v", gl.Pipelines)
	}
	steps := map[string][]string{}
	for _, j := range gl.Pipelines[0].Jobs {
		for _, s := range j.Steps {
			steps[j.ID] = append(steps[j.ID], s.Run)
		}
	}
	wantGL := map[string][]string{
		"x": {"echo x"}, "y": {"echo common"}, "build": {"echo base"},
		"check": {"echo base", "echo base", "echo base"},
	}
	for id, w := range wantGL {
		if !slices.Equal(steps[id], w) {
			t.Errorf("job %q steps %q, want %q", id, steps[id], w)
		}
	}
}

func TestDiamondWork(t *testing.T) {
	files := map[string]string{
		".github/workflows/ci.yml": "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: ./b\n      - uses: ./c\n",
		"b/action.yml":             "runs:\n  using: composite\n  steps:\n    - uses: ./d\n",
		"c/action.yml":             "runs:\n  using: composite\n  steps:\n    - uses: ./d\n",
		"d/action.yml":             "runs:\n  using: composite\n  steps:\n    - run: echo d\n",
	}
	res, st := analyseStats(t, files)
	if st.Resolved != 4 {
		t.Errorf("%d resolutions, want 4", st.Resolved)
	}
	if c := rules(res, referenceCycle.ID); len(c) != 0 {
		t.Errorf("a diamond is no cycle: %v", c)
	}
	// Only the workflow is listed: the actions are loaded once each.
	res, st = analyseStats(t, map[string]string{".github/workflows/ci.yml": files[".github/workflows/ci.yml"]})
	_ = res
	if st.Loaded != 0 {
		t.Errorf("loaded %d files from a missing tree", st.Loaded)
	}
}

func TestCompositeLoadedOnce(t *testing.T) {
	fsys := fstest.MapFS{}
	for p, s := range map[string]string{
		".github/workflows/ci.yml": "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: ./b\n      - uses: ./c\n      - uses: ./b\n",
		"b/action.yml":             "runs:\n  using: composite\n  steps:\n    - uses: ./d\n",
		"c/action.yml":             "runs:\n  using: composite\n  steps:\n    - uses: ./d\n",
		"d/action.yml":             "runs:\n  using: composite\n  steps:\n    - run: echo d\n    - uses: ./b\n",
	} {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	res, st, err := analyze(context.Background(), fsys, []string{".github/workflows/ci.yml"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Loaded != 3 || st.Resolved != 4 {
		t.Errorf("loaded %d, resolved %d; want 3 and 4", st.Loaded, st.Resolved)
	}
	// ci → b → d → b closes the cycle, at d's use of b.
	c := rules(res, referenceCycle.ID)
	if len(c) != 1 || c[0].Location.Path != "d/action.yml" || c[0].Location.StartLine != 5 || c[0].Evidence["cycle"] != "b/action.yml → d/action.yml → b/action.yml" {
		t.Errorf("cycle findings %v", c)
	}
}

func TestReusableWorkflowCycle(t *testing.T) {
	res, st := analyseStats(t, map[string]string{
		".github/workflows/a.yml": "on: [push, workflow_call]\njobs:\n  j:\n    uses: ./.github/workflows/b.yml\n",
		".github/workflows/b.yml": "on: workflow_call\njobs:\n  j:\n    uses: ./.github/workflows/a.yml@main\n  k:\n    uses: ./.github/workflows/b.yml\n",
	})
	if st.Resolved != 2 {
		t.Errorf("%d resolutions, want 2", st.Resolved)
	}
	var got []string
	for _, f := range rules(res, referenceCycle.ID) {
		got = append(got, fmt.Sprintf("%s:%d %s", f.Location.Path, f.Location.StartLine, f.Evidence["cycle"]))
	}
	want := []string{
		".github/workflows/b.yml:4 .github/workflows/a.yml → .github/workflows/b.yml → .github/workflows/a.yml",
		".github/workflows/b.yml:6 .github/workflows/b.yml → .github/workflows/b.yml",
	}
	if !slices.Equal(got, want) {
		t.Errorf("cycles\n%q\nwant\n%q", got, want)
	}
}

// TestCallerGraphIsLinear chains reusable workflows, each called by many
// jobs of the one before: the paths through the graph are fanOut^depth,
// but permissions, triggers and minutes cost its size.
func TestCallerGraphIsLinear(t *testing.T) {
	const depth, fanOut = 10, 30
	files := map[string]string{}
	for i := range depth {
		var b strings.Builder
		b.WriteString("on: [push, workflow_call]\njobs:\n")
		for k := range fanOut {
			fmt.Fprintf(&b, "  j%d:\n    uses: ./.github/workflows/w%d.yml\n", k, i+1)
		}
		files[fmt.Sprintf(".github/workflows/w%d.yml", i)] = b.String()
	}
	files[fmt.Sprintf(".github/workflows/w%d.yml", depth)] = "on: workflow_call\njobs:\n  ai:\n    runs-on: x\n    steps:\n      - uses: anthropics/claude-code-action@v1\n"
	var res *Result
	alloc := allocated(func() { res, _ = analyseStats(t, files) })
	if len(res.AISteps) != 1 || res.AISteps[0].Permissions[0] != "default (repository setting)" {
		t.Errorf("AI steps %+v", res.AISteps)
	}
	if alloc > 64<<20 && !raceEnabled {
		t.Errorf("allocated %d MB", alloc>>20)
	}
}

func TestGitLabCycles(t *testing.T) {
	res, _ := analyseStats(t, map[string]string{
		".gitlab-ci.yml": "include: ci/a.yml\njob:\n  extends: job\n  script: [make]\n",
		"ci/a.yml":       "include:\n  - local: .gitlab-ci.yml\n  - local: ci/a.yml\n.t:\n  script: [echo]\n",
	})
	var got []string
	for _, f := range rules(res, referenceCycle.ID) {
		got = append(got, fmt.Sprintf("%s:%d %s", f.Location.Path, f.Location.StartLine, f.Message))
	}
	want := []string{
		`.gitlab-ci.yml:3 reference to template "job" (.gitlab-ci.yml:2) closes a cycle: job → job; it is not followed`,
		`ci/a.yml:2 reference to include ".gitlab-ci.yml" closes a cycle: .gitlab-ci.yml → ci/a.yml → .gitlab-ci.yml; it is not followed`,
		`ci/a.yml:3 reference to include "ci/a.yml" closes a cycle: ci/a.yml → ci/a.yml; it is not followed`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("cycles\n%q\nwant\n%q", got, want)
	}
}

// referenceBomb returns a GitLab file whose !reference chain expands to
// fanOut^depth script entries, and extends chain nests depth levels with
// fanOut parents each.
func referenceBomb(depth, fanOut int) string {
	var b strings.Builder
	b.WriteString(".r0:\n  script: [echo]\n.t0:\n  variables: {A: a}\n  script: [echo]\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, ".r%d:\n  script:\n", i)
		for range fanOut {
			fmt.Fprintf(&b, "    - !reference [.r%d, script]\n", i-1)
		}
		fmt.Fprintf(&b, ".t%d:\n  extends: [", i)
		for k := range fanOut {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, ".t%d", i-1)
		}
		b.WriteString("]\n")
	}
	for k := range 50 {
		fmt.Fprintf(&b, "job%d:\n  extends: .t%d\n  script: [!reference [.r%d, script]]\n", k, depth, depth)
	}
	return b.String()
}

func TestGitLabReferenceBombIsBounded(t *testing.T) {
	src := referenceBomb(9, 10) // 10^9 entries per job if expanded
	var res *Result
	var st workStats
	alloc := allocated(func() { res, st = analyseStats(t, map[string]string{".gitlab-ci.yml": src}) })
	if lines := strings.Count(src, "\n"); st.Model > maxModel+lines+1 {
		t.Errorf("model of %d units, over the bound %d", st.Model, maxModel+lines)
	}
	if st.Merged > maxWork {
		t.Errorf("merge work %d, over the bound %d", st.Merged, maxWork)
	}
	var capped bool
	for _, f := range rules(res, expansionLimit.ID) {
		capped = capped || strings.Contains(f.Message, "!reference [.r5, script] expands to more than 10000 script entries") && f.Location.StartLine > 1
	}
	if !capped {
		t.Errorf("no %s finding on .r5: %v", expansionLimit.ID, res.Findings)
	}
	t.Logf("allocated %d MB", alloc>>20)
	if alloc > 256<<20 && !raceEnabled {
		t.Errorf("allocated %d MB on %d bytes", alloc>>20, len(src))
	}
}

// TestAliasedStepsAreBounded aliases one long step list into many jobs:
// few alias dereferences, but each reaches a thousand nodes.
func TestAliasedStepsAreBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("on: push\n.s: &s\n")
	for range 2000 {
		b.WriteString("  - run: echo\n")
	}
	b.WriteString("jobs:\n")
	for k := range 5000 {
		fmt.Fprintf(&b, "  j%d: {runs-on: x, steps: *s}\n", k)
	}
	var res *Result
	alloc := allocated(func() {
		res, _ = analyseStats(t, map[string]string{
			".github/workflows/bomb.yml": b.String(),
			".github/workflows/ok.yml":   "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n",
		})
	})
	t.Logf("allocated %d MB", alloc>>20)
	if alloc > 256<<20 && !raceEnabled {
		t.Errorf("allocated %d MB on %d bytes", alloc>>20, b.Len())
	}
	var bomb, other bool
	for _, f := range res.Findings {
		// Reported at the alias where the budget ran out, in the jobs.
		bomb = bomb || f.Rule == finding.ParseError.ID && f.Location.Path == ".github/workflows/bomb.yml" && f.Location.StartLine > 2003
		other = other || f.Location.Path == ".github/workflows/ok.yml"
	}
	if !bomb || !other {
		t.Errorf("want a parse/error on the bomb's jobs and the other file analysed: %v", res.Findings)
	}
}

// nested returns a block mapping nested depth levels deep under key x,
// each level one space further in than indent.
func nested(indent, depth int, leaf string) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat(" ", indent+i) + "x:")
		if i == depth-1 {
			b.WriteString(" " + leaf)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestDeepNesting(t *testing.T) {
	flow := "on: push\njobs: " + strings.Repeat("[", 50_000) + strings.Repeat("]", 50_000) + "\n"
	gitlab := ".a:\n" + nested(2, 3000, "1") + "j:\n  extends: .a\n  script: [x]\n" + nested(2, 3000, "2")
	res := analyseMap(t, map[string]string{
		".github/workflows/flow.yml": flow,
		".gitlab-ci.yml":             gitlab,
		".github/workflows/ok.yml":   "on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n",
	})
	var flowErr, other bool
	for _, f := range res.Findings {
		if f.Location.Path == ".github/workflows/flow.yml" && f.Rule == finding.ParseError.ID && f.Location.StartLine == 2 && strings.Contains(f.Message, "depth") {
			flowErr = true
		}
		other = other || f.Location.Path == ".github/workflows/ok.yml"
	}
	if !flowErr || !other {
		t.Errorf("want a parse/error with its line on the deep file and the other file analysed: %v", res.Findings)
	}
	var gl *Pipeline
	for _, p := range res.Pipelines {
		if p.Kind == GitLab {
			gl = p
		}
	}
	if gl == nil || len(gl.Jobs) != 1 || len(gl.Jobs[0].Steps) != 1 {
		t.Fatalf("gitlab pipeline not built from the deep file: %+v", gl)
	}
}
