// Package aiutil holds what tollgate's Go analyzers share: resolving callees,
// tracing values to constants and composite literals through local variables
// and struct fields, and extracting an analyzer's doc from its doc.go.
package aiutil

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Callee returns the function or method a call invokes (the abstract method
// for a call through an interface), or nil for calls of function values,
// conversions and builtins. Generic functions are returned uninstantiated.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// RecvName returns the name of fn's receiver type without pointer, or "" for
// a function.
func RecvName(fn *types.Func) string {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	if n := RecvNamed(fn); n != nil {
		return n.Obj().Name()
	}
	return ""
}

// RecvNamed returns the origin of fn's receiver's named type, aliases and
// pointers removed (BaseModel for a method of BaseModel[*schema.Message] or
// of an alias of it), or nil.
func RecvNamed(fn *types.Func) *types.Named {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := types.Unalias(sig.Recv().Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		return n.Origin()
	}
	return nil
}

// PkgPath returns the import path of fn's package, or "".
func PkgPath(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	return fn.Pkg().Path()
}

// FullName names a function as "importpath.Func" or "importpath.(*T).M".
func FullName(fn *types.Func) string { return fn.FullName() }

// def is one value a variable or field is given.
type def struct {
	expr  ast.Expr
	index int // for x, y := f(): the result index; -1 for a single value
}

// Values records, for one package, what each local variable, package variable
// and struct field is assigned, so analyzers can trace a value back to a
// constant or a composite literal.
type Values struct {
	Info *types.Info
	// Pkg is the package analysed: fields of structs declared elsewhere
	// may be assigned in packages not seen here, so their values are unknown.
	Pkg  *types.Package
	vars map[types.Object][]def
	// opaque holds variables whose value can change in ways not recorded:
	// address taken, ranged over, incremented, op-assigned.
	opaque map[types.Object]bool
	// addressed holds variables whose address is taken (&req): their value
	// may change through the pointer.
	addressed map[types.Object]bool
	// throughAddress makes addressed variables traceable: for a value
	// passed as &req to a helper whose own assignments are known.
	throughAddress bool
	// Embeds lists the package-level string variables with a //go:embed directive.
	Embeds map[types.Object]bool
}

// NewValues scans the package's files.
func NewValues(pkg *types.Package, info *types.Info, files []*ast.File) *Values {
	v := &Values{Info: info, Pkg: pkg, vars: map[types.Object][]def{}, opaque: map[types.Object]bool{}, addressed: map[types.Object]bool{}, Embeds: map[types.Object]bool{}}
	for _, f := range files {
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				embed := hasEmbed(gd.Doc)
				for _, s := range gd.Specs {
					vs := s.(*ast.ValueSpec)
					if embed || hasEmbed(vs.Doc) {
						for _, n := range vs.Names {
							if o := info.Defs[n]; o != nil {
								v.Embeds[o] = true
							}
						}
					}
				}
			}
		}
		ast.Inspect(f, v.visit)
	}
	return v
}

func hasEmbed(cg *ast.CommentGroup) bool {
	if cg == nil {
		return false
	}
	for _, c := range cg.List {
		if strings.HasPrefix(c.Text, "//go:embed") {
			return true
		}
	}
	return false
}

func (v *Values) obj(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if o := v.Info.Defs[e]; o != nil {
			return o
		}
		return v.Info.Uses[e]
	case *ast.SelectorExpr:
		if sel, ok := v.Info.Selections[e]; ok && sel.Kind() == types.FieldVal {
			return sel.Obj()
		}
		return v.Info.Uses[e.Sel]
	}
	return nil
}

func (v *Values) add(lhs ast.Expr, d def) {
	if o := v.obj(lhs); o != nil {
		v.vars[o] = append(v.vars[o], d)
	}
}

