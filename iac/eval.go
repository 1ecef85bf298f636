package iac

import (
	"io/fs"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// maxDepth bounds module nesting and the recursion of the tag analysis, so
// that a module calling itself, or a chain of locals a thousand deep, ends.
const maxDepth = 32

// instance is one module in one calling context: the module evaluated with
// the arguments of one chain of calls from a module nobody calls.
type instance struct {
	mod    *Module
	parent *instance
	call   *ModuleCall // the call in parent; nil for a root
	// library is set on a root that nobody in the repository calls: its
	// variables are supplied by an unseen caller, so they are open (unless
	// a tfvars file sets them).
	library bool
	// root is set on a module nobody calls that has the signals of a root
	// configuration (Module.RootSignals): its variables take their
	// tfvars values, else their defaults, and the providers it does not
	// configure get Terraform's implicit empty configuration.
	root bool
	// path is the module address: "" for a root, "module.a.module.b".
	path  string
	depth int
	// fsys reads the repository's files a module renders (Helm values).
	fsys fs.FS

	vars      map[string]cty.Value
	ctx       *hcl.EvalContext
	providers map[string]*providerConf
	// keysCache memoizes the tag analysis of locals and variables.
	keysCache map[string]*keySet
}

// providerConf is the provider configuration a resource of an instance
// uses. A nil *providerConf means one supplied by an unseen caller.
type providerConf struct {
	block *ProviderBlock
	inst  *instance // where the block stands
	keys  *keySet   // default tags/labels, computed once
}

// Label is the instance's address for messages: "module.vpc (examples/simple)".
func (in *instance) label() string {
	root := in
	for root.parent != nil {
		root = root.parent
	}
	if in.path == "" {
		return in.mod.Dir
	}
	return in.path + " in " + root.mod.Dir
}

func newInstance(m *Module, parent *instance, call *ModuleCall) *instance {
	in := &instance{mod: m, parent: parent, call: call, keysCache: map[string]*keySet{}}
	if parent == nil {
		in.root = len(m.RootSignals()) > 0
		in.library = !in.root
	} else {
		in.depth = parent.depth + 1
		in.path = strings.TrimPrefix(parent.path+".module."+call.Name, ".")
	}
	in.vars = map[string]cty.Value{}
	for name, v := range m.Variables {
		switch {
		case call != nil && call.Args[name] != nil:
			in.vars[name] = parent.eval(call.Args[name].Expr, nil)
		case call == nil && m.Tfvars[name] != nil:
			in.vars[name] = in.evalConst(m.Tfvars[name])
		case call == nil && !in.root:
			in.vars[name] = cty.DynamicVal
		case v.Default != nil:
			in.vars[name] = in.evalConst(v.Default)
		default:
			in.vars[name] = cty.DynamicVal
		}
		in.vars[name] = v.conform(in.vars[name])
	}
	in.ctx = &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: functions()}
	in.ctx.Variables["var"] = cty.ObjectVal(in.vars)
	in.ctx.Variables["path"] = cty.ObjectVal(map[string]cty.Value{
		"module": cty.StringVal(m.Dir), "root": cty.UnknownVal(cty.String), "cwd": cty.UnknownVal(cty.String)})
	in.ctx.Variables["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.UnknownVal(cty.String)})
	in.ctx.Variables["count"] = cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)})
	in.evalLocals()
	in.providers = in.resolveProviders()
	return in
}

// evalConst evaluates an expression that must not reference anything
// (variable defaults, tfvars).
func (in *instance) evalConst(e hcl.Expression) cty.Value {
	ctx := &hcl.EvalContext{Functions: functions()}
	v, _ := e.Value(withUnknownFuncs(ctx, e))
	return v
}

