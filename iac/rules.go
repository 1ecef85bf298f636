package iac

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/iac/taggable"
)

func init() {
	finding.Register(MissingCostTags, UntaggedAIResource, TagsNotConfigurable, InvalidTagValue, InvalidGCPLabel,
		ProviderDefaultTags, TagPropagationGap, TagsIgnoreChanges, UnpinnedModuleSource, UnconstrainedProvider,
		ModuleCycle, ModuleOutsideRoot)
}

func (a *analysis) add(f finding.Finding) { a.res.Findings = append(a.res.Findings, f) }

// resourceFindings reports the tag verdicts of one resource block.
func (a *analysis) resourceFindings(r *Resource, vs []instVerdict, ai bool) {
	loc := rangeLoc(r.DefRange)
	var failing, library []instVerdict
	for _, v := range vs {
		switch {
		case v.tag.status != statusFail:
		case v.in.parent != nil && v.tag.fromCaller:
			a.callerFault(r, v, ai)
		case v.in.parent == nil && !v.tag.ownProvider:
			library = append(library, v)
		default:
			failing = append(failing, v)
		}
	}
	name := fmt.Sprintf("%s %q", r.Type, r.Name)
	switch {
	case len(library) > 0 && !ai:
		f := TagsNotConfigurable.New(loc, "%s takes its %s from no module input, so callers cannot set cost tags on it", name, attrWord(library[0].tag.info))
		f.Evidence = map[string]string{"module": r.Module.Dir, "tags": library[0].tag.own.String()}
		a.add(f)
	case len(library) > 0:
		failing = append(failing, library...)
	}
	if len(failing) > 0 {
		a.failFindings(r, name, vs, failing, ai)
	}
	// Values: the resource's own keys; provider defaults are checked at the
	// provider block.
	google := taggable.Provider(r.Type) == "google"
	for _, v := range vs {
		if v.tag.own != nil {
			a.checkValues(v.tag.own, r.DefRange, google)
		}
		if v.tag.info.Defaults && !v.tag.defaultsOpen && v.tag.defaults != nil {
			a.checkValues(v.tag.defaults, r.DefRange, google)
		}
	}
	a.propagation(r, vs)
	a.ignoreChanges(r, loc)
}

// callSite groups the resources that a call from a root module creates
// without the required keys, when the caller could have supplied them.
type callSite struct {
	call    *ModuleCall
	ai      bool
	missing []string
	addrs   []string
	via     map[string]bool
	// detail explains the first verdict that rests on a root's defaults.
	detail string
}

// callerFault records a resource that lacks required keys in a called
// module although its tags derive from the caller: the fix belongs at the
// call in the root module, so that is where it is reported.
func (a *analysis) callerFault(r *Resource, v instVerdict, ai bool) {
	cs := a.siteFor(v.in, r.Address(), v.tag.missing, ai)
	if cs.detail == "" {
		cs.detail = rootDetail(v.in, v.tag)
	}
}

func (a *analysis) callSiteFindings() {
	for _, k := range sortedKeys(a.sites) {
		cs := a.sites[k]
		slices.Sort(cs.missing)
		slices.Sort(cs.addrs)
		list := strings.Join(cs.addrs[:min(3, len(cs.addrs))], ", ")
		if len(cs.addrs) > 3 {
			list += fmt.Sprintf(" and %d more", len(cs.addrs)-3)
		}
		loc := rangeLoc(cs.call.DefRange)
		var f finding.Finding
		switch {
		case len(a.opts.Required) == 0 && cs.ai:
			f = UntaggedAIResource.New(loc, "module %q creates AI or GPU resources with no tags at all: %s", cs.call.Name, list)
		case len(a.opts.Required) == 0:
			continue
		case cs.ai:
			f = UntaggedAIResource.New(loc, "module %q creates AI or GPU resources lacking required tags %s: %s", cs.call.Name, quoteList(cs.missing), list)
		default:
			f = MissingCostTags.New(loc, "module %q creates resources lacking required tags %s: %s", cs.call.Name, quoteList(cs.missing), list)
		}
		f.Evidence = map[string]string{"missing": strings.Join(cs.missing, ","), "resources": strings.Join(cs.addrs, ","), "source": cs.call.Source}
		f.Detail = cs.detail
		a.add(f)
	}
}

func (a *analysis) failFindings(r *Resource, name string, vs, failing []instVerdict, ai bool) {
	loc := rangeLoc(r.DefRange)
	var plain []string
	caseOf := map[string]string{} // required → the key written instead
	for _, v := range failing {
		for _, m := range v.tag.missing {
			var found string
			for k := range v.tag.effective.maybe {
				if strings.EqualFold(k, m) && (found == "" || k < found) {
					found = k
				}
			}
			if found != "" {
				caseOf[m] = found
			} else if !slices.Contains(plain, m) {
				plain = append(plain, m)
			}
		}
	}
	slices.Sort(plain)
	at := where(vs, failing)
	if len(a.opts.Required) == 0 {
		if ai {
			kind, why := failing[0].in.aiKind(r)
			f := UntaggedAIResource.New(loc, "%s %s carries no tags at all%s", aiWord(kind), name, at)
			f.Evidence = map[string]string{"kind": kind, "why": why}
			a.add(f)
		}
		return
	}
	rule := MissingCostTags
	prefix := name
	ev := map[string]string{}
	if ai {
		rule = UntaggedAIResource
		kind, why := failing[0].in.aiKind(r)
		prefix = aiWord(kind) + " " + name
		ev["kind"], ev["why"] = kind, why
	}
	if len(plain) > 0 {
		f := rule.New(loc, "%s lacks required tags %s%s", prefix, quoteList(plain), at)
		f.Evidence = map[string]string{"missing": strings.Join(plain, ","), "keys": failing[0].tag.effective.String()}
		for k, v := range ev {
			f.Evidence[k] = v
		}
		f.Detail = rootDetail(failing[0].in, failing[0].tag)
		a.add(f)
	}
	for _, req := range sortedKeys(caseOf) {
		f := rule.New(loc, "%s has tag %q where %q is required; tag keys are case-sensitive%s", prefix, caseOf[req], req, at)
		f.Evidence = map[string]string{"required": req, "found": caseOf[req]}
		a.add(f)
	}
}

