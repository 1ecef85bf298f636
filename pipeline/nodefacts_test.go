package pipeline

import (
	"context"
	"reflect"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v4"
)

// TestModelHoldsNoYAMLNode guards the freeing of the YAML trees: no type
// reachable from a Pipeline or a Result (but File) may refer to a
// yaml.Node.
func TestModelHoldsNoYAMLNode(t *testing.T) {
	node := reflect.TypeOf(yaml.Node{})
	seen := map[reflect.Type]bool{}
	var walk func(ty reflect.Type, path string)
	walk = func(ty reflect.Type, path string) {
		if ty == node {
			t.Errorf("%s refers to a yaml.Node", path)
			return
		}
		if seen[ty] {
			return
		}
		seen[ty] = true
		switch ty.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(ty.Elem(), path)
		case reflect.Map:
			walk(ty.Key(), path)
			walk(ty.Elem(), path)
		case reflect.Struct:
			for i := range ty.NumField() {
				f := ty.Field(i)
				walk(f.Type, path+"."+f.Name)
			}
		}
	}
	walk(reflect.TypeOf(Pipeline{}), "Pipeline")
	// A File keeps its tree until the model is built; Analyze clears it
	// (TestAnalyzeFreesTrees).
	seen[reflect.TypeOf(File{})] = true
	walk(reflect.TypeOf(Result{}), "Result")
	if !seen[reflect.TypeOf(Step{})] || !seen[reflect.TypeOf(Job{})] {
		t.Fatal("the walk did not reach Job and Step")
	}
}

// TestAnalyzeFreesTrees checks that the files of a result keep their bytes
// but not their trees, and that what rules read of the tree was kept.
func TestAnalyzeFreesTrees(t *testing.T) {
	fsys := fstest.MapFS{
		".github/workflows/ci.yml": {Data: []byte(`on:
  workflow_run:
    workflows: [Build]
  push:
    paths: [data/**]
defaults:
  run:
    shell: bash
jobs:
  a:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: web
    services:
      llm:
        image: ollama/ollama:0.3
    steps:
      - run: make
        working-directory: ./app
`)},
		".gitlab-ci.yml": {Data: []byte(`stages: [one, two]
b:
  script: [make]
  retry: {max: 2, when: [runner_system_failure]}
  allow_failure: {exit_codes: [3]}
  artifacts: {paths: [out]}
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
      when: always
      changes: [dvc.lock]
`)},
	}
	res, err := Analyze(context.Background(), fsys, []string{".github/workflows/ci.yml", ".gitlab-ci.yml"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 2 {
		t.Fatalf("got %d files, want 2", len(res.Files))
	}
	for _, f := range res.Files {
		if f.Root != nil || len(f.Src) == 0 {
			t.Errorf("%s: Root %v, %d bytes of source; want no tree and the bytes", f.Path, f.Root != nil, len(f.Src))
		}
	}
	gh, gl := res.Pipelines[0], res.Pipelines[1]
	if gh.Kind != GitHub {
		gh, gl = gl, gh
	}
	a, b := gh.Jobs[0], gl.Jobs[0]
	got := []any{defaultShell(a), jobDefaultDir(a), serviceImage(a, "ollama/"), stepWorkDir(a.Steps[0]), gh.runWorkflows, gh.PushPaths,
		gl.stages, infraOnlyRetry(b), allowFailureCodes(b), b.facts.artifacts, alwaysLike(b), b.RuleIfs, b.Changes}
	want := []any{"bash", "web", "ollama/ollama:0.3", "app", []string{"Build"}, []string{"data/**"},
		[]string{"one", "two"}, true, true, true, true, []string{`$CI_PIPELINE_SOURCE == "schedule"`}, []string{"dvc.lock"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("facts:\n got %q\nwant %q", got, want)
	}
}
