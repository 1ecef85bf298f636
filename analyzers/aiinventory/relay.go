package aiinventory

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tollgate-dev/tollgate/analyzers/aisdk"
	"github.com/tollgate-dev/tollgate/analyzers/internal/aiutil"
)

// ModelFact marks a function or method that makes an AI call when it runs:
// itself, or through the functions and interface methods it calls, in its
// own package or in others. An interface method declared in the package
// carries it when an implementation the package can see does.
type ModelFact struct {
	// Call is the AI call reached ("Chat.Completions.New"), Provider its
	// provider.
	Call, Provider string
	// Pkg, Recv and Method are the table key of the call's surface.
	Pkg, Recv, Method string
	// Args maps an argument index of the AI call to the index of this
	// function's parameter that the argument is (passed as is, by pointer,
	// dereferenced or converted): a request passed as &req to a helper
	// that sends it is judged where it is built.
	Args map[int]int
	// Sets lists the fields the functions on the way assign on those
	// parameters (req.MaxTokens = 100): they are set whatever the caller
	// builds.
	Sets []string
	// Hops counts the functions between this one and the AI call.
	Hops int
	// At is the position of the AI call, "file:line:col".
	At string
}

// AFact implements analysis.Fact.
func (*ModelFact) AFact() {}

func (f *ModelFact) String() string {
	var args []string
	for a, p := range f.Args {
		args = append(args, fmt.Sprintf("%d<-%d", a, p))
	}
	slices.Sort(args)
	s := fmt.Sprintf("calls model %s hops=%d", f.Call, f.Hops)
	if len(args) > 0 {
		s += " args=" + strings.Join(args, ",")
	}
	return s
}

// Surface returns the table entry of the AI call the fact leads to, or nil.
func (f *ModelFact) Surface() *aisdk.Surface {
	if f.Pkg == "" {
		return nil
	}
	return aisdk.Lookup(f.Pkg, f.Recv, f.Method)
}

// Target is a function whose fact applies to a relay: the callee itself, or
// for a call through an interface, an implementation.
type Target struct {
	Func *types.Func
	Fact *ModelFact
}

// Relay is a call of a function or method of the repository that makes an
// AI call when it runs (a helper, an adapter, an interface method whose
// implementations do). The AI call itself is in the inventory where it is
// made; rules judge at the relay what the caller decides: the loop around
// it, the context and the request it passes.
type Relay struct {
	Expr    *ast.CallExpr
	Callee  *types.Func
	Targets []Target
	// Func is the enclosing function's name; Decl its declaration.
	Func  string
	Decl  *ast.FuncDecl
	Stack []ast.Node
	// Model is the model id the caller's request carries when it is
	// constant, ModelExpr where it was read; "" when the relay does not
	// pass the model.
	Model     string
	ModelExpr ast.Expr
}

// Fact returns the fact of the relay's first target.
func (r *Relay) Fact() *ModelFact { return r.Targets[0].Fact }

// Name is how messages name the relay: "summarize -> Chat.Completions.New".
func (r *Relay) Name() string {
	return displayName(aiutil.RecvName(r.Callee), r.Callee.Name()) + " -> " + r.Fact().Call
}

// Arg returns the caller's expression for argument i of the AI call, when
// the relay passes it, or nil.
func (r *Relay) Arg(i int) ast.Expr {
	p, ok := r.Fact().Args[i]
	if !ok || p >= len(r.Expr.Args) {
		return nil
	}
	if sig, ok := r.Callee.Type().(*types.Signature); ok && sig.Variadic() && p >= sig.Params().Len()-1 {
		return nil
	}
	return r.Expr.Args[p]
}

// Sets reports whether the functions on the way assign field name of the
// request.
func (r *Relay) Sets(name string) bool { return slices.Contains(r.Fact().Sets, name) }

// site is a call that may be a relay.
type site struct {
	call   *ast.CallExpr
	callee *types.Func
	decl   *types.Func // the enclosing declared function, or nil
	fd     *ast.FuncDecl
	stack  []ast.Node
}

