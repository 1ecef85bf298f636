package streams

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tollgate-dev/tollgate/analyzers/internal/aiutil"
)

// ParamFact says, for a function that takes something closable (a stream,
// an io.Closer), what it does with it: closes it (itself or through the
// helpers it passes it to), keeps it (stores, returns or hands it to code
// that is not known), or only reads it. A stream handed to an adapter
// that closes it is closed; one handed to a helper that only reads it
// must still be closed by the caller.
type ParamFact struct {
	Closes, Keeps, Reads []int
}

// AFact implements analysis.Fact.
func (*ParamFact) AFact() {}

func (f *ParamFact) String() string {
	var parts []string
	for _, x := range []struct {
		verb string
		idx  []int
	}{{"closes", f.Closes}, {"keeps", f.Keeps}, {"reads", f.Reads}} {
		if len(x.idx) == 0 {
			continue
		}
		s := make([]string, len(x.idx))
		for i, n := range x.idx {
			s[i] = strconv.Itoa(n)
		}
		parts = append(parts, x.verb+" "+strings.Join(s, ", "))
	}
	return strings.Join(parts, "; ")
}

// disposition is what a callee does with one argument.
type disposition int

const (
	keeps disposition = iota // or unknown
	reads
	closes
)

// params computes the facts of the package's functions on demand.
type params struct {
	pass  *analysis.Pass
	facts bool
	decls map[*types.Func]*ast.FuncDecl
	memo  map[*types.Func]*ParamFact
	busy  map[*types.Func]bool
}

func newParams(pass *analysis.Pass, facts bool) *params {
	p := &params{pass: pass, facts: facts, decls: map[*types.Func]*ast.FuncDecl{},
		memo: map[*types.Func]*ParamFact{}, busy: map[*types.Func]bool{}}
	var order []*types.Func
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					p.decls[fn] = fd
					order = append(order, fn)
				}
			}
		}
	}
	if facts {
		for _, fn := range order {
			if f := p.summary(fn); f != nil {
				pass.ExportObjectFact(fn, f)
			}
		}
	}
	return p
}

// of says what the callee of call does with its argument i.
func (p *params) of(fn *types.Func, i int, call *ast.CallExpr) disposition {
	if fn == nil {
		return keeps
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Variadic() && i >= sig.Params().Len()-1 {
		return keeps
	}
	var f *ParamFact
	if _, ok := p.decls[fn]; ok {
		f = p.summary(fn)
	} else if p.facts && fn.Pkg() != p.pass.Pkg {
		var imp ParamFact
		if p.pass.ImportObjectFact(fn, &imp) {
			f = &imp
		}
	}
	switch {
	case f == nil:
		return keeps
	case slices.Contains(f.Closes, i):
		return closes
	case slices.Contains(f.Reads, i):
		return reads
	}
	return keeps
}

// summary computes the fact of a function declared here; nil when it takes
// nothing closable.
func (p *params) summary(fn *types.Func) *ParamFact {
	if f, ok := p.memo[fn]; ok {
		return f
	}
	fd := p.decls[fn]
	if fd == nil || p.busy[fn] {
		return nil
	}
	p.busy[fn] = true
	defer delete(p.busy, fn)
	info := p.pass.TypesInfo
	var f *ParamFact
	i := 0
	for _, fld := range fd.Type.Params.List {
		names := fld.Names
		if len(names) == 0 {
			i++
			continue
		}
		for _, n := range names {
			obj := info.Defs[n]
			if obj != nil && n.Name != "_" && hasMethod(obj.Type(), "Close") {
				if f == nil {
					f = &ParamFact{}
				}
				switch p.dispose(fd.Body, obj) {
				case closes:
					f.Closes = append(f.Closes, i)
				case reads:
					f.Reads = append(f.Reads, i)
				default:
					f.Keeps = append(f.Keeps, i)
				}
			}
			i++
		}
	}
	p.memo[fn] = f
	return f
}

// dispose says what body does with the variable v.
func (p *params) dispose(body *ast.BlockStmt, v types.Object) disposition {
	info := p.pass.TypesInfo
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	closed, kept := false, false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && is(sel.X) && sel.Sel.Name == "Close" {
				closed = true
			}
			for i, a := range n.Args {
				if is(a) {
					switch p.of(aiutil.Callee(info, n), i, n) {
					case closes:
						closed = true
					case keeps:
						kept = true
					}
				}
			}
		case *ast.AssignStmt:
			for _, r := range n.Rhs {
				if is(r) {
					kept = true
				}
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if is(r) {
					kept = true
				}
			}
		case *ast.SendStmt:
			if is(n.Value) {
				kept = true
			}
		case *ast.CompositeLit:
			for _, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				if is(el) {
					kept = true
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				kept = true
			}
		}
		return true
	})
	switch {
	case closed:
		return closes
	case kept:
		return keeps
	}
	return reads
}
