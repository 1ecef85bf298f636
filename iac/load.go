package iac

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/tollgate-dev/tollgate/iac/taggable"
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
	// Backend is set when a terraform block declares a backend or cloud
	// block; HasTfvars when the directory holds terraform.tfvars or
	// *.auto.tfvars; LockFile when it holds .terraform.lock.hcl. With
	// provider blocks, they tell a root configuration from a reusable
	// module (see RootSignals).
	Backend, HasTfvars, LockFile bool
	// Terragrunt is set when the directory holds terragrunt.hcl, whose
	// generate blocks may write provider and backend files.
	Terragrunt bool
	// Callers are the local module calls, anywhere in the repository, whose
	// source resolves to this directory.
	Callers []*ModuleCall

	localOrder []string
}

// Variable is a `variable` block.
type Variable struct {
	Name    string
	Default hcl.Expression // nil without a default
	Range   hcl.Range
	// Type is the declared type constraint (cty.DynamicPseudoType when
	// none or unreadable); Defaults the defaults of its optional
	// attributes, nil when it has none.
	Type     cty.Type
	Defaults *typeexpr.Defaults
}

// conform gives a variable's value its declared type, as Terraform does:
// the defaults of optional attributes applied, absent optional attributes
// null, collections converted. A value that does not convert is kept as it
// is (the analysis reads what it can), and so is an unknown one.
func (v *Variable) conform(val cty.Value) (res cty.Value) {
	if v == nil || v.Type == cty.DynamicPseudoType || !val.IsKnown() || val.IsNull() {
		return val
	}
	defer func() {
		if recover() != nil { // a cty corner the converter does not expect
			res = val
		}
	}()
	in := val
	if v.Defaults != nil {
		in = v.Defaults.Apply(in)
	}
	out, err := convert.Convert(in, v.Type)
	if err != nil {
		return val
	}
	return out
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
	Target *Module
	// Installed is set on a registry or git call whose Target was
	// downloaded by the user's terraform init (.terraform/modules).
	Installed bool
	// Outside is set for a local source that leads out of the scanned
	// tree ("../../shared"): it is not read.
	Outside bool
	// Cycle is set on a call that closes a cycle of local module calls:
	// the calls of the cycle in order from the called module, this one
	// last (at most maxCyclePath of them; CycleLen counts them all). It is
	// not followed.
	Cycle     []*ModuleCall
	CycleLen  int
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

var variableSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "default"}, {Name: "type"}}}

var resourceSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "count"}, {Name: "for_each"}, {Name: "provider"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "lifecycle"}},
}

var lifecycleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "ignore_changes"}}}

var moduleMeta = map[string]bool{"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true}

var terraformSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "required_providers"},
	{Type: "backend", LabelNames: []string{"type"}}, {Type: "cloud"}}}

var providerSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "alias"}, {Name: "version"}}}

// loader groups parsed files into modules, one per directory, as they
// arrive. Every block is read with hcl's generic body API, so native and
// JSON syntax are handled alike.
type loader struct {
	byDir map[string]*Module
	dirs  []string
	// installed maps a root directory with a module manifest to the
	// directory of each module key it lists (see installed.go).
	installed map[string]map[string]string
}

func newLoader() *loader { return &loader{byDir: map[string]*Module{}} }

func newModule(dir string) *Module {
	return &Module{Dir: dir, Variables: map[string]*Variable{}, Locals: map[string]*Local{},
		Required: map[string]*RequiredProvider{}, Tfvars: map[string]hcl.Expression{}}
}

// readFile parses one file into a module of its own, a fragment for the
// loader to merge. Only the parts of the syntax tree the analysis reads are
// kept (see prune). It returns nil for a file refused before parsing.
func readFile(p string, src []byte) (*Module, hcl.Diagnostics) {
	var frag *Module
	names := map[string]map[string]bool{}
	diags := parseEach(p, src, chunkSize, func(b hcl.Body) {
		if frag == nil {
			frag = newModule("")
		}
		frag.addBody(p, b, names)
	})
	return frag, diags
}

