package iac

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tollgate-dev/tollgate/iac/taggable"
)

// tagResult is the outcome of resolving one resource in one instance.
type tagResult struct {
	status  string
	missing []string
	// own and defaults are the resource's own tags and the provider's
	// default tags; effective is their union.
	own, defaults, effective *keySet
	info                     taggable.Info
	// defaultsOpen says the provider configuration comes from an unseen
	// caller.
	defaultsOpen bool
	// ownProvider says the instance's module configures the provider
	// itself (a root configuration rather than a reusable module).
	ownProvider bool
	// fromCaller says a caller could have supplied the missing keys: the
	// tags derive from a module input, or the provider configuration (and
	// so its default tags) is the caller's.
	fromCaller bool
	// implicit says the provider configuration is Terraform's implicit
	// empty one (see implicitProvider).
	implicit bool
}

// providerKey returns the provider configuration key a resource uses.
func providerKey(r *Resource) string {
	if r.Provider != "" {
		return r.Provider
	}
	return taggable.Provider(r.Type)
}

// resolve computes the effective tag keys of r in the instance.
func (in *instance) resolve(r *Resource, required []string) *tagResult {
	info, ok := in.tagInfo(r)
	res := &tagResult{info: info}
	if !ok {
		res.status = statusNA
		return res
	}
	res.own = in.ownTags(r, info)
	res.defaults = emptyKeys()
	if info.Defaults {
		key := providerKey(r)
		conf, has := in.providers[key]
		switch {
		case !has && in.implicitProvider(key):
			// No configuration anywhere above a root: Terraform uses an
			// empty one, which has no default tags.
			res.defaults, res.implicit = emptyKeys(), true
			res.ownProvider = in.parent == nil
			res.fromCaller = in.parent != nil
		case !has || conf == nil:
			res.defaults, res.defaultsOpen = openKeys(true), true
		default:
			res.defaults = conf.defaultKeys()
			res.ownProvider = conf.inst == in
			res.fromCaller = conf.inst != in
		}
	} else {
		for _, p := range in.mod.Providers {
			if p.Name == taggable.Provider(r.Type) {
				res.ownProvider = true
			}
		}
		res.ownProvider = res.ownProvider || in.root
	}
	res.fromCaller = res.fromCaller || res.own.input
	res.effective = union(res.defaults, res.own)
	res.status, res.missing = res.effective.verdict(required)
	return res
}

// ownTags reads the resource's own tag attribute or tag blocks.
func (in *instance) ownTags(r *Resource, info taggable.Info) *keySet {
	switch info.Kind {
	case taggable.Map:
		if block, _, ok := strings.Cut(info.Attr, "."); ok {
			// A nested attribute: a dynamic block of that type hides it.
			for _, b := range nestedBlocks(r.Body, block) {
				if b.Type == "dynamic" {
					return openKeys(false)
				}
			}
			k := emptyKeys()
			for _, e := range nestedAttrs(r.Body, info.Attr) {
				k = union(k, in.keysOf(e, 0))
			}
			return k
		}
		a := attrOf(r.Body, info.Attr)
		if a == nil {
			return emptyKeys()
		}
		return in.keysOf(a.Expr, 0)
	case taggable.Blocks:
		k := emptyKeys()
		for _, b := range blocksOf(r.Body, info.Attr) {
			ka := attrOf(b.Body, "key")
			if ka == nil {
				continue
			}
			kv := in.eval(ka.Expr, nil)
			if !kv.IsKnown() || kv.IsNull() || kv.Type() != cty.String {
				k.open = true
				continue
			}
			var val cty.Value = cty.DynamicVal
			if va := attrOf(b.Body, "value"); va != nil {
				val = in.eval(va.Expr, nil)
			}
			rng := ka.Expr.Range()
			k.add(kv.AsString(), keyEntry{val: val, rng: &rng})
		}
		for _, d := range blocksOf(r.Body, "dynamic") {
			if len(d.Labels) == 1 && d.Labels[0] == info.Attr {
				k = union(k, in.dynamicTagKeys(d))
			}
		}
		return k
	}
	return emptyKeys()
}

