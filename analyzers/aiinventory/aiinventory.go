package aiinventory

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/tollgate-dev/tollgate/analyzers/aisdk"
	"github.com/tollgate-dev/tollgate/analyzers/internal/aiutil"
)

//go:embed doc.go
var doc string

// Config configures the analyzer. The zero value finds SDK calls and calls
// through local interfaces, with no facts and no wrappers.
type Config struct {
	// Wrappers are the repository's own AI entry points, as
	// "importpath.Func" or "importpath.(*Type).Method" (or "(Type)").
	Wrappers []string
	// Facts turns on the object facts that carry interface methods across
	// packages. Drivers that analyse only the root packages (the fast mode)
	// leave it off.
	Facts bool
	// ModuleVersions maps module paths to the versions the build uses, for
	// rules that depend on an SDK's version.
	ModuleVersions map[string]string
}

// Analyzer is the inventory with facts on and no wrappers, for go vet and tests.
var Analyzer = New(Config{Facts: true})

// New returns an inventory analyzer for cfg. Every analyzer that needs the
// inventory is built on the value New returns (see package suite).
func New(cfg Config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:       "aiinventory",
		Doc:        aiutil.MustExtractDoc(doc, "aiinventory"),
		URL:        "https://github.com/tollgate-dev/tollgate#go-code-at-the-ai-boundary",
		Requires:   []*analysis.Analyzer{inspect.Analyzer},
		ResultType: reflect.TypeFor[*Result](),
	}
	if cfg.Facts {
		a.FactTypes = []analysis.Fact{new(SurfaceFact), new(ModelFact)}
	}
	wrappers := parseWrappers(cfg.Wrappers)
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, &cfg, wrappers) }
	return a
}

// SurfaceFact marks an interface method that an SDK client's method is
// reached through: a call of it is an AI call.
type SurfaceFact struct {
	Pkg, Recv, Method string
}

// AFact implements analysis.Fact.
func (*SurfaceFact) AFact() {}

func (f *SurfaceFact) String() string { return "ai:" + f.Pkg + "." + f.Recv + "." + f.Method }

// Via says how a call was recognised.
type Via string

// The ways a call is recognised.
const (
	ViaSDK       Via = "sdk"
	ViaInterface Via = "interface"
	ViaWrapper   Via = "wrapper"
	// ViaShape is a call of a method with the API shape of an SDK in a
	// package that is not the SDK (a fork under another module path).
	ViaShape Via = "shape"
	// ViaHTTP is a request built or sent with net/http to a model API's URL.
	ViaHTTP Via = "http"
)

// Call is one AI call.
type Call struct {
	Expr    *ast.CallExpr
	Surface *aisdk.Surface
	Via     Via
	// Model is the model id when it is constant, else "dynamic".
	Model string
	// ModelExpr is the expression the model was read from, when found.
	ModelExpr ast.Expr
	// Func is the enclosing function's name; Decl its declaration (nil at
	// package level).
	Func string
	Decl *ast.FuncDecl
	// Stack holds the ancestors of the call, outermost first.
	Stack []ast.Node
	File  *ast.File
}

// Ctx returns the call's context argument, or nil.
func (c *Call) Ctx(info *types.Info) ast.Expr {
	for _, a := range c.Expr.Args {
		if t := info.TypeOf(a); t != nil && aiutil.IsContext(t) {
			return a
		}
	}
	return nil
}

// Tool is a registered tool handler whose parameters a model chooses.
type Tool struct {
	// Reg is the registration call, or the method declaration for tools
	// that implement an interface.
	Reg     ast.Node
	Surface string
	// Handler is the handler's function literal or declaration in this
	// package; nil when it is defined elsewhere.
	Body   *ast.BlockStmt
	Params []*types.Var // the model-controlled parameters
	Name   string
}

// Result is what the analyzer finds in one package.
type Result struct {
	Calls []*Call
	Tools []*Tool
	// Relays are the calls of functions that make an AI call further down.
	Relays []*Relay
	Values *aiutil.Values
	Config *Config
	rel    *relays
}

type wrapper struct{ pkg, recv, name string }

func parseWrappers(ws []string) []wrapper {
	var out []wrapper
	for _, w := range ws {
		w = strings.TrimSpace(w)
		// importpath.(*T).M or importpath.(T).M or importpath.F
		if i := strings.Index(w, ".("); i >= 0 {
			rest := w[i+2:]
			j := strings.Index(rest, ")")
			if j < 0 {
				continue
			}
			recv := strings.TrimPrefix(rest[:j], "*")
			out = append(out, wrapper{w[:i], recv, strings.TrimPrefix(rest[j+1:], ".")})
			continue
		}
		slash := strings.LastIndex(w, "/")
		dot := strings.Index(w[slash+1:], ".")
		if dot < 0 {
			continue
		}
		out = append(out, wrapper{w[:slash+1+dot], "", w[slash+1+dot+1:]})
	}
	return out
}

