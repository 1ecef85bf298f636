package inlineprompt

import (
	_ "embed"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"go/ast"
	"go/constant"
	"go/token"
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
	return aiutil.RuleAnalyzer("inlineprompt", doc, inv, run)
}

const (
	largeLiteral = 200 // bytes of a constant prompt
	templateText = 30  // bytes of literal text in a Sprintf template or concatenation
)

type sinkKey struct{ pkg, name, field string }

func run(pass *analysis.Pass, inv *aiinventory.Result) (any, error) {
	rs := &aiutil.Reports{}
	funcs := map[sinkKey][]int{}
	fields := map[sinkKey]bool{}
	pkgs := map[string]bool{}
	for _, s := range aisdk.PromptSinks() {
		pkgs[s.Pkg] = true
		if s.Field != "" {
			fields[sinkKey{s.Pkg, s.Name, s.Field}] = true
		} else {
			funcs[sinkKey{s.Pkg, s.Name, ""}] = append(s.Args, -1) // -1 marks "listed"
		}
	}
	imports := false
	for _, imp := range pass.Pkg.Imports() {
		if pkgs[aisdk.Normalize(imp.Path())] {
			imports = true
		}
	}
	if !imports {
		return rs, nil
	}
	info := pass.TypesInfo
	seen := map[token.Pos]bool{}
	check := func(e ast.Expr, sink string) {
		if seen[e.Pos()] {
			return
		}
		kind, n := judge(info, inv.Values, e, 0)
		if kind == "" {
			return
		}
		seen[e.Pos()] = true
		ev := map[string]string{"sink": sink, "kind": kind, "bytes": itoa(n)}
		switch kind {
		case "literal":
			rs.Add(pass, InlinePrompt, e.Pos(), e.End(), ev, "%d-byte prompt written inline reaches %s", n, sink)
		case "multiline":
			rs.Add(pass, InlinePrompt, e.Pos(), e.End(), ev, "multi-line prompt written inline reaches %s", sink)
		case "sprintf":
			rs.Add(pass, InlinePrompt, e.Pos(), e.End(), ev, "prompt assembled with fmt.Sprintf from an inline template reaches %s", sink)
		case "concat":
			rs.Add(pass, InlinePrompt, e.Pos(), e.End(), ev, "prompt assembled by string concatenation reaches %s", sink)
		}
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				var pkg, name string
				if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
					if nt, ok := tv.Type.(*types.Named); ok && nt.Obj().Pkg() != nil {
						pkg, name = nt.Obj().Pkg().Path(), nt.Obj().Name()
					}
				} else if fn := aiutil.Callee(info, n); fn != nil && fn.Pkg() != nil && aiutil.RecvName(fn) == "" {
					pkg, name = fn.Pkg().Path(), fn.Name()
				}
				if pkg == "" {
					return true
				}
				args, ok := funcs[sinkKey{aisdk.Normalize(pkg), name, ""}]
				if !ok {
					return true
				}
				sink := pkgName(info, n.Fun) + "." + name
				if len(args) == 1 { // all arguments
					for _, a := range n.Args {
						check(a, sink)
					}
				}
				for _, i := range args {
					if i >= 0 && i < len(n.Args) {
						check(n.Args[i], sink)
					}
				}
			case *ast.CompositeLit:
				t := info.TypeOf(n)
				if p, ok := t.(*types.Pointer); ok {
					t = p.Elem()
				}
				nt, ok := t.(*types.Named)
				if !ok || nt.Obj().Pkg() == nil {
					return true
				}
				if toolMessage(info, n) {
					return true
				}
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					k, ok := kv.Key.(*ast.Ident)
					if ok && fields[sinkKey{aisdk.Normalize(nt.Obj().Pkg().Path()), nt.Obj().Name(), k.Name}] {
						check(kv.Value, nt.Obj().Pkg().Name()+"."+nt.Obj().Name()+"."+k.Name)
					}
				}
			}
			return true
		})
	}
	return rs, nil
}

