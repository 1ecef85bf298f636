package nodeadline

import (
	_ "embed"
	"go/ast"
	"go/types"
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
	return aiutil.RuleAnalyzer("nodeadline", doc, inv, run)
}

// verdict of tracing a context.
type verdict int

const (
	unknownCtx verdict = iota
	bounded
	unbounded
)

func run(pass *analysis.Pass, inv *aiinventory.Result) (any, error) {
	rs := &aiutil.Reports{}
	if len(inv.Calls) == 0 || clientTimeout(pass) {
		return rs, nil
	}
	for _, c := range inv.Calls {
		ctx := c.Ctx(pass.TypesInfo)
		if ctx == nil {
			continue
		}
		t := &tracer{pass: pass, v: inv.Values, stack: c.Stack}
		v, origin := t.trace(ctx, 0)
		if v != unbounded {
			continue
		}
		rs.Add(pass, NoDeadline, ctx.Pos(), ctx.End(),
			map[string]string{"call": c.Surface.Name, "context": origin, "function": c.Func},
			"AI call %s runs on a context from %s with no deadline", c.Surface.Name, origin)
	}
	return rs, nil
}

type tracer struct {
	pass  *analysis.Pass
	v     *aiutil.Values
	stack []ast.Node
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
		if aiutil.IsParam(obj, t.stack, info) {
			return bounded, ""
		}
		defs, complete := t.v.AllDefs(x)
		if !complete {
			return unknownCtx, ""
		}
		worst, origin := unknownCtx, ""
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
			case unbounded:
				worst, origin = unbounded, o
			case unknownCtx:
				return unknownCtx, ""
			}
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