func run(pass *analysis.Pass, cfg *Config, wrappers []wrapper) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	res := &Result{Values: aiutil.NewValues(pass.Pkg, pass.TypesInfo, pass.Files), Config: cfg}
	local := findConversions(pass, cfg)

	rel := newRelays(pass, cfg)
	var sites []*site
	files := map[*token.File]*ast.File{}
	for _, f := range pass.Files {
		files[pass.Fset.File(f.Pos())] = f
	}
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		call := n.(*ast.CallExpr)
		fn := aiutil.Callee(pass.TypesInfo, call)
		if fn == nil || fn.Pkg() == nil {
			return true
		}
		s, via := classify(pass, cfg, fn, local, wrappers)
		if via == viaSDKInternal {
			return true
		}
		if s == nil {
			if s = rawHTTP(pass, res.Values, call, fn, stack); s == nil {
				if rel.candidate(fn) {
					st := append([]ast.Node(nil), stack[:len(stack)-1]...)
					si := &site{call: call, callee: fn, stack: st}
					if fd, _ := aiutil.EnclosingFunc(pass.Pkg, st); fd != nil {
						si.fd = fd
						si.decl, _ = pass.TypesInfo.Defs[fd.Name].(*types.Func)
					}
					sites = append(sites, si)
				}
				return true
			}
			via = ViaHTTP
		}
		st := append([]ast.Node(nil), stack[:len(stack)-1]...)
		if s.Kind == aisdk.Tool {
			res.Tools = append(res.Tools, toolFromRegistration(pass, call, s))
			return true
		}
		c := &Call{Expr: call, Surface: s, Via: via, Stack: st, File: files[pass.Fset.File(call.Pos())]}
		c.Decl, c.Func = aiutil.EnclosingFunc(pass.Pkg, st)
		c.Model, c.ModelExpr = modelOf(pass, res.Values, call, s)
		res.Calls = append(res.Calls, c)
		return true
	})
	res.Tools = append(res.Tools, toolImplementations(pass)...)
	res.Relays = rel.solve(res.Values, res.Calls, sites)
	res.rel = rel
	return res, nil
}

// viaSDKInternal is classify's answer for a call of a table surface made
// inside the SDK itself: the calling package is the surface's package or
// below it (langchaingo's llms/openai calling llms.GenerateFromSinglePrompt).
// Such a call is the SDK's plumbing, not the repository's use of a model, and
// is not inventoried: scanning the SDK's own repository lists its client
// calls, not its wrappers twice.
const viaSDKInternal Via = "sdk-internal"

// classify resolves a callee against the table, the wrappers and the
// interface methods known to reach an SDK.
func classify(pass *analysis.Pass, cfg *Config, fn *types.Func, local map[*types.Func]*aisdk.Surface, wrappers []wrapper) (*aisdk.Surface, Via) {
	recv := aiutil.RecvName(fn)
	if s := aisdk.LookupFunc(fn, aiutil.RecvNamed(fn)); s != nil {
		if p := pass.Pkg.Path(); p == s.Pkg || strings.HasPrefix(p, s.Pkg+"/") {
			return nil, viaSDKInternal
		}
		return s, ViaSDK
	}
	if fn.Pkg() != pass.Pkg {
		if s := aisdk.LookupShape(fn, aiutil.RecvNamed(fn)); s != nil {
			return s, ViaShape
		}
	}
	for _, w := range wrappers {
		if w.pkg == fn.Pkg().Path() && w.recv == recv && w.name == fn.Name() {
			return &aisdk.Surface{Provider: "wrapper", Pkg: w.pkg, Recv: recv, Method: fn.Name(),
				Name: displayName(recv, fn.Name()), Model: aisdk.ModelSource{Arg: -1}}, ViaWrapper
		}
	}
	if s, ok := local[fn]; ok {
		return viaIface(s, fn), ViaInterface
	}
	if cfg.Facts && isInterfaceMethod(fn) {
		var f SurfaceFact
		if pass.ImportObjectFact(fn, &f) {
			if s := aisdk.Lookup(f.Pkg, f.Recv, f.Method); s != nil {
				return viaIface(s, fn), ViaInterface
			}
		}
	}
	return nil, ""
}

