package iac

import (
	"fmt"

	"github.com/tollgate-dev/tollgate/finding"
)

// ProviderDefaultTags reports aws and google provider configurations whose
// default tags or labels do not hold the required keys.
var ProviderDefaultTags = finding.Rule{
	ID:      "tf/provider-default-tags",
	Title:   "Provider without default cost tags",
	Default: finding.Low,
	Doc: "With `tags { provider_coverage = true }` in the policy, every `provider \"aws\"` block\n" +
		"(aliases included) must set `default_tags` and every `provider \"google\"` block\n" +
		"`default_labels`, holding the required keys. Defaults tag every resource that\n" +
		"accepts them, including those of third-party modules that forget to.\n\n" +
		"Only fully known key sets are judged: `default_tags { tags = var.tags }` in a module\n" +
		"nobody in the repository calls is not reported.\n\n" +
		"```hcl\nprovider \"aws\" {\n  alias  = \"us\"\n  region = \"us-east-1\"\n  default_tags {\n    tags = local.cost_tags\n  }\n}\n```",
	Controls: []string{"SOC2:CC1.3"},
}

func (a *analysis) providerCoverage(m *Module) {
	if !a.opts.ProviderCoverage || len(a.instances[m]) == 0 {
		return
	}
	for _, p := range m.Providers {
		if p.Name != "aws" && p.Name != "google" && p.Name != "google-beta" {
			continue
		}
		what := "default_tags"
		if p.Name != "aws" {
			what = "default_labels"
		}
		label := fmt.Sprintf("%q", p.Name)
		if p.Alias != "" {
			label += fmt.Sprintf(" alias %q", p.Alias)
		}
		var missing []string
		failed := false
		for _, in := range a.instances[m] {
			conf := in.providers[p.Key()]
			if conf == nil || conf.block != p {
				continue
			}
			status, miss := conf.defaultKeys().verdict(a.opts.Required)
			if status == statusFail {
				failed = true
				for _, k := range miss {
					if !contains(missing, k) {
						missing = append(missing, k)
					}
				}
			}
			a.checkValues(conf.defaultKeys(), p.DefRange, p.Name != "aws")
		}
		if !failed {
			continue
		}
		loc := rangeLoc(p.DefRange)
		if len(missing) == 0 {
			a.add(ProviderDefaultTags.New(loc, "provider %s sets no %s", label, what))
			continue
		}
		f := ProviderDefaultTags.New(loc, "provider %s %s lack required keys %s", label, what, quoteList(missing))
		f.Evidence = map[string]string{"missing": quoteList(missing)}
		a.add(f)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