// relays computes the model facts of the package's functions and the
// relays among the sites: first the functions that make an AI call, then,
// until nothing changes, the functions that call one of those (here or,
// through facts, in other packages) and the interface methods one of them
// implements.
type relays struct {
	pass     *analysis.Pass
	cfg      *Config
	local    map[*types.Func]*ModelFact
	decls    map[*types.Func]*ast.FuncDecl
	methods  []*types.Func            // concrete methods declared here
	imported map[string][]*types.Func // method name -> imported methods with a fact
	ifaces   []*types.Func            // abstract methods declared here
}

func newRelays(pass *analysis.Pass, cfg *Config) *relays {
	r := &relays{pass: pass, cfg: cfg, local: map[*types.Func]*ModelFact{}, decls: map[*types.Func]*ast.FuncDecl{}}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			r.decls[fn] = fd
			if fd.Recv != nil {
				r.methods = append(r.methods, fn)
			}
		}
	}
	scope := pass.Pkg.Scope()
	for _, n := range scope.Names() {
		tn, ok := scope.Lookup(n).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		if it, ok := tn.Type().Underlying().(*types.Interface); ok {
			for i := 0; i < it.NumExplicitMethods(); i++ {
				r.ifaces = append(r.ifaces, it.ExplicitMethod(i))
			}
		}
	}
	if cfg.Facts {
		r.imported = map[string][]*types.Func{}
		for _, of := range pass.AllObjectFacts() {
			fn, ok := of.Object.(*types.Func)
			if _, isModel := of.Fact.(*ModelFact); !ok || !isModel || fn.Pkg() == pass.Pkg {
				continue
			}
			if sig := fn.Type().(*types.Signature); sig.Recv() != nil && !types.IsInterface(sig.Recv().Type()) {
				r.imported[fn.Name()] = append(r.imported[fn.Name()], fn)
			}
		}
		for _, fns := range r.imported {
			slices.SortFunc(fns, func(a, b *types.Func) int { return strings.Compare(a.FullName(), b.FullName()) })
		}
	}
	return r
}

// candidate reports whether a call of fn may be a relay, so its stack is
// worth keeping.
func (r *relays) candidate(fn *types.Func) bool {
	if fn.Pkg() == r.pass.Pkg {
		return true
	}
	if isInterfaceMethod(fn) {
		if fn.Pkg() == r.pass.Pkg || len(r.imported[fn.Name()]) > 0 {
			return true
		}
		for _, m := range r.methods {
			if m.Name() == fn.Name() {
				return true
			}
		}
	}
	if r.cfg.Facts {
		return r.pass.ImportObjectFact(fn, new(ModelFact))
	}
	return false
}

// fact returns the fact of fn: computed here, or imported.
func (r *relays) fact(fn *types.Func) *ModelFact {
	if f, ok := r.local[fn]; ok {
		return f
	}
	if fn.Pkg() != r.pass.Pkg && r.cfg.Facts {
		var f ModelFact
		if r.pass.ImportObjectFact(fn, &f) {
			return &f
		}
	}
	return nil
}

// targets returns the functions whose facts a call of fn relies on.
func (r *relays) targets(fn *types.Func) []Target {
	if f := r.fact(fn); f != nil {
		return []Target{{fn, f}}
	}
	return r.impls(fn)
}

// impls returns the implementations of the interface method fn that have
// a fact, among the methods declared here and those imported with one.
func (r *relays) impls(fn *types.Func) []Target {
	if !isInterfaceMethod(fn) {
		return nil
	}
	iface, ok := fn.Type().(*types.Signature).Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var out []Target
	consider := func(m *types.Func) {
		if m.Name() != fn.Name() {
			return
		}
		f := r.fact(m)
		if f == nil {
			return
		}
		recv := m.Type().(*types.Signature).Recv().Type()
		if p, ok := recv.(*types.Pointer); ok {
			recv = p.Elem()
		}
		if types.Implements(recv, iface) || types.Implements(types.NewPointer(recv), iface) {
			out = append(out, Target{m, f})
		}
	}
	for _, m := range r.methods {
		consider(m)
	}
	for _, m := range r.imported[fn.Name()] {
		consider(m)
	}
	return out
}

