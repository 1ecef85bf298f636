package scan

import (
	"context"
	"regexp"
	"slices"

	"github.com/tollgate-dev/tollgate/iac"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
)

func init() { Register(iacDomain{}) }

// iacDomain adapts the iac package: Terraform, CloudFormation and SAM
// templates, and the GPU capacity of Kubernetes manifests.
type iacDomain struct{}

func (iacDomain) Name() string { return "iac" }

// Owns claims Terraform files and files named like CloudFormation
// templates or SAM deploy configurations (so that directives in them are
// judged); templates under other names are found by content in the tree.
func (iacDomain) Owns(p string) bool { return iac.Owns(p) || iac.IsCFNName(p) }
func (iacDomain) Analyze(ctx context.Context, in *Input) (*Result, error) {
	var tfFiles []string
	for _, p := range in.Files {
		if iac.Owns(p) {
			tfFiles = append(tfFiles, p)
		}
	}
	opts := iacOptions(in.Policy.Tags)
	res, err := iac.Analyze(ctx, in.FS, tfFiles, opts)
	if err != nil {
		return nil, err
	}
	out := &Result{Findings: res.Findings}
	var required []string
	if in.Policy != nil && in.Policy.Tags != nil {
		required = in.Policy.Tags.Required
	}
	var yamls, cfnFiles []string
	for _, f := range in.Tree {
		if slices.Contains(in.Refused, f.Path) {
			continue
		}
		if iac.IsKubeCandidate(f.Path) {
			yamls = append(yamls, f.Path)
		}
		if iac.IsCFNCandidate(f.Path) {
			cfnFiles = append(cfnFiles, f.Path)
		}
	}
	kube := iac.KubeInventory(in.FS, yamls, required)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfn := iac.AnalyzeCFN(in.FS, cfnFiles, opts)
	out.Findings = append(out.Findings, cfn.Findings...)
	var cf *report.CloudFormation
	if cfn.Templates > 0 {
		cf = &report.CloudFormation{Templates: cfn.Templates, StackTagsKnown: cfn.StackTagsKnown, Resources: len(cfn.Resources),
			NotCreated: cfn.NotCreated, Skipped: cfn.Skipped, Spec: iac.CFNSpec(),
			Coverage: report.ProviderCount{Provider: cfn.Coverage.Provider, Pass: cfn.Coverage.Pass, Fail: cfn.Coverage.Fail, Unknown: cfn.Coverage.Unknown}}
		for _, s := range cfn.Resources {
			if s.Status == "n/a" {
				cf.NotTaggable++
			}
		}
	}
	if len(res.Modules) == 0 && len(kube) == 0 && cf == nil {
		return out, nil
	}
	// The report's parts are built now, not in Fill: Fill runs after every
	// domain, and a closure over res would keep the module tree (syntax
	// trees, evaluated instances) alive until then.
	tf := &report.Terraform{Modules: len(res.Modules), Instances: res.Instances, Resources: len(res.Resources), NotCreated: res.NotCreated,
		CallsNotFollowed: res.CallsNotFollowed}
	for _, c := range res.Coverage {
		tf.Coverage = append(tf.Coverage, report.ProviderCount{Provider: c.Provider, Pass: c.Pass, Fail: c.Fail, Unknown: c.Unknown})
	}
	for _, e := range res.External {
		tf.External = append(tf.External, report.ExternalModule{Location: e.Location, Name: e.Name, Source: e.Source, Kind: e.Kind, Version: e.Version,
			Tags: e.Tags, TagsWhy: e.TagsWhy})
	}
	for _, s := range res.Resources {
		if s.Status == "n/a" {
			tf.NotTaggable++
		}
	}
	var infra []report.AIResource
	for _, a := range res.Inventory {
		infra = append(infra, report.AIResource{Location: a.Location, Address: a.Address,
			Type: a.Type, Module: a.Module, Kind: a.Kind, Why: a.Why, TagStatus: a.TagStatus})
	}
	for _, a := range append(kube, cfn.Inventory...) {
		infra = append(infra, report.AIResource{Location: a.Location, Address: a.Address,
			Type: a.Type, Module: a.Module, Kind: a.Kind, Why: a.Why, TagStatus: a.TagStatus})
	}
	if len(res.Modules) == 0 {
		tf = nil
	}
	out.Fill = func(r *report.Report) {
		if tf != nil {
			r.Terraform = tf
		}
		if cf != nil {
			r.CloudFormation = cf
		}
		if len(infra) > 0 {
			if r.AI == nil {
				r.AI = &report.AI{}
			}
			r.AI.Infrastructure = infra
		}
	}
	return out, nil
}

// iacOptions converts the policy's tags block. Patterns were validated when
// the policy was read.
func iacOptions(t *policy.Tags) iac.Options {
	var o iac.Options
	if t == nil {
		return o
	}
	o.Required = t.Required
	o.ProviderCoverage = t.ProviderCoverage != nil && *t.ProviderCoverage
	for _, v := range t.Values {
		vr := iac.ValueRule{Key: v.Key, Allowed: v.Allowed}
		if v.Pattern != nil {
			vr.Pattern = regexp.MustCompile(*v.Pattern)
		}
		o.Values = append(o.Values, vr)
	}
	return o
}
