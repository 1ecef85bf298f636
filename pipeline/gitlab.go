package pipeline

import (
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v4"
)

// gitlabReserved are the top-level keys of .gitlab-ci.yml that are not jobs.
var gitlabReserved = map[string]bool{
	"image": true, "services": true, "stages": true, "types": true, "before_script": true,
	"after_script": true, "variables": true, "cache": true, "include": true, "default": true,
	"workflow": true, "spec": true,
}

// maxIncludes bounds the local files one GitLab pipeline may include
// (GitLab's own limit is 150).
const maxIncludes = 150

// gitlabDoc is the merged top level of a GitLab pipeline: each key's value
// node, the later file winning, as GitLab merges includes.
type gitlabDoc struct {
	keys  []string
	defs  map[string]*yaml.Node
	knode map[string]*yaml.Node
	// extended memoizes resolved templates by name; resolving marks the
	// ones in progress (stack in order), so a diamond costs one merge
	// and a cycle is reported where it closes.
	extended  map[string]*yaml.Node
	resolving map[string]bool
	stack     []string
	// refs memoizes the script entries of each !reference by its path;
	// refStack holds the ones being expanded.
	refs     map[string][]*yaml.Node
	refStack []string
	// l receives the cycles and limits; reported holds the kinds of limit
	// already reported, so each is reported once.
	l        *loader
	reported map[string]bool
}

// limit records an expansion stopped at its bound, once per kind.
func (d *gitlabDoc) limit(kind string, at Pos, format string, args ...any) {
	if d.reported[kind] {
		return
	}
	d.reported[kind] = true
	d.l.limits = append(d.l.limits, limit{at: at, msg: fmt.Sprintf(format, args...)})
}

// cycle records a reference at `at` that closes a cycle on target: the
// chain is stack from target on, back to target.
func (d *gitlabDoc) cycle(kind string, at Pos, target string, targetPos Pos, stack []string) {
	chain := slices.Clone(stack[max(slices.Index(stack, target), 0):])
	d.l.cycles = append(d.l.cycles, cycle{at: at, kind: kind, target: target, targetPos: targetPos, chain: append(chain, target)})
}

func (d *gitlabDoc) set(k, v *yaml.Node, r *reader) {
	if old, ok := d.defs[k.Value]; ok {
		d.defs[k.Value] = mergeNodes(r, old, v)
		return
	}
	d.keys = append(d.keys, k.Value)
	d.defs[k.Value] = v
	d.knode[k.Value] = k
}

// mergeNodes deep-merges two mappings as GitLab does for includes and
// extends: keys of over win, nested mappings merge, sequences are replaced.
func mergeNodes(r *reader, base, over *yaml.Node) *yaml.Node {
	base, over = r.deref(base), r.deref(over)
	if base == nil || base.Kind != yaml.MappingNode || over == nil || over.Kind != yaml.MappingNode {
		return over
	}
	if !r.b.spend(len(base.Content) + len(over.Content)) {
		return over
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: over.Line, Column: over.Column}
	op := r.pairs(over)
	for _, bp := range r.pairs(base) {
		if hasKey(op, bp.K.Value) {
			continue
		}
		out.Content = append(out.Content, bp.K, bp.V)
	}
	bps := r.pairs(base)
	for _, p := range op {
		v := p.V
		for _, bp := range bps {
			if bp.K.Value == p.K.Value {
				v = mergeNodes(r, bp.V, p.V)
				break
			}
		}
		out.Content = append(out.Content, p.K, v)
	}
	if r.owner != nil {
		r.owner[out] = r.info(over)
	}
	return out
}

// own records the file of every node of a tree, without following aliases.
func own(owner map[*yaml.Node]*fileInfo, n *yaml.Node, fi *fileInfo, depth int) {
	if n == nil || depth > 200 {
		return
	}
	owner[n] = fi
	for _, c := range n.Content {
		own(owner, c, fi, depth+1)
	}
}