func displayName(recv, name string) string {
	if recv == "" {
		return name
	}
	return recv + "." + name
}

// viaIface returns a copy of s for a call through the interface method fn.
// The model is then not traceable through the SDK's argument positions.
func viaIface(s *aisdk.Surface, fn *types.Func) *aisdk.Surface {
	c := *s
	c.Name = displayName(aiutil.RecvName(fn), fn.Name()) + " -> " + s.Name
	c.Model = aisdk.ModelSource{Arg: s.Model.Arg, Field: s.Model.Field}
	return &c
}

func isInterfaceMethod(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	return sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

// findConversions finds where a value whose method set reaches an SDK surface
// is converted to an interface type, and maps the interface's methods to
// those surfaces. Interfaces declared in this package get an object fact.
func findConversions(pass *analysis.Pass, cfg *Config) map[*types.Func]*aisdk.Surface {
	out := map[*types.Func]*aisdk.Surface{}
	info := pass.TypesInfo
	note := func(from ast.Expr, to types.Type) {
		if to == nil || from == nil {
			return
		}
		iface, ok := to.Underlying().(*types.Interface)
		if !ok {
			return
		}
		ft := info.TypeOf(from)
		if ft == nil || types.Identical(ft, to) {
			return
		}
		for i := 0; i < iface.NumMethods(); i++ {
			m := iface.Method(i)
			obj, _, _ := types.LookupFieldOrMethod(ft, true, m.Pkg(), m.Name())
			impl, ok := obj.(*types.Func)
			if !ok || impl.Pkg() == nil {
				continue
			}
			s := aisdk.LookupFunc(impl, aiutil.RecvNamed(impl))
			if s == nil && impl.Pkg() != pass.Pkg {
				s = aisdk.LookupShape(impl, aiutil.RecvNamed(impl))
			}
			if s == nil || s.Kind != aisdk.Call {
				continue
			}
			out[m] = s
			if cfg.Facts && m.Pkg() == pass.Pkg {
				pass.ExportObjectFact(m, &SurfaceFact{Pkg: s.Pkg, Recv: s.Recv, Method: s.Method})
			}
		}
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						note(n.Rhs[i], info.TypeOf(n.Lhs[i]))
					}
				}
			case *ast.ValueSpec:
				if n.Type != nil {
					for _, v := range n.Values {
						note(v, info.TypeOf(n.Type))
					}
				}
			case *ast.CallExpr:
				if tv, ok := info.Types[n.Fun]; ok && tv.IsType() && len(n.Args) == 1 {
					note(n.Args[0], tv.Type)
					return true
				}
				sig, ok := info.TypeOf(n.Fun).(*types.Signature)
				if !ok {
					return true
				}
				for i, a := range n.Args {
					var pt types.Type
					switch {
					case sig.Variadic() && i >= sig.Params().Len()-1:
						if s, ok := sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice); ok {
							pt = s.Elem()
						}
					case i < sig.Params().Len():
						pt = sig.Params().At(i).Type()
					}
					note(a, pt)
				}
			case *ast.CompositeLit:
				st, ok := derefUnder(info.TypeOf(n)).(*types.Struct)
				if !ok {
					return true
				}
				for i, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							if o := info.Uses[id]; o != nil {
								note(kv.Value, o.Type())
							}
						}
					} else if i < st.NumFields() {
						note(el, st.Field(i).Type())
					}
				}
			case *ast.FuncDecl:
				if n.Body == nil || n.Type.Results == nil {
					return true
				}
				sig, _ := info.Defs[n.Name].Type().(*types.Signature)
				if sig == nil {
					return true
				}
				ast.Inspect(n.Body, func(m ast.Node) bool {
					if _, ok := m.(*ast.FuncLit); ok {
						return false
					}
					if r, ok := m.(*ast.ReturnStmt); ok && len(r.Results) == sig.Results().Len() {
						for i, e := range r.Results {
							note(e, sig.Results().At(i).Type())
						}
					}
					return true
				})
			}
			return true
		})
	}
	return out
}

func derefUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem().Underlying()
	}
	return t.Underlying()
}

