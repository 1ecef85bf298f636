package untraced

import (
	_ "embed"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/mod/semver"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

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
	return aiutil.RuleAnalyzer("untraced", doc, inv, run, inspect.Analyzer)
}

type verdict int

const (
	unknown verdict = iota
	traced
	untraced
)

type site struct {
	call  *ast.CallExpr
	stack []ast.Node
}

type state struct {
	pass    *analysis.Pass
	v       *aiutil.Values
	callers map[*types.Func][]site
	spans   map[*ast.BlockStmt]bool
}

func run(pass *analysis.Pass, inv *aiinventory.Result) (any, error) {
	rs := &aiutil.Reports{}
	if len(inv.Calls) == 0 || instrumented(pass, inv.Config) {
		return rs, nil
	}
	st := &state{pass: pass, v: inv.Values, callers: map[*types.Func][]site{}, spans: map[*ast.BlockStmt]bool{}}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if push {
			if fn := aiutil.Callee(pass.TypesInfo, n.(*ast.CallExpr)); fn != nil && fn.Pkg() == pass.Pkg {
				st.callers[fn] = append(st.callers[fn], site{n.(*ast.CallExpr), append([]ast.Node(nil), stack[:len(stack)-1]...)})
			}
		}
		return true
	})
	for _, c := range inv.Calls {
		ctx := c.Ctx(pass.TypesInfo)
		if ctx == nil {
			continue
		}
		v, origin := st.trace(ctx, c.Stack, 0)
		if v != untraced {
			continue
		}
		rs.Add(pass, Untraced, c.Expr.Pos(), c.Expr.End(),
			map[string]string{"call": c.Surface.Name, "context": origin, "function": c.Func},
			"AI call %s has no trace span: its context comes from %s and the client is not instrumented", c.Surface.Name, origin)
	}
	return rs, nil
}

// startsSpan reports whether a call returns an OpenTelemetry span.
func startsSpan(info *types.Info, call *ast.CallExpr) bool {
	t := info.TypeOf(call)
	var ts []types.Type
	if tup, ok := t.(*types.Tuple); ok {
		for i := 0; i < tup.Len(); i++ {
			ts = append(ts, tup.At(i).Type())
		}
	} else if t != nil {
		ts = append(ts, t)
	}
	for _, t := range ts {
		if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Name() == "Span" &&
			strings.HasPrefix(n.Obj().Pkg().Path(), "go.opentelemetry.io/otel") {
			return true
		}
	}
	return false
}

// bodySpans reports whether a function body starts a span anywhere.
func (st *state) bodySpans(body *ast.BlockStmt) bool {
	if body == nil {
		return false
	}
	if v, ok := st.spans[body]; ok {
		return v
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && startsSpan(st.pass.TypesInfo, c) {
			found = true
		}
		return !found
	})
	st.spans[body] = found
	return found
}

func (st *state) trace(e ast.Expr, stack []ast.Node, depth int) (verdict, string) {
	if depth > 6 {
		return unknown, ""
	}
	for _, n := range stack {
		if fd, ok := n.(*ast.FuncDecl); ok && st.bodySpans(fd.Body) {
			return traced, ""
		}
		if fl, ok := n.(*ast.FuncLit); ok && st.bodySpans(fl.Body) {
			return traced, ""
		}
	}
	info := st.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		return st.traceCall(x, stack, depth)
	case *ast.Ident, *ast.SelectorExpr:
		obj := st.v.Object(x)
		if obj == nil {
			return unknown, ""
		}
		if aiutil.IsParam(obj, stack, info) {
			return st.traceParam(obj, stack, depth)
		}
		defs, complete := st.v.AllDefs(x)
		if !complete {
			return unknown, ""
		}
		out, origin := unknown, ""
		for _, d := range defs {
			var v verdict
			var o string
			if c, ok := ast.Unparen(d.Expr).(*ast.CallExpr); ok {
				v, o = st.traceCall(c, stack, depth+1)
			} else if d.Index < 0 {
				v, o = st.trace(d.Expr, stack, depth+1)
			}
			if v != untraced {
				return v, ""
			}
			out, origin = untraced, o
		}
		return out, origin
	}
	return unknown, ""
}

