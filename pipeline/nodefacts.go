package pipeline

import (
	"go.yaml.in/yaml/v4"

	"github.com/tollgate-dev/tollgate/internal/yamlnode"
)

// The model keeps no YAML node: what rules read of a file beyond the
// model's named fields is taken from the nodes here, while the model is
// built, so each file's tree can be freed once its pipeline is built.

// nodeFacts are what rules read of a job's mapping.
type nodeFacts struct {
	// shell is `defaults: run: shell:`; shellSet when the key is there.
	shell    string
	shellSet bool
	// defaultDir is `defaults: run: working-directory:` as a clean
	// relative directory, "" when absent or not one.
	defaultDir string
	// services are the images of the job's service containers, in order.
	services []string
	// artifacts is set when a GitLab job keeps `artifacts:`.
	artifacts bool
	// infraRetry is set when a GitLab `retry: when:` lists only runner and
	// infrastructure failures.
	infraRetry bool
	// failCodes is set for a GitLab `allow_failure: exit_codes:`.
	failCodes bool
	// whenAlways is set when a GitLab job (or one of its rules) runs
	// `when: always` or `when: on_failure`.
	whenAlways bool
	// runnerOS are the operating systems a GitHub job runs on, nil when
	// not known (conditions_never.go).
	runnerOS []string
}

// setFacts fills p's facts from its file's top-level mapping.
func (p *Pipeline) setFacts(root *yaml.Node) {
	p.shell, p.shellSet = nodeShell(root)
	switch p.Kind {
	case GitLab:
		if v := yget(root, "stages"); v != nil && v.Kind == yaml.SequenceNode {
			p.stagesSet = true
			p.stages = []string{}
			for _, e := range v.Content {
				if e.Kind == yaml.ScalarNode {
					p.stages = append(p.stages, e.Value)
				}
			}
		}
	case GitHub:
		p.PushPaths = yamlnode.Scalars(yamlnode.Get(yamlnode.Get(yamlnode.Get(root, "on"), "push"), "paths"))
		on := yget(root, "on")
		if on == nil {
			on = yget(root, "true")
		}
		wf := yget(yget(on, "workflow_run"), "workflows")
		switch {
		case wf == nil:
		case wf.Kind == yaml.ScalarNode:
			p.runWorkflows = []string{wf.Value}
		case wf.Kind == yaml.SequenceNode:
			for _, e := range wf.Content {
				p.runWorkflows = append(p.runWorkflows, e.Value)
			}
		}
	}
}

// setFacts fills j's facts from its (merged) mapping; j.Pipeline is set.
func (j *Job) setFacts(n *yaml.Node) {
	f := &j.facts
	f.shell, f.shellSet = nodeShell(n)
	f.defaultDir = nodeDefaultDir(n)
	f.services = nodeServiceImages(n)
	v := yget(n, "allow_failure")
	f.failCodes = v != nil && v.Kind == yaml.MappingNode
	if j.Pipeline != nil && j.Pipeline.Kind == GitHub {
		f.runnerOS = nodeRunnerOS(n)
	}
	if j.Pipeline == nil || j.Pipeline.Kind != GitLab {
		return
	}
	r := &reader{b: newBudget(0)}
	if art, _ := r.get(n, "artifacts"); art != nil {
		f.artifacts = true
	}
	f.infraRetry = nodeInfraOnlyRetry(n)
	f.whenAlways = nodeWhenAlways(n)
	if rules := yamlnode.Get(n, "rules"); rules != nil && rules.Kind == yaml.SequenceNode {
		for _, r := range rules.Content {
			if v := yamlnode.Get(r, "if"); v != nil && v.Kind == yaml.ScalarNode && v.Value != "" {
				j.RuleIfs = append(j.RuleIfs, v.Value)
			}
			ch := yamlnode.Get(r, "changes")
			if p := yamlnode.Get(ch, "paths"); p != nil {
				ch = p
			}
			j.Changes = append(j.Changes, yamlnode.Scalars(ch)...)
		}
	}
	only := yamlnode.Get(n, "only")
	j.Changes = append(j.Changes, yamlnode.Scalars(yamlnode.Get(only, "changes"))...)
	if refs := yamlnode.Get(only, "refs"); refs != nil {
		only = refs
	}
	j.Only = yamlnode.Scalars(only)
}

// setFacts fills s's facts from its node.
func (s *Step) setFacts(n *yaml.Node) {
	if n == nil {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "working-directory" {
			s.workDir = cleanDir(n.Content[i+1].Value)
			return
		}
	}
}

// nodeShell returns `defaults: run: shell:` of a mapping.
func nodeShell(n *yaml.Node) (string, bool) {
	if v := yget(yget(yget(n, "defaults"), "run"), "shell"); v != nil {
		return v.Value, true
	}
	return "", false
}

// nodeDefaultDir returns a job's `defaults.run.working-directory`.
func nodeDefaultDir(m *yaml.Node) string {
	for _, k := range []string{"defaults", "run", "working-directory"} {
		if m == nil || m.Kind != yaml.MappingNode {
			return ""
		}
		var next *yaml.Node
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == k {
				next = m.Content[i+1]
			}
		}
		m = next
	}
	if m != nil && m.Kind == yaml.ScalarNode {
		return cleanDir(m.Value)
	}
	return ""
}

// nodeServiceImages returns the non-empty images of a job's service
// containers, in order.
func nodeServiceImages(n *yaml.Node) []string {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value != "services" || n.Content[i+1].Kind != yaml.MappingNode {
			continue
		}
		svcs := n.Content[i+1].Content
		for k := 1; k < len(svcs); k += 2 {
			sv := svcs[k]
			img := ""
			if sv.Kind == yaml.ScalarNode {
				img = sv.Value
			} else if sv.Kind == yaml.MappingNode {
				for m := 0; m+1 < len(sv.Content); m += 2 {
					if sv.Content[m].Value == "image" {
						img = sv.Content[m+1].Value
					}
				}
			}
			if img != "" {
				out = append(out, img)
			}
		}
	}
	return out
}

// nodeInfraOnlyRetry reports whether a GitLab retry is limited to runner
// and infrastructure failures.
func nodeInfraOnlyRetry(n *yaml.Node) bool {
	r := &reader{b: newBudget(0)}
	v, _ := r.get(n, "retry")
	when, _ := r.get(v, "when")
	if when == nil {
		return false
	}
	for _, w := range r.strs(when) {
		switch w {
		case "runner_system_failure", "stuck_or_timeout_failure", "scheduler_failure", "api_failure", "runner_unsupported", "stale_schedule", "archived_failure", "data_integrity_failure", "unmet_prerequisites":
		default:
			return false
		}
	}
	return true
}

// nodeWhenAlways reports a GitLab `when: always|on_failure`, on the job or
// one of its rules.
func nodeWhenAlways(n *yaml.Node) bool {
	if w := yget(n, "when"); w != nil && (w.Value == "always" || w.Value == "on_failure") {
		return true
	}
	if rules := yget(n, "rules"); rules != nil && rules.Kind == yaml.SequenceNode {
		for _, r := range rules.Content {
			if w := yget(r, "when"); w != nil && (w.Value == "always" || w.Value == "on_failure") {
				return true
			}
		}
	}
	return false
}