// add merges the fragment of one file into its directory's module. Files
// are added in order, and merging a fragment is the same as reading its
// file into the module: later variables, locals and tfvars replace earlier
// ones, blocks are appended, a versioned required_providers entry wins.
func (l *loader) add(p string, frag *Module) {
	dir := path.Dir(p)
	m := l.byDir[dir]
	if m == nil {
		m = newModule(dir)
		l.byDir[dir] = m
		l.dirs = append(l.dirs, dir)
	}
	m.Files = append(m.Files, &File{Path: p})
	m.Backend = m.Backend || frag.Backend
	m.HasTfvars = m.HasTfvars || frag.HasTfvars
	maps.Copy(m.Variables, frag.Variables)
	maps.Copy(m.Locals, frag.Locals)
	maps.Copy(m.Tfvars, frag.Tfvars)
	for _, r := range frag.Resources {
		r.Module = m
	}
	for _, c := range frag.Calls {
		c.Caller = m
	}
	m.Resources = append(m.Resources, frag.Resources...)
	m.Calls = append(m.Calls, frag.Calls...)
	m.Providers = append(m.Providers, frag.Providers...)
	for _, name := range sortedKeys(frag.Required) {
		if old, ok := m.Required[name]; !ok || old.Version == "" {
			m.Required[name] = frag.Required[name]
		}
	}
}

// finish returns the modules sorted by directory, with local module calls
// linked to the modules they call. Each directory is one module, loaded
// once however many calls lead to it.
func (l *loader) finish() []*Module {
	slices.Sort(l.dirs)
	mods := make([]*Module, 0, len(l.dirs))
	for _, d := range l.dirs {
		mods = append(mods, l.byDir[d])
	}
	for _, m := range mods {
		for _, c := range m.Calls {
			if c.Kind != "local" {
				continue
			}
			dir := path.Clean(path.Join(m.Dir, c.Source))
			if dir == ".." || strings.HasPrefix(dir, "../") {
				c.Outside = true // never read: not in the scanned tree
				continue
			}
			if t := l.byDir[dir]; t != nil {
				c.Target = t
				t.Callers = append(t.Callers, c)
			}
		}
	}
	l.linkInstalled(mods)
	markCycles(mods)
	return mods
}

// maxCyclePath bounds the calls a cycle keeps for its message.
const maxCyclePath = 8

// markCycles finds the local module calls that close a cycle (a module
// calling itself, or A calling B calling A) by a depth-first walk of the
// call graph: modules nobody calls first, then the rest, each in directory
// order. Each module is visited once. A call to a module still on the walk's
// path closes a cycle: it is marked, and the analysis does not follow it, so
// the calls it follows form no cycle.
func markCycles(mods []*Module) {
	const (
		unseen = iota
		active
		done
	)
	state := map[*Module]int{}
	var stack []*ModuleCall // the calls of the walk's path
	at := map[*Module]int{} // an active module: len(stack) when entered
	var visit func(m *Module)
	visit = func(m *Module) {
		state[m], at[m] = active, len(stack)
		for _, c := range m.Calls {
			t := c.Target
			if t == nil {
				continue
			}
			switch state[t] {
			case active:
				from := at[t]
				c.CycleLen = len(stack) - from + 1
				n := min(len(stack)-from, maxCyclePath-1)
				c.Cycle = append(slices.Clone(stack[from:from+n]), c)
			case unseen:
				stack = append(stack, c)
				visit(t)
				stack = stack[:len(stack)-1]
			}
		}
		state[m] = done
	}
	for _, roots := range []bool{true, false} {
		for _, m := range mods {
			if state[m] == unseen && (len(m.Callers) == 0) == roots {
				visit(m)
			}
		}
	}
}

func isTfvars(p string) bool {
	base := path.Base(p)
	return base == "terraform.tfvars" || base == "terraform.tfvars.json" ||
		strings.HasSuffix(base, ".auto.tfvars") || strings.HasSuffix(base, ".auto.tfvars.json")
}