// dynamicTagKeys expands a `dynamic "tag"` block when its for_each is known,
// binding the iterator as Terraform does; otherwise the keys are open.
func (in *instance) dynamicTagKeys(d *hcl.Block) *keySet {
	attrs := &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "for_each", Required: true}, {Name: "iterator"}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "content"}},
	}
	c, _, _ := d.Body.PartialContent(attrs)
	if c == nil || c.Attributes["for_each"] == nil || len(c.Blocks) != 1 {
		return openKeys(false)
	}
	iter := d.Labels[0]
	if it := c.Attributes["iterator"]; it != nil {
		if n := hcl.ExprAsKeyword(it.Expr); n != "" {
			iter = n
		}
	}
	coll := in.eval(c.Attributes["for_each"].Expr, nil)
	coll, _ = coll.Unmark()
	input := false
	for _, t := range c.Attributes["for_each"].Expr.Variables() {
		if t.RootName() == "var" {
			input = true
		}
	}
	if !coll.IsKnown() || coll.IsNull() || !coll.CanIterateElements() || !coll.IsWhollyKnown() && coll.Type().IsSetType() {
		return openKeys(input)
	}
	k := emptyKeys()
	k.input = input
	ka := attrOf(c.Blocks[0].Body, "key")
	if ka == nil {
		return k
	}
	n := 0
	for it := coll.ElementIterator(); it.Next(); n++ {
		if n > limit {
			k.open = true
			break
		}
		key, val := it.Element()
		extra := map[string]cty.Value{iter: cty.ObjectVal(map[string]cty.Value{"key": key, "value": val})}
		kv := in.eval(ka.Expr, extra)
		if !kv.IsKnown() || kv.IsNull() || kv.Type() != cty.String {
			k.open = true
			continue
		}
		rng := ka.Expr.Range()
		k.add(kv.AsString(), keyEntry{val: cty.DynamicVal, rng: &rng})
	}
	return k
}

// defaultKeys returns the provider configuration's default tags (aws
// default_tags) or labels (google default_labels), evaluated once in the
// instance where the provider block stands.
func (p *providerConf) defaultKeys() *keySet {
	if p.keys != nil {
		return p.keys
	}
	body := p.block.Body
	k := emptyKeys()
	switch {
	case p.block.Name == "aws":
		for _, b := range blocksOf(body, "default_tags") {
			if a := attrOf(b.Body, "tags"); a != nil {
				k = union(k, p.inst.keysOf(a.Expr, 0))
			}
		}
		for _, d := range blocksOf(body, "dynamic") {
			if len(d.Labels) == 1 && d.Labels[0] == "default_tags" {
				k = union(k, openKeys(false))
			}
		}
	case p.block.Name == "azapi":
		if a := attrOf(body, "default_tags"); a != nil {
			k = p.inst.keysOf(a.Expr, 0)
		}
	case p.block.Name == "google" || p.block.Name == "google-beta":
		if a := attrOf(body, "default_labels"); a != nil {
			k = p.inst.keysOf(a.Expr, 0)
		}
	}
	p.keys = k
	return k
}

// implicitProvider reports whether a resource of the instance using the
// default (unaliased) configuration key gets Terraform's implicit empty
// configuration: no module from a complete root configuration down
// configures it, and no call on the way passes providers explicitly.
func (in *instance) implicitProvider(key string) bool {
	if strings.Contains(key, ".") {
		return false
	}
	at := in
	for at.parent != nil {
		if len(at.call.Providers) > 0 {
			return false
		}
		at = at.parent
	}
	// Provider and backend files are often generated or linked in at
	// deploy time (Terragrunt's generate blocks, Fabric FAST's provider
	// files); a root that declares its backend itself, or whose lock file
	// is committed, is taken as complete.
	return at.root && (at.mod.Backend || at.mod.LockFile) && !at.mod.Terragrunt
}

// maxEach bounds the elements of a known for_each whose tags are resolved
// one by one.
const maxEach = 64

// resolveEach resolves a resource whose tags use each.key or each.value
// once per element of its for_each when the collection is known, binding
// each as Terraform does, and keeps the worst verdict: an element lacking
// a key fails the block, whatever the others hold. Otherwise, and past
// maxEach elements, each is unknown.
func (in *instance) resolveEach(r *Resource, required []string) *tagResult {
	if r.ForEach == nil || !usesEach(r.Body) {
		return in.resolve(r, required)
	}
	coll, _ := in.eval(r.ForEach, nil).Unmark()
	if !coll.IsWhollyKnown() || coll.IsNull() || !coll.CanIterateElements() || coll.LengthInt() > maxEach {
		return in.resolve(r, required)
	}
	set := coll.Type().IsSetType()
	defer delete(in.ctx.Variables, "each")
	var worst *tagResult
	for it := coll.ElementIterator(); it.Next(); {
		k, v := it.Element()
		if set {
			k = v
		}
		if k.Type() != cty.String {
			return in.resolve(r, required)
		}
		in.ctx.Variables["each"] = cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})
		t := in.resolve(r, required)
		switch {
		case worst == nil, rank(t.status) > rank(worst.status):
			worst = t
		case t.status == statusFail:
			worst.missing = addNames(slices.Clone(worst.missing), t.missing)
		}
	}
	if worst == nil {
		return in.resolve(r, required)
	}
	return worst
}

func rank(status string) int {
	switch status {
	case statusFail:
		return 3
	case statusUnknown:
		return 2
	case statusPass:
		return 1
	}
	return 0
}

// usesEach reports whether a (pruned) resource body refers to each.
func usesEach(body hcl.Body) bool {
	b, ok := body.(*hclsyntax.Body)
	if !ok {
		return false
	}
	found := false
	_ = hclsyntax.VisitAll(b, func(n hclsyntax.Node) hcl.Diagnostics {
		if e, ok := n.(*hclsyntax.ScopeTraversalExpr); ok && e.Traversal.RootName() == "each" {
			found = true
		}
		return nil
	})
	return found
}
