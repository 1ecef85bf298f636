package aisdk

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// check type-checks one file as package path.
func check(t *testing.T, path, src string) *types.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{}).Check(path, fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

func method(t *testing.T, pkg *types.Package, typ, name string) (*types.Func, *types.Named) {
	t.Helper()
	n := pkg.Scope().Lookup(typ).Type().(*types.Named)
	obj, _, _ := types.LookupFieldOrMethod(n, true, pkg, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		t.Fatalf("no method %s.%s", typ, name)
	}
	return fn, n.Origin()
}

// TestLookupFuncAlias: a table entry keyed by a name that a later version
// turned into an alias of a renamed generic type still matches.
func TestLookupFuncAlias(t *testing.T) {
	pkg := check(t, "github.com/cloudwego/eino/components/model", `package model
type Renamed[M any] interface{ Generate(in []M) (M, error) }
type BaseChatModel = Renamed[string]
type Other[M any] interface{ Generate(in []M) (M, error) }
`)
	fn, recv := method(t, pkg, "Renamed", "Generate")
	if s := LookupFunc(fn, recv); s == nil || s.Recv != "BaseChatModel" {
		t.Errorf("alias of a renamed generic type: got %+v", s)
	}
	fn, recv = method(t, pkg, "Other", "Generate")
	if s := LookupFunc(fn, recv); s != nil {
		t.Errorf("unaliased type of the same shape matched: %+v", s)
	}
	other := check(t, "example.com/model", `package model
type Renamed[M any] interface{ Generate(in []M) (M, error) }
type BaseChatModel = Renamed[string]
`)
	fn, recv = method(t, other, "Renamed", "Generate")
	if s := LookupFunc(fn, recv); s != nil {
		t.Errorf("alias in another package matched: %+v", s)
	}
}