// modelOf finds the model id of a call.
func modelOf(pass *analysis.Pass, v *aiutil.Values, call *ast.CallExpr, s *aisdk.Surface) (string, ast.Expr) {
	ms := s.Model
	if ms.Arg >= 0 && ms.Arg < len(call.Args) {
		e := call.Args[ms.Arg]
		if ms.Field != "" {
			e = fieldValue(pass.TypesInfo, v, call, e, ms.Field)
		}
		if e != nil {
			if m, ok := v.ConstString(e); ok {
				return m, e
			}
			return "dynamic", e
		}
	}
	if len(ms.Options) > 0 {
		if m, e, ok := optionModel(pass.TypesInfo, v, call.Args, ms.Options); ok {
			return m, e
		}
	}
	// The receiver's constructor: llm, _ := openai.New(openai.WithModel(...)),
	// model := client.GenerativeModel("gemini-2.0-flash"), chat := model.StartChat().
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && (len(ms.Options) > 0 || len(ms.Factories) > 0) {
		recv := sel.X
		for range 4 {
			dc := v.DefCall(recv)
			if dc == nil {
				break
			}
			if m, e, ok := optionModel(pass.TypesInfo, v, dc.Args, ms.Options); ok {
				return m, e
			}
			dsel, ok := ast.Unparen(dc.Fun).(*ast.SelectorExpr)
			if !ok {
				break
			}
			for _, f := range ms.Factories {
				if dsel.Sel.Name == f && len(dc.Args) > 0 {
					// The model is the first argument after the context:
					// genai Chats.Create(ctx, model, ...), fantasy
					// provider.LanguageModel(ctx, model).
					arg := dc.Args[0]
					if t := pass.TypesInfo.TypeOf(arg); t != nil && aiutil.IsContext(t) && len(dc.Args) > 1 {
						arg = dc.Args[1]
					}
					if m, ok := v.ConstString(arg); ok {
						return m, arg
					}
					return "dynamic", arg
				}
			}
			recv = dsel.X
		}
	}
	return "dynamic", nil
}

// fieldValue returns the value given to field name (a dotted path) of the
// request in e: in its composite literal, or assigned to the variable later.
func fieldValue(info *types.Info, v *aiutil.Values, call *ast.CallExpr, e ast.Expr, name string) ast.Expr {
	cl := v.Composite(e)
	if cl == nil {
		return nil
	}
	parts := strings.Split(name, ".")
	for i, p := range parts {
		fv := aiutil.Field(cl, p)
		if fv == nil {
			return nil
		}
		if i == len(parts)-1 {
			return fv
		}
		if cl = v.Composite(fv); cl == nil {
			return nil
		}
	}
	return nil
}

// optionModel looks for a functional option among args that sets the model.
func optionModel(info *types.Info, v *aiutil.Values, args []ast.Expr, options []string) (string, ast.Expr, bool) {
	for _, a := range args {
		c, ok := ast.Unparen(a).(*ast.CallExpr)
		if !ok || len(c.Args) == 0 {
			continue
		}
		fn := aiutil.Callee(info, c)
		if fn == nil || fn.Pkg() == nil {
			continue
		}
		name := aisdk.Normalize(fn.Pkg().Path()) + "." + fn.Name()
		for _, o := range options {
			if o == name {
				if m, ok := v.ConstString(c.Args[0]); ok {
					return m, c.Args[0], true
				}
				return "dynamic", c.Args[0], true
			}
		}
	}
	return "", nil, false
}

// toolFromRegistration resolves the handler of a tool registration call.
func toolFromRegistration(pass *analysis.Pass, call *ast.CallExpr, s *aisdk.Surface) *Tool {
	t := &Tool{Reg: call, Surface: s.Provider + ":" + s.Name}
	if s.HandlerArg >= len(call.Args) {
		return t
	}
	h := ast.Unparen(call.Args[s.HandlerArg])
	var ft *ast.FuncType
	switch h := h.(type) {
	case *ast.FuncLit:
		t.Body, ft = h.Body, h.Type
	case *ast.Ident, *ast.SelectorExpr:
		var obj types.Object
		if id, ok := h.(*ast.Ident); ok {
			obj = pass.TypesInfo.Uses[id]
		} else {
			obj = pass.TypesInfo.Uses[h.(*ast.SelectorExpr).Sel]
		}
		if fn, ok := obj.(*types.Func); ok {
			if fd := declOf(pass, fn); fd != nil {
				t.Body, ft = fd.Body, fd.Type
			}
		}
	}
	if ft != nil {
		t.Params = modelParams(pass.TypesInfo, ft)
	}
	if t.Body != nil {
		t.Name = s.Name
	}
	return t
}

// modelParams returns the parameters of a handler other than its context.
func modelParams(info *types.Info, ft *ast.FuncType) []*types.Var {
	var out []*types.Var
	for _, f := range ft.Params.List {
		for _, n := range f.Names {
			v, ok := info.Defs[n].(*types.Var)
			if !ok || aiutil.IsContext(v.Type()) || n.Name == "_" {
				continue
			}
			out = append(out, v)
		}
	}
	return out
}

