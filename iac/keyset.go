package iac

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// keySet is what is known about the keys of a tags (or labels) map: the
// keys certainly present, the keys possibly present, and whether others may
// be present too (the set is open). Three-valued tag resolution rests on it:
// a required key is there (in sure), certainly missing (the set is closed
// and it is not in maybe), or unknown.
type keySet struct {
	sure  map[string]keyEntry
	maybe map[string]bool
	open  bool
	// input records that the set derives from a module input (a variable or
	// a provider configuration supplied by the caller).
	input bool
	// over names the root variables whose default or tfvars value the set
	// derives from: -var or TF_VAR_ could still override them.
	over []string
}

// keyEntry is a key's value (possibly unknown) and where it is written.
type keyEntry struct {
	val cty.Value
	rng *hcl.Range
}

func emptyKeys() *keySet { return &keySet{sure: map[string]keyEntry{}, maybe: map[string]bool{}} }

func openKeys(input bool) *keySet {
	k := emptyKeys()
	k.open, k.input = true, input
	return k
}

func (k *keySet) add(name string, e keyEntry) {
	k.sure[name] = e
	k.maybe[name] = true
}

// union is merge(a, b): b's values win.
func union(sets ...*keySet) *keySet {
	out := emptyKeys()
	for _, s := range sets {
		for n, e := range s.sure {
			out.sure[n] = e
		}
		for n := range s.maybe {
			out.maybe[n] = true
		}
		out.open = out.open || s.open
		out.input = out.input || s.input
		out.over = addNames(out.over, s.over)
	}
	return out
}

// either is a choice between a and b that cannot be decided.
func either(a, b *keySet) *keySet {
	out := emptyKeys()
	for n, e := range a.sure {
		if _, ok := b.sure[n]; ok {
			out.sure[n] = e
		}
	}
	for n := range a.maybe {
		out.maybe[n] = true
	}
	for n := range b.maybe {
		out.maybe[n] = true
	}
	out.open = a.open || b.open
	out.input = a.input || b.input
	out.over = addNames(addNames(nil, a.over), b.over)
	return out
}

// keysOfValue reads the keys of an evaluated value.
func keysOfValue(v cty.Value, rng hcl.Range) *keySet {
	v, _ = v.Unmark()
	if v.IsNull() {
		return emptyKeys()
	}
	t := v.Type()
	if !v.IsKnown() {
		if t.IsObjectType() {
			k := emptyKeys()
			for _, n := range sortedKeys(t.AttributeTypes()) {
				k.add(n, keyEntry{val: cty.UnknownVal(t.AttributeType(n)), rng: &rng})
			}
			return k
		}
		return openKeys(false)
	}
	if !t.IsObjectType() && !t.IsMapType() {
		return openKeys(false)
	}
	k := emptyKeys()
	for it := v.ElementIterator(); it.Next(); {
		kv, ev := it.Element()
		if ev.IsKnown() && ev.IsNull() {
			continue // a null tag value is dropped by the providers
		}
		k.add(kv.AsString(), keyEntry{val: ev, rng: &rng})
	}
	return k
}

// keysOf analyses a tags expression. It follows the structure that carries
// keys — object constructors, merge, conditionals, try, locals, and
// variables back to the caller's argument — and evaluates everything else,
// so merge(var.tags, {a = 1}) still knows a is there when var.tags is not
// known.
func (in *instance) keysOf(e hcl.Expression, depth int) *keySet {
	if e == nil {
		return emptyKeys()
	}
	if depth > maxDepth {
		return openKeys(false)
	}
	switch x := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		k := emptyKeys()
		for _, item := range x.Items {
			kv := in.eval(item.KeyExpr, nil)
			kv, _ = kv.Unmark()
			if !kv.IsKnown() || kv.IsNull() || kv.Type() != cty.String {
				k.open = true
				continue
			}
			val := in.eval(item.ValueExpr, nil)
			if val.IsKnown() && val.IsNull() {
				continue
			}
			r := item.KeyExpr.Range()
			k.add(kv.AsString(), keyEntry{val: val, rng: &r})
		}
		return k
	case *hclsyntax.ParenthesesExpr:
		return in.keysOf(x.Expression, depth+1)
	case *hclsyntax.ConditionalExpr:
		c := in.eval(x.Condition, nil)
		c, _ = c.Unmark()
		if c.IsKnown() && !c.IsNull() && c.Type() == cty.Bool {
			if c.True() {
				return in.keysOf(x.TrueResult, depth+1)
			}
			return in.keysOf(x.FalseResult, depth+1)
		}
		return either(in.keysOf(x.TrueResult, depth+1), in.keysOf(x.FalseResult, depth+1))
	case *hclsyntax.FunctionCallExpr:
		if x.ExpandFinal {
			break
		}
		switch x.Name {
		case "merge":
			sets := make([]*keySet, 0, len(x.Args))
			for _, a := range x.Args {
				sets = append(sets, in.keysOf(a, depth+1))
			}
			return union(sets...)
		case "tomap":
			if len(x.Args) == 1 {
				return in.keysOf(x.Args[0], depth+1)
			}
		case "try":
			for _, a := range x.Args {
				if _, diags := a.Value(in.ctxFor(a)); !diags.HasErrors() {
					return in.keysOf(a, depth+1)
				}
			}
		}
	case *hclsyntax.ScopeTraversalExpr:
		if k := in.keysOfTraversal(x.Traversal, x.SrcRange, depth); k != nil {
			return k
		}
	}
	return keysOfValue(in.eval(e, nil), e.Range())
}

