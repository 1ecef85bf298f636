package streams

import (
	_ "embed"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/tollgate-dev/tollgate/analyzers/aiinventory"
	"github.com/tollgate-dev/tollgate/analyzers/internal/aiutil"
)

//go:embed doc.go
var doc string

// Analyzer runs on the default inventory.
var Analyzer = New(aiinventory.Analyzer)

// New returns the analyzer built on the inventory analyzer inv.
func New(inv *analysis.Analyzer) *analysis.Analyzer {
	a := aiutil.RuleAnalyzer("streams", doc, inv, run)
	if len(inv.FactTypes) > 0 {
		a.FactTypes = []analysis.Fact{new(ParamFact)}
	}
	return a
}

func run(pass *analysis.Pass, inv *aiinventory.Result) (any, error) {
	rs := &aiutil.Reports{}
	info := pass.TypesInfo
	ps := newParams(pass, inv.Config.Facts)
	for _, c := range inv.Calls {
		if !c.Surface.Streaming || len(c.Stack) == 0 {
			continue
		}
		body := aiutil.OutermostFunc(c.Stack)
		if body == nil {
			continue
		}
		t := info.TypeOf(c.Expr)
		if tup, ok := t.(*types.Tuple); ok {
			if tup.Len() == 0 {
				continue
			}
			t = tup.At(0).Type()
		}
		ev := map[string]string{"call": c.Surface.Name, "function": c.Func}
		// Ranged over directly: for resp, err := range client.Models.GenerateContentStream(...)
		parent := c.Stack[len(c.Stack)-1]
		if rg, ok := parent.(*ast.RangeStmt); ok && rg.X == c.Expr {
			if isSeq2Err(t) && !errUsed(info, rg) {
				rs.Add(pass, Unchecked, c.Expr.Pos(), c.Expr.End(), ev, "error of the %s stream is never checked in the range loop", c.Surface.Name)
			}
			continue
		}
		v := assignedVar(info, parent, c.Expr)
		if v == nil {
			continue // used inline, returned or passed on
		}
		u := uses(info, body, v, ps)
		if u.escapes {
			continue
		}
		switch {
		case isSeq2Err(t):
			if len(u.ranges) > 0 {
				for _, rg := range u.ranges {
					if !errUsed(info, rg) {
						rs.Add(pass, Unchecked, c.Expr.Pos(), c.Expr.End(), ev, "error of the %s stream is never checked in the range loop", c.Surface.Name)
						break
					}
				}
			}
		case hasMethod(t, "Err"):
			if !u.called["Err"] {
				rs.Add(pass, Unchecked, c.Expr.Pos(), c.Expr.End(), ev, "stream from %s is read but its Err is never checked", c.Surface.Name)
			}
		case hasMethod(t, "Recv") || hasMethod(t, "Next"):
			if u.discardedErr {
				rs.Add(pass, Unchecked, c.Expr.Pos(), c.Expr.End(), ev, "error returned while reading the %s stream is discarded", c.Surface.Name)
			}
		}
		closable := hasMethod(t, "Close")
		if !closable && hasMethod(t, "GetStream") {
			closable = true // bedrock: out.GetStream().Close()
		}
		if closable && !u.called["Close"] {
			rs.Add(pass, Unclosed, c.Expr.Pos(), c.Expr.End(), ev, "stream from %s is never closed", c.Surface.Name)
		}
	}
	return rs, nil
}

// assignedVar returns the variable a call's (first) result is assigned to.
func assignedVar(info *types.Info, parent ast.Node, call *ast.CallExpr) types.Object {
	switch p := parent.(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && p.Rhs[0] == call && len(p.Lhs) >= 1 {
			if id, ok := p.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
				return info.ObjectOf(id)
			}
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == call && len(p.Names) >= 1 && p.Names[0].Name != "_" {
			return info.Defs[p.Names[0]]
		}
	}
	return nil
}

type usage struct {
	called       map[string]bool
	escapes      bool
	discardedErr bool
	ranges       []*ast.RangeStmt
}

// uses collects how the stream variable is used in body.
func uses(info *types.Info, body *ast.BlockStmt, v types.Object, ps *params) *usage {
	u := &usage{called: map[string]bool{}}
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.ObjectOf(id) == v
	}
	// Variables that alias a part of the stream: s := out.GetStream().
	alias := map[types.Object]bool{v: true}
	rooted := func(e ast.Expr) bool { return alias[aiutil.RootObj(info, e)] }
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, r := range n.Rhs {
				if is(r) {
					u.escapes = true // copied elsewhere
				}
				if c, ok := r.(*ast.CallExpr); ok && rooted(c.Fun) && i < len(n.Lhs) {
					if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
						switch sel.Sel.Name {
						case "Recv", "Next":
							if len(n.Lhs) == 2 {
								if id, ok := n.Lhs[1].(*ast.Ident); ok && id.Name == "_" {
									u.discardedErr = true
								}
							}
						case "GetStream":
							if id, ok := n.Lhs[i].(*ast.Ident); ok {
								alias[info.ObjectOf(id)] = true
							}
						}
					}
				}
			}
		case *ast.ExprStmt:
			if c, ok := n.X.(*ast.CallExpr); ok {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok && rooted(sel.X) && (sel.Sel.Name == "Recv") {
					u.discardedErr = true
				}
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && rooted(sel.X) {
				u.called[sel.Sel.Name] = true
			}
			for i, a := range n.Args {
				if !is(a) {
					continue
				}
				// A helper of the repository that closes the stream, or
				// only reads it; any other callee takes it over.
				switch ps.of(aiutil.Callee(info, n), i, n) {
				case closes:
					u.called["Close"] = true
				case reads:
				default:
					u.escapes = true
				}
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if is(r) {
					u.escapes = true
				}
			}
		case *ast.SendStmt:
			if is(n.Value) {
				u.escapes = true
			}
		case *ast.CompositeLit:
			for _, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				if is(el) {
					u.escapes = true
				}
			}
		case *ast.RangeStmt:
			if is(n.X) {
				u.ranges = append(u.ranges, n)
			}
		}
		return true
	})
	return u
}

// errUsed reports whether a range loop's second variable is present, not
// blank, and used in the body.
func errUsed(info *types.Info, rg *ast.RangeStmt) bool {
	id, ok := rg.Value.(*ast.Ident)
	if !ok || id.Name == "_" {
		return false
	}
	obj := info.ObjectOf(id)
	used := false
	ast.Inspect(rg.Body, func(n ast.Node) bool {
		if x, ok := n.(*ast.Ident); ok && info.Uses[x] == obj {
			used = true
		}
		return !used
	})
	return used
}

// isSeq2Err reports whether t is an iterator yielding (T, error).
func isSeq2Err(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 {
		return false
	}
	yield, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	if !ok || yield.Params().Len() != 2 {
		return false
	}
	return types.Identical(yield.Params().At(1).Type(), types.Universe.Lookup("error").Type())
}

func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}