func (l *loader) buildGitLab(f *File) *Pipeline {
	b := l.budget(f.Path)
	r := newReader(f, b)
	r.owner = map[*yaml.Node]*fileInfo{}
	p := &Pipeline{Path: f.Path, Kind: GitLab, Lines: f.Lines, Src: f.Src, Name: f.Path}
	p.setFacts(f.Root)
	if f.Root == nil {
		return p
	}
	if len(f.Root.Content) > 0 {
		p.Pos = r.pos(f.Root.Content[0])
	}
	doc := &gitlabDoc{defs: map[string]*yaml.Node{}, knode: map[string]*yaml.Node{}, extended: map[string]*yaml.Node{},
		resolving: map[string]bool{}, refs: map[string][]*yaml.Node{}, l: l, reported: map[string]bool{}}
	// Each file is merged once: seen holds the files included so far,
	// including (in order, on stack) the ones whose includes are being
	// read, so an include of one of those closes a cycle.
	seen := map[string]bool{f.Path: true}
	var including []string
	entries := 0
	var addFile func(fl *File)
	addFile = func(fl *File) {
		including = append(including, fl.Path)
		defer func() { including = including[:len(including)-1] }()
		fi := &fileInfo{path: fl.Path, src: fl.Src}
		own(r.owner, fl.Root, fi, 0)
		if inc, k := r.get(fl.Root, "include"); k != nil {
		entry:
			for _, in := range r.includes(inc) {
				if entries++; entries > maxIncludes {
					doc.limit("includes", in.Pos, "pipeline %q has more than %d includes; the rest are not read", f.Path, maxIncludes)
					break
				}
				if in.Type == "local" {
					for _, t := range l.expandLocal(in.Location) {
						if slices.Contains(including, t) {
							doc.cycle("include", in.Pos, t, Pos{Path: t, Line: 1, Col: 1}, including)
							continue
						}
						if seen[t] {
							continue // a diamond: already merged once
						}
						if len(seen) > maxIncludes {
							doc.limit("includes", in.Pos, "pipeline %q includes more than %d files; the rest are not read", f.Path, maxIncludes)
							p.Includes = append(p.Includes, in)
							break entry
						}
						seen[t] = true
						in.Resolved = append(in.Resolved, t)
						if inf := l.loadQuiet(t, in.Pos); inf != nil && inf.Root != nil {
							b.model += inf.Lines
							addFile(inf)
						}
					}
				}
				p.Includes = append(p.Includes, in)
			}
		}
		for _, kv := range r.pairs(fl.Root) {
			if kv.K.Value == "include" {
				continue
			}
			doc.set(kv.K, kv.V, r)
		}
	}
	addFile(f)

	if wf, k := r.get(f.Root, "workflow"); k != nil {
		p.TriggersPos = r.pos(k)
		p.Name = cmpOr(r.str(first(r.get(wf, "name"))), p.Name)
		if ac, ak := r.get(wf, "auto_cancel"); ak != nil && ac != nil {
			p.Concurrency = &Concurrency{Group: "auto_cancel", Pos: r.pos(ak), Cancel: true}
		}
	}
	events := map[string]Pos{}
	sourceEvents(r, doc.defs["workflow"], events)

	def := r.deref(doc.defs["default"])
	// Legacy global keys act as defaults too.
	for _, k := range []string{"image", "services", "before_script", "after_script", "cache", "timeout", "retry", "interruptible", "tags"} {
		if v, ok := doc.defs[k]; ok {
			if def == nil {
				def = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			}
			if dv, _ := r.get(def, k); dv == nil {
				def = mergeNodes(r, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{doc.knode[k], v}}, def)
			}
		}
	}
	p.Env = r.kvs(doc.defs["variables"])

	for _, name := range doc.keys {
		if gitlabReserved[name] || strings.HasPrefix(name, ".") {
			continue
		}
		n := r.deref(doc.defs[name])
		if n == nil || n.Kind != yaml.MappingNode {
			continue
		}
		merged := r.template(doc, name)
		j := r.gitlabJob(p, doc, doc.knode[name], merged, def)
		j.ExtendsFrom = r.extendsFrom(doc, name)
		sourceEvents(r, first(r.get(merged, "rules")), events)
		onlyEvents(r, merged, events)
		p.Jobs = append(p.Jobs, j)
	}
	for ev, pos := range events {
		p.Triggers = append(p.Triggers, Trigger{Event: ev, Pos: pos})
	}
	if len(p.Triggers) == 0 {
		p.Triggers = []Trigger{{Event: "push", Pos: p.Pos}}
	}
	slices.SortFunc(p.Triggers, func(a, b Trigger) int { return strings.Compare(a.Event, b.Event) })
	p.Truncated = b.exceeded
	return p
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