func (v *Values) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
			for _, l := range n.Lhs {
				if o := v.obj(l); o != nil {
					v.opaque[o] = true
				}
			}
			return true
		}
		if len(n.Lhs) == len(n.Rhs) {
			for i, l := range n.Lhs {
				v.add(l, def{n.Rhs[i], -1})
			}
		} else if len(n.Rhs) == 1 {
			for i, l := range n.Lhs {
				v.add(l, def{n.Rhs[0], i})
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) == len(n.Values) {
			for i, l := range n.Names {
				v.add(l, def{n.Values[i], -1})
			}
		} else if len(n.Values) == 1 {
			for i, l := range n.Names {
				v.add(l, def{n.Values[0], i})
			}
		}
	case *ast.RangeStmt:
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if o := v.obj(e); o != nil {
				v.opaque[o] = true
			}
		}
	case *ast.IncDecStmt:
		if o := v.obj(n.X); o != nil {
			v.opaque[o] = true
		}
	case *ast.UnaryExpr:
		if n.Op == token.AND {
			if _, isLit := n.X.(*ast.CompositeLit); !isLit {
				if o := v.obj(n.X); o != nil {
					if _, isVar := o.(*types.Var); isVar && !o.(*types.Var).IsField() {
						v.addressed[o] = true
					}
				}
			}
		}
	case *ast.CompositeLit:
		t := v.Info.TypeOf(n)
		if t == nil {
			return true
		}
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			return true
		}
		for i, el := range n.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					if o := v.Info.Uses[id]; o != nil {
						v.vars[o] = append(v.vars[o], def{kv.Value, -1})
					}
				}
			} else if i < st.NumFields() {
				v.vars[st.Field(i)] = append(v.vars[st.Field(i)], def{el, -1})
			}
		}
	}
	return true
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// Defs returns the expressions assigned to the object an identifier or field
// selector denotes, and whether that list is complete (no address taken, no
// multi-value assignment, not a parameter).
func (v *Values) Defs(e ast.Expr) ([]ast.Expr, bool) {
	o := v.obj(e)
	if o == nil || v.foreignField(o) {
		return nil, false
	}
	ds := v.vars[o]
	if v.opaque[o] || (v.addressed[o] && !v.throughAddress) || len(ds) == 0 {
		return nil, false
	}
	out := make([]ast.Expr, 0, len(ds))
	for _, d := range ds {
		if d.index >= 0 {
			return nil, false
		}
		out = append(out, d.expr)
	}
	return out, true
}

// DefCall returns the call that defines the variable e when e is a variable
// with a single definition of the form x := f() or x, err := f().
func (v *Values) DefCall(e ast.Expr) *ast.CallExpr {
	o := v.obj(e)
	if o == nil || v.opaque[o] || v.addressed[o] || len(v.vars[o]) != 1 || v.foreignField(o) {
		return nil
	}
	c, _ := ast.Unparen(v.vars[o][0].expr).(*ast.CallExpr)
	return c
}

// wrappers are helper functions that only wrap their argument: param.F,
// openai.String, aws.String, ptr helpers.
var wrappers = map[string]bool{"F": true, "String": true, "Ptr": true, "ToPtr": true, "StringPtr": true,
	"NewOpt": true, "Opt": true, "Of": true, "Value": true}

// Unwrap strips parentheses, &, conversions and single-argument wrapper calls
// like aws.String(x) or openai.F(x).
func (v *Values) Unwrap(e ast.Expr) ast.Expr {
	for i := 0; i < 8; i++ {
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				e = x.X
				continue
			}
		case *ast.CallExpr:
			if len(x.Args) != 1 {
				return e
			}
			if tv, ok := v.Info.Types[x.Fun]; ok && tv.IsType() {
				e = x.Args[0]
				continue
			}
			if fn := Callee(v.Info, x); fn != nil && wrappers[fn.Name()] {
				e = x.Args[0]
				continue
			}
		}
		return e
	}
	return e
}

// ConstString traces e to a string constant: a constant expression, or a
// variable or struct field every assignment of which is the same constant.
func (v *Values) ConstString(e ast.Expr) (string, bool) {
	return v.constString(e, 0)
}

