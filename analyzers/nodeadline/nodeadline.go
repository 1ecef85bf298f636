package nodeadline

import (
	_ "embed"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tollgate-dev/tollgate/analyzers/aiinventory"
	"github.com/tollgate-dev/tollgate/analyzers/aisdk"
	"github.com/tollgate-dev/tollgate/analyzers/internal/aiutil"
)

//go:embed doc.go
var doc string

// Analyzer runs on the default inventory.
var Analyzer = New(aiinventory.Analyzer)

// New returns the analyzer built on the inventory analyzer inv.
func New(inv *analysis.Analyzer) *analysis.Analyzer {
	a := aiutil.RuleAnalyzer("nodeadline", doc, inv, run)
	if len(inv.FactTypes) > 0 {
		a.FactTypes = []analysis.Fact{new(DeadlineFact)}
	}
	return a
}

// DeadlineFact marks a function whose context parameter reaches an AI
// call with no deadline applied on the way and no request timeout on the
// client: the caller's context decides.
type DeadlineFact struct {
	// Param is the index of the context parameter.
	Param int
	// Call is the AI call reached.
	Call string
}

// AFact implements analysis.Fact.
func (*DeadlineFact) AFact() {}

func (f *DeadlineFact) String() string {
	return "context " + strconv.Itoa(f.Param) + " reaches " + f.Call
}

// verdict of tracing a context.
type verdict int

const (
	unknownCtx verdict = iota
	bounded
	unbounded
	// fromParam is a context received as a parameter of the declared
	// function: its caller decides.
	fromParam
)

func run(pass *analysis.Pass, inv *aiinventory.Result) (any, error) {
	rs := &aiutil.Reports{}
	if len(inv.Calls) == 0 && len(inv.Relays) == 0 {
		return rs, nil
	}
	st := &state{pass: pass, inv: inv, timeout: clientTimeout(pass), rs: rs,
		memo: map[*types.Func]*DeadlineFact{}, busy: map[*types.Func]bool{}, done: map[*ast.FuncDecl]bool{},
		byDecl: map[*ast.FuncDecl][]any{}, decls: map[*types.Func]*ast.FuncDecl{}}
	for _, c := range inv.Calls {
		st.byDecl[c.Decl] = append(st.byDecl[c.Decl], c)
	}
	for _, r := range inv.Relays {
		st.byDecl[r.Decl] = append(st.byDecl[r.Decl], r)
	}
	for fd := range st.byDecl {
		if fd == nil {
			continue
		}
		if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
			st.decls[fn] = fd
		}
	}
	// Package-level calls first, then every function in source order.
	st.judge(nil)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && st.byDecl[fd] != nil {
				fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
				if f := st.summary(fn); f != nil && inv.Config.Facts {
					pass.ExportObjectFact(fn, f)
				}
			}
		}
	}
	if inv.Config.Facts {
		for _, m := range inv.Interfaces() {
			if f := st.factOf(m); f != nil {
				pass.ExportObjectFact(m, f)
			}
		}
	}
	return rs, nil
}

type state struct {
	pass    *analysis.Pass
	inv     *aiinventory.Result
	timeout bool
	rs      *aiutil.Reports
	memo    map[*types.Func]*DeadlineFact
	busy    map[*types.Func]bool
	done    map[*ast.FuncDecl]bool
	byDecl  map[*ast.FuncDecl][]any // *aiinventory.Call or *aiinventory.Relay
	decls   map[*types.Func]*ast.FuncDecl
}

// factOf returns the deadline fact of a function: computed here, imported,
// or for an interface method, that of an implementation.
func (st *state) factOf(fn *types.Func) *DeadlineFact {
	if fd, ok := st.decls[fn]; ok && fd != nil {
		return st.summary(fn)
	}
	if fn.Pkg() != st.pass.Pkg && st.inv.Config.Facts {
		var f DeadlineFact
		if st.pass.ImportObjectFact(fn, &f) {
			return &f
		}
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
		for _, t := range st.inv.Implementations(fn) {
			if f := st.factOf(t.Func); f != nil {
				return f
			}
		}
	}
	return nil
}

