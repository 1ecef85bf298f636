package pipeline

import (
	"bytes"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"
)

// buildGitHub normalizes a GitHub Actions workflow.
func buildGitHub(f *File, b *budget) *Pipeline {
	r := newReader(f, b)
	p := &Pipeline{Path: f.Path, Kind: GitHub, Lines: f.Lines, Src: f.Src}
	p.setFacts(f.Root)
	if f.Root == nil {
		return p
	}
	if len(f.Root.Content) > 0 {
		p.Pos = r.pos(f.Root.Content[0])
	}
	p.Name = r.str(first(r.get(f.Root, "name")))
	if on, k := r.get(f.Root, "on"); k != nil {
		p.TriggersPos = r.pos(k)
		p.Triggers = r.triggers(on)
	} else if on, k := r.get(f.Root, "true"); k != nil { // `on` read as YAML 1.1 boolean
		p.TriggersPos = r.pos(k)
		p.Triggers = r.triggers(on)
	}
	for _, t := range p.Triggers {
		if t.Event == "workflow_call" {
			p.Reusable = true
		}
	}
	p.Permissions = r.permissions(r.get(f.Root, "permissions"))
	p.Concurrency = r.concurrency(r.get(f.Root, "concurrency"))
	p.Env = r.kvs(first(r.get(f.Root, "env")))
	jobs, _ := r.get(f.Root, "jobs")
	for _, jp := range r.pairs(jobs) {
		p.Jobs = append(p.Jobs, r.githubJob(p, jp.K, r.deref(jp.V)))
	}
	p.Truncated = b.exceeded
	return p
}

func first(v, _ *yaml.Node) *yaml.Node { return v }

func (r *reader) triggers(on *yaml.Node) []Trigger {
	var out []Trigger
	switch on.Kind {
	case yaml.ScalarNode:
		out = append(out, Trigger{Event: on.Value, Pos: r.pos(on)})
	case yaml.SequenceNode:
		for _, e := range r.items(on) {
			out = append(out, Trigger{Event: r.str(e), Pos: r.pos(e)})
		}
	case yaml.MappingNode:
		for _, ev := range r.pairs(on) {
			t := Trigger{Event: ev.K.Value, Pos: r.pos(ev.K)}
			if types, _ := r.get(ev.V, "types"); types != nil {
				t.Types = r.strs(types)
			}
			if ev.K.Value == "push" {
				_, tk := r.get(ev.V, "tags")
				_, bk := r.get(ev.V, "branches")
				_, bik := r.get(ev.V, "branches-ignore")
				t.TagsOnly = tk != nil && bk == nil && bik == nil
			}
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b Trigger) int { return strings.Compare(a.Event, b.Event) })
	return out
}

func (r *reader) permissions(v, k *yaml.Node) *Permissions {
	if k == nil || v == nil {
		return nil
	}
	p := &Permissions{Pos: r.pos(k)}
	switch v.Kind {
	case yaml.ScalarNode:
		p.All = v.Value
		if p.All != "read-all" && p.All != "write-all" {
			// `permissions: {}` parses as a mapping; anything else is
			// unknown and treated as read-all by GitHub's validation.
			p.All = "read-all"
		}
	case yaml.MappingNode:
		for _, sp := range r.pairs(v) {
			p.Scopes = append(p.Scopes, Scope{Name: sp.K.Value, Level: r.str(sp.V), Pos: r.pos(sp.K)})
		}
	}
	return p
}

func (r *reader) concurrency(v, k *yaml.Node) *Concurrency {
	if k == nil || v == nil {
		return nil
	}
	c := &Concurrency{Pos: r.pos(k)}
	switch v.Kind {
	case yaml.ScalarNode:
		c.Group = v.Value
	case yaml.MappingNode:
		c.Group = r.str(first(r.get(v, "group")))
		c.Cancel, _ = boolish(first(r.get(v, "cancel-in-progress")))
	}
	return c
}

