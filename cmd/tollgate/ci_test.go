package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

func readRepoFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// yamlDocs decodes every document of a YAML stream.
func yamlDocs(t *testing.T, name string, data []byte) []map[string]any {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []map[string]any
	for {
		var d map[string]any
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs = append(docs, d)
	}
}

func keys(v any) []string {
	m, _ := v.(map[string]any)
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func list(v any) []map[string]any {
	var out []map[string]any
	s, _ := v.([]any)
	for _, e := range s {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// ciSnippets returns the YAML blocks of the README's "Use it in CI"
// section.
func ciSnippets(t *testing.T) []string {
	readme := string(readRepoFile(t, "README.md"))
	_, sec, ok := strings.Cut(readme, "\n## Use it in CI\n")
	if !ok {
		t.Fatal(`README.md has no "Use it in CI" section`)
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	var out []string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(sec, -1) {
		out = append(out, m[1])
	}
	return out
}

var sha40 = regexp.MustCompile(`@[0-9a-f]{40}$`)

// TestCISnippetsMatchShippedInputs: every input the README's GitHub
// workflow, GitLab job and pre-commit config use exists in action.yml, the
// component's spec:inputs and .pre-commit-hooks.yaml; every other action
// the snippets and the action use is pinned to a commit.
func TestCISnippetsMatchShippedInputs(t *testing.T) {
	action := yamlDocs(t, "action.yml", readRepoFile(t, "action.yml"))[0]
	actionInputs := keys(action["inputs"])
	component := yamlDocs(t, "templates/tollgate.yml", readRepoFile(t, "templates/tollgate.yml"))
	spec, _ := component[0]["spec"].(map[string]any)
	componentInputs := keys(spec["inputs"])
	var hookIDs []string
	var hooks []any
	if err := yaml.Unmarshal(readRepoFile(t, ".pre-commit-hooks.yaml"), &hooks); err != nil {
		t.Fatal(err)
	}
	for _, h := range list(hooks) {
		hookIDs = append(hookIDs, h["id"].(string))
	}

	var github, gitlab, precommit int
	for i, snip := range ciSnippets(t) {
		docs := yamlDocs(t, "README snippet", []byte(snip))
		if len(docs) != 1 {
			t.Fatalf("snippet %d: %d YAML documents", i, len(docs))
		}
		doc := docs[0]
		for _, name := range keys(doc["jobs"]) {
			job, _ := doc["jobs"].(map[string]any)[name].(map[string]any)
			for _, step := range list(job["steps"]) {
				uses, _ := step["uses"].(string)
				if !strings.HasPrefix(uses, "tollgate-dev/tollgate@") {
					if uses != "" && !sha40.MatchString(uses) {
						t.Errorf("README workflow uses %q, not pinned to a commit", uses)
					}
					continue
				}
				github++
				for _, in := range keys(step["with"]) {
					if !slices.Contains(actionInputs, in) {
						t.Errorf("README workflow passes input %q, which action.yml lacks (inputs: %v)", in, actionInputs)
					}
				}
			}
		}
		for _, inc := range list(doc["include"]) {
			c, _ := inc["component"].(string)
			name, _, _ := strings.Cut(c[strings.LastIndex(c, "/")+1:], "@")
			if _, err := os.Stat("../../templates/" + name + ".yml"); err != nil {
				t.Errorf("README includes component %q: %v", c, err)
				continue
			}
			gitlab++
			for _, in := range keys(inc["inputs"]) {
				if !slices.Contains(componentInputs, in) {
					t.Errorf("README GitLab job passes input %q, which the component's spec:inputs lack (%v)", in, componentInputs)
				}
			}
		}
		for _, repo := range list(doc["repos"]) {
			precommit++
			for _, h := range list(repo["hooks"]) {
				if id, _ := h["id"].(string); !slices.Contains(hookIDs, id) {
					t.Errorf("README pre-commit config names hook %q; .pre-commit-hooks.yaml has %v", id, hookIDs)
				}
			}
		}
	}
	if github != 1 || gitlab != 1 || precommit != 1 {
		t.Errorf("README shows %d GitHub, %d GitLab and %d pre-commit uses of tollgate, want one each", github, gitlab, precommit)
	}

	// The action's own steps: pinned, and every inputs.x it reads declared.
	runs, _ := action["runs"].(map[string]any)
	for _, step := range list(runs["steps"]) {
		if uses, _ := step["uses"].(string); uses != "" && !sha40.MatchString(uses) {
			t.Errorf("action.yml uses %q, not pinned to a commit", uses)
		}
	}
	checkRefs := func(file string, re *regexp.Regexp, declared []string) {
		for _, m := range re.FindAllStringSubmatch(string(readRepoFile(t, file)), -1) {
			if !slices.Contains(declared, m[1]) {
				t.Errorf("%s reads input %q, which it does not declare", file, m[1])
			}
		}
	}
	checkRefs("action.yml", regexp.MustCompile(`inputs\.([A-Za-z0-9_-]+)`), actionInputs)
	checkRefs("templates/tollgate.yml", regexp.MustCompile(`\$\[\[\s*inputs\.([A-Za-z0-9_-]+)`), componentInputs)
}

// TestCIScriptsParse: the shell of the action's and the component's steps
// is valid bash, and none interpolates an expression into the script (the
// inputs come through the environment).
func TestCIScriptsParse(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	var scripts []string
	action := yamlDocs(t, "action.yml", readRepoFile(t, "action.yml"))[0]
	runs, _ := action["runs"].(map[string]any)
	for _, step := range list(runs["steps"]) {
		if s, ok := step["run"].(string); ok {
			scripts = append(scripts, s)
		}
	}
	for _, doc := range yamlDocs(t, "templates/tollgate.yml", readRepoFile(t, "templates/tollgate.yml"))[1:] {
		for _, name := range keys(doc) {
			job, _ := doc[name].(map[string]any)
			lines, _ := job["script"].([]any)
			var b strings.Builder
			for _, l := range lines {
				b.WriteString(l.(string) + "\n")
			}
			scripts = append(scripts, b.String())
		}
	}
	if len(scripts) < 3 {
		t.Fatalf("found %d scripts, want the action's two and the component's", len(scripts))
	}
	for _, s := range scripts {
		if strings.Contains(s, "${{") || strings.Contains(s, "$[[") {
			t.Errorf("script interpolates an expression; pass it through env:\n%s", s)
		}
		cmd := exec.Command(bash, "-n")
		cmd.Stdin = strings.NewReader(s)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("bash -n: %v\n%s\n%s", err, out, s)
		}
	}
}
