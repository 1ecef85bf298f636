package aisdk

import (
	"go/types"
	"strings"
)

// LookupFunc finds the surface of a callee from its type information. It
// resolves what SDKs change between versions without changing their API:
// the receiver is taken at its origin (BaseModel for a method of
// BaseModel[*schema.Message]), and when the origin is not in the table, the
// names the SDK package gives it through type aliases are tried too (eino
// v0.9 made model.BaseChatModel an alias of the generic BaseModel[M]).
func LookupFunc(fn *types.Func, recv *types.Named) *Surface {
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	pkg := fn.Pkg()
	name := ""
	if recv != nil {
		name = recv.Obj().Name()
	}
	if s := Lookup(pkg.Path(), name, fn.Name()); s != nil || recv == nil || !index.pkgs[Normalize(pkg.Path())] {
		return s
	}
	for _, alias := range aliasesOf(recv) {
		if s := Lookup(pkg.Path(), alias, fn.Name()); s != nil {
			return s
		}
	}
	return nil
}

// aliasesOf returns the names of the type aliases that the package declaring
// named gives to it or to one of its instantiations, sorted.
func aliasesOf(named *types.Named) []string {
	tn := named.Obj()
	if tn.Pkg() == nil {
		return nil
	}
	origin := named.Origin()
	var out []string
	scope := tn.Pkg().Scope()
	for _, n := range scope.Names() {
		a, ok := scope.Lookup(n).(*types.TypeName)
		if !ok || !a.IsAlias() {
			continue
		}
		t := types.Unalias(a.Type())
		if p, ok := t.(*types.Pointer); ok {
			t = types.Unalias(p.Elem())
		}
		if nt, ok := t.(*types.Named); ok && nt.Origin() == origin {
			out = append(out, n)
		}
	}
	return out
}

// shapes are the API shapes recognised in any package, for forks and
// re-publications of an SDK under another module path. Each names the table
// entry whose surface a match takes and what the method must look like.
var shapes = []struct {
	method string
	like   Key
	// fields the request (argument 1) must have, and the response (result
	// 0) must have; stream: the response has a Recv method instead.
	req    []string
	resp   []string
	stream bool
}{
	{"CreateChatCompletion", Key{goOpenAI, "Client", "CreateChatCompletion"}, []string{"Model", "Messages"}, []string{"Choices"}, false},
	{"CreateChatCompletionStream", Key{goOpenAI, "Client", "CreateChatCompletionStream"}, []string{"Model", "Messages"}, nil, true},
	{"CreateCompletion", Key{goOpenAI, "Client", "CreateCompletion"}, []string{"Model", "Prompt"}, []string{"Choices"}, false},
	{"CreateCompletionStream", Key{goOpenAI, "Client", "CreateCompletionStream"}, []string{"Model", "Prompt"}, nil, true},
	{"CreateEmbeddings", Key{goOpenAI, "Client", "CreateEmbeddings"}, []string{"Model", "Input"}, []string{"Data"}, false},
}

// LookupShape finds the surface of a method that has the API shape of a
// known SDK (a fork of go-openai: a client method CreateChatCompletion(ctx,
// req) whose request has Model and Messages and whose response has Choices)
// in a package that does not itself import a known SDK (that would be a
// wrapper, whose inner call is found already). The surface returned is the
// SDK's, with Fork set to the fork's receiver type.
func LookupShape(fn *types.Func, recv *types.Named) *Surface {
	if fn == nil || fn.Pkg() == nil || recv == nil {
		return nil
	}
	for _, sh := range shapes {
		if fn.Name() != sh.method {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() != 2 || sig.Results().Len() != 2 ||
			!isContext(sig.Params().At(0).Type()) || !isError(sig.Results().At(1).Type()) ||
			!hasFields(sig.Params().At(1).Type(), sh.req) {
			return nil
		}
		r := sig.Results().At(0).Type()
		if sh.stream && !hasMethod(r, "Recv") || !sh.stream && !hasFields(r, sh.resp) {
			return nil
		}
		if importsSDK(fn.Pkg()) {
			return nil
		}
		index.once.Do(build)
		like := index.byKey[sh.like]
		if like == nil {
			return nil
		}
		s := *like
		s.Fork = fn.Pkg().Path() + "." + recv.Obj().Name()
		return &s
	}
	return nil
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

func isError(t types.Type) bool { return types.Identical(t, types.Universe.Lookup("error").Type()) }

// hasFields reports whether t, or what it points to, is a struct with every
// named field.
func hasFields(t types.Type, names []string) bool {
	t = types.Unalias(t)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for _, name := range names {
		found := false
		for i := 0; i < st.NumFields(); i++ {
			if st.Field(i).Name() == name {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

// importsSDK reports whether pkg imports a package of the table.
func importsSDK(pkg *types.Package) bool {
	index.once.Do(build)
	for _, imp := range pkg.Imports() {
		p := Normalize(imp.Path())
		if index.pkgs[p] {
			return true
		}
		for _, s := range index.prefixes {
			if strings.HasPrefix(p, strings.TrimSuffix(s.Pkg, "...")) {
				return true
			}
		}
	}
	return false
}
