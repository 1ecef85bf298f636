package iac

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tollgate-dev/tollgate/iac/taggable"
)

// The azapi provider manages any Azure resource through the ARM API: an
// azapi_resource's `type = "Microsoft.Namespace/kind@api-version"` says
// what it is, `tags` holds its tags (merged with the provider's
// default_tags), and `body` its ARM properties (an HCL object, or
// jsonencode of one in azapi 1.x).

// azapiTypes are the ARM resource types, lower-cased and without the API
// version, whose tags tollgate judges when the resource writes none: the
// tracked resources AI and GPU workloads are built from. Another type is
// judged only when the resource sets `tags`, since many ARM types (child
// resources, role assignments, locks) take none.
var azapiTypes = map[string]bool{
	"microsoft.machinelearningservices/workspaces":                             true,
	"microsoft.machinelearningservices/workspaces/computes":                    true,
	"microsoft.machinelearningservices/workspaces/onlineendpoints":             true,
	"microsoft.machinelearningservices/workspaces/onlineendpoints/deployments": true,
	"microsoft.machinelearningservices/workspaces/batchendpoints":              true,
	"microsoft.machinelearningservices/workspaces/serverlessendpoints":         true,
	"microsoft.machinelearningservices/registries":                             true,
	"microsoft.cognitiveservices/accounts":                                     true,
	"microsoft.compute/virtualmachines":                                        true,
	"microsoft.compute/virtualmachinescalesets":                                true,
	"microsoft.containerservice/managedclusters":                               true,
	"microsoft.storage/storageaccounts":                                        true,
	"microsoft.keyvault/vaults":                                                true,
	"microsoft.search/searchservices":                                          true,
	"microsoft.app/containerapps":                                              true,
	"microsoft.app/managedenvironments":                                        true,
	"microsoft.containerregistry/registries":                                   true,
	"microsoft.documentdb/databaseaccounts":                                    true,
	"microsoft.insights/components":                                            true,
	"microsoft.operationalinsights/workspaces":                                 true,
	"microsoft.web/sites":                                                      true,
	"microsoft.network/virtualnetworks":                                        true,
	"microsoft.resources/resourcegroups":                                       true,
}

// azapiType returns the ARM type of an azapi_resource in the instance,
// lower-cased and without its API version, and the type as written ("" when
// not known).
func (in *instance) azapiType(r *Resource) (arm, written string) {
	a := attrOf(r.Body, "type")
	if a == nil {
		return "", ""
	}
	v, _ := in.eval(a.Expr, nil).Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", ""
	}
	written = v.AsString()
	t, _, _ := strings.Cut(written, "@")
	return strings.ToLower(t), written
}

// tagInfo is taggable.Lookup, with azapi_resource judged by its ARM type.
func (in *instance) tagInfo(r *Resource) (taggable.Info, bool) {
	if r.Type != "azapi_resource" {
		return taggable.Lookup(r.Type)
	}
	info := taggable.Info{Type: r.Type, Provider: "azapi", Kind: taggable.Map, Attr: "tags", Defaults: true}
	if attrOf(r.Body, "tags") != nil {
		return info, true
	}
	arm, _ := in.azapiType(r)
	return info, azapiTypes[arm]
}

// azapiKind classifies an azapi_resource for the AI and GPU inventory:
// Machine Learning and Cognitive Services (Azure OpenAI included) types are
// AI services; a GPU (N-series) VM size anywhere in its body makes it GPU
// capacity.
func (in *instance) azapiKind(r *Resource) (kind, why string) {
	arm, written := in.azapiType(r)
	if arm == "" {
		return "", ""
	}
	body := in.azapiBody(r)
	switch {
	case strings.HasPrefix(arm, "microsoft.machinelearningservices/"):
		if size := gpuSize(body, 0); size != "" {
			return "gpu", "type " + written + ", vmSize = " + size
		}
		return "ai-service", "type " + written
	case arm == "microsoft.cognitiveservices/accounts":
		if k := stringAt(body, "kind"); k != "" {
			return "ai-service", "type " + written + ", kind = " + k
		}
		return "ai-service", "type " + written
	case strings.HasPrefix(arm, "microsoft.cognitiveservices/accounts/"):
		return "ai-service", "type " + written
	}
	if size := gpuSize(body, 0); size != "" {
		return "gpu", "type " + written + ", size = " + size
	}
	return "", ""
}

// azapiBody evaluates the body: an HCL object, or the argument of a
// jsonencode call (azapi 1.x), so that unknown parts elsewhere in the
// body do not hide the known ones.
func (in *instance) azapiBody(r *Resource) cty.Value {
	a := attrOf(r.Body, "body")
	if a == nil {
		return cty.NilVal
	}
	e := a.Expr
	if fc, ok := e.(*hclsyntax.FunctionCallExpr); ok && fc.Name == "jsonencode" && len(fc.Args) == 1 {
		e = fc.Args[0]
	}
	v, _ := in.eval(e, nil).Unmark()
	return v
}

// gpuSize returns the first N-series size under a vmSize key, or a sku's
// name, anywhere in v.
func gpuSize(v cty.Value, depth int) string {
	if v == cty.NilVal || depth > 12 || !v.IsKnown() || v.IsNull() {
		return ""
	}
	t := v.Type()
	if !t.IsObjectType() && !t.IsMapType() && !t.IsTupleType() && !t.IsListType() {
		return ""
	}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		e, _ = e.Unmark()
		if k.Type() == cty.String {
			name := strings.ToLower(k.AsString())
			if name == "vmsize" || name == "sku" || name == "size" {
				for _, s := range knownStrings(e) {
					if azureGPU.MatchString(s) {
						return s
					}
				}
			}
		}
		if s := gpuSize(e, depth+1); s != "" {
			return s
		}
	}
	return ""
}

// stringAt returns the known string at key name of object v, or "".
func stringAt(v cty.Value, name string) string {
	if v == cty.NilVal || !v.IsKnown() || v.IsNull() || !v.Type().IsObjectType() || !v.Type().HasAttribute(name) {
		return ""
	}
	e, _ := v.GetAttr(name).Unmark()
	if !e.IsKnown() || e.IsNull() || e.Type() != cty.String {
		return ""
	}
	return e.AsString()
}

// azapiNames are the parts of an azapi_resource the analysis reads.
var azapiNames = map[string]bool{"type": true, "body": true, "tags": true}