func (r *reader) githubJob(p *Pipeline, key, n *yaml.Node) *Job {
	j := &Job{ID: key.Value, Pos: r.pos(key), Pipeline: p}
	j.setFacts(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return j
	}
	j.Name = r.str(first(r.get(n, "name")))
	if v, k := r.get(n, "runs-on"); k != nil {
		j.RunsOnPos = r.pos(k)
		if v != nil && v.Kind == yaml.MappingNode {
			j.RunsOn = append(r.strs(first(r.get(v, "labels"))), r.strs(first(r.get(v, "group")))...)
		} else {
			j.RunsOn = r.strs(v)
		}
	}
	if v, k := r.get(n, "needs"); k != nil {
		j.Needs, j.NeedsPos = r.strs(v), r.pos(k)
	}
	if v, k := r.get(n, "if"); k != nil {
		j.If, j.IfPos = r.str(v), r.pos(k)
	}
	if v, k := r.get(n, "environment"); k != nil {
		j.EnvironmentPos = r.pos(k)
		if v != nil && v.Kind == yaml.MappingNode {
			j.Environment = r.str(first(r.get(v, "name")))
		} else {
			j.Environment = r.str(v)
		}
	}
	if v, k := r.get(n, "timeout-minutes"); k != nil {
		j.TimeoutSet, j.TimeoutPos = true, r.pos(k)
		if m, ok := intish(v); ok {
			j.Timeout = m
		}
	}
	if strat, _ := r.get(n, "strategy"); strat != nil {
		if m, k := r.get(strat, "matrix"); k != nil {
			j.Matrix = r.githubMatrix(m, k)
		}
	}
	if v, k := r.get(n, "container"); k != nil {
		if v != nil && v.Kind == yaml.MappingNode {
			j.Container = r.str(first(r.get(v, "image")))
			j.ContainerEnv = r.kvs(first(r.get(v, "env")))
		} else {
			j.Container = r.str(v)
		}
	}
	if v, _ := r.get(n, "services"); v != nil {
		for _, sp := range r.pairs(v) {
			j.Services = append(j.Services, sp.K.Value)
			j.ServiceEnv = append(j.ServiceEnv, r.kvs(first(r.get(sp.V, "env")))...)
		}
	}
	j.Permissions = r.permissions(r.get(n, "permissions"))
	j.Concurrency = r.concurrency(r.get(n, "concurrency"))
	j.Env = r.kvs(first(r.get(n, "env")))
	if v, k := r.get(n, "uses"); k != nil {
		j.Uses, j.UsesPos = r.str(v), r.pos(v)
	}
	j.With = r.kvs(first(r.get(n, "with")))
	j.Outputs = r.kvs(first(r.get(n, "outputs")))
	if v, k := r.get(n, "secrets"); k != nil {
		j.SecretsPos = r.pos(k)
		if v != nil && v.Kind == yaml.ScalarNode {
			j.Secrets = []string{v.Value}
		} else {
			j.SecretMap = r.kvs(v)
			for _, kv := range j.SecretMap {
				j.Secrets = append(j.Secrets, kv.Key)
			}
		}
	}
	if v, k := r.get(n, "continue-on-error"); k != nil {
		if b, ok := boolish(v); ok && b {
			j.ContinueOnError, j.ContinueOnErrorPos = true, r.pos(k)
		}
	}
	steps, _ := r.get(n, "steps")
	for i, sn := range r.items(steps) {
		if !r.b.grow(1) {
			break
		}
		s := r.githubStep(sn, i)
		s.Job = j
		j.Steps = append(j.Steps, s)
	}
	return j
}

func (r *reader) githubStep(n *yaml.Node, i int) *Step {
	s := &Step{Index: i, Pos: r.pos(n)}
	s.setFacts(n)
	if n.Kind != yaml.MappingNode {
		return s
	}
	if len(n.Content) > 0 {
		s.Pos = r.pos(n.Content[0])
	}
	s.ID = r.str(first(r.get(n, "id")))
	s.Name = r.str(first(r.get(n, "name")))
	if v, _ := r.get(n, "uses"); v != nil {
		s.Uses, s.UsesPos = strings.TrimSpace(r.str(v)), r.pos(v)
		s.UsesComment = strings.TrimSpace(strings.TrimPrefix(v.LineComment, "#"))
	}
	if v, _ := r.get(n, "run"); v != nil {
		s.Run, s.RunPos = r.str(v), r.pos(v)
		s.RunLines = r.scriptLines(v)
	}
	s.Shell = r.str(first(r.get(n, "shell")))
	s.With = r.kvs(first(r.get(n, "with")))
	if s.Run == "" && retryAction.MatchString(s.Uses) {
		// A retry wrapper's command is the step's script (retry_script.go).
		if w, _ := r.get(n, "with"); w != nil {
			if v, _ := r.get(w, "command"); v != nil {
				s.Run, s.RunPos = r.str(v), r.pos(v)
				s.RunLines = r.scriptLines(v)
			}
		}
	}
	s.Env = r.kvs(first(r.get(n, "env")))
	if v, k := r.get(n, "if"); k != nil {
		s.If, s.IfPos = r.str(v), r.pos(k)
	}
	if v, k := r.get(n, "continue-on-error"); k != nil {
		if b, ok := boolish(v); ok && b {
			s.ContinueOnError, s.ContinueOnPos = true, r.pos(k)
		}
	}
	if v, k := r.get(n, "timeout-minutes"); k != nil {
		s.TimeoutSet = true
		s.Timeout, _ = intish(v)
	}
	return s
}