func (st *state) traceCall(c *ast.CallExpr, stack []ast.Node, depth int) (verdict, string) {
	info := st.pass.TypesInfo
	if startsSpan(info, c) {
		return traced, ""
	}
	switch name := aiutil.CalleeName(info, c); name {
	case "context.Background", "context.TODO":
		return untraced, name + "()"
	case "context.WithTimeout", "context.WithDeadline", "context.WithCancel", "context.WithValue",
		"context.WithoutCancel", "context.WithTimeoutCause", "context.WithDeadlineCause", "context.WithCancelCause",
		"os/signal.NotifyContext", "golang.org/x/sync/errgroup.WithContext":
		if len(c.Args) > 0 {
			return st.trace(c.Args[0], stack, depth+1)
		}
	}
	return unknown, ""
}

// traceParam follows a parameter of an unexported function to its callers
// in the package.
func (st *state) traceParam(obj types.Object, stack []ast.Node, depth int) (verdict, string) {
	var fd *ast.FuncDecl
	for i := len(stack) - 1; i >= 0; i-- {
		if f, ok := stack[i].(*ast.FuncLit); ok {
			_ = f
			return unknown, "" // a closure's parameter: its caller is not known
		}
		if f, ok := stack[i].(*ast.FuncDecl); ok {
			fd = f
			break
		}
	}
	if fd == nil || fd.Recv != nil || ast.IsExported(fd.Name.Name) || fd.Name.Name == "main" {
		return unknown, ""
	}
	fn, _ := st.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	sites := st.callers[fn]
	if fn == nil || len(sites) == 0 {
		return unknown, ""
	}
	idx := paramIndex(st.pass.TypesInfo, fd, obj)
	if idx < 0 {
		return unknown, ""
	}
	origin := ""
	for _, s := range sites {
		if idx >= len(s.call.Args) {
			return unknown, ""
		}
		v, o := st.trace(s.call.Args[idx], s.stack, depth+1)
		if v != untraced {
			return v, ""
		}
		origin = o
	}
	return untraced, origin
}

func paramIndex(info *types.Info, fd *ast.FuncDecl, obj types.Object) int {
	i := 0
	for _, f := range fd.Type.Params.List {
		if len(f.Names) == 0 {
			i++
		}
		for _, n := range f.Names {
			if info.Defs[n] == obj {
				return i
			}
			i++
		}
	}
	return -1
}

// instrumented reports whether the package instruments its clients or uses
// an SDK that traces by default.
func instrumented(pass *analysis.Pass, cfg *aiinventory.Config) bool {
	found, disabled := false, false
	tracesByDefault := false
	for _, imp := range pass.Pkg.Imports() {
		for _, d := range aisdk.TracesByDefault {
			if aisdk.Normalize(imp.Path()) == d.Module || strings.HasPrefix(aisdk.Normalize(imp.Path()), d.Module+"/") {
				if cfg != nil {
					for mod, ver := range cfg.ModuleVersions {
						if aisdk.Normalize(mod) == d.Module && semver.Compare(ver, d.Since) >= 0 {
							tracesByDefault = true
						}
					}
				}
			}
		}
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn := aiutil.Callee(pass.TypesInfo, c)
			if fn == nil || fn.Pkg() == nil {
				return true
			}
			name := aisdk.Normalize(fn.Pkg().Path()) + "." + fn.Name()
			for _, o := range aisdk.TracingOptions {
				if o == name {
					found = true
				}
			}
			for _, d := range aisdk.TracesByDefault {
				if d.Off == name {
					disabled = true
				}
			}
			return true
		})
	}
	return found || (tracesByDefault && !disabled)
}
