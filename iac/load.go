package iac

import (
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Module is one Terraform module: the .tf and .tf.json files of a directory.
type Module struct {
	// Dir is the slash-separated directory, relative to the repository root
	// ("." for the root).
	Dir       string
	Files     []*File
	Variables map[string]*Variable
	Locals    map[string]*Local
	Resources []*Resource
	Calls     []*ModuleCall
	Providers []*ProviderBlock
	// Required holds required_providers entries by local name.
	Required map[string]*RequiredProvider
	// Tfvars holds variable values from terraform.tfvars and *.auto.tfvars.
	Tfvars map[string]hcl.Expression
	// Callers are the local module calls, anywhere in the repository, whose
	// source resolves to this directory.
	Callers []*ModuleCall
}

// Variable is a `variable` block.
type Variable struct {
	Name    string
	Default hcl.Expression // nil without a default
	Range   hcl.Range
}

// Local is one entry of a `locals` block.
type Local struct {
	Name  string
	Expr  hcl.Expression
	Range hcl.Range
}

// Resource is a managed `resource` block.
type Resource struct {
	Type, Name string
	Module     *Module
	Body       hcl.Body
	// DefRange is the block header, where findings about the resource stand.
	DefRange hcl.Range
	Count    hcl.Expression
	ForEach  hcl.Expression
	// Provider is the configuration it uses: "aws", "aws.west"; empty means
	// the default one of its type's provider.
	Provider string
	// IgnoreChanges holds lifecycle.ignore_changes: attribute names, or
	// "all".
	IgnoreChanges []string
	IgnoreRange   hcl.Range
}

// Address is the resource's address inside its module: "aws_vpc.this".
func (r *Resource) Address() string { return r.Type + "." + r.Name }

// ModuleCall is a `module` block.
type ModuleCall struct {
	Name   string
	Caller *Module
	Source string
	// Kind is "local", "registry", "git" or "other".
	Kind    string
	Version hcl.Expression
	// Target is the called module for a local source inside the repository.
	Target    *Module
	Args      map[string]*hcl.Attribute
	Providers map[string]string // child name[.alias] → caller name[.alias]
	Count     hcl.Expression
	ForEach   hcl.Expression
	DefRange  hcl.Range
	SrcRange  hcl.Range
}

// ProviderBlock is a `provider` block.
type ProviderBlock struct {
	Name, Alias string
	Body        hcl.Body
	DefRange    hcl.Range
	Version     hcl.Expression // legacy in-block version
}

// Key is name or name.alias.
func (p *ProviderBlock) Key() string {
	if p.Alias != "" {
		return p.Name + "." + p.Alias
	}
	return p.Name
}

// RequiredProvider is one entry of terraform.required_providers.
type RequiredProvider struct {
	Name, Source string
	Version      string // "" when there is no constraint
	Range        hcl.Range
}

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
}}

var variableSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "default"}}}

var resourceSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "count"}, {Name: "for_each"}, {Name: "provider"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "lifecycle"}},
}

var lifecycleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "ignore_changes"}}}

var moduleMeta = map[string]bool{"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true}

var terraformSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "required_providers"}}}

var providerSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "alias"}, {Name: "version"}}}

// load groups parsed files into modules, one per directory, and links local
// module calls to the modules they call. Every block is read with hcl's
// generic body API, so native and JSON syntax are handled alike.
func load(files []*File) []*Module {
	byDir := map[string]*Module{}
	var dirs []string
	for _, f := range files {
		dir := path.Dir(f.Path)
		m := byDir[dir]
		if m == nil {
			m = &Module{Dir: dir, Variables: map[string]*Variable{}, Locals: map[string]*Local{},
				Required: map[string]*RequiredProvider{}, Tfvars: map[string]hcl.Expression{}}
			byDir[dir] = m
			dirs = append(dirs, dir)
		}
		m.Files = append(m.Files, f)
	}
	slices.Sort(dirs)
	mods := make([]*Module, 0, len(dirs))
	for _, d := range dirs {
		m := byDir[d]
		for _, f := range m.Files {
			m.addFile(f)
		}
		mods = append(mods, m)
	}
	for _, m := range mods {
		for _, c := range m.Calls {
			if c.Kind != "local" {
				continue
			}
			dir := path.Clean(path.Join(m.Dir, c.Source))
			if t := byDir[dir]; t != nil && t != m {
				c.Target = t
				t.Callers = append(t.Callers, c)
			}
		}
	}
	return mods
}