var pipelineSource = lazyre.New(`\$CI_PIPELINE_SOURCE\s*==\s*["']?([a-z_]+)`)

// sourceEvents adds the pipeline sources rules test for
// ($CI_PIPELINE_SOURCE == "merge_request_event"...).
func sourceEvents(r *reader, n *yaml.Node, events map[string]Pos) {
	var texts []string
	r.texts(n, &texts, 0)
	for _, t := range texts {
		for _, m := range pipelineSource.FindAllStringSubmatch(t, -1) {
			if _, ok := events[m[1]]; !ok {
				events[m[1]] = r.pos(n)
			}
		}
		if strings.Contains(t, "$CI_MERGE_REQUEST_") {
			if _, ok := events["merge_request_event"]; !ok {
				events["merge_request_event"] = r.pos(n)
			}
		}
	}
}

// onlyKeywords maps `only:` keywords to pipeline sources.
var onlyKeywords = map[string]string{
	"merge_requests": "merge_request_event", "external_pull_requests": "external_pull_request_event",
	"schedules": "schedule", "web": "web", "api": "api", "triggers": "trigger", "pipelines": "pipeline",
	"pushes": "push", "branches": "push", "tags": "push", "chat": "chat",
}

// onlyEvents adds the pipeline sources a legacy `only:` names.
func onlyEvents(r *reader, job *yaml.Node, events map[string]Pos) {
	v, k := r.get(job, "only")
	if k == nil {
		return
	}
	list := r.strs(v)
	if refs, _ := r.get(v, "refs"); refs != nil {
		list = r.strs(refs)
	}
	for _, w := range list {
		if ev, ok := onlyKeywords[w]; ok {
			if _, seen := events[ev]; !seen {
				events[ev] = r.pos(k)
			}
		}
	}
}

// includes reads the include: entries.
func (r *reader) includes(n *yaml.Node) []Include {
	var out []Include
	var list []*yaml.Node
	if n.Kind == yaml.SequenceNode {
		list = r.items(n)
	} else {
		list = []*yaml.Node{n}
	}
	for _, e := range list {
		in := Include{Pos: r.pos(e)}
		switch e.Kind {
		case yaml.ScalarNode:
			in.Location = e.Value
			if strings.HasPrefix(e.Value, "http://") || strings.HasPrefix(e.Value, "https://") {
				in.Type = "remote"
			} else {
				in.Type = "local"
			}
		case yaml.MappingNode:
			for _, t := range []string{"local", "remote", "project", "template", "component"} {
				if v, _ := r.get(e, t); v != nil {
					in.Type, in.Location = t, r.str(v)
					break
				}
			}
			if in.Type == "project" {
				in.Project = in.Location
				if fv, _ := r.get(e, "file"); fv != nil {
					in.Location += ":" + strings.Join(r.strs(fv), ",")
				}
				if ref, _ := r.get(e, "ref"); ref != nil {
					in.Ref = r.str(ref)
					in.Location += "@" + in.Ref
				}
			}
		}
		if in.Type != "" {
			out = append(out, in)
		}
	}
	return out
}

// expandLocal resolves a local include path (with * and ** globs) to files.
func (l *loader) expandLocal(loc string) []string {
	p := strings.TrimPrefix(path.Clean("/"+loc), "/")
	if !strings.ContainsAny(p, "*?[") {
		return []string{p}
	}
	if m, ok := l.globs[p]; ok {
		return m
	}
	matches, err := doublestar.Glob(l.fsys, p, doublestar.WithFilesOnly())
	if err != nil {
		matches = nil
	}
	slices.Sort(matches)
	l.globs[p] = matches
	return matches
}