// ctxFor is the context eval would use, for callers that need the
// diagnostics.
func (in *instance) ctxFor(e hcl.Expression) *hcl.EvalContext {
	ctx := in.ctx
	var child map[string]cty.Value
	for _, t := range e.Variables() {
		if _, ok := ctx.Variables[t.RootName()]; !ok {
			if child == nil {
				child = map[string]cty.Value{}
			}
			child[t.RootName()] = cty.DynamicVal
		}
	}
	if child != nil {
		ctx = ctx.NewChild()
		ctx.Variables = child
	}
	return withUnknownFuncs(ctx, e)
}

// keysOfTraversal follows local.x and var.x (and attributes of object
// constructors below them) to the expressions that define them. It returns
// nil when the traversal is not one it follows.
func (in *instance) keysOfTraversal(t hcl.Traversal, rng hcl.Range, depth int) *keySet {
	if len(t) < 2 {
		return nil
	}
	attr, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		return nil
	}
	rest := t[2:]
	cacheKey := ""
	if len(rest) == 0 {
		cacheKey = t.RootName() + "." + attr.Name
		if k, ok := in.keysCache[cacheKey]; ok {
			return k
		}
	}
	var k *keySet
	switch t.RootName() {
	case "local":
		l := in.mod.Locals[attr.Name]
		if l == nil {
			return openKeys(false)
		}
		k = in.keysAt(in, l.Expr, rest, depth)
	case "var":
		v := in.mod.Variables[attr.Name]
		switch {
		case v == nil:
			return openKeys(false)
		case in.call != nil && in.call.Args[attr.Name] != nil:
			k = in.keysAt(in.parent, in.call.Args[attr.Name].Expr, rest, depth)
			k = withInput(k)
		case in.call == nil && in.mod.Tfvars[attr.Name] != nil:
			k = withOver(withInput(in.keysAt(in, in.mod.Tfvars[attr.Name], rest, depth)), attr.Name)
		case in.call == nil && in.root && v.Default != nil:
			// A root configuration: the default is what plan uses unless
			// -var or TF_VAR_ says otherwise.
			k = withOver(in.keysAt(in, v.Default, rest, depth), attr.Name)
		case in.call == nil:
			// Library mode: the caller is not in the repository, so the
			// value is the caller's, not the default.
			k = openKeys(true)
		case v.Default != nil:
			k = withInput(in.keysAt(in, v.Default, rest, depth))
		default:
			k = openKeys(true)
		}
	default:
		return nil
	}
	if cacheKey != "" {
		in.keysCache[cacheKey] = k
	}
	return k
}

func withOver(k *keySet, name string) *keySet {
	c := *k
	c.over = addNames(nil, append(slices.Clone(k.over), name))
	return &c
}

// addNames adds names to a sorted set of names.
func addNames(set, names []string) []string {
	for _, n := range names {
		if i, found := slices.BinarySearch(set, n); !found {
			set = slices.Insert(set, i, n)
		}
	}
	return set
}

func withInput(k *keySet) *keySet {
	c := *k
	c.input = true
	return &c
}

// keysAt analyses expression e of instance at, then steps through rest when
// e is an object constructor that holds the named attributes.
func (in *instance) keysAt(at *instance, e hcl.Expression, rest hcl.Traversal, depth int) *keySet {
	for len(rest) > 0 {
		var name string
		switch s := rest[0].(type) {
		case hcl.TraverseAttr:
			name = s.Name
		case hcl.TraverseIndex:
			if s.Key.Type() == cty.String && s.Key.IsKnown() {
				name = s.Key.AsString()
			}
		}
		oc, ok := e.(*hclsyntax.ObjectConsExpr)
		if !ok || name == "" {
			break
		}
		var next hcl.Expression
		for _, item := range oc.Items {
			kv := at.eval(item.KeyExpr, nil)
			if kv.IsKnown() && !kv.IsNull() && kv.Type() == cty.String && kv.AsString() == name {
				next = item.ValueExpr
			}
		}
		if next == nil {
			break
		}
		e, rest = next, rest[1:]
	}
	if len(rest) == 0 {
		return at.keysOf(e, depth+1)
	}
	// Evaluate the remaining steps on the value.
	v := at.eval(e, nil)
	v, diags := rest.TraverseRel(v)
	if diags.HasErrors() {
		return openKeys(false)
	}
	return keysOfValue(v, e.Range())
}

// missing lists required keys the set certainly lacks, and the required keys
// it may or may not hold.
func (k *keySet) verdict(required []string) (status string, missing []string) {
	if len(required) == 0 {
		switch {
		case len(k.sure) > 0:
			return statusPass, nil
		case !k.open && len(k.maybe) == 0:
			return statusFail, nil
		}
		return statusUnknown, nil
	}
	unknown := false
	for _, r := range required {
		if _, ok := k.sure[r]; ok {
			continue
		}
		if k.open || k.maybe[r] {
			unknown = true
			continue
		}
		missing = append(missing, r)
	}
	switch {
	case len(missing) > 0:
		return statusFail, missing
	case unknown:
		return statusUnknown, nil
	}
	return statusPass, nil
}

// Tag statuses, as written in the report.
const (
	statusPass    = "pass"
	statusFail    = "fail"
	statusUnknown = "unknown"
	statusNA      = "n/a"
	// StatusNotCreated marks an inventoried block whose count or for_each
	// is known to create nothing.
	StatusNotCreated = "not created"
)

func (k *keySet) String() string {
	s := fmt.Sprint(sortedKeys(k.sure))
	if k.open {
		s += "+open"
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
