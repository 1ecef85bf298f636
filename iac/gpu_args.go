package iac

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// GPU capacity is often declared outside typed resources: in the
// arguments of a registry module (eks_managed_node_groups with GPU
// instance types, GKE node_pools with accelerators), and in Kubernetes
// manifests passed as heredocs or yamlencode to kubectl_manifest,
// kubernetes_manifest or helm_release (Karpenter NodePools, nvidia.com/gpu
// requests, GPU node selectors). These are inventoried, never judged: the
// tags of what they create are the module's or the cluster's business.

// machineKeys are argument keys that hold a machine type.
var machineKeys = map[string]bool{
	"instance_type": true, "instance_types": true, "machine_type": true, "node_machine_type": true,
	"vm_size": true, "agents_size": true, "node_size": true, "size": true, "sku": true, "vmsize": true,
	"instancetype": true, "instancetypes": true,
}

// acceleratorKeys are argument keys that attach accelerators.
var acceleratorKeys = map[string]bool{
	"accelerator_type": true, "guest_accelerator": true, "gpu_type": true, "accelerator_count": true,
}

// gpuMarkers are strings that only GPU (or other accelerator) capacity
// carries in a Kubernetes manifest or Helm values.
var gpuMarkers = []string{
	"nvidia.com/gpu", "amd.com/gpu", "aws.amazon.com/neuron", "cloud.google.com/gke-accelerator",
	"karpenter.k8s.aws/instance-gpu", "google.com/tpu",
}

// manifestAttrs are the attributes of Kubernetes manifest resources that
// hold a manifest or Helm values.
var manifestAttrs = map[string][]string{
	"kubectl_manifest":    {"yaml_body"},
	"kubernetes_manifest": {"manifest"},
	"helm_release":        {"values"},
}

// gpuIn looks for GPU capacity in an evaluated value: a GPU machine type
// under a machine-type key, an accelerator key with a value, or a GPU
// marker in any string. It returns what it found ("" for nothing), with
// the path of keys that led there.
func gpuIn(v cty.Value, at string, depth int) string {
	v, _ = v.Unmark()
	if depth > 16 || !v.IsKnown() || v.IsNull() {
		return ""
	}
	t := v.Type()
	if t == cty.String {
		s := v.AsString()
		for _, m := range gpuMarkers {
			if strings.Contains(s, m) {
				return strings.TrimPrefix(at+" holds "+m, " holds ")
			}
		}
		return ""
	}
	if !t.IsObjectType() && !t.IsMapType() && !t.IsTupleType() && !t.IsListType() && !t.IsSetType() {
		return ""
	}
	keyed := t.IsObjectType() || t.IsMapType() // a set's "keys" are its elements, maybe unknown
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		name := at
		if keyed && k.Type() == cty.String {
			key := k.AsString()
			name = strings.TrimPrefix(at+"."+key, ".")
			lk := strings.ToLower(key)
			for _, m := range gpuMarkers {
				if strings.Contains(key, m) {
					return name
				}
			}
			if machineKeys[lk] {
				for _, s := range knownStrings(e) {
					if awsGPU.MatchString(s) || gcpGPU.MatchString(s) || azureGPU.MatchString(s) {
						return name + " = " + s
					}
				}
			}
			if acceleratorKeys[lk] {
				if ev, _ := e.Unmark(); ev.IsKnown() && !ev.IsNull() && !isZeroish(ev) {
					return name
				}
			}
		}
		if w := gpuIn(e, name, depth+1); w != "" {
			return w
		}
	}
	return ""
}

// isZeroish reports an accelerator value that attaches nothing: 0, "",
// an empty collection.
func isZeroish(v cty.Value) bool {
	switch {
	case v.Type() == cty.Number:
		return v.RawEquals(cty.Zero)
	case v.Type() == cty.String:
		return v.AsString() == ""
	case v.CanIterateElements():
		return v.LengthInt() == 0
	}
	return false
}