// template returns the named top-level entry (a job or hidden job) with its
// extends merged, resolving each once; nil when it is not a mapping or is
// being resolved.
func (r *reader) template(doc *gitlabDoc, name string) *yaml.Node {
	if done, ok := doc.extended[name]; ok {
		return done
	}
	n := r.deref(doc.defs[name])
	if n == nil || n.Kind != yaml.MappingNode || doc.resolving[name] {
		return nil
	}
	doc.resolving[name] = true
	doc.stack = append(doc.stack, name)
	out := r.extend(doc, n)
	doc.stack = doc.stack[:len(doc.stack)-1]
	delete(doc.resolving, name)
	doc.extended[name] = out
	return out
}

// extend merges the templates n extends (and nothing else) into one
// mapping. A parent being resolved closes a cycle: it is reported at the
// name in extends: and left out.
func (r *reader) extend(doc *gitlabDoc, n *yaml.Node) *yaml.Node {
	ext, ek := r.get(n, "extends")
	if ext == nil {
		return n
	}
	if len(doc.stack) > maxExtendsDepth {
		doc.limit("extends", r.pos(ek), "extends nest deeper than %d levels at %q; the deeper templates are not merged", maxExtendsDepth, doc.stack[len(doc.stack)-1])
		return n
	}
	var parents []*yaml.Node
	if ext.Kind == yaml.ScalarNode {
		parents = []*yaml.Node{ext}
	} else {
		parents = r.items(ext)
	}
	var merged *yaml.Node
	for _, pn := range parents {
		if pn.Kind != yaml.ScalarNode {
			continue
		}
		parent := pn.Value
		if doc.resolving[parent] {
			doc.cycle("template", r.pos(pn), parent, r.pos(doc.knode[parent]), doc.stack)
			continue
		}
		t := r.template(doc, parent)
		if t == nil {
			continue
		}
		if merged == nil {
			merged = t
		} else {
			merged = mergeNodes(r, merged, t)
		}
	}
	if merged == nil {
		return n
	}
	return mergeNodes(r, merged, n)
}

// reference resolves a `!reference [.job, key, ...]` node.
func (r *reader) reference(doc *gitlabDoc, parts []string) *yaml.Node {
	cur := r.template(doc, parts[0])
	if cur == nil {
		cur = r.deref(doc.defs[parts[0]])
	}
	for _, k := range parts[1:] {
		cur, _ = r.get(cur, k)
	}
	return cur
}