func isTfvars(p string) bool {
	base := path.Base(p)
	return base == "terraform.tfvars" || base == "terraform.tfvars.json" ||
		strings.HasSuffix(base, ".auto.tfvars") || strings.HasSuffix(base, ".auto.tfvars.json")
}

func (m *Module) addFile(f *File) {
	if f.HCL == nil {
		return
	}
	if isTfvars(f.Path) {
		attrs, _ := f.HCL.Body.JustAttributes()
		for name, a := range attrs {
			m.Tfvars[name] = a.Expr
		}
		return
	}
	if strings.HasSuffix(f.Path, ".tfvars") || strings.HasSuffix(f.Path, ".tfvars.json") {
		return // applied only with -var-file; not known to be in effect
	}
	base := strings.TrimSuffix(strings.TrimSuffix(path.Base(f.Path), ".json"), ".tf")
	if base == "override" || strings.HasSuffix(base, "_override") {
		return // override files patch other blocks; their merge is not modelled
	}
	content, _, _ := f.HCL.Body.PartialContent(fileSchema)
	if content == nil {
		return
	}
	for _, b := range content.Blocks {
		switch b.Type {
		case "variable":
			v := &Variable{Name: b.Labels[0], Range: b.DefRange}
			if c, _, _ := b.Body.PartialContent(variableSchema); c != nil {
				if a, ok := c.Attributes["default"]; ok {
					v.Default = a.Expr
				}
			}
			m.Variables[v.Name] = v
		case "locals":
			attrs, _ := b.Body.JustAttributes()
			for name, a := range attrs {
				m.Locals[name] = &Local{Name: name, Expr: a.Expr, Range: a.Range}
			}
		case "resource":
			m.Resources = append(m.Resources, m.resource(b))
		case "module":
			m.Calls = append(m.Calls, m.call(b))
		case "provider":
			p := &ProviderBlock{Name: b.Labels[0], Body: b.Body, DefRange: b.DefRange}
			if c, _, _ := b.Body.PartialContent(providerSchema); c != nil {
				if a, ok := c.Attributes["alias"]; ok {
					p.Alias = constString(a.Expr)
				}
				if a, ok := c.Attributes["version"]; ok {
					p.Version = a.Expr
				}
			}
			m.Providers = append(m.Providers, p)
		case "terraform":
			m.terraform(b)
		}
	}
}

func (m *Module) resource(b *hcl.Block) *Resource {
	r := &Resource{Type: b.Labels[0], Name: b.Labels[1], Module: m, Body: b.Body, DefRange: b.DefRange}
	c, _, _ := b.Body.PartialContent(resourceSchema)
	if c == nil {
		return r
	}
	if a, ok := c.Attributes["count"]; ok {
		r.Count = a.Expr
	}
	if a, ok := c.Attributes["for_each"]; ok {
		r.ForEach = a.Expr
	}
	if a, ok := c.Attributes["provider"]; ok {
		r.Provider = traversalName(a.Expr)
	}
	for _, lb := range c.Blocks {
		lc, _, _ := lb.Body.PartialContent(lifecycleSchema)
		if lc == nil {
			continue
		}
		a, ok := lc.Attributes["ignore_changes"]
		if !ok {
			continue
		}
		r.IgnoreRange = a.Range
		if kw := hcl.ExprAsKeyword(a.Expr); kw == "all" {
			r.IgnoreChanges = append(r.IgnoreChanges, "all")
			continue
		}
		if s := constString(a.Expr); s == "all" {
			r.IgnoreChanges = append(r.IgnoreChanges, "all")
			continue
		}
		items, diags := hcl.ExprList(a.Expr)
		if diags.HasErrors() {
			continue
		}
		for _, it := range items {
			// tags["key"] ignores one key, which is how another system's
			// tags are left alone; only the whole attribute counts.
			if t, d := hcl.AbsTraversalForExpr(it); !d.HasErrors() && len(t) == 1 {
				r.IgnoreChanges = append(r.IgnoreChanges, t.RootName())
			}
		}
	}
	return r
}

