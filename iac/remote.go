package iac

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// remoteVerdict is the judgement of the tags one instance passes to a
// module call whose code is not in the repository.
type remoteVerdict struct {
	in      *instance
	status  string
	missing []string
	// why says, for an unknown verdict, what is not known.
	why string
	// absent says the call passes no tags argument at all.
	absent bool
	// fromCaller says the keys derive from a module input or a provider
	// configuration of the instance's caller.
	fromCaller bool
	// ownProvider says the instance's module configures the provider.
	ownProvider bool
}

// remoteProvider names the provider a remote module is written for, read
// from its source the way the registry names modules: the last part of a
// registry address (terraform-aws-modules/vpc/aws), or the
// terraform-<provider>-<name> repository name of a git source. It returns
// "" when the source does not say.
func remoteProvider(src, kind string) string {
	switch kind {
	case "registry":
		main, _, _ := strings.Cut(src, "//")
		parts := strings.Split(main, "/")
		return parts[len(parts)-1]
	case "git":
		s := strings.TrimPrefix(src, "git::")
		s, _, _ = strings.Cut(s, "?")
		if _, rest, ok := strings.Cut(s, "://"); ok {
			s = rest
		}
		s, _, _ = strings.Cut(s, "//")
		base := strings.TrimSuffix(path.Base(s), ".git")
		if i := strings.LastIndexByte(base, ':'); i >= 0 {
			base = base[i+1:]
		}
		if name, ok := strings.CutPrefix(base, "terraform-"); ok {
			p, _, _ := strings.Cut(name, "-")
			return p
		}
	}
	return ""
}

// judgeRemote judges the tags a call to a module outside the repository
// passes, at the call site: its tags argument (labels for google) and the
// default tags of the provider configuration the module inherits. Without
// the module's code (no .terraform/modules from the user's terraform init)
// this is all that can be known, so a missing argument is a known failure
// only where the provider's default tags would be the module's only tags
// (aws); elsewhere, and where the call passes tags under another name, the
// verdict is unknown.
func (a *analysis) judgeRemote(in *instance, c *ModuleCall) {
	if len(a.opts.Required) == 0 {
		return
	}
	v := remoteVerdict{in: in}
	defer func() {
		if a.remote == nil {
			a.remote = map[*ModuleCall][]remoteVerdict{}
		}
		a.remote[c] = append(a.remote[c], v)
	}()
	if sw := createSwitch(in, c); sw != "" {
		v.status, v.why = statusUnknown, fmt.Sprintf("the call passes %s, which may create nothing", sw)
		return
	}
	prov := remoteProvider(c.Source, c.Kind)
	argName := "tags"
	switch prov {
	case "aws", "azurerm":
	case "google", "google-beta":
		argName = "labels"
	default:
		v.status, v.why = statusUnknown, "the source does not name an aws, azurerm or google module"
		return
	}
	own := emptyKeys()
	if arg := c.Args[argName]; arg != nil {
		own = in.keysOf(arg.Expr, 0)
	} else {
		for _, name := range sortedKeys(c.Args) {
			if strings.Contains(name, "tag") || strings.Contains(name, "label") {
				v.status, v.why = statusUnknown, fmt.Sprintf("the call passes %q, not %q, and the module's code is not in the repository", name, argName)
				return
			}
		}
		if prov != "aws" {
			v.status, v.why = statusUnknown, fmt.Sprintf("the call passes no %q; whether the module creates taggable resources is not known without its code", argName)
			return
		}
		v.absent = true
	}
	defaults := emptyKeys()
	if prov == "aws" || strings.HasPrefix(prov, "google") {
		key := prov
		if mapped, ok := c.Providers[prov]; ok {
			key = mapped
		}
		conf, has := in.providers[key]
		switch {
		case !has || conf == nil:
			defaults = openKeys(true)
		default:
			defaults = conf.defaultKeys()
			v.fromCaller = conf.inst != in
			v.ownProvider = conf.inst == in
		}
	}
	for _, p := range in.mod.Providers {
		if p.Name == prov {
			v.ownProvider = true
		}
	}
	v.fromCaller = v.fromCaller || own.input
	v.status, v.missing = union(defaults, own).verdict(a.opts.Required)
	if v.status == statusUnknown {
		v.why = "the tags come from a module input or a value not known before apply"
	}
}

