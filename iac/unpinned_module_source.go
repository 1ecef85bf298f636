package iac

import (
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tollgate-dev/tollgate/finding"
)

// UnpinnedModuleSource reports module calls whose code can change under
// the caller.
var UnpinnedModuleSource = finding.Rule{
	ID:      "tf/unpinned-module-source",
	Title:   "Module source not pinned",
	Default: finding.Medium,
	Doc: "A module from the registry without `version`, or from git without `?ref=`, is whatever\n" +
		"its author published last: the next `terraform init` may bring different resources,\n" +
		"different tags, different permissions, unreviewed.\n\n" +
		"Fix: pin it.\n\n" +
		"```hcl\nmodule \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"6.0.1\"\n}\nmodule \"net\" {\n  source = \"git::https://example.com/net.git?ref=v1.4.2\"\n}\n```",
	Controls: []string{"SOC2:CC8.1", "NIST-AI-RMF:MANAGE-3.1"},
}

// UnconstrainedProvider reports providers used without a version constraint.
var UnconstrainedProvider = finding.Rule{
	ID:      "tf/unconstrained-provider",
	Title:   "Provider without a version constraint",
	Default: finding.Low,
	Doc: "A `required_providers` entry without `version`, or a root configuration that uses a\n" +
		"provider it does not list in `required_providers` at all, takes whatever provider\n" +
		"version `terraform init` finds newest. Provider majors change defaults (tags included:\n" +
		"aws 3.38 added `default_tags`, google 5 added `terraform_labels`).\n\n" +
		"Fix:\n\n```hcl\nterraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\", version = \">= 6.0, < 7.0\" }\n  }\n}\n```",
	Controls: []string{"SOC2:CC8.1"},
}

func (a *analysis) moduleFindings() {
	for _, m := range a.res.Modules {
		a.providerCoverage(m)
		for _, c := range m.Calls {
			a.moduleSource(c)
			a.cycleFinding(c)
			a.outsideFinding(c)
		}
		a.providerVersions(m)
	}
}

func (a *analysis) moduleSource(c *ModuleCall) {
	loc := rangeLoc(c.SrcRange)
	if c.Kind != "local" {
		v := a.remoteStatus[c]
		a.res.External = append(a.res.External, ExternalModule{Location: rangeLoc(c.DefRange), Name: c.Name,
			Source: c.Source, Kind: c.Kind, Version: constString(c.Version), Tags: v.status, TagsWhy: v.why})
	}
	switch c.Kind {
	case "registry":
		if c.Version == nil {
			f := UnpinnedModuleSource.New(loc, "module %q uses registry source %q without a version", c.Name, c.Source)
			f.Evidence = map[string]string{"source": c.Source}
			a.add(f)
		}
	case "git":
		if !strings.Contains(c.Source, "ref=") {
			f := UnpinnedModuleSource.New(loc, "module %q uses git source %q without ?ref=", c.Name, c.Source)
			f.Evidence = map[string]string{"source": c.Source}
			a.add(f)
		}
	}
}

// providerVersions reports, for a root configuration (a module nobody
// calls that configures a provider), each provider its module tree uses
// without any module of the tree constraining its version. Terraform takes
// the constraints of every module together, so a child's constraint covers
// the root; a tree with registry or git modules is not judged, since their
// constraints are not visible.
func (a *analysis) providerVersions(m *Module) {
	if len(m.Callers) > 0 || len(m.Providers) == 0 || len(a.instances[m]) == 0 {
		return
	}
	root := a.instances[m][0]
	if root.parent != nil {
		return
	}
	used := map[string]hcl.Range{}
	constrained := map[string]bool{}
	remote := false
	// Each provider is reported where the root uses it: its own resource
	// or provider block, or the call that leads to the module that does.
	var walk func(in *instance, site *hcl.Range)
	walk = func(in *instance, site *hcl.Range) {
		mod := in.mod
		note := func(p string, r hcl.Range) {
			if _, ok := used[p]; ok || p == "terraform" {
				return
			}
			if site != nil {
				r = *site
			}
			used[p] = r
		}
		for _, r := range mod.Resources {
			note(strings.SplitN(providerKey(r), ".", 2)[0], r.DefRange)
		}
		for _, pb := range mod.Providers {
			note(pb.Name, pb.DefRange)
			if pb.Version != nil {
				constrained[pb.Name] = true
			}
		}
		for name, rp := range mod.Required {
			if rp.Version != "" {
				constrained[name] = true
			}
		}
		for _, c := range mod.Calls {
			if c.Kind != "local" {
				remote = true
			}
		}
		for _, child := range a.children[in] {
			s := site
			if s == nil {
				r := child.call.DefRange
				s = &r
			}
			walk(child, s)
		}
	}
	walk(root, nil)
	if remote {
		return
	}
	for _, p := range sortedKeys(used) {
		if constrained[p] {
			continue
		}
		rng := used[p]
		if rp := m.Required[p]; rp != nil {
			rng = rp.Range
		}
		f := UnconstrainedProvider.New(rangeLoc(rng), "provider %q has no version constraint in any module of this configuration", p)
		f.Evidence = map[string]string{"provider": p}
		a.add(f)
	}
}