func (m *Module) call(b *hcl.Block) *ModuleCall {
	c := &ModuleCall{Name: b.Labels[0], Caller: m, DefRange: b.DefRange, Args: map[string]*hcl.Attribute{},
		Providers: map[string]string{}}
	attrs, _ := b.Body.JustAttributes()
	for name, a := range attrs {
		switch name {
		case "source":
			c.Source = constString(a.Expr)
			c.SrcRange = a.Range
		case "version":
			c.Version = a.Expr
		case "count":
			c.Count = a.Expr
		case "for_each":
			c.ForEach = a.Expr
		case "providers":
			pairs, diags := hcl.ExprMap(a.Expr)
			if diags.HasErrors() {
				continue
			}
			for _, p := range pairs {
				k, v := traversalName(p.Key), traversalName(p.Value)
				if k == "" {
					k = constString(p.Key)
				}
				if k != "" && v != "" {
					c.Providers[k] = v
				}
			}
		}
		if !moduleMeta[name] {
			c.Args[name] = a
		}
	}
	c.Kind = sourceKind(c.Source)
	return c
}

// sourceKind classifies a module source the way Terraform does.
func sourceKind(src string) string {
	switch {
	case strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") || src == "." || src == "..":
		return "local"
	case strings.HasPrefix(src, "git::") || strings.HasPrefix(src, "git@") ||
		strings.HasPrefix(src, "github.com/") || strings.HasPrefix(src, "bitbucket.org/") ||
		strings.Contains(src, ".git?") || strings.HasSuffix(src, ".git"):
		return "git"
	case isRegistry(src):
		return "registry"
	}
	return "other"
}

// isRegistry matches [host/]namespace/name/provider[//subdir].
func isRegistry(src string) bool {
	if strings.Contains(src, "::") || strings.Contains(src, "?") {
		return false
	}
	main, _, _ := strings.Cut(src, "//")
	parts := strings.Split(main, "/")
	if len(parts) == 4 && strings.Contains(parts[0], ".") {
		parts = parts[1:]
	}
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.ContainsAny(p, ".:") && p != parts[0] {
			return false
		}
	}
	return true
}

func (m *Module) terraform(b *hcl.Block) {
	c, _, _ := b.Body.PartialContent(terraformSchema)
	if c == nil {
		return
	}
	for _, rb := range c.Blocks {
		attrs, _ := rb.Body.JustAttributes()
		for name, a := range attrs {
			rp := &RequiredProvider{Name: name, Range: a.Range}
			if s := constString(a.Expr); s != "" {
				rp.Source = s // legacy shorthand: the value is the version
				rp.Version, rp.Source = s, ""
			} else if pairs, diags := hcl.ExprMap(a.Expr); !diags.HasErrors() {
				for _, p := range pairs {
					switch keyName(p.Key) {
					case "source":
						rp.Source = constString(p.Value)
					case "version":
						rp.Version = constString(p.Value)
						if rp.Version == "" {
							rp.Version = "?" // an expression; a constraint of some kind
						}
					}
				}
			}
			if old, ok := m.Required[name]; !ok || old.Version == "" {
				m.Required[name] = rp
			}
		}
	}
}

// constString returns the value of a constant string expression, or "".
func constString(e hcl.Expression) string {
	if e == nil {
		return ""
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || v.IsNull() || !v.IsKnown() || !v.Type().Equals(ctyString) {
		return ""
	}
	return v.AsString()
}

// keyName reads an object key: a bare identifier or a string.
func keyName(e hcl.Expression) string {
	if k := hcl.ExprAsKeyword(e); k != "" {
		return k
	}
	return constString(e)
}

// traversalName turns `aws.west` or `tags` (or the JSON string "aws.west")
// into its dotted name.
func traversalName(e hcl.Expression) string {
	if e == nil {
		return ""
	}
	if w, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		e = w.Wrapped
	}
	t, diags := hcl.AbsTraversalForExpr(e)
	if diags.HasErrors() {
		return ""
	}
	var parts []string
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			parts = append(parts, s.Name)
		case hcl.TraverseAttr:
			parts = append(parts, s.Name)
		default:
			return strings.Join(parts, ".")
		}
	}
	return strings.Join(parts, ".")
}