// remoteFindings reports the remote calls judged to lack required keys,
// and records every verdict on the call's ExternalModule entry.
func (a *analysis) remoteFindings() {
	calls := make([]*ModuleCall, 0, len(a.remote))
	for c := range a.remote {
		calls = append(calls, c)
	}
	slices.SortFunc(calls, func(x, y *ModuleCall) int {
		return strings.Compare(rangeLoc(x.DefRange).String(), rangeLoc(y.DefRange).String())
	})
	a.remoteStatus = map[*ModuleCall]remoteVerdict{}
	for _, c := range calls {
		vs := a.remote[c]
		var failing []remoteVerdict
		folded := remoteVerdict{status: statusPass}
		for _, v := range vs {
			switch {
			case v.status == statusFail:
				folded = v
			case v.status == statusUnknown && folded.status == statusPass:
				folded = v
			}
			if v.status != statusFail {
				continue
			}
			if v.in.parent != nil && v.fromCaller {
				// The fix is at the call in the root module.
				a.siteFor(v.in, "module."+c.Name, v.missing, false)
				continue
			}
			failing = append(failing, v)
		}
		a.remoteStatus[c] = folded
		if len(failing) == 0 {
			continue
		}
		v := failing[0]
		slices.Sort(v.missing)
		at := ""
		if len(vs) > 1 || v.in.parent != nil {
			at = fmt.Sprintf(" (in %s)", v.in.label())
		}
		loc := rangeLoc(c.DefRange)
		what := "is passed tags lacking"
		if v.absent {
			what = "is passed no tags, and the provider's default tags lack"
		}
		f := MissingCostTags.New(loc, "module %q from %q %s required tags %s%s", c.Name, c.Source, what, quoteList(v.missing), at)
		f.Detail = "The module's code is not in the repository (no `.terraform/modules` from `terraform init`), so tollgate judged the tags the call passes: " +
			"every resource the module tags from this argument lacks these keys, unless the module adds them itself."
		if v.absent {
			f.Detail = "The call passes no `tags` and the aws provider configuration it inherits has no default tags with these keys, " +
				"so the module's resources carry them only if the module adds them itself. Pass `tags`, or add the keys to `default_tags`."
		}
		f.Evidence = map[string]string{"missing": strings.Join(v.missing, ","), "source": c.Source}
		a.add(f)
	}
}

// siteFor records, at the call in the root module above instance in, that
// the resource (or module call) addr lacks the missing keys.
func (a *analysis) siteFor(in *instance, addr string, missing []string, ai bool) *callSite {
	top := in
	for top.parent.parent != nil {
		top = top.parent
	}
	key := fmt.Sprintf("%s|%v", top.call.DefRange, ai)
	if a.sites == nil {
		a.sites = map[string]*callSite{}
	}
	cs := a.sites[key]
	if cs == nil {
		cs = &callSite{call: top.call, ai: ai, via: map[string]bool{}}
		a.sites[key] = cs
	}
	for _, m := range missing {
		if !slices.Contains(cs.missing, m) {
			cs.missing = append(cs.missing, m)
		}
	}
	addr = strings.TrimPrefix(strings.TrimPrefix(in.path, top.path)+"."+addr, ".")
	if !slices.Contains(cs.addrs, addr) {
		cs.addrs = append(cs.addrs, addr)
	}
	return cs
}

// createSwitch returns the argument that may turn the whole module off
// ("create = false", "enabled = var.x", "create_vpc = false" for the vpc
// module), written as name = value, unless it is known to be true.
func createSwitch(in *instance, c *ModuleCall) string {
	main, _, _ := strings.Cut(c.Source, "//")
	parts := strings.Split(main, "/")
	name := ""
	if len(parts) >= 2 {
		name = strings.ReplaceAll(parts[len(parts)-2], "-", "_")
	}
	for _, arg := range []string{"create", "enabled", "enable", "create_" + name} {
		a := c.Args[arg]
		if a == nil {
			continue
		}
		v, _ := in.eval(a.Expr, nil).Unmark()
		if v.IsKnown() && !v.IsNull() && v.Type() == cty.Bool && v.True() {
			continue
		}
		if v.IsKnown() && !v.IsNull() && v.Type() == cty.Bool {
			return arg + " = false"
		}
		return arg + " with a value not known"
	}
	return ""
}
