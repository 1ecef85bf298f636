package modelpin

import (
	_ "embed"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

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
	return aiutil.RuleAnalyzer("modelpin", doc, inv, run)
}

func run(pass *analysis.Pass, inv *aiinventory.Result) (any, error) {
	rs := &aiutil.Reports{}
	seen := map[string]bool{} // model ids already reported at a call
	reported := map[token.Pos]bool{}
	for _, c := range inv.Calls {
		if c.Model == "dynamic" || c.Model == "" {
			continue
		}
		st, prov, why := classify(c.Surface.Provider, c.Model)
		at := ast.Node(c.Expr)
		if c.ModelExpr != nil && pass.Fset.File(c.ModelExpr.Pos()) == pass.Fset.File(c.Expr.Pos()) {
			at = c.ModelExpr
		}
		if reported[at.Pos()] {
			continue
		}
		ev := map[string]string{"model": c.Model, "provider": prov, "call": c.Surface.Name, "function": c.Func}
		switch st {
		case floating:
			rs.Add(pass, FloatingModel, at.Pos(), at.End(), ev, "AI call %s uses floating model %q (%s)", c.Surface.Name, c.Model, why)
		case deprecated:
			rs.Add(pass, DeprecatedModel, at.Pos(), at.End(), ev, "AI call %s uses deprecated model %q (%s)", c.Surface.Name, c.Model, why)
		default:
			continue
		}
		reported[at.Pos()] = true
		seen[c.Model] = true
	}
	// Requests and model ids passed to a helper that sends them: judged
	// where the caller writes them.
	for _, r := range inv.Relays {
		if r.Model == "" || r.Model == "dynamic" || r.ModelExpr == nil {
			continue
		}
		at := ast.Node(r.ModelExpr)
		if pass.Fset.File(at.Pos()) != pass.Fset.File(r.Expr.Pos()) {
			at = r.Expr
		}
		if reported[at.Pos()] {
			continue
		}
		st, prov, why := classify(r.Fact().Provider, r.Model)
		ev := map[string]string{"model": r.Model, "provider": prov, "call": r.Fact().Call, "via": aiutil.FullName(r.Callee), "function": r.Func}
		switch st {
		case floating:
			rs.Add(pass, FloatingModel, at.Pos(), at.End(), ev, "AI call %s uses floating model %q (%s)", r.Name(), r.Model, why)
		case deprecated:
			rs.Add(pass, DeprecatedModel, at.Pos(), at.End(), ev, "AI call %s uses deprecated model %q (%s)", r.Name(), r.Model, why)
		default:
			continue
		}
		reported[at.Pos()] = true
		seen[r.Model] = true
	}
	// Model defaults not traced to a call: constants, variables, struct
	// fields and flag defaults named after a model, and the values of maps
	// of defaults (provider -> model).
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var lits []*ast.BasicLit
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if modelName(name.Name) && i < len(n.Values) {
						lits = append(lits, lit(n.Values[i]))
					}
					if i < len(n.Values) {
						lits = append(lits, mapDefaults(pass, name.Name, n.Values[i])...)
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && modelName(k.Name) {
					lits = append(lits, lit(n.Value))
				}
				if k, ok := n.Key.(*ast.Ident); ok {
					lits = append(lits, mapDefaults(pass, k.Name, n.Value)...)
				}
				if k := lit(n.Key); k != nil && modelName(strings.Trim(k.Value, "\"`")) {
					lits = append(lits, lit(n.Value))
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, l := range n.Lhs {
						if name := lastName(l); modelName(name) {
							lits = append(lits, lit(n.Rhs[i]))
						}
						lits = append(lits, mapDefaults(pass, lastName(l), n.Rhs[i])...)
					}
				}
			case *ast.CallExpr:
				// flag.String("model", "gpt-4o", ...), cmd.Flags().StringVarP(&m, "model", "m", "gpt-4o", ...)
				named := false
				for _, a := range n.Args {
					if l := lit(a); l != nil && modelName(strings.Trim(l.Value, "\"`")) {
						named = true
					}
				}
				if named {
					for _, a := range n.Args {
						lits = append(lits, lit(a))
					}
				}
			}
			for _, l := range lits {
				if l == nil || reported[l.Pos()] {
					continue
				}
				tv, ok := pass.TypesInfo.Types[l]
				if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
					continue
				}
				id := constant.StringVal(tv.Value)
				if seen[id] || !looksLikeModel(id) {
					continue
				}
				st, prov, why := classify("", id)
				ev := map[string]string{"model": id, "provider": prov}
				switch st {
				case floating:
					rs.Add(pass, FloatingModel, l.Pos(), l.End(), ev, "model id %q is a floating alias (%s)", id, why)
				case deprecated:
					rs.Add(pass, DeprecatedModel, l.Pos(), l.End(), ev, "model id %q is deprecated (%s)", id, why)
				default:
					continue
				}
				reported[l.Pos()] = true
			}
			return true
		})
	}
	return rs, nil
}

func lit(e ast.Expr) *ast.BasicLit {
	l, ok := ast.Unparen(e).(*ast.BasicLit)
	if !ok || l.Kind != token.STRING {
		return nil
	}
	return l
}

func lastName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

// modelName reports whether an identifier or key names a model: "model",
// "defaultModel", "Model", "modelName", "model-id", but not "models" lists of
// many or "modelPath".
func modelName(s string) bool {
	low := strings.ToLower(s)
	if !strings.Contains(low, "model") {
		return false
	}
	for _, bad := range []string{"path", "dir", "file", "url", "provider", "type", "list", "models"} {
		if strings.Contains(low, bad) {
			return false
		}
	}
	return true
}

// mapDefaults returns the string values of a map literal with string values
// that holds model defaults: named after models or defaults
// (defaultModels, modelAliases), or whose values are all model ids (at
// least two, written in lower case as ids are).
func mapDefaults(pass *analysis.Pass, name string, e ast.Expr) []*ast.BasicLit {
	cl, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	mt, ok := pass.TypesInfo.TypeOf(cl).Underlying().(*types.Map)
	if !ok {
		return nil
	}
	if b, ok := mt.Elem().Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return nil
	}
	var out []*ast.BasicLit
	ids := 0
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		l := lit(kv.Value)
		if l == nil {
			continue
		}
		tv, ok := pass.TypesInfo.Types[l]
		if !ok || tv.Value == nil {
			continue
		}
		// Ids are written in lower case; "GPT-4o" is a display name.
		if v := constant.StringVal(tv.Value); v == strings.ToLower(v) {
			out = append(out, l)
			if looksLikeModel(v) {
				ids++
			}
		}
	}
	low := strings.ToLower(name)
	named := (strings.Contains(low, "model") || strings.Contains(low, "default")) &&
		!strings.Contains(low, "path") && !strings.Contains(low, "url") && !strings.Contains(low, "dir")
	if (named && ids > 0) || (ids >= 2 && ids == len(out)) {
		return out
	}
	return nil
}