// summary judges the function's AI calls and relays once, reporting those
// on an unbounded context, and returns its fact.
func (st *state) summary(fn *types.Func) *DeadlineFact {
	if f, ok := st.memo[fn]; ok {
		return f
	}
	if st.busy[fn] {
		return nil
	}
	st.busy[fn] = true
	defer delete(st.busy, fn)
	f := st.judge(st.decls[fn])
	st.memo[fn] = f
	return f
}

// judge traces the context of each AI call and relay of fd.
func (st *state) judge(fd *ast.FuncDecl) *DeadlineFact {
	report := !st.done[fd]
	st.done[fd] = true
	var out *DeadlineFact
	info := st.pass.TypesInfo
	for _, x := range st.byDecl[fd] {
		var ctx ast.Expr
		var stack []ast.Node
		var name, leaf, fname string
		switch x := x.(type) {
		case *aiinventory.Call:
			if st.timeout {
				continue
			}
			ctx, stack, name, fname = x.Ctx(info), x.Stack, x.Surface.Name, x.Func
			leaf = name
		case *aiinventory.Relay:
			var f *DeadlineFact
			for _, t := range x.Targets {
				if f = st.factOf(t.Func); f != nil {
					break
				}
			}
			if f == nil && len(x.Targets) > 0 && x.Targets[0].Func != x.Callee {
				f = st.factOf(x.Callee)
			}
			if f == nil || f.Param >= len(x.Expr.Args) {
				continue
			}
			// Name the AI call the context reaches, which may not be the
			// first one the callee makes.
			leaf = f.Call
			name = aiutil.RecvName(x.Callee)
			if name != "" {
				name += "."
			}
			name += x.Callee.Name() + " -> " + leaf
			ctx, stack, fname = x.Expr.Args[f.Param], x.Stack, x.Func
		}
		if ctx == nil {
			continue
		}
		t := &tracer{pass: st.pass, v: st.inv.Values, stack: stack, decl: fd}
		v, origin := t.trace(ctx, 0)
		switch v {
		case unbounded:
			if report {
				st.rs.Add(st.pass, NoDeadline, ctx.Pos(), ctx.End(),
					map[string]string{"call": name, "context": origin, "function": fname},
					"AI call %s runs on a context from %s with no deadline", name, origin)
			}
		case fromParam:
			if out == nil {
				p, _ := strconv.Atoi(origin)
				out = &DeadlineFact{Param: p, Call: leaf}
			}
		}
	}
	return out
}

type tracer struct {
	pass  *analysis.Pass
	v     *aiutil.Values
	stack []ast.Node
	// decl is the declared function the call is in: a context that is one
	// of its parameters is fromParam, with the index as origin.
	decl *ast.FuncDecl
}

// declParam returns the index of obj among the parameters of the declared
// function, or -1.
func (t *tracer) declParam(obj types.Object) int {
	if t.decl == nil {
		return -1
	}
	i := 0
	for _, fld := range t.decl.Type.Params.List {
		if len(fld.Names) == 0 {
			i++
			continue
		}
		for _, n := range fld.Names {
			if t.pass.TypesInfo.Defs[n] == obj {
				return i
			}
			i++
		}
	}
	return -1
}