func (v *Values) constString(e ast.Expr, depth int) (string, bool) {
	if depth > 6 || e == nil {
		return "", false
	}
	e = v.Unwrap(e)
	if tv, ok := v.Info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return constant.StringVal(tv.Value), true
		}
		return "", false
	}
	switch e.(type) {
	case *ast.Ident, *ast.SelectorExpr:
	default:
		return "", false
	}
	defs, ok := v.Defs(e)
	if !ok {
		return "", false
	}
	var s string
	for i, d := range defs {
		c, ok := v.constString(d, depth+1)
		if !ok || (i > 0 && c != s) {
			return "", false
		}
		s = c
	}
	return s, true
}

// Composite traces e to the composite literal it holds: &T{...}, T{...}, or a
// variable whose single definition is one.
func (v *Values) Composite(e ast.Expr) *ast.CompositeLit {
	cl, _ := v.CompositeVia(e)
	return cl
}

// CompositeVia is Composite that also returns the variables and fields the
// value passed through (s.request <- body <- T{...}), so that later field
// assignments on any of them can be found.
func (v *Values) CompositeVia(e ast.Expr) (*ast.CompositeLit, []types.Object) {
	var via []types.Object
	for i := 0; i < 4 && e != nil; i++ {
		e = v.Unwrap(e)
		if cl, ok := e.(*ast.CompositeLit); ok {
			return cl, via
		}
		if o := v.obj(e); o != nil {
			via = append(via, o)
		}
		defs, ok := v.Defs(e)
		if !ok || len(defs) != 1 {
			return nil, via
		}
		e = defs[0]
	}
	return nil, via
}

// Field returns the value of the named field in a struct literal, or nil.
func Field(cl *ast.CompositeLit, name string) ast.Expr {
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}

// FieldAssigned reports whether, anywhere in body, the field name of the
// variable base is assigned (req.MaxTokens = 100) or set through a method
// (model.SetMaxOutputTokens).
func FieldAssigned(info *types.Info, body ast.Node, base types.Object, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == name && RootObj(info, sel.X) == base {
					found = true
				}
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Set"+name && RootObj(info, sel.X) == base {
				found = true
			}
		}
		return !found
	})
	return found
}

// RootObj returns the object of the leftmost identifier of a selector chain
// (x in x.a.b), or nil.
func RootObj(info *types.Info, e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return info.ObjectOf(x)
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.CallExpr:
			// x.GetStream() roots at x.
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
				e = sel.X
				continue
			}
			return nil
		default:
			return nil
		}
	}
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// EnclosingFunc returns the innermost FuncDecl in a stack of ancestors and
// its display name ("pkg.Func", "pkg.(*T).Method", or "pkg" at package level).
func EnclosingFunc(pkg *types.Package, stack []ast.Node) (*ast.FuncDecl, string) {
	for i := len(stack) - 1; i >= 0; i-- {
		if fd, ok := stack[i].(*ast.FuncDecl); ok {
			return fd, FuncDeclName(pkg, fd)
		}
	}
	return nil, pkg.Path()
}

// FuncDeclName names a declared function "importpath.Func" or
// "importpath.(*T).Method".
func FuncDeclName(pkg *types.Package, fd *ast.FuncDecl) string {
	name := fd.Name.Name
	if fd.Recv != nil && len(fd.Recv.List) == 1 {
		t := fd.Recv.List[0].Type
		star := ""
		if s, ok := t.(*ast.StarExpr); ok {
			star, t = "*", s.X
		}
		if ix, ok := t.(*ast.IndexExpr); ok {
			t = ix.X
		} else if ix, ok := t.(*ast.IndexListExpr); ok {
			t = ix.X
		}
		if id, ok := t.(*ast.Ident); ok {
			return pkg.Path() + ".(" + star + id.Name + ")." + name
		}
	}
	return pkg.Path() + "." + name
}