// callGPU inventories GPU capacity in the arguments of a call whose module
// code is not loaded.
func (a *analysis) callGPU(in *instance, c *ModuleCall) {
	for _, name := range sortedKeys(c.Args) {
		w := in.gpuInExpr(c.Args[name].Expr, name)
		if w == "" {
			continue
		}
		e := AIResource{Location: rangeLoc(c.DefRange), Address: "module." + c.Name, Type: "module " + c.Source,
			Module: in.label(), Kind: "gpu", Why: w}
		a.callInv = append(a.callInv, callGPU{call: c, e: e})
		return
	}
}

// callGPU is GPU capacity found in a module call's arguments.
type callGPU struct {
	call *ModuleCall
	e    AIResource
}

// manifestGPU classifies a Kubernetes manifest resource by the manifest or
// values it applies.
func (in *instance) manifestGPU(r *Resource) (kind, why string) {
	for _, attr := range manifestAttrs[r.Type] {
		a := attrOf(r.Body, attr)
		if a == nil {
			continue
		}
		if w := in.gpuInExpr(a.Expr, attr); w != "" {
			return "gpu", w
		}
		if r.Type == "helm_release" {
			if w := in.valuesFileGPU(a.Expr, attr); w != "" {
				return "gpu", w
			}
		}
	}
	return "", ""
}

// valuesFileGPU reads the Helm values files a values expression renders
// with templatefile or file from the repository (a chart's GPU profile in
// "${path.module}/values.yaml"), and looks for GPU capacity in their YAML.
// A kubectl or kubernetes manifest read this way is not looked at: the
// manifest file is inventoried by itself.
func (in *instance) valuesFileGPU(e hcl.Expression, name string) string {
	n, ok := e.(hclsyntax.Node)
	if !ok || in.fsys == nil {
		return ""
	}
	found := ""
	_ = hclsyntax.VisitAll(n, func(n hclsyntax.Node) hcl.Diagnostics {
		x, ok := n.(*hclsyntax.FunctionCallExpr)
		if found != "" || !ok || (x.Name != "templatefile" && x.Name != "file") || len(x.Args) == 0 {
			return nil
		}
		v, _ := in.eval(x.Args[0], nil).Unmark()
		if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			return nil
		}
		p := path.Clean(v.AsString())
		if !fs.ValidPath(p) {
			return nil
		}
		src, err := fs.ReadFile(in.fsys, p)
		if err != nil || len(src) > maxKubeBytes || !containsAny(src, kubeMarkers) {
			return nil
		}
		if x.Name == "templatefile" {
			src = blankDirectives(src)
		}
		var doc yaml.Node
		if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
			return nil
		}
		if w := kubeGPU(doc.Content[0], "", 0); w != "" {
			found = fmt.Sprintf("%s (%s %s) %s", name, x.Name, path.Base(p), w)
		}
		return nil
	})
	return found
}

// addCallInventory adds the module calls' GPU capacity to the inventory,
// with the verdict on the tags each call passes (unknown when not judged).
func (a *analysis) addCallInventory() {
	if len(a.callInv) == 0 {
		return
	}
	seen := map[string]bool{}
	for _, g := range a.callInv {
		e := g.e
		e.TagStatus = statusUnknown
		if v := a.remoteStatus[g.call]; v.status != "" {
			e.TagStatus = v.status
		}
		if k := fmt.Sprint(e); !seen[k] {
			seen[k] = true
			a.res.Inventory = append(a.res.Inventory, e)
		}
	}
	sortInventory(a.res.Inventory)
}

// gpuInExpr is gpuIn on the value of e, and, where that value is not known
// as a whole (an unknown input beside the node pool, a yamlencode tollgate
// does not evaluate, a heredoc with interpolations), on the parts of e
// that are: the arguments of yamlencode and jsonencode, the literal text
// of templates, object items keyed by a machine type or accelerator, the
// values of the references in e (var.gpu_pools in a for expression whose
// condition is unknown), and the expressions of the locals it names. A
// value known as a whole is taken as it is: the branch a known condition
// does not take is not looked at.
func (in *instance) gpuInExpr(e hcl.Expression, name string) string {
	v := in.eval(e, nil)
	if w := gpuIn(v, name, 0); w != "" {
		return w
	}
	if uv, _ := v.UnmarkDeep(); uv.IsWhollyKnown() {
		return ""
	}
	return in.gpuInParts(e, name, 0, map[string]bool{})
}

