package driver

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// loadFromSource type-checks the packages of patterns and all their
// dependencies from source, with cgo on for the listing and `import "C"`
// opaque (types.Config.FakeImportC), as gopls does when cgo is off: the go
// command only lists files (no -compiled, no -export), so neither cgo nor the
// C compiler runs (CC points nowhere to make sure). It is the fallback for
// packages the export-data load could not type-check: with CGO_ENABLED=0 a
// cgo package loses its cgo files, and it and every package importing it
// break.
//
// It returns the root packages that type-checked without error, and for the
// others the first error.
func loadFromSource(ctx context.Context, dir string, env []string, patterns []string) ([]*packages.Package, map[string]string, error) {
	env = slices.Clone(env)
	env = append(env, "CGO_ENABLED=1", "CC=/nonexistent/tollgate-no-cc", "CXX=/nonexistent/tollgate-no-cc")
	cfg := &packages.Config{Context: ctx, Dir: dir, Env: env,
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedModule}
	roots, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, err
	}
	isRoot := map[*packages.Package]bool{}
	for _, p := range roots {
		isRoot[p] = true
	}
	fset := token.NewFileSet()
	sizes := types.SizesFor("gc", goarch(env))
	failed := map[string]string{}
	var firstErr error
	packages.Visit(roots, nil, func(p *packages.Package) {
		if firstErr != nil {
			return
		}
		if err := ctx.Err(); err != nil {
			firstErr = err
			return
		}
		p.Fset = fset
		p.TypesSizes = sizes
		p.CompiledGoFiles = p.GoFiles
		if p.PkgPath == "unsafe" {
			p.Types = types.Unsafe
			return
		}
		root := isRoot[p]
		mode := parser.SkipObjectResolution
		if root {
			mode |= parser.ParseComments
		}
		var files []*ast.File
		var errs []string
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, name, nil, mode)
			if err != nil {
				errs = append(errs, err.Error())
			}
			if f != nil {
				files = append(files, f)
			}
		}
		for _, e := range p.Errors {
			errs = append(errs, e.Msg)
		}
		tc := &types.Config{
			FakeImportC:      true,
			IgnoreFuncBodies: !root,
			Sizes:            sizes,
			Importer: importerFunc(func(path string) (*types.Package, error) {
				if path == "unsafe" {
					return types.Unsafe, nil
				}
				imp := p.Imports[path]
				if imp == nil || imp.Types == nil {
					return nil, fmt.Errorf("could not import %s", path)
				}
				return imp.Types, nil
			}),
			Error: func(err error) {
				if te, ok := err.(types.Error); ok && te.Soft {
					return
				}
				errs = append(errs, err.Error())
			},
		}
		var info *types.Info
		if root {
			info = &types.Info{
				Types:        map[ast.Expr]types.TypeAndValue{},
				Defs:         map[*ast.Ident]types.Object{},
				Uses:         map[*ast.Ident]types.Object{},
				Implicits:    map[ast.Node]types.Object{},
				Instances:    map[*ast.Ident]types.Instance{},
				Scopes:       map[ast.Node]*types.Scope{},
				Selections:   map[*ast.SelectorExpr]*types.Selection{},
				FileVersions: map[*ast.File]string{},
			}
		}
		p.Types, _ = tc.Check(p.PkgPath, fset, files, info)
		if root {
			p.Syntax, p.TypesInfo = files, info
			if len(errs) > 0 {
				failed[p.PkgPath] = errs[0]
			}
		}
	})
	if firstErr != nil {
		return nil, nil, firstErr
	}
	var ok []*packages.Package
	for _, p := range roots {
		if _, bad := failed[p.PkgPath]; !bad {
			ok = append(ok, p)
		}
	}
	return ok, failed, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func goarch(env []string) string {
	arch := runtime.GOARCH
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOARCH="); ok && v != "" {
			arch = v
		}
	}
	return arch
}