func (r *reader) gitlabJob(p *Pipeline, doc *gitlabDoc, key, n, def *yaml.Node) *Job {
	j := &Job{ID: key.Value, Name: key.Value, Pos: r.pos(key), Pipeline: p}
	j.setFacts(n)
	// inherit: default: false|[keys] limits what default: gives.
	inheritAll, inheritKeys := true, map[string]bool{}
	if inh, _ := r.get(n, "inherit"); inh != nil {
		if dv, _ := r.get(inh, "default"); dv != nil {
			if b, ok := boolish(dv); ok {
				inheritAll = b
			} else {
				inheritAll = false
				for _, k := range r.strs(dv) {
					inheritKeys[k] = true
				}
			}
		}
	}
	get := func(k string) (*yaml.Node, *yaml.Node) {
		if v, kn := r.get(n, k); kn != nil {
			return v, kn
		}
		if def != nil && (inheritAll || inheritKeys[k]) {
			return r.get(def, k)
		}
		return nil, nil
	}
	j.Stage = r.str(first(get("stage")))
	if j.Stage == "" {
		j.Stage = "test"
	}
	j.Extends = r.strs(first(r.get(n, "extends")))
	if v, k := get("image"); k != nil {
		if v != nil && v.Kind == yaml.MappingNode {
			j.Image = r.str(first(r.get(v, "name")))
		} else {
			j.Image = r.str(v)
		}
		j.Container = j.Image
	}
	if v, _ := get("services"); v != nil {
		for _, s := range r.items(v) {
			if s.Kind == yaml.MappingNode {
				j.Services = append(j.Services, r.str(first(r.get(s, "name"))))
			} else {
				j.Services = append(j.Services, r.str(s))
			}
		}
	}
	if v, k := get("tags"); k != nil {
		j.RunsOn, j.RunsOnPos = r.strs(v), r.pos(k)
	}
	if v, k := r.get(n, "needs"); k != nil {
		j.NeedsPos = r.pos(k)
		for _, e := range r.items(v) {
			if e.Kind == yaml.MappingNode {
				if jn := r.str(first(r.get(e, "job"))); jn != "" {
					j.Needs = append(j.Needs, jn)
				}
			} else {
				j.Needs = append(j.Needs, r.str(e))
			}
		}
	}
	if v, k := r.get(n, "environment"); k != nil {
		j.EnvironmentPos = r.pos(k)
		if v != nil && v.Kind == yaml.MappingNode {
			j.Environment = r.str(first(r.get(v, "name")))
		} else {
			j.Environment = r.str(v)
		}
	}
	if v, k := get("timeout"); k != nil {
		if m, ok := gitlabMinutes(r.str(v)); ok {
			j.Timeout, j.TimeoutSet, j.TimeoutPos = m, true, r.pos(k)
		}
	}
	if v, k := r.get(n, "parallel"); k != nil {
		j.Matrix = r.gitlabParallel(v, k)
	}
	if v, k := r.get(n, "when"); k != nil && r.str(v) == "manual" {
		j.Manual, j.ManualPos = true, r.pos(k)
	}
	if rules, _ := r.get(n, "rules"); rules != nil {
		for _, rule := range r.items(rules) {
			if v, k := r.get(rule, "when"); k != nil && r.str(v) == "manual" && !j.Manual {
				j.Manual, j.ManualPos = true, r.pos(k)
			}
			if v, k := r.get(rule, "allow_failure"); k != nil {
				if b, ok := boolish(v); ok && b && !j.Manual {
					j.AllowFailure, j.AllowFailPos = true, r.pos(k)
				}
			}
		}
	}
	if v, k := get("allow_failure"); k != nil {
		if b, ok := boolish(v); (ok && b) || (v != nil && v.Kind == yaml.MappingNode) {
			j.AllowFailure, j.AllowFailPos = true, r.pos(k)
		}
	}
	if v, k := get("retry"); k != nil {
		if m, ok := intish(v); ok {
			j.Retry = m
		} else if mx, _ := r.get(v, "max"); mx != nil {
			j.Retry, _ = intish(mx)
		}
		if j.Retry > 0 {
			j.RetryPos = r.pos(k)
		}
	}
	if v, _ := get("interruptible"); v != nil {
		j.Interruptible, _ = boolish(v)
	}
	if v, _ := get("cache"); v != nil {
		j.Cache = true
	}
	if v, k := r.get(n, "resource_group"); k != nil {
		j.Concurrency = &Concurrency{Group: r.str(v), Pos: r.pos(k)}
	}
	if v, _ := r.get(n, "trigger"); v != nil {
		if v.Kind == yaml.ScalarNode {
			j.Trigger = v.Value
		} else {
			j.Trigger = cmpOr(r.str(first(r.get(v, "project"))), "child pipeline")
		}
	}
	if rules, k := r.get(n, "rules"); k != nil {
		var ifs []string
		for _, rule := range r.items(rules) {
			if c := r.str(first(r.get(rule, "if"))); c != "" {
				ifs = append(ifs, c)
			}
		}
		j.If, j.IfPos = strings.Join(ifs, " || "), r.pos(k)
		_ = rules
	}
	j.Env = r.kvs(first(r.get(n, "variables")))
	idx := 0
	for _, sec := range []string{"before_script", "script", "after_script"} {
		v, _ := get(sec)
		for _, e := range r.scriptEntries(doc, v, 0) {
			if !r.b.grow(1) {
				break
			}
			s := &Step{Index: idx, Pos: r.pos(e), Section: sec, Job: j}
			s.setFacts(e)
			s.Run, s.RunPos = e.Value, r.pos(e)
			s.RunLines = r.scriptLines(e)
			j.Steps = append(j.Steps, s)
			idx++
		}
	}
	return j
}