// traversalGPU looks for GPU capacity in what a reference names: a
// variable's value (or, in a module nobody calls, its default), or a
// local's expression, followed at most maxLocalHops deep. Other references
// (resources, data sources, module outputs) are not looked at.
func (in *instance) traversalGPU(x *hclsyntax.ScopeTraversalExpr, name string, depth int, seen map[string]bool) string {
	if len(x.Traversal) < 2 {
		return ""
	}
	attr, ok := x.Traversal[1].(hcl.TraverseAttr)
	if !ok {
		return ""
	}
	switch x.Traversal.RootName() {
	case "var":
		v, ok := in.vars[attr.Name]
		if !ok {
			return ""
		}
		if rest := x.Traversal[2:]; len(rest) > 0 {
			var diags hcl.Diagnostics
			if v, diags = rest.TraverseRel(v); diags.HasErrors() {
				return ""
			}
		}
		if w := gpuIn(v, name, 0); w != "" {
			return w
		}
		return in.defaultGPU(attr.Name, v, name)
	case "local":
		l := in.mod.Locals[attr.Name]
		if l == nil || depth >= maxLocalHops || seen[attr.Name] {
			return ""
		}
		seen[attr.Name] = true
		if lv, ok := in.ctx.Variables["local"]; ok && lv.Type().IsObjectType() && lv.Type().HasAttribute(attr.Name) {
			v, _ := lv.GetAttr(attr.Name).UnmarkDeep()
			if v.IsWhollyKnown() {
				return gpuIn(v, name, 0)
			}
		}
		return in.gpuInParts(l.Expr, name, depth+1, seen)
	}
	return ""
}

// defaultGPU looks for GPU capacity in the default of a variable that an
// unseen caller sets (a module nobody in the repository calls): what the
// module creates unless told otherwise, said so in the why.
func (in *instance) defaultGPU(varName string, v cty.Value, name string) string {
	if !in.library {
		return ""
	}
	if uv, _ := v.UnmarkDeep(); uv.IsWhollyKnown() {
		return ""
	}
	vr := in.mod.Variables[varName]
	if vr == nil || vr.Default == nil {
		return ""
	}
	if w := gpuIn(in.eval(vr.Default, nil), name, 0); w != "" {
		return fmt.Sprintf("%s (default of variable %q)", w, varName)
	}
	return ""
}

// maxLocalHops bounds how many locals gpuInExpr follows from one argument.
const maxLocalHops = 4

// gpuInParts is the part-by-part search of gpuInExpr, on an expression
// whose value is not known as a whole; seen holds the locals already
// followed.
func (in *instance) gpuInParts(e hcl.Expression, name string, depth int, seen map[string]bool) string {
	n, ok := e.(hclsyntax.Node)
	if !ok {
		return ""
	}
	found := ""
	_ = hclsyntax.VisitAll(n, func(n hclsyntax.Node) hcl.Diagnostics {
		if found != "" {
			return nil
		}
		switch x := n.(type) {
		case *hclsyntax.FunctionCallExpr:
			if (x.Name == "yamlencode" || x.Name == "jsonencode") && len(x.Args) == 1 {
				found = gpuIn(in.eval(x.Args[0], nil), name, 0)
			}
		case *hclsyntax.LiteralValueExpr:
			found = gpuIn(x.Val, name, 0)
		case *hclsyntax.ScopeTraversalExpr:
			found = in.traversalGPU(x, name, depth, seen)
		case *hclsyntax.ObjectConsExpr:
			for _, item := range x.Items {
				k, _ := in.eval(item.KeyExpr, nil).Unmark()
				if !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
					continue
				}
				obj := cty.ObjectVal(map[string]cty.Value{k.AsString(): in.eval(item.ValueExpr, nil)})
				if w := gpuIn(obj, name, 0); w != "" {
					found = w
					break
				}
			}
		}
		return nil
	})
	return found
}
