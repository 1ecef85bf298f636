package iac

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"go.yaml.in/yaml/v4"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/iac/taggable"
)

// CFNResult is what AnalyzeCFN returns.
type CFNResult struct {
	Findings []finding.Finding
	// Templates counts the templates read; StackTagsKnown those whose
	// stack-level tags a deploy configuration in the repository sets.
	Templates, StackTagsKnown int
	// Resources is the tag verdict of every resource (Provider
	// "cloudformation"); resources under a condition known to be false are
	// counted in NotCreated instead.
	Resources  []ResourceStatus
	NotCreated int
	// Skipped counts Resources entries not modelled (Fn::ForEach loops).
	Skipped   int
	Inventory []AIResource
	Coverage  ProviderCount
}

// AnalyzeCFN reads the candidate files (IsCFNCandidate), keeps those whose
// content is a CloudFormation or SAM template, and judges their resources'
// tags with the policy's required keys, as for Terraform: three-valued, a
// finding only for a key certainly missing.
//
// Stack-level tags, which CloudFormation propagates to every resource that
// takes tags, are given at deploy time (`aws cloudformation deploy --tags`,
// `sam deploy --tags`, the console, a pipeline) and are not in the
// template: a resource lacking a key in the template is unknown, not a
// failure, unless a SAM deploy configuration beside the template
// (samconfig.toml or samconfig.yaml, environment "default") says which
// stack tags the deploy passes.
func AnalyzeCFN(fsys fs.FS, files []string, opts Options) *CFNResult {
	res := &CFNResult{Coverage: ProviderCount{Provider: "cloudformation"}}
	a := &analysis{opts: opts, res: &Result{}}
	configs := map[string]*stackTags{} // template path → deploy configuration
	var templates []string
	for _, p := range files {
		if !IsCFNCandidate(p) {
			continue
		}
		if isSAMConfig(path.Base(p)) {
			src, err := fs.ReadFile(fsys, p)
			if err != nil || len(src) > maxCFNBytes {
				continue
			}
			if st := readSAMConfig(p, src); st != nil {
				for _, tp := range st.templates {
					if prev, ok := configs[tp]; !ok || p < prev.path {
						configs[tp] = st
					}
				}
			}
			continue
		}
		templates = append(templates, p)
	}
	n := 0
	for _, p := range templates {
		if n >= maxCFNFiles {
			break
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil || len(src) > maxCFNBytes || !looksCFN(src) {
			continue
		}
		n++
		t, pf := parseCFN(p, src)
		res.Findings = append(res.Findings, pf...)
		if t == nil {
			continue
		}
		res.Templates++
		st := configs[p]
		if st != nil {
			res.StackTagsKnown++
		}
		res.Skipped += t.skipped
		a.cfnTemplate(t, st, res)
	}
	res.Findings = append(res.Findings, a.res.Findings...)
	sortInventory(res.Inventory)
	return res
}

// cfnTemplate judges the resources of one template.
func (a *analysis) cfnTemplate(t *cfnTemplate, st *stackTags, res *CFNResult) {
	stack := openKeys(false)
	if st != nil {
		stack = st.keys
		if !stack.open {
			a.checkValues(stack, st.rng, false)
		}
	}
	for _, r := range t.resources {
		loc := finding.Location{Path: t.path, StartLine: r.key.Line, StartCol: r.key.Column}
		kind, why := t.aiKind(r)
		if r.cond != "" && t.condition(r.cond, 0) == 0 {
			res.NotCreated++
			if kind != "" {
				res.Inventory = append(res.Inventory, AIResource{Location: loc, Address: r.name, Type: r.typ, Module: t.path,
					Kind: kind, Why: why, TagStatus: StatusNotCreated})
			}
			continue
		}
		status, own, missing := t.verdict(r, stack, a.opts.Required)
		res.Resources = append(res.Resources, ResourceStatus{Location: loc, Address: r.name, Type: r.typ,
			Provider: "cloudformation", Status: status})
		switch status {
		case statusPass:
			res.Coverage.Pass++
		case statusFail:
			res.Coverage.Fail++
		case statusUnknown:
			res.Coverage.Unknown++
		}
		if kind != "" {
			res.Inventory = append(res.Inventory, AIResource{Location: loc, Address: r.name, Type: r.typ, Module: t.path,
				Kind: kind, Why: why, TagStatus: status})
		}
		if own != nil {
			a.checkValues(own, hcl.Range{Filename: t.path, Start: hcl.Pos{Line: r.key.Line, Column: r.key.Column}}, false)
		}
		if status == statusFail {
			a.cfnFail(t, r, loc, kind, why, missing, union(own, stack), st)
		}
	}
}

// verdict resolves a resource's effective key set: its own tags (with SAM
// Globals) and the stack's tags. status is n/a for types that take no tags,
// unknown for types the specification snapshot does not list and for
// TagSpecifications, which tag other resources per type.
func (t *cfnTemplate) verdict(r *cfnResource, stack *keySet, required []string) (status string, own *keySet, missing []string) {
	if strings.HasPrefix(r.typ, "Custom::") || r.typ == "AWS::CloudFormation::CustomResource" ||
		r.typ == "AWS::CloudFormation::WaitCondition" || r.typ == "AWS::CloudFormation::WaitConditionHandle" {
		return statusNA, nil, nil
	}
	info, ok, known := taggable.LookupCFN(r.typ)
	switch {
	case !known:
		return statusUnknown, nil, nil
	case !ok:
		return statusNA, nil, nil
	case info.Shape == taggable.CFNSpecs:
		return statusUnknown, nil, nil
	}
	own = t.tagKeys(mapValue(r.props, info.Prop), info.Shape, 0)
	if kind, ok := strings.CutPrefix(r.typ, "AWS::Serverless::"); ok {
		if g := mapValue(mapAt(t.globals, kind), "Tags"); g != nil {
			own = union(t.tagKeys(g, taggable.CFNMap, 0), own)
		}
	}
	status, missing = union(own, stack).verdict(required)
	return status, own, missing
}

// tagKeys reads the keys of a tags property: a list of {Key, Value}, a
// mapping, or an intrinsic (Fn::If is followed; anything else leaves the
// set open).
func (t *cfnTemplate) tagKeys(n *yaml.Node, shape taggable.CFNShape, depth int) *keySet {
	if n == nil || isNoValue(n) {
		return emptyKeys()
	}
	if depth > maxCFNDepth || n.Kind == yaml.AliasNode {
		return openKeys(false)
	}
	if fn, arg := intrinsic(n); fn != "" {
		if fn != "Fn::If" {
			return openKeys(false)
		}
		c, x, y, ok := t.ifBranches(arg, depth)
		switch {
		case !ok:
			return openKeys(false)
		case c == 1:
			return t.tagKeys(x, shape, depth+1)
		case c == 0:
			return t.tagKeys(y, shape, depth+1)
		}
		return either(t.tagKeys(x, shape, depth+1), t.tagKeys(y, shape, depth+1))
	}
	switch {
	case n.Kind == yaml.SequenceNode && (shape == taggable.CFNList || shape == taggable.CFNJSON):
		k := emptyKeys()
		for _, item := range n.Content {
			k = union(k, t.tagItem(item, depth+1))
		}
		return k
	case n.Kind == yaml.MappingNode && (shape == taggable.CFNMap || shape == taggable.CFNJSON):
		k := emptyKeys()
		for i := 0; i+1 < len(n.Content); i += 2 {
			kn, vn := n.Content[i], n.Content[i+1]
			if !plainScalar(kn) || kn.Value == "<<" {
				k.open = true
				continue
			}
			if isNoValue(vn) {
				continue
			}
			if fn, arg := intrinsic(vn); fn == "Fn::If" {
				if c, x, y, ok := t.ifBranches(arg, depth); ok && c != 1 && (c == 0 && isNoValue(y) || c == -1 && (isNoValue(x) || isNoValue(y))) {
					k.maybe[kn.Value] = true
					continue
				}
			}
			k.add(kn.Value, t.entry(vn))
		}
		return k
	}
	return openKeys(false)
}

// tagItem reads one {Key, Value} item of a tags list.
func (t *cfnTemplate) tagItem(item *yaml.Node, depth int) *keySet {
	if item == nil || isNoValue(item) {
		return emptyKeys()
	}
	if depth > maxCFNDepth || item.Kind == yaml.AliasNode {
		return openKeys(false)
	}
	if fn, arg := intrinsic(item); fn != "" {
		if fn != "Fn::If" {
			return openKeys(false)
		}
		c, x, y, ok := t.ifBranches(arg, depth)
		switch {
		case !ok:
			return openKeys(false)
		case c == 1:
			return t.tagItem(x, depth+1)
		case c == 0:
			return t.tagItem(y, depth+1)
		}
		return either(t.tagItem(x, depth+1), t.tagItem(y, depth+1))
	}
	key := mapValue(item, "Key")
	name, ok := t.value(key, false, nil, depth+1)
	if item.Kind != yaml.MappingNode || !ok {
		return openKeys(false)
	}
	k := emptyKeys()
	k.add(name, t.entry(mapValue(item, "Value")))
	return k
}

// entry is a tag's value, known or not, and where it is written.
func (t *cfnTemplate) entry(v *yaml.Node) keyEntry {
	e := keyEntry{val: cty.UnknownVal(cty.String)}
	if v == nil {
		return e
	}
	if s, ok := t.value(v, false, nil, 0); ok {
		e.val = cty.StringVal(s)
	}
	e.rng = &hcl.Range{Filename: t.path, Start: hcl.Pos{Line: v.Line, Column: v.Column}, End: hcl.Pos{Line: v.Line, Column: v.Column}}
	return e
}

// cfnFail reports a resource certainly lacking required keys: possible only
// when the stack's tags are known.
func (a *analysis) cfnFail(t *cfnTemplate, r *cfnResource, loc finding.Location, kind, why string, missing []string, eff *keySet, st *stackTags) {
	name := fmt.Sprintf("%s %q", r.typ, r.name)
	detail := ""
	if st != nil {
		detail = fmt.Sprintf("The stack's tags are those %q passes to `sam deploy` (environment \"default\"): %s. Tags given on the command line (`--tags`) or by another deploy path replace them, unseen by tollgate; if that is how the keys are set, write them in the deploy configuration.", st.path, st.describe())
	}
	if len(a.opts.Required) == 0 {
		if kind != "" {
			f := UntaggedAIResource.New(loc, "%s %s carries no tags at all", aiWord(kind), name)
			f.Evidence = map[string]string{"kind": kind, "why": why}
			f.Detail = detail
			a.add(f)
		}
		return
	}
	rule := MissingCostTags
	prefix := name
	ev := map[string]string{}
	if kind != "" {
		rule = UntaggedAIResource
		prefix = aiWord(kind) + " " + name
		ev["kind"], ev["why"] = kind, why
	}
	var plain []string
	caseOf := map[string]string{}
	for _, m := range missing {
		found := ""
		for k := range eff.maybe {
			if strings.EqualFold(k, m) && (found == "" || k < found) {
				found = k
			}
		}
		if found != "" {
			caseOf[m] = found
		} else {
			plain = append(plain, m)
		}
	}
	slices.Sort(plain)
	if len(plain) > 0 {
		f := rule.New(loc, "%s lacks required tags %s", prefix, quoteList(plain))
		f.Evidence = map[string]string{"missing": strings.Join(plain, ","), "keys": eff.String()}
		for k, v := range ev {
			f.Evidence[k] = v
		}
		f.Detail = detail
		a.add(f)
	}
	for _, req := range sortedKeys(caseOf) {
		f := rule.New(loc, "%s has tag %q where %q is required; tag keys are case-sensitive", prefix, caseOf[req], req)
		f.Evidence = map[string]string{"required": req, "found": caseOf[req]}
		f.Detail = detail
		a.add(f)
	}
}

// CFNSpec names the CloudFormation resource specification the taggable
// types come from.
func CFNSpec() string { return taggable.CFNSource.Version }