// scriptEntries flattens a GitLab script (a string, a list, nested lists and
// !reference tags) into its scalar entries.
func (r *reader) scriptEntries(doc *gitlabDoc, n *yaml.Node, depth int) []*yaml.Node {
	n = r.deref(n)
	if n == nil || depth > 10 {
		return nil
	}
	if n.Tag == "!reference" {
		return r.referenceEntries(doc, n)
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		return []*yaml.Node{n}
	case yaml.SequenceNode:
		var out []*yaml.Node
		for _, e := range n.Content {
			sub := r.scriptEntries(doc, e, depth+1)
			if !r.b.spend(len(sub)) {
				break // reported as merge work beyond its bound
			}
			out = append(out, sub...)
		}
		return out
	}
	return nil
}

// referenceEntries returns the script entries a !reference names,
// resolving each reference once; one that leads back to itself closes a
// cycle and gives nothing.
func (r *reader) referenceEntries(doc *gitlabDoc, n *yaml.Node) []*yaml.Node {
	parts := r.strs(n)
	if len(parts) == 0 {
		return nil
	}
	key := "[" + strings.Join(parts, ", ") + "]"
	if out, ok := doc.refs[key]; ok {
		return out
	}
	if slices.Contains(doc.refStack, key) {
		doc.cycle("!reference", r.pos(n), key, r.pos(doc.knode[parts[0]]), doc.refStack)
		return nil
	}
	if len(doc.refStack) > maxExtendsDepth {
		doc.limit("reference-depth", r.pos(n), "!reference nests deeper than %d levels at %s; the deeper ones are left out", maxExtendsDepth, key)
		return nil
	}
	doc.refStack = append(doc.refStack, key)
	out := r.scriptEntries(doc, r.reference(doc, parts), 0)
	doc.refStack = doc.refStack[:len(doc.refStack)-1]
	// Each level of references may multiply the one below: cap each.
	if len(out) > maxReferenceEntries {
		doc.limit("reference", r.pos(n), "!reference %s expands to more than %d script entries; the rest are left out", key, maxReferenceEntries)
		out = out[:maxReferenceEntries:maxReferenceEntries]
	}
	doc.refs[key] = out
	return out
}

// gitlabParallel sizes `parallel: N` and `parallel: matrix:`.
func (r *reader) gitlabParallel(v, k *yaml.Node) *Matrix {
	mx := &Matrix{Pos: r.pos(k), Size: 1}
	if n, ok := intish(v); ok {
		mx.Size = n
		return mx
	}
	m, _ := r.get(v, "matrix")
	total := 0
	for _, entry := range r.items(m) {
		size := 1
		for _, dp := range r.pairs(entry) {
			dv := r.deref(dp.V)
			if dv != nil && dv.Kind == yaml.SequenceNode {
				size *= len(dv.Content)
			}
		}
		total += size
	}
	if total > 0 {
		mx.Size = total
	}
	return mx
}

var durationPart = lazyre.New(`(\d+(?:\.\d+)?)\s*([a-zA-Z]*)`)

// gitlabMinutes parses a GitLab duration ("1h 30m", "3 hours", "90 minutes",
// "3600") into whole minutes, rounding up.
func gitlabMinutes(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	secs := 0.0
	found := false
	for _, m := range durationPart.FindAllStringSubmatch(s, -1) {
		n, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			continue
		}
		found = true
		switch u := strings.ToLower(m[2]); {
		case u == "" || strings.HasPrefix(u, "s"):
			secs += n
		case strings.HasPrefix(u, "mo"):
			secs += n * 30 * 86400
		case strings.HasPrefix(u, "m"):
			secs += n * 60
		case strings.HasPrefix(u, "h"):
			secs += n * 3600
		case strings.HasPrefix(u, "d"):
			secs += n * 86400
		case strings.HasPrefix(u, "w"):
			secs += n * 7 * 86400
		}
	}
	if !found {
		return 0, false
	}
	return int((secs + 59) / 60), true
}

var _ fs.FS = nil