func declOf(pass *analysis.Pass, fn *types.Func) *ast.FuncDecl {
	if fn.Pkg() != pass.Pkg {
		return nil
	}
	for _, f := range pass.Files {
		if f.Pos() <= fn.Pos() && fn.Pos() < f.End() {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Pos() == fn.Pos() {
					return fd
				}
			}
		}
	}
	return nil
}

// toolImplementations finds methods of types that implement a known tool
// interface (langchaingo tools.Tool, eino tool.InvokableTool).
func toolImplementations(pass *analysis.Pass) []*Tool {
	var ifaces []struct {
		iface  *types.Interface
		method string
		name   string
	}
	for _, imp := range pass.Pkg.Imports() {
		for _, ti := range aisdk.ToolInterfaces {
			if aisdk.Normalize(imp.Path()) != ti.Pkg {
				continue
			}
			if obj := imp.Scope().Lookup(ti.Iface); obj != nil {
				if it, ok := obj.Type().Underlying().(*types.Interface); ok {
					ifaces = append(ifaces, struct {
						iface  *types.Interface
						method string
						name   string
					}{it, ti.Method, ti.Pkg + "." + ti.Iface})
				}
			}
		}
	}
	var out []*Tool
	out = append(out, shapedTools(pass)...)
	if len(ifaces) == 0 {
		return out
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			recv := fn.Type().(*types.Signature).Recv().Type()
			for _, it := range ifaces {
				if fd.Name.Name != it.method {
					continue
				}
				if dup(out, fd) {
					continue
				}
				if types.Implements(recv, it.iface) || types.Implements(types.NewPointer(deref(recv)), it.iface) {
					out = append(out, &Tool{Reg: fd, Surface: it.name, Body: fd.Body,
						Params: modelParams(pass.TypesInfo, fd.Type), Name: aiutil.FuncDeclName(pass.Pkg, fd)})
				}
			}
		}
	}
	return out
}

func deref(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// runMethods are the names an agent tool's entry point goes by; schemaMethods
// the methods that describe a tool's parameters to the model.
var (
	runMethods    = map[string]bool{"Run": true, "Call": true, "Execute": true, "Invoke": true, "InvokableRun": true, "Handle": true}
	schemaMethods = map[string]bool{"FunctionDefinition": true, "Definition": true, "Declaration": true, "FunctionDeclaration": true,
		"Schema": true, "InputSchema": true, "Parameters": true, "JSONSchema": true, "ToolInfo": true, "ToolDefinition": true}
)

// shapedTools finds the repository's own agent tools by their shape: a type
// that describes itself to a model (Name and Description with a parameter
// schema, or an Info returning a tool description) and has an entry point
// (Run, Call, Execute...) taking more than a context. Its parameters are
// chosen by the model.
func shapedTools(pass *analysis.Pass) []*Tool {
	var out []*Tool
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil || !runMethods[fd.Name.Name] {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			params := modelParams(pass.TypesInfo, fd.Type)
			if len(params) == 0 {
				continue
			}
			recv := deref(fn.Type().(*types.Signature).Recv().Type())
			if !describesTool(types.NewPointer(recv)) {
				continue
			}
			out = append(out, &Tool{Reg: fd, Surface: "tool-shape:" + recv.String(), Body: fd.Body,
				Params: params, Name: aiutil.FuncDeclName(pass.Pkg, fd)})
		}
	}
	return out
}

// describesTool reports whether t's method set describes an agent tool.
func describesTool(t types.Type) bool {
	ms := types.NewMethodSet(t)
	has := map[string]*types.Signature{}
	for i := 0; i < ms.Len(); i++ {
		if fn, ok := ms.At(i).Obj().(*types.Func); ok {
			has[fn.Name()] = fn.Type().(*types.Signature)
		}
	}
	schema := false
	for name := range schemaMethods {
		if sig, ok := has[name]; ok && sig.Params().Len() == 0 && sig.Results().Len() >= 1 {
			schema = true
		}
	}
	if schema && has["Name"] != nil && has["Description"] != nil {
		return true
	}
	// Info() ToolInfo (opencode's tools).
	if sig, ok := has["Info"]; ok && sig.Params().Len() == 0 && sig.Results().Len() >= 1 {
		if n, ok := deref(sig.Results().At(0).Type()).(*types.Named); ok && strings.Contains(n.Obj().Name(), "Tool") {
			return true
		}
	}
	return false
}

func dup(tools []*Tool, fd *ast.FuncDecl) bool {
	for _, t := range tools {
		if t.Reg == ast.Node(fd) {
			return true
		}
	}
	return false
}
