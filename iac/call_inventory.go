package iac

import (
	"strings"
)

// Calls to modules whose code is not read still show AI services by the
// module's name: the Azure Verified Modules name their resource provider
// (avm-res-cognitiveservices-account, avm-res-machinelearningservices-
// workspace), and the AI modules of the registries name their service
// (Azure/openai/azurerm, aws-ia/bedrock/aws). A local call whose module
// was read but whose resources could not show the GPU capacity the call
// passes (a node group map behind an unknown for_each) is inventoried at
// the call, as a remote one is.

// aiModuleNames are the markers of a module name that creates an AI
// service: a prefix for the Azure Verified Modules, a substring otherwise.
var (
	aiModulePrefixes = []string{"avm-res-cognitiveservices-", "avm-res-machinelearningservices-", "avm-ptn-aiml-"}
	aiModuleWords    = []string{"openai", "sagemaker", "bedrock", "vertex-ai", "cognitiveservices", "machinelearningservices"}
)

// moduleName returns the name of a registry or git module source: "name"
// of "ns/name/provider//sub" or of "git::https://host/org/terraform-aws-name.git//sub?ref=x",
// lower-cased, without a "terraform-<provider>-" prefix.
func moduleName(src, kind string) string {
	s, _, _ := strings.Cut(src, "?")
	s = strings.TrimPrefix(s, "git::")
	if i := strings.Index(s, "//"); i >= 0 && !strings.Contains(s[:i], ":") {
		s = s[:i]
	} else if i >= 0 {
		// a URL: the "//" after the scheme is not the subdirectory one
		if j := strings.Index(s[i+2:], "//"); j >= 0 {
			s = s[:i+2+j]
		}
	}
	parts := strings.Split(strings.TrimSuffix(s, "/"), "/")
	var name string
	switch kind {
	case "registry":
		// [host/]ns/name/provider
		if len(parts) < 3 {
			return ""
		}
		name = parts[len(parts)-2]
	default:
		name = strings.TrimSuffix(parts[len(parts)-1], ".git")
		if t, ok := strings.CutPrefix(name, "terraform-"); ok {
			if _, rest, ok := strings.Cut(t, "-"); ok {
				name = rest
			}
		}
	}
	return strings.ToLower(name)
}

// aiModule says why a module source creates an AI service, or "".
func aiModule(src, kind string) string {
	name := moduleName(src, kind)
	if name == "" {
		return ""
	}
	for _, p := range aiModulePrefixes {
		if strings.HasPrefix(name, p) {
			return "module " + name
		}
	}
	for _, w := range aiModuleWords {
		if strings.Contains(name, w) {
			return "module " + name
		}
	}
	return ""
}

// callAI inventories a call to a module, not read, that creates an AI
// service by its name.
func (a *analysis) callAI(in *instance, c *ModuleCall) {
	w := aiModule(c.Source, c.Kind)
	if w == "" {
		return
	}
	e := AIResource{Location: rangeLoc(c.DefRange), Address: "module." + c.Name, Type: "module " + c.Source,
		Module: in.label(), Kind: "ai-service", Why: w}
	a.callInv = append(a.callInv, callGPU{call: c, e: e})
}

// localCallGPU inventories the GPU capacity passed to local module calls
// whose own resources showed none: the node groups of a module reached
// through an unknown for_each, or a call not followed.
func (a *analysis) localCallGPU() {
	for _, m := range a.res.Modules {
		for _, in := range a.instances[m] {
			for _, c := range m.Calls {
				if c.Target == nil || in.createsNothing(c.Count, c.ForEach) || a.callShowsGPU(in, c) {
					continue
				}
				a.localArgsGPU(in, c)
			}
		}
	}
}

// localArgsGPU is callGPU for a local call: the arguments' values are
// those its instances were given, so only the ones not known as a whole
// are evaluated again, part by part.
func (a *analysis) localArgsGPU(in *instance, c *ModuleCall) {
	var ch *instance
	for _, x := range a.children[in] {
		if x.call == c {
			ch = x
			break
		}
	}
	if ch == nil {
		a.callGPU(in, c) // not followed
		return
	}
	for _, name := range sortedKeys(c.Args) {
		v, ok := ch.vars[name]
		w := ""
		if ok {
			w = gpuIn(v, name, 0)
		}
		if uv, _ := v.UnmarkDeep(); w == "" && (!ok || !uv.IsWhollyKnown()) {
			w = in.gpuInExpr(c.Args[name].Expr, name)
		}
		if w != "" {
			e := AIResource{Location: rangeLoc(c.DefRange), Address: "module." + c.Name, Type: "module " + c.Source,
				Module: in.label(), Kind: "gpu", Why: w}
			a.callInv = append(a.callInv, callGPU{call: c, e: e})
			return
		}
	}
}

// callShowsGPU reports whether an instance made by call c in parent, or
// an instance below it, has GPU capacity in the inventory.
func (a *analysis) callShowsGPU(parent *instance, c *ModuleCall) bool {
	for _, ch := range a.children[parent] {
		if ch.call == c && a.subtreeGPU(ch, 0) {
			return true
		}
	}
	return false
}

func (a *analysis) subtreeGPU(in *instance, depth int) bool {
	if a.gpuInst[in] || depth > maxDepth {
		return true
	}
	for _, ch := range a.children[in] {
		if a.subtreeGPU(ch, depth+1) {
			return true
		}
	}
	return false
}
