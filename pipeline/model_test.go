package pipeline

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func analyseMap(t *testing.T, files map[string]string) *Result {
	t.Helper()
	fsys := fstest.MapFS{}
	var paths []string
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
		paths = append(paths, p)
	}
	res, err := Analyze(context.Background(), fsys, paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestGitHubModel(t *testing.T) {
	res := analyseMap(t, map[string]string{
		".github/workflows/ci.yml": `on:
  pull_request_target:
    types: [opened]
  push:
jobs:
  build:
    runs-on: [self-hosted, windows]
    timeout-minutes: 30
    strategy:
      matrix:
        os: [a, b, c]
        go: [1, 2]
        exclude:
          - os: a
            go: 1
        include:
          - os: d
          - os: a
            extra: x
    steps:
      - uses: ./.github/actions/x
      - run: |
          echo one
          echo two
  call:
    uses: ./.github/workflows/reuse.yml
    secrets: inherit
`,
		".github/workflows/reuse.yml":  "on: workflow_call\njobs:\n  r:\n    runs-on: macos-latest\n    timeout-minutes: 2\n    steps:\n      - run: make\n",
		".github/actions/x/action.yml": "runs:\n  using: composite\n  steps:\n    - run: echo inner\n      shell: bash\n",
	})
	var ci, reuse *Pipeline
	for _, p := range res.Pipelines {
		switch p.Path {
		case ".github/workflows/ci.yml":
			ci = p
		case ".github/workflows/reuse.yml":
			reuse = p
		}
	}
	if ci == nil || reuse == nil {
		t.Fatalf("pipelines: %v", res.Pipelines)
	}
	if got := []string{ci.Triggers[0].Event, ci.Triggers[1].Event}; !cmp.Equal(got, []string{"pull_request_target", "push"}) {
		t.Errorf("triggers = %v", got)
	}
	b := ci.Jobs[0]
	if b.Matrix.Size != 6 { // 3*2 - 1 excluded + 1 new (d); the a/extra include extends
		t.Errorf("matrix size = %d, want 6", b.Matrix.Size)
	}
	if b.OS() != "windows" || b.Timeout != 30 {
		t.Errorf("os %s timeout %d", b.OS(), b.Timeout)
	}
	run := b.Steps[1]
	if run.RunLines[1].Text != "echo two" || run.RunLines[1].Pos.Line != 24 || run.RunLines[1].Pos.Col != 11 {
		t.Errorf("run line 2 = %+v", run.RunLines[1])
	}
	all := b.AllSteps()
	if len(all) != 3 || all[1].Pos.Path != ".github/actions/x/action.yml" || all[1].Origin != b.Steps[0] || all[1].Where() != b.Steps[0].Pos {
		t.Errorf("expanded steps: %+v", all)
	}
	if ci.Jobs[1].Callee != reuse || len(reuse.Callers) != 1 {
		t.Errorf("reusable workflow not resolved")
	}
	if got := reuse.EffectiveTriggers(); !cmp.Equal(got, []string{"pull_request_target", "push", "workflow_call"}) {
		t.Errorf("effective triggers = %v", got)
	}
	var m Metrics
	for _, x := range res.Metrics {
		if x.Path == ci.Path {
			m = x
		}
	}
	// build: 6 × 30 × 2 = 360; call: reuse's 2 × 10 = 20.
	if m.RunnerMinutes != 380 {
		t.Errorf("runner minutes = %d, want 380", m.RunnerMinutes)
	}
}

func TestGitLabModel(t *testing.T) {
	res := analyseMap(t, map[string]string{
		".gitlab-ci.yml": `include:
  - local: ci/*.yml
  - template: Security/SAST.gitlab-ci.yml
default:
  timeout: 2h
.base: &base
  retry: 2
  script:
    - echo base
job:
  <<: *base
  extends: .tmpl
  parallel:
    matrix:
      - A: [1, 2]
        B: [x, y, z]
      - A: [3]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      when: manual
`,
		"ci/a.yml": ".tmpl:\n  before_script:\n    - !reference [.base, script]\n    - echo tmpl\n  environment: staging\n",
	})
	p := res.Pipelines[0]
	if len(p.Jobs) != 1 {
		t.Fatalf("jobs = %d", len(p.Jobs))
	}
	j := p.Jobs[0]
	if j.Matrix.Size != 7 || j.Timeout != 120 || !j.Manual || j.Retry != 2 || j.Environment != "staging" {
		t.Errorf("job = matrix %d timeout %d manual %v retry %d env %q", j.Matrix.Size, j.Timeout, j.Manual, j.Retry, j.Environment)
	}
	var runs []string
	for _, s := range j.Steps {
		runs = append(runs, s.Section+":"+s.Run+"@"+s.Pos.Path)
	}
	want := []string{"before_script:echo base@.gitlab-ci.yml", "before_script:echo tmpl@ci/a.yml", "script:echo base@.gitlab-ci.yml"}
	if !cmp.Equal(runs, want) {
		t.Errorf("steps = %v", runs)
	}
	if len(p.Includes) != 2 || p.Includes[0].Resolved[0] != "ci/a.yml" || p.Includes[1].Type != "template" {
		t.Errorf("includes = %+v", p.Includes)
	}
	if p.Triggers[0].Event != "merge_request_event" {
		t.Errorf("triggers = %+v", p.Triggers)
	}
}

func TestGitLabMinutes(t *testing.T) {
	for in, want := range map[string]int{"1h 30m": 90, "3 hours": 180, "90 minutes": 90, "3600": 60, "10m": 10, "1d": 1440} {
		if got, ok := gitlabMinutes(in); !ok || got != want {
			t.Errorf("gitlabMinutes(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
}

func TestGeneratedAttribution(t *testing.T) {
	res := analyseMap(t, map[string]string{
		".github/workflows/agent.lock.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n",
	})
	if len(res.Findings) == 0 {
		t.Fatal("want findings")
	}
	for _, f := range res.Findings {
		if f.Evidence["generated"] != ".github/workflows/agent.md" || f.Detail == "" {
			t.Errorf("%s: evidence %v detail %q", f.Rule, f.Evidence, f.Detail)
		}
	}
	if res.Metrics[0].Generated != ".github/workflows/agent.md" {
		t.Errorf("metrics generated = %q", res.Metrics[0].Generated)
	}
}

func TestGitLabOnlyTriggers(t *testing.T) {
	res := analyseMap(t, map[string]string{".gitlab-ci.yml": "a:\n  only: [merge_requests, schedules]\n  script: [x]\nb:\n  only:\n    refs: [tags]\n  script: [y]\n"})
	var got []string
	for _, tr := range res.Pipelines[0].Triggers {
		got = append(got, tr.Event)
	}
	if want := []string{"merge_request_event", "push", "schedule"}; !cmp.Equal(got, want) {
		t.Errorf("triggers = %v, want %v", got, want)
	}
}

func TestMergeKeys(t *testing.T) {
	f, err := Parse("x.yml", GitHub, []byte("a: &a {k: 1, x: a}\nb: &b {k: 2, y: b}\nc:\n  <<: [*a, *b]\n  x: own\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := newReader(f, newBudget(0))
	c, _ := r.get(f.Root, "c")
	got := map[string]string{}
	for _, p := range r.pairs(c) {
		got[p.K.Value] = r.str(p.V)
	}
	if want := map[string]string{"k": "1", "x": "own", "y": "b"}; !cmp.Equal(got, want) {
		t.Errorf("merged = %v, want %v", got, want)
	}
	if v, _ := r.get(c, "k"); r.str(v) != "1" {
		t.Errorf("get(k) = %q", r.str(v))
	}
}