// eval evaluates e in the instance. References it cannot know (resources,
// data sources, module outputs, each, self) are unknown; errors yield the
// unknown placeholders hcl puts in their place, never an abort. extra adds
// variables (dynamic block iterators).
func (in *instance) eval(e hcl.Expression, extra map[string]cty.Value) cty.Value {
	if e == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	ctx := in.ctx
	var child map[string]cty.Value
	for _, t := range e.Variables() {
		root := t.RootName()
		if _, ok := extra[root]; ok {
			continue
		}
		if _, ok := ctx.Variables[root]; ok {
			continue
		}
		if child == nil {
			child = map[string]cty.Value{}
		}
		child[root] = cty.DynamicVal
	}
	if len(child) > 0 || len(extra) > 0 {
		c := ctx.NewChild()
		c.Variables = child
		if c.Variables == nil {
			c.Variables = map[string]cty.Value{}
		}
		for k, v := range extra {
			c.Variables[k] = v
		}
		ctx = c
	}
	v, _ := e.Value(withUnknownFuncs(ctx, e))
	return v
}

// evalLocals evaluates the module's locals in dependency order: each local
// after those it references, cycles unknown. That is the fixed point of
// evaluating them all until nothing changes, reached in one pass. Each local
// sees only the locals it names, so the work is linear in the number of
// references, not quadratic in the number of locals (building the object of
// all locals before each one cost gigabytes on a 4 MB file).
func (in *instance) evalLocals() {
	locals := make(map[string]cty.Value, len(in.mod.Locals))
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(name string, depth int)
	visit = func(name string, depth int) {
		l := in.mod.Locals[name]
		if l == nil || state[name] != 0 {
			return
		}
		state[name] = 1
		refs := localRefs(l.Expr)
		if depth < 200 {
			for _, r := range refs {
				visit(r, depth+1)
			}
		}
		seen := make(map[string]cty.Value, len(refs))
		for _, r := range refs {
			if v, ok := locals[r]; ok {
				seen[r] = v
			}
		}
		in.ctx.Variables["local"] = cty.ObjectVal(seen)
		locals[name] = in.eval(l.Expr, nil)
		state[name] = 2
	}
	for _, name := range in.mod.localNames() {
		visit(name, 0)
	}
	in.ctx.Variables["local"] = cty.ObjectVal(locals)
}

// localRefs returns the names of the locals e references (local.x).
func localRefs(e hcl.Expression) []string {
	var out []string
	for _, t := range e.Variables() {
		if t.RootName() != "local" || len(t) < 2 {
			continue
		}
		if a, ok := t[1].(hcl.TraverseAttr); ok {
			out = append(out, a.Name)
		}
	}
	return out
}

// resolveProviders maps provider keys ("aws", "aws.west") to the
// configuration the instance's resources use.
func (in *instance) resolveProviders() map[string]*providerConf {
	out := map[string]*providerConf{}
	if in.call != nil {
		if len(in.call.Providers) > 0 {
			for child, parentKey := range in.call.Providers {
				out[child] = in.parent.providers[parentKey]
			}
		} else {
			for k, c := range in.parent.providers {
				if !strings.Contains(k, ".") {
					out[k] = c
				}
			}
		}
	}
	for _, p := range in.mod.Providers {
		out[p.Key()] = &providerConf{block: p, inst: in}
	}
	return out
}

// createsNothing reports a count or for_each that is known to create no
// instance (count = 0, for_each = {}).
//
// In a root configuration, a count or for_each that reads a variable set
// by nothing but its default is not taken as creating nothing: the default
// that leaves a block out is the switch -var turns on, and the block is
// judged as if created.
func (in *instance) createsNothing(count, forEach hcl.Expression) bool {
	if in.defaultSwitch(count) || in.defaultSwitch(forEach) {
		return false
	}
	if count != nil {
		v := in.eval(count, nil)
		if v.IsKnown() && !v.IsNull() && v.Type() == cty.Number {
			if n, _ := v.AsBigFloat().Int64(); n == 0 {
				return true
			}
		}
	}
	if forEach != nil {
		v := in.eval(forEach, nil)
		if v.IsKnown() && !v.IsNull() && v.CanIterateElements() && v.LengthInt() == 0 {
			return true
		}
	}
	return false
}

// defaultSwitch reports an expression of a root configuration that reads a
// variable no tfvars file sets.
func (in *instance) defaultSwitch(e hcl.Expression) bool {
	if e == nil || !in.root {
		return false
	}
	for _, t := range e.Variables() {
		if t.RootName() != "var" || len(t) < 2 {
			continue
		}
		if a, ok := t[1].(hcl.TraverseAttr); ok && in.mod.Tfvars[a.Name] == nil {
			return true
		}
	}
	return false
}