func aiWord(kind string) string {
	if kind == "gpu" {
		return "GPU resource"
	}
	return "AI resource"
}

func attrWord(info taggable.Info) string {
	if info.Kind == taggable.Blocks {
		return "tag blocks"
	}
	return info.Attr
}

// The label syntax is compiled on first use: its Unicode classes cost
// about 10 ms and 8 MB at start-up, paid by every run, Terraform or not.
var (
	gcpLabelKey   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$`) })
	gcpLabelValue = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$`) })
)

// checkValues applies the policy's value rules, and for google the label
// syntax, to the known keys and values of a set. Each key is reported once,
// where it is written.
func (a *analysis) checkValues(k *keySet, fallback hcl.Range, google bool) {
	if a.seenValue == nil {
		a.seenValue = map[string]bool{}
	}
	for _, key := range sortedKeys(k.sure) {
		e := k.sure[key]
		rng := fallback
		if e.rng != nil {
			rng = *e.rng
		}
		val, _ := e.val.Unmark()
		known := val.IsKnown() && !val.IsNull() && val.Type() == cty.String
		str := ""
		if known {
			str = val.AsString()
		}
		id := fmt.Sprintf("%s:%d:%d|%s|%s|%v", rng.Filename, rng.Start.Line, rng.Start.Column, key, str, known)
		if a.seenValue[id] {
			continue
		}
		a.seenValue[id] = true
		loc := rangeLoc(rng)
		if google {
			if !gcpLabelKey().MatchString(key) {
				f := InvalidGCPLabel.New(loc, "label key %q is not a valid google label key (lowercase letters, digits, _ and -, starting with a letter, at most 63)", key)
				f.Evidence = map[string]string{"key": key}
				a.add(f)
			}
			if known && !gcpLabelValue().MatchString(str) {
				f := InvalidGCPLabel.New(loc, "label %q has value %q, not a valid google label value (lowercase letters, digits, _ and -, at most 63)", key, str)
				f.Evidence = map[string]string{"key": key, "value": str}
				a.add(f)
			}
		}
		if !known {
			continue
		}
		for _, vr := range a.opts.Values {
			if vr.Key != key {
				continue
			}
			if vr.Pattern != nil && !vr.Pattern.MatchString(str) {
				f := InvalidTagValue.New(loc, "tag %q has value %q, which does not match %q", key, str, vr.Pattern.String())
				f.Evidence = map[string]string{"key": key, "value": str, "pattern": vr.Pattern.String()}
				a.add(f)
			}
			if len(vr.Allowed) > 0 && !slices.Contains(vr.Allowed, str) {
				f := InvalidTagValue.New(loc, "tag %q has value %q, not one of %s", key, str, quoteList(vr.Allowed))
				f.Evidence = map[string]string{"key": key, "value": str}
				a.add(f)
			}
		}
	}
}

// ignoreChanges reports lifecycle.ignore_changes that covers the tags.
func (a *analysis) ignoreChanges(r *Resource, loc finding.Location) {
	info, ok := taggable.Lookup(r.Type)
	if r.Type == "azapi_resource" {
		info, ok = taggable.Info{Attr: "tags"}, true
	}
	if !ok || len(r.IgnoreChanges) == 0 {
		return
	}
	for _, ic := range r.IgnoreChanges {
		switch ic {
		case "all", info.Attr, "tags", "tags_all", "labels", "terraform_labels", "effective_labels":
			l := rangeLoc(r.IgnoreRange)
			if l.Path == "" {
				l = loc
			}
			f := TagsIgnoreChanges.New(l, "%s %q ignores changes to %s, so tag changes never reach it", r.Type, r.Name, ic)
			f.Evidence = map[string]string{"ignore_changes": ic}
			a.add(f)
			return
		}
	}
}

// rootDetail explains a verdict that rests on what a root configuration
// leaves to Terraform: the defaults and tfvars values of its variables, and
// the implicit empty provider configuration. It returns "" for others.
func rootDetail(in *instance, t *tagResult) string {
	top := in
	for top.parent != nil {
		top = top.parent
	}
	if !top.root {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%q is judged as a root configuration: nothing in the repository calls it and it has %s.", top.mod.Dir, strings.Join(top.mod.RootSignals(), ", "))
	if t.effective != nil && len(t.effective.over) > 0 {
		vars := make([]string, len(t.effective.over))
		for i, v := range t.effective.over {
			vars[i] = "`var." + v + "`"
		}
		fmt.Fprintf(&b, " Its variables take their values from terraform.tfvars and *.auto.tfvars, else their defaults; the keys here derive from %s, which `-var`, `-var-file` or `TF_VAR_` could still override at plan time, unseen by tollgate. If that is how the keys are set, put them in an auto-loaded tfvars file.", strings.Join(vars, ", "))
	}
	if t.implicit {
		fmt.Fprintf(&b, " No provider block configures %q in it, so Terraform uses an empty configuration, with no default tags or labels.", t.info.Provider)
	}
	return b.String()
}