// paramIndex returns the index of the parameter of fd that e is (through
// parentheses, &, * and conversions), or -1.
func paramIndex(info *types.Info, fd *ast.FuncDecl, e ast.Expr) int {
	for range 4 {
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				e = x.X
				continue
			}
		case *ast.StarExpr:
			e = x.X
			continue
		case *ast.CallExpr:
			if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
				e = x.Args[0]
				continue
			}
		}
		break
	}
	id, ok := e.(*ast.Ident)
	if !ok || fd == nil {
		return -1
	}
	obj := info.Uses[id]
	if obj == nil {
		return -1
	}
	i := 0
	for _, fld := range fd.Type.Params.List {
		if len(fld.Names) == 0 {
			i++
			continue
		}
		for _, n := range fld.Names {
			if info.Defs[n] == obj {
				return i
			}
			i++
		}
	}
	return -1
}

// assigned returns the fields assigned, in fd's body, on the parameters at
// the given indexes (req.MaxTokens = 100, req.Config.MaxTokens = 100 gives
// "MaxTokens" and "Config.MaxTokens").
func assigned(info *types.Info, fd *ast.FuncDecl, params map[int]int) []string {
	if fd == nil || fd.Body == nil || len(params) == 0 {
		return nil
	}
	objs := map[types.Object]bool{}
	i := 0
	for _, fld := range fd.Type.Params.List {
		if len(fld.Names) == 0 {
			i++
			continue
		}
		for _, n := range fld.Names {
			for _, p := range params {
				if p == i {
					objs[info.Defs[n]] = true
				}
			}
			i++
		}
	}
	var out []string
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for _, l := range as.Lhs {
			var path []string
			e := ast.Expr(l)
			for {
				sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
				if !ok {
					break
				}
				path = append([]string{sel.Sel.Name}, path...)
				e = sel.X
			}
			if se, ok := ast.Unparen(e).(*ast.StarExpr); ok {
				e = se.X
			}
			if id, ok := ast.Unparen(e).(*ast.Ident); ok && len(path) > 0 && objs[info.Uses[id]] {
				out = append(out, strings.Join(path, "."), path[len(path)-1])
			}
		}
		return true
	})
	slices.Sort(out)
	return slices.Compact(out)
}

// requestArgs are the argument indexes of a surface that carry the model
// or the request.
func requestArgs(s *aisdk.Surface) []int {
	var out []int
	if s.Model.Arg >= 0 {
		out = append(out, s.Model.Arg)
	}
	if len(s.MaxTokens) > 0 && !strings.Contains(s.MaxTokens[0], "/") && !slices.Contains(out, s.MaxTokensArg) {
		out = append(out, s.MaxTokensArg)
	}
	return out
}

func (r *relays) position(call *ast.CallExpr) string {
	p := r.pass.Fset.Position(call.Pos())
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}