// scriptLines splits a scalar script into lines with their positions. For
// block scalars (| and >) the content starts on the line after the
// indicator; the column is the line's first non-blank character.
func (r *reader) scriptLines(v *yaml.Node) []Line {
	if v == nil || v.Kind != yaml.ScalarNode {
		return nil
	}
	text := strings.TrimRight(v.Value, "\n")
	// A script aliased or extended into many steps is split for each.
	if !r.b.grow(strings.Count(text, "\n") + 1) {
		return nil
	}
	lines := strings.Split(text, "\n")
	out := make([]Line, 0, len(lines))
	fi := r.info(v)
	col := func(line int) int {
		if l := fi.line(line); l != nil {
			return len(l) - len(bytes.TrimLeft(l, " \t")) + 1
		}
		return 1
	}
	switch v.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// Folding joins lines, so for > the line numbers of lines after a
		// fold are approximate; literal blocks map one to one.
		for i, l := range lines {
			ln := v.Line + 1 + i
			out = append(out, Line{Text: l, Pos: Pos{Path: fi.path, Line: ln, Col: col(ln)}})
		}
	default:
		for i, l := range lines {
			c := v.Column
			if i > 0 {
				c = col(v.Line + i)
			}
			out = append(out, Line{Text: l, Pos: Pos{Path: fi.path, Line: v.Line + i, Col: c}})
		}
	}
	return out
}

// githubMatrix computes the size of a strategy.matrix.
func (r *reader) githubMatrix(m, k *yaml.Node) *Matrix {
	mx := &Matrix{Pos: r.pos(k), Size: 1}
	if m == nil {
		return mx
	}
	if m.Kind == yaml.ScalarNode { // ${{ fromJSON(...) }}
		mx.Dynamic = true
		return mx
	}
	dims := map[string][]string{}
	var order []string
	var includes, excludes []*yaml.Node
	for _, dp := range r.pairs(m) {
		v := r.deref(dp.V)
		switch dp.K.Value {
		case "include":
			if v != nil && v.Kind == yaml.ScalarNode {
				mx.Dynamic = true
			}
			includes = r.items(v)
			continue
		case "exclude":
			excludes = r.items(v)
			continue
		}
		if v == nil || v.Kind != yaml.SequenceNode {
			mx.Dynamic = true
			continue
		}
		var vals []string
		for _, e := range r.items(v) {
			vals = append(vals, scalarKey(e))
		}
		dims[dp.K.Value] = vals
		order = append(order, dp.K.Value)
	}
	size := 1
	if len(order) == 0 {
		size = 0
	}
	for _, d := range order {
		size *= len(dims[d])
		if size > 1<<20 {
			size = 1 << 20
		}
	}
	for _, ex := range excludes {
		n := 1
		matches := true
		for _, d := range order {
			v, _ := r.get(ex, d)
			if v == nil {
				n *= len(dims[d])
				continue
			}
			if !slices.Contains(dims[d], scalarKey(v)) {
				matches = false
			}
		}
		if matches {
			size -= n
		}
	}
	size = max(size, 0)
	for _, in := range includes {
		extends := len(order) > 0
		for _, ip := range r.pairs(in) {
			if vals, ok := dims[ip.K.Value]; ok && !slices.Contains(vals, scalarKey(r.deref(ip.V))) {
				extends = false
			}
		}
		if !extends {
			size++
		}
	}
	if size == 0 && mx.Dynamic {
		size = 1
	}
	mx.Size = size
	return mx
}

// scalarKey identifies a matrix value for include/exclude matching.
func scalarKey(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return "\x00node"
}
