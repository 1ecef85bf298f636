package aiinventory

import (
	"go/ast"
	"go/constant"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tollgate-dev/tollgate/analyzers/aisdk"
	"github.com/tollgate-dev/tollgate/analyzers/internal/aiutil"
)

// httpArgs gives, for the net/http functions that send or build a request,
// the index of the method argument (-1: always POST) and of the URL.
var httpArgs = map[string]struct{ method, url, body int }{
	"NewRequest":            {0, 1, 2},
	"NewRequestWithContext": {1, 2, 3},
	"Post":                  {-1, 0, 2}, // http.Post and (*http.Client).Post
}

// rawHTTP recognises a request built or sent with net/http whose URL is a
// model API's (aisdk.MatchEndpoint), or whose body is the JSON of a model
// request (modelBody). The URL is traced through constants,
// variables with one definition, concatenation, fmt.Sprintf and
// url.JoinPath; a request whose method is a constant other than POST is not
// a model call.
func rawHTTP(pass *analysis.Pass, v *aiutil.Values, call *ast.CallExpr, fn *types.Func, stack []ast.Node) *aisdk.Surface {
	if fn.Pkg().Path() != "net/http" {
		return nil
	}
	a, ok := httpArgs[fn.Name()]
	if !ok || a.url >= len(call.Args) {
		return nil
	}
	if fn.Name() == "Post" && aiutil.RecvName(fn) != "" && aiutil.RecvName(fn) != "Client" {
		return nil
	}
	if a.method >= 0 {
		if m, ok := v.ConstString(call.Args[a.method]); ok && !strings.EqualFold(m, "POST") {
			return nil
		}
	}
	u := urlText(pass.TypesInfo, v, call.Args[a.url], 0)
	_, where := aiutil.EnclosingFunc(pass.Pkg, stack)
	ep, ok := aisdk.MatchEndpointIn(u, where)
	if !ok {
		// A URL that says nothing (a configured endpoint) with a body that
		// is a model request: JSON of a struct or map with a model and a
		// prompt, messages or input.
		if a.body >= len(call.Args) || !modelBody(pass.TypesInfo, v, call.Args[a.body]) {
			return nil
		}
		ep = aisdk.Endpoint{Provider: "http", Path: "model request body"}
	}
	return &aisdk.Surface{Provider: ep.Provider, Pkg: "net/http", Recv: aiutil.RecvName(fn), Method: fn.Name(),
		Name: "http." + fn.Name() + " " + ep.Path, Model: aisdk.ModelSource{Arg: -1}, Version: "net/http"}
}

// urlText returns the text of a string expression, with each part that is
// not constant replaced by aisdk.Unknown followed by its source.
func urlText(info *types.Info, v *aiutil.Values, e ast.Expr, depth int) string {
	unknown := func() string { return aisdk.Unknown + types.ExprString(e) }
	if depth > 6 || e == nil {
		return aisdk.Unknown
	}
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return constant.StringVal(tv.Value)
		}
		return unknown()
	}
	switch x := e.(type) {
	case *ast.BinaryExpr:
		if x.Op.String() == "+" {
			return urlText(info, v, x.X, depth+1) + urlText(info, v, x.Y, depth+1)
		}
	case *ast.Ident, *ast.SelectorExpr:
		if defs, ok := v.Defs(x); ok && len(defs) == 1 {
			return urlText(info, v, defs[0], depth+1)
		}
		if s, ok := v.ConstString(x); ok {
			return s
		}
	case *ast.CallExpr:
		fn := aiutil.Callee(info, x)
		if fn == nil || fn.Pkg() == nil {
			break
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "fmt.Sprintf":
			if len(x.Args) > 0 {
				if f, ok := v.ConstString(x.Args[0]); ok {
					return sprintf(f, x.Args[1:], func(a ast.Expr) string { return urlText(info, v, a, depth+1) })
				}
			}
		case "net/url.JoinPath", "path.Join":
			var parts []string
			for _, a := range x.Args {
				parts = append(parts, strings.Trim(urlText(info, v, a, depth+1), "/"))
			}
			return strings.Join(parts, "/")
		case "strings.TrimSuffix", "strings.TrimRight":
			if len(x.Args) == 2 {
				return urlText(info, v, x.Args[0], depth+1)
			}
		}
	}
	return unknown()
}

// sprintf applies a format's verbs to the texts of its arguments.
func sprintf(format string, args []ast.Expr, text func(ast.Expr) string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.[]*", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			break
		}
		if format[j] == '%' {
			b.WriteByte('%')
		} else if n < len(args) {
			b.WriteString(text(args[n]))
			n++
		} else {
			b.WriteString(aisdk.Unknown)
		}
		i = j
	}
	return b.String()
}

// modelBody reports whether a request body is JSON encoded from a value
// with a model field and a prompt, messages, input or contents field:
// bytes.NewBuffer(b), bytes.NewReader(b) or strings.NewReader(string(b))
// where b, _ := json.Marshal(v).
func modelBody(info *types.Info, v *aiutil.Values, body ast.Expr) bool {
	e := ast.Unparen(body)
	for range 3 {
		c, ok := e.(*ast.CallExpr)
		if !ok || len(c.Args) != 1 {
			break
		}
		if tv, ok := info.Types[c.Fun]; ok && tv.IsType() { // string(b)
			e = ast.Unparen(c.Args[0])
			continue
		}
		fn := aiutil.Callee(info, c)
		if fn == nil || fn.Pkg() == nil {
			return false
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "bytes.NewBuffer", "bytes.NewReader", "strings.NewReader", "bytes.NewBufferString":
			e = ast.Unparen(c.Args[0])
			continue
		}
		break
	}
	dc := v.DefCall(e)
	if dc == nil || len(dc.Args) != 1 {
		return false
	}
	if fn := aiutil.Callee(info, dc); fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "encoding/json" || fn.Name() != "Marshal" {
		return false
	}
	arg := dc.Args[0]
	if cl := v.Composite(arg); cl != nil {
		if _, ok := info.TypeOf(cl).Underlying().(*types.Map); ok {
			keys := map[string]bool{}
			for _, el := range cl.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if k, ok := v.ConstString(kv.Key); ok {
						keys[strings.ToLower(k)] = true
					}
				}
			}
			return keys["model"] && (keys["prompt"] || keys["messages"] || keys["input"] || keys["contents"])
		}
	}
	t := info.TypeOf(arg)
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	fields := map[string]bool{}
	for i := 0; i < st.NumFields(); i++ {
		name := strings.ToLower(st.Field(i).Name())
		if tag := reflect.StructTag(st.Tag(i)).Get("json"); tag != "" {
			if n, _, _ := strings.Cut(tag, ","); n != "" && n != "-" {
				name = strings.ToLower(n)
			}
		}
		fields[name] = true
	}
	return fields["model"] && (fields["prompt"] || fields["messages"] || fields["input"] || fields["contents"])
}