func (t *tracer) trace(e ast.Expr, depth int) (verdict, string) {
	if depth > 8 {
		return unknownCtx, ""
	}
	info := t.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		return t.traceCall(x, -1, depth)
	case *ast.Ident, *ast.SelectorExpr:
		obj := t.v.Object(x)
		if obj == nil {
			return unknownCtx, ""
		}
		if p := t.declParam(obj); p >= 0 {
			// Reassigned (ctx, cancel := context.WithTimeout(ctx, d)):
			// a deadline on the way bounds it.
			defs, _ := t.v.AllDefs(x)
			for _, d := range defs {
				if c, ok := ast.Unparen(d.Expr).(*ast.CallExpr); ok {
					if v, _ := t.traceCall(c, d.Index, depth+1); v == bounded {
						return bounded, ""
					}
				}
			}
			return fromParam, strconv.Itoa(p)
		}
		if aiutil.IsParam(obj, t.stack, info) {
			return bounded, ""
		}
		defs, complete := t.v.AllDefs(x)
		if !complete {
			return unknownCtx, ""
		}
		worst, origin, param := unknownCtx, "", ""
		for _, d := range defs {
			var v verdict
			var o string
			if c, ok := ast.Unparen(d.Expr).(*ast.CallExpr); ok {
				v, o = t.traceCall(c, d.Index, depth+1)
			} else if d.Index < 0 {
				v, o = t.trace(d.Expr, depth+1)
			}
			switch v {
			case bounded:
				return bounded, ""
			case fromParam:
				param = o
			case unbounded:
				worst, origin = unbounded, o
			case unknownCtx:
				return unknownCtx, ""
			}
		}
		if param != "" {
			return fromParam, param
		}
		return worst, origin
	}
	return unknownCtx, ""
}

// traceCall judges the context a call returns (result index idx for a
// multi-value call).
func (t *tracer) traceCall(c *ast.CallExpr, idx, depth int) (verdict, string) {
	fn := aiutil.Callee(t.pass.TypesInfo, c)
	if fn == nil || fn.Pkg() == nil {
		return unknownCtx, ""
	}
	name := fn.Pkg().Path() + "." + fn.Name()
	switch name {
	case "context.Background", "context.TODO":
		return unbounded, name + "()"
	case "context.WithTimeout", "context.WithDeadline", "context.WithTimeoutCause", "context.WithDeadlineCause":
		return bounded, ""
	case "context.WithoutCancel":
		return unbounded, name + "()"
	case "context.WithCancel", "context.WithValue", "context.WithCancelCause", "os/signal.NotifyContext":
		if len(c.Args) > 0 {
			return t.trace(c.Args[0], depth+1)
		}
	case "golang.org/x/sync/errgroup.WithContext":
		if idx == 1 && len(c.Args) > 0 {
			return t.trace(c.Args[0], depth+1)
		}
	}
	return unknownCtx, ""
}

// clientTimeout reports whether the package puts a request timeout on a
// client anywhere: a timeout option of an SDK, or an http.Client (or genai
// HTTPOptions) literal with a Timeout.
func clientTimeout(pass *analysis.Pass) bool {
	found := false
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.CallExpr:
				fn := aiutil.Callee(pass.TypesInfo, n)
				if fn != nil && fn.Pkg() != nil {
					name := aisdk.Normalize(fn.Pkg().Path()) + "." + fn.Name()
					for _, o := range aisdk.TimeoutOptions {
						if o == name {
							found = true
						}
					}
				}
			case *ast.CompositeLit:
				if aiutil.Field(n, "Timeout") == nil {
					return true
				}
				t := pass.TypesInfo.TypeOf(n)
				if p, ok := t.(*types.Pointer); ok {
					t = p.Elem()
				}
				if nt, ok := t.(*types.Named); ok && nt.Obj().Pkg() != nil {
					name := aisdk.Normalize(nt.Obj().Pkg().Path()) + "." + nt.Obj().Name() + ".Timeout"
					for _, o := range aisdk.TimeoutOptions {
						if o == name {
							found = true
						}
					}
				}
			case *ast.AssignStmt:
				// client.Timeout = 30 * time.Second on an http.Client.
				for _, l := range n.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Timeout" {
						if t := pass.TypesInfo.TypeOf(sel.X); t != nil && strings.HasSuffix(t.String(), "net/http.Client") {
							found = true
						}
					}
				}
			}
			return !found
		})
	}
	return found
}