// InnermostFunc returns the body of the innermost function (literal or
// declaration) in the stack, and the function's type.
func InnermostFunc(stack []ast.Node) (*ast.BlockStmt, *ast.FuncType) {
	for i := len(stack) - 1; i >= 0; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncLit:
			return f.Body, f.Type
		case *ast.FuncDecl:
			return f.Body, f.Type
		}
	}
	return nil, nil
}

// OutermostFunc returns the body of the outermost function declaration in
// the stack.
func OutermostFunc(stack []ast.Node) *ast.BlockStmt {
	for _, n := range stack {
		if f, ok := n.(*ast.FuncDecl); ok {
			return f.Body
		}
	}
	return nil
}

// Def is one assignment to a variable: the right-hand expression and, for a
// multi-value assignment x, y := f(), the index of the result (-1 otherwise).
type Def struct {
	Expr  ast.Expr
	Index int
}

// AllDefs returns every recorded assignment of the variable or field e
// denotes, and whether the list is complete (no address taken, not ranged
// over, not op-assigned; a parameter has no assignments and is not complete).
func (v *Values) AllDefs(e ast.Expr) ([]Def, bool) {
	o := v.obj(e)
	if o == nil {
		return nil, false
	}
	ds := v.vars[o]
	out := make([]Def, len(ds))
	for i, d := range ds {
		out[i] = Def{d.expr, d.index}
	}
	return out, !v.opaque[o] && !v.addressed[o] && len(ds) > 0 && !v.foreignField(o)
}

// ThroughAddress returns a view of v in which variables whose address is
// taken are traced like the others. Use it for a value passed as &req to a
// helper that is known not to change what is traced.
func (v *Values) ThroughAddress() *Values {
	c := *v
	c.throughAddress = true
	return &c
}

// foreignField reports whether o is a field of a struct declared in another
// package, whose assignments this package cannot all see.
func (v *Values) foreignField(o types.Object) bool {
	f, ok := o.(*types.Var)
	return ok && f.IsField() && v.Pkg != nil && f.Pkg() != v.Pkg
}

// Object returns the object an identifier or field selector denotes.
func (v *Values) Object(e ast.Expr) types.Object { return v.obj(e) }

// IsParam reports whether obj is a parameter (or receiver) of a function
// declared or written in the files.
func IsParam(obj types.Object, stack []ast.Node, info *types.Info) bool {
	for _, n := range stack {
		var ft *ast.FuncType
		var recv *ast.FieldList
		switch f := n.(type) {
		case *ast.FuncDecl:
			ft, recv = f.Type, f.Recv
		case *ast.FuncLit:
			ft = f.Type
		default:
			continue
		}
		for _, fl := range []*ast.FieldList{recv, ft.Params} {
			if fl == nil {
				continue
			}
			for _, fld := range fl.List {
				for _, name := range fld.Names {
					if info.Defs[name] == obj {
						return true
					}
				}
			}
		}
	}
	return false
}

// CalleeName returns "importpath.Func" or "importpath.Type.Method" for a
// call's static callee, or "".
func CalleeName(info *types.Info, call *ast.CallExpr) string {
	fn := Callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	if r := RecvName(fn); r != "" {
		return fn.Pkg().Path() + "." + r + "." + fn.Name()
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// Implements reports whether the concrete method m implements the abstract
// method iface of an interface: same name, and m's receiver type (or a
// pointer to it) implements the interface.
func Implements(m, iface *types.Func) bool {
	if m.Name() != iface.Name() {
		return false
	}
	isig, ok := iface.Type().(*types.Signature)
	if !ok || isig.Recv() == nil {
		return false
	}
	it, ok := isig.Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return false
	}
	msig, ok := m.Type().(*types.Signature)
	if !ok || msig.Recv() == nil {
		return false
	}
	recv := msig.Recv().Type()
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	return types.Implements(recv, it) || types.Implements(types.NewPointer(recv), it)
}