// pkgName returns the name of the package a qualified function or type
// belongs to.
func pkgName(info *types.Info, fun ast.Expr) string {
	if sel, ok := ast.Unparen(fun).(*ast.SelectorExpr); ok {
		if o := info.Uses[sel.Sel]; o != nil && o.Pkg() != nil {
			return o.Pkg().Name()
		}
	}
	if id, ok := ast.Unparen(fun).(*ast.Ident); ok {
		if o := info.Uses[id]; o != nil && o.Pkg() != nil {
			return o.Pkg().Name()
		}
	}
	return ""
}

var verb = lazyre.New(`%[-+# 0-9.*\[\]]*[a-zA-Z%]`)

// judge says whether e is an inline prompt and of what kind.
func judge(info *types.Info, v *aiutil.Values, e ast.Expr, depth int) (string, int) {
	if depth > 4 {
		return "", 0
	}
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		if id, ok := e.(*ast.Ident); ok && v.Embeds[info.Uses[id]] {
			return "", 0
		}
		s := constant.StringVal(tv.Value)
		switch {
		case strings.Contains(strings.TrimSpace(s), "\n"):
			return "multiline", len(s)
		case len(s) > largeLiteral:
			return "literal", len(s)
		}
		return "", 0
	}
	switch x := e.(type) {
	case *ast.Ident:
		obj := info.Uses[x]
		if obj == nil || v.Embeds[obj] {
			return "", 0
		}
		defs, ok := v.Defs(x)
		if !ok || len(defs) != 1 {
			return "", 0
		}
		return judge(info, v, defs[0], depth+1)
	case *ast.CallExpr:
		name := aiutil.CalleeName(info, x)
		if (name == "fmt.Sprintf" || name == "fmt.Sprint") && len(x.Args) > 0 {
			if tv, ok := info.Types[x.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				text := verb.ReplaceAllString(constant.StringVal(tv.Value), "")
				if len(strings.TrimSpace(text)) >= templateText && !toolResult(info, text, x.Args[1:]) {
					return "sprintf", len(text)
				}
			}
		}
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", 0
		}
		if tv, ok := info.Types[x]; !ok || tv.Type == nil {
			return "", 0
		} else if b, ok := tv.Type.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
			return "", 0
		}
		lit := 0
		var walk func(e ast.Expr)
		walk = func(e ast.Expr) {
			e = ast.Unparen(e)
			if b, ok := e.(*ast.BinaryExpr); ok && b.Op == token.ADD {
				walk(b.X)
				walk(b.Y)
				return
			}
			if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				lit += len(constant.StringVal(tv.Value))
			}
		}
		walk(x)
		if lit >= templateText {
			return "concat", lit
		}
	}
	return "", 0
}

func itoa(n int) string {
	return constant.MakeInt64(int64(n)).ExactString()
}

// toolMessage reports whether a message literal carries a tool's result,
// not a prompt: its role is "tool" or "function", or it answers a tool call.
func toolMessage(info *types.Info, cl *ast.CompositeLit) bool {
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		k, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		switch k.Name {
		case "ToolCallID", "ToolCallId", "ToolUseID", "ToolUseId", "FunctionResponse", "ToolResult":
			return true
		case "Role":
			if tv, ok := info.Types[kv.Value]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				if r := constant.StringVal(tv.Value); r == "tool" || r == "function" || r == "ipython" {
					return true
				}
			}
		}
	}
	return false
}

// toolResult reports whether a Sprintf formats what a tool or a command
// returned ("Tool %s returned: %s", "Observation: %v", an error) rather than
// instructions to a model.
func toolResult(info *types.Info, text string, args []ast.Expr) bool {
	for _, a := range args {
		if t := info.TypeOf(a); t != nil && types.Identical(t, types.Universe.Lookup("error").Type()) {
			return true
		}
	}
	low := strings.ToLower(text)
	if !strings.Contains(low, "tool") && !strings.Contains(low, "observation") && !strings.Contains(low, "function") {
		return false
	}
	for _, w := range []string{"result", "output", "returned", "response", "error", "observation"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}