// addBody reads the blocks of one file's body (or a piece of it) into m.
// names caches readNames by resource type.
func (m *Module) addBody(p string, body hcl.Body, names map[string]map[string]bool) {
	if isTfvars(p) {
		m.HasTfvars = true
		attrs, _ := body.JustAttributes()
		for name, a := range attrs {
			m.Tfvars[name] = a.Expr
		}
		return
	}
	if strings.HasSuffix(p, ".tfvars") || strings.HasSuffix(p, ".tfvars.json") {
		return // applied only with -var-file; not known to be in effect
	}
	base := strings.TrimSuffix(strings.TrimSuffix(path.Base(p), ".json"), ".tf")
	if base == "override" || strings.HasSuffix(base, "_override") {
		return // override files patch other blocks; their merge is not modelled
	}
	content, _, _ := body.PartialContent(fileSchema)
	if content == nil {
		return
	}
	for _, b := range content.Blocks {
		switch b.Type {
		case "variable":
			v := &Variable{Name: b.Labels[0], Range: b.DefRange, Type: cty.DynamicPseudoType}
			if c, _, _ := b.Body.PartialContent(variableSchema); c != nil {
				if a, ok := c.Attributes["default"]; ok {
					v.Default = a.Expr
				}
				if a, ok := c.Attributes["type"]; ok {
					if ty, defs, diags := typeexpr.TypeConstraintWithDefaults(a.Expr); !diags.HasErrors() {
						v.Type, v.Defaults = ty, defs
					}
				}
			}
			m.Variables[v.Name] = v
		case "locals":
			attrs, _ := b.Body.JustAttributes()
			for name, a := range attrs {
				m.Locals[name] = &Local{Name: name, Expr: a.Expr, Range: a.Range}
			}
		case "resource":
			r := m.resource(b)
			keep := names[r.Type]
			if keep == nil {
				keep = readNames(r.Type)
				names[r.Type] = keep
			}
			r.Body = prune(b.Body, keep)
			m.Resources = append(m.Resources, r)
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
		if rb.Type != "required_providers" {
			m.Backend = true
			continue
		}
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

// localNames returns the names of the module's locals, sorted; computed
// once, not once per instance.
func (m *Module) localNames() []string {
	if m.localOrder == nil {
		m.localOrder = sortedKeys(m.Locals)
	}
	return m.localOrder
}

// cost is the work of one instance of the module, for maxCallWork.
func (m *Module) cost() int {
	return 1 + len(m.Variables) + len(m.Locals) + len(m.Resources) + len(m.Calls)
}

// propagationNames are the parts of a resource body the propagation rule
// reads (tf/tag-propagation-gap).
var propagationNames = []string{"tags", "tag", "tag_specifications", "propagate_tags", "launch_template",
	"node_config", "default_node_pool"}

// readNames returns the top-level attribute and block names of a resource
// body of type typ that the analysis reads: its tags (or labels), its
// machine type and accelerators, and what the propagation rule looks at.
func readNames(typ string) map[string]bool {
	keep := map[string]bool{}
	if typ == "azapi_resource" {
		maps.Copy(keep, azapiNames)
	}
	for _, a := range manifestAttrs[typ] {
		keep[a] = true
	}
	if kubeWorkload(typ) {
		keep["spec"] = true // containers' resources and node selectors
	}
	first := func(dotted string) string { s, _, _ := strings.Cut(dotted, "."); return s }
	if info, ok := taggable.Lookup(typ); ok {
		keep[first(info.Attr)] = true
	}
	for _, a := range machineAttrs[typ] {
		keep[first(a)] = true
	}
	for _, a := range accelBlocks[typ] {
		keep[first(a)] = true
	}
	for _, n := range propagationNames {
		keep[n] = true
	}
	return keep
}

// prune returns a copy of a native-syntax body holding only the named
// attributes and blocks (and dynamic blocks generating them), so that the
// rest of the resource (policies, user data, scripts: most of a big
// configuration) is not kept in memory once the file is read. Other bodies
// (JSON syntax) are returned as they are.
func prune(body hcl.Body, keep map[string]bool) hcl.Body {
	b, ok := body.(*hclsyntax.Body)
	if !ok {
		return body
	}
	out := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: b.SrcRange, EndRange: b.EndRange}
	for name, a := range b.Attributes {
		if keep[name] {
			out.Attributes[name] = a
		}
	}
	for _, blk := range b.Blocks {
		if keep[blk.Type] || blk.Type == "dynamic" && len(blk.Labels) == 1 && keep[blk.Labels[0]] {
			out.Blocks = append(out.Blocks, blk)
		}
	}
	return out
}

// RootSignals lists what marks the module as a root configuration, the
// directory terraform plan runs in, rather than a reusable module: a
// provider block, a backend or cloud block, a terraform.tfvars or
// *.auto.tfvars file. A module some module of the repository calls is
// never a root. A .terraform.lock.hcl alone is not a signal: module
// repositories commit the lock file of their own tests.
func (m *Module) RootSignals() []string {
	if len(m.Callers) > 0 {
		return nil
	}
	var out []string
	if len(m.Providers) > 0 {
		out = append(out, "a provider block")
	}
	if m.Backend {
		out = append(out, "a backend")
	}
	if m.HasTfvars {
		out = append(out, "a tfvars file")
	}
	if m.LockFile && len(out) > 0 {
		out = append(out, "a lock file")
	}
	return out
}
