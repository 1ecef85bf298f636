package iac

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tollgate-dev/tollgate/finding"
)

// TagPropagationGap reports tags that stop at a resource instead of reaching
// the resources that are billed.
var TagPropagationGap = finding.Rule{
	ID:      "tf/tag-propagation-gap",
	Title:   "Tags do not reach the billed resources",
	Default: finding.Low,
	Doc: "Some resources create others that carry the cost: instances launched from a launch\n" +
		"template or an autoscaling group, tasks of an ECS service, the VMs of an EKS, GKE or AKS\n" +
		"node pool. Their tags reach those only when asked to:\n\n" +
		"- `aws_launch_template` needs `tag_specifications` for `instance` and `volume`;\n" +
		"- `aws_autoscaling_group` `tag` blocks holding a required key need\n" +
		"  `propagate_at_launch = true` (ASG-only tags, such as cluster-autoscaler's, are left alone);\n" +
		"- `aws_ecs_service` needs `propagate_tags` (`SERVICE` or `TASK_DEFINITION`);\n" +
		"- `aws_eks_node_group` tags stay on the node group: its instances get tags only from a\n" +
		"  launch template's `tag_specifications`;\n" +
		"- GKE `node_config.labels` are Kubernetes node labels; the VMs are billed with\n" +
		"  `node_config.resource_labels`;\n" +
		"- AKS `default_node_pool` has its own `tags`; the cluster's do not reach the node pool.\n\n" +
		"Fix: add the propagation setting. Example:\n\n" +
		"```hcl\nresource \"aws_launch_template\" \"gpu\" {\n  tag_specifications {\n    resource_type = \"instance\"\n    tags          = local.tags\n  }\n  tag_specifications {\n    resource_type = \"volume\"\n    tags          = local.tags\n  }\n}\n```\n\n" +
		"Only what is known statically is reported: a `dynamic` block whose contents cannot be\n" +
		"known counts as present.",
	Controls: []string{"ISO42001:A.4.5", "SOC2:CC1.3"},
}

func (a *analysis) propagation(r *Resource, vs []instVerdict) {
	if len(vs) == 0 {
		return
	}
	in := vs[0].in
	loc := rangeLoc(r.DefRange)
	switch r.Type {
	case "aws_launch_template":
		types := map[string]bool{}
		for _, b := range nestedBlocks(r.Body, "tag_specifications") {
			if b.Type == "dynamic" {
				return
			}
			if at := attrOf(b.Body, "resource_type"); at != nil {
				v := in.eval(at.Expr, nil)
				if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
					return
				}
				types[v.AsString()] = true
			}
		}
		var miss []string
		for _, t := range []string{"instance", "volume"} {
			if !types[t] {
				miss = append(miss, t)
			}
		}
		if len(miss) > 0 {
			f := TagPropagationGap.New(loc, "launch template %q has no tag_specifications for %s: what it launches is not tagged", r.Name, quoteList(miss))
			f.Evidence = map[string]string{"missing": quoteList(miss)}
			a.add(f)
		}
	case "aws_autoscaling_group":
		a.asgPropagation(r, in)
	case "aws_ecs_service":
		at := attrOf(r.Body, "propagate_tags")
		if at == nil {
			a.add(TagPropagationGap.New(loc, "ECS service %q sets no propagate_tags: its tasks carry no tags", r.Name))
			break
		}
		v := in.eval(at.Expr, nil)
		if v.IsKnown() && !v.IsNull() && v.Type() == cty.String && v.AsString() == "NONE" {
			a.add(TagPropagationGap.New(rangeLoc(at.Range), "ECS service %q sets propagate_tags = \"NONE\": its tasks carry no tags", r.Name))
		}
	case "aws_eks_node_group":
		if len(nestedBlocks(r.Body, "launch_template")) == 0 {
			a.add(TagPropagationGap.New(loc, "EKS node group %q has no launch template: its tags stay on the node group, not on its EC2 instances", r.Name))
		}
	case "google_container_node_pool", "google_container_cluster":
		for _, b := range blocksOf(r.Body, "node_config") {
			if attrOf(b.Body, "labels") != nil && attrOf(b.Body, "resource_labels") == nil {
				a.add(TagPropagationGap.New(rangeLoc(b.DefRange), "node_config of %s %q sets Kubernetes labels but no resource_labels: the node VMs are billed without them", r.Type, r.Name))
			}
		}
	case "azurerm_kubernetes_cluster":
		if attrOf(r.Body, "tags") == nil {
			return
		}
		for _, b := range blocksOf(r.Body, "default_node_pool") {
			if attrOf(b.Body, "tags") == nil {
				a.add(TagPropagationGap.New(rangeLoc(b.DefRange), "default_node_pool of AKS cluster %q has no tags: the cluster's tags do not reach its node pool", r.Name))
			}
		}
	}
}

// asgPropagation reports ASG tags holding a required key with
// propagate_at_launch = false: the instances, which carry the cost, do not
// get that key. ASG-only tags (cluster-autoscaler discovery tags, say) are
// deliberately not propagated and are not reported; nor is a key that is
// not known.
func (a *analysis) asgPropagation(r *Resource, in *instance) {
	check := func(b *hcl.Block, extra map[string]cty.Value) {
		ka, pa := attrOf(b.Body, "key"), attrOf(b.Body, "propagate_at_launch")
		if ka == nil || pa == nil {
			return
		}
		k, _ := in.eval(ka.Expr, extra).Unmark()
		p, _ := in.eval(pa.Expr, extra).Unmark()
		if !k.IsKnown() || k.IsNull() || k.Type() != cty.String || !p.IsKnown() || p.IsNull() || p.Type() != cty.Bool || p.True() {
			return
		}
		for _, req := range a.opts.Required {
			if strings.EqualFold(req, k.AsString()) {
				f := TagPropagationGap.New(rangeLoc(pa.Range), "autoscaling group %q tag %q has propagate_at_launch = false: its instances do not carry it", r.Name, k.AsString())
				f.Evidence = map[string]string{"key": k.AsString()}
				a.add(f)
				return
			}
		}
	}
	for _, b := range blocksOf(r.Body, "tag") {
		check(b, nil)
	}
	for _, d := range blocksOf(r.Body, "dynamic") {
		if len(d.Labels) != 1 || d.Labels[0] != "tag" {
			continue
		}
		fe := attrOf(d.Body, "for_each")
		content := blocksOf(d.Body, "content")
		if fe == nil || len(content) != 1 {
			continue
		}
		iter := "tag"
		if it := attrOf(d.Body, "iterator"); it != nil {
			if n := hcl.ExprAsKeyword(it.Expr); n != "" {
				iter = n
			}
		}
		coll, _ := in.eval(fe.Expr, nil).Unmark()
		if !coll.IsKnown() || coll.IsNull() || !coll.CanIterateElements() || coll.LengthInt() > limit {
			continue
		}
		for it := coll.ElementIterator(); it.Next(); {
			k, v := it.Element()
			check(content[0], map[string]cty.Value{iter: cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})})
		}
	}
}