// solve computes the facts of the package's functions from its AI calls and
// the sites, and returns the relays in source order.
func (r *relays) solve(v *aiutil.Values, calls []*Call, sites []*site) []*Relay {
	info := r.pass.TypesInfo
	for _, c := range calls {
		if c.Decl == nil {
			continue
		}
		fn, _ := info.Defs[c.Decl.Name].(*types.Func)
		if fn == nil || r.local[fn] != nil {
			continue
		}
		s := c.Surface
		f := &ModelFact{Call: s.Name, Provider: s.Provider, Hops: 0, At: r.position(c.Expr), Args: map[int]int{}}
		if c.Via == ViaSDK || c.Via == ViaShape || c.Via == ViaInterface {
			f.Pkg, f.Recv, f.Method = s.Pkg, s.Recv, s.Method
			for _, a := range requestArgs(s) {
				if a < len(c.Expr.Args) {
					if p := paramIndex(info, c.Decl, c.Expr.Args[a]); p >= 0 {
						f.Args[a] = p
					}
				}
			}
			f.Sets = assigned(info, c.Decl, f.Args)
		}
		r.local[fn] = f
	}
	for range 16 {
		changed := false
		for _, m := range r.ifaces {
			if r.local[m] != nil {
				continue
			}
			if ts := r.targets(m); len(ts) > 0 {
				f := *ts[0].Fact
				f.Hops++
				r.local[m] = &f
				changed = true
			}
		}
		for _, s := range sites {
			if s.decl == nil {
				continue
			}
			ts := r.targets(s.callee)
			if len(ts) == 0 {
				continue
			}
			g := ts[0].Fact
			args := map[int]int{}
			for a, p := range g.Args {
				if p < len(s.call.Args) {
					if q := paramIndex(info, s.fd, s.call.Args[p]); q >= 0 {
						args[a] = q
					}
				}
			}
			f := r.local[s.decl]
			if f == nil {
				f = &ModelFact{Call: g.Call, Provider: g.Provider, Pkg: g.Pkg, Recv: g.Recv, Method: g.Method,
					Hops: g.Hops + 1, At: g.At, Args: args}
				f.Sets = append(slices.Clone(g.Sets), assigned(info, s.fd, args)...)
				r.local[s.decl] = f
				changed = true
				continue
			}
			// A later path may pass the request where the first did not.
			if len(f.Args) == 0 && len(args) > 0 && f.Hops > 0 && f.Call == g.Call {
				f.Args = args
				f.Sets = append(slices.Clone(g.Sets), assigned(info, s.fd, args)...)
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	if r.cfg.Facts {
		fns := make([]*types.Func, 0, len(r.local))
		for fn := range r.local {
			fns = append(fns, fn)
		}
		slices.SortFunc(fns, func(a, b *types.Func) int { return int(a.Pos() - b.Pos()) })
		for _, fn := range fns {
			f := r.local[fn]
			slices.Sort(f.Sets)
			f.Sets = slices.Compact(f.Sets)
			r.pass.ExportObjectFact(fn, f)
		}
	}
	var out []*Relay
	for _, s := range sites {
		ts := r.targets(s.callee)
		if len(ts) == 0 {
			continue
		}
		rl := &Relay{Expr: s.call, Callee: s.callee, Targets: ts, Stack: s.stack}
		rl.Decl, rl.Func = aiutil.EnclosingFunc(r.pass.Pkg, s.stack)
		rl.Model, rl.ModelExpr = r.relayModel(v, rl)
		out = append(out, rl)
	}
	return out
}

// relayModel finds the model id a relay passes: the model argument, or the
// model field of the request, as the caller writes it.
func (r *relays) relayModel(v *aiutil.Values, rl *Relay) (string, ast.Expr) {
	v = v.ThroughAddress()
	s := rl.Fact().Surface()
	if s == nil || s.Model.Arg < 0 {
		return "", nil
	}
	e := rl.Arg(s.Model.Arg)
	if e == nil {
		return "", nil
	}
	if s.Model.Field != "" {
		if rl.Sets(s.Model.Field) {
			return "", nil
		}
		if e = fieldValue(r.pass.TypesInfo, v, rl.Expr, e, s.Model.Field); e == nil {
			return "", nil
		}
	}
	if m, ok := v.ConstString(e); ok {
		return m, e
	}
	return "dynamic", e
}

// Targets returns the functions whose model facts a call of fn relies on:
// fn itself when it has a fact, or the implementations of an interface
// method that the package can see.
func (res *Result) Targets(fn *types.Func) []Target {
	if res.rel == nil {
		return nil
	}
	return res.rel.targets(fn)
}

// Implementations returns the methods with a model fact that implement
// the interface method fn, among those the package declares or imports.
func (res *Result) Implementations(fn *types.Func) []Target {
	if res.rel == nil {
		return nil
	}
	return res.rel.impls(fn)
}

// Interfaces returns the abstract methods declared in the package.
func (res *Result) Interfaces() []*types.Func {
	if res.rel == nil {
		return nil
	}
	return res.rel.ifaces
}
