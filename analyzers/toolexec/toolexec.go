package toolexec

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
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
	a := aiutil.RuleAnalyzer("toolexec", doc, inv, run)
	if len(inv.FactTypes) > 0 {
		a.FactTypes = []analysis.Fact{new(ExecFact)}
	}
	return a
}

// guard is how a flow to exec is checked.
type guard int

const (
	none guard = iota
	denylist
	allowlist
)

// sinkHit is one flow from a tainted value into a process start.
type sinkHit struct {
	call  *ast.CallExpr // the exec call, or the helper call in the handler
	sink  string        // "os/exec.CommandContext"
	shell bool
	guard guard
}

type analysisState struct {
	pass    *analysis.Pass
	facts   bool
	decls   map[*types.Func]*ast.FuncDecl
	methods []*types.Func                    // concrete methods declared here
	summary map[*types.Func]map[int]*sinkHit // helper -> param index -> hit
	busy    map[*types.Func]bool
	// imported lists, by method name, the imported methods with a fact.
	imported map[string][]*types.Func
}

func run(pass *analysis.Pass, inv *aiinventory.Result) (any, error) {
	rs := &aiutil.Reports{}
	st := &analysisState{pass: pass, facts: inv.Config.Facts, decls: map[*types.Func]*ast.FuncDecl{},
		summary: map[*types.Func]map[int]*sinkHit{}, busy: map[*types.Func]bool{}, imported: map[string][]*types.Func{}}
	var order []*types.Func
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					st.decls[fn] = fd
					order = append(order, fn)
					if fd.Recv != nil {
						st.methods = append(st.methods, fn)
					}
				}
			}
		}
	}
	if st.facts {
		for _, of := range pass.AllObjectFacts() {
			fn, ok := of.Object.(*types.Func)
			if _, isExec := of.Fact.(*ExecFact); ok && isExec && fn.Pkg() != pass.Pkg {
				st.imported[fn.Name()] = append(st.imported[fn.Name()], fn)
			}
		}
		for _, fns := range st.imported {
			slices.SortFunc(fns, func(a, b *types.Func) int { return strings.Compare(a.FullName(), b.FullName()) })
		}
		// Every function that passes a parameter on to a process start
		// carries a fact, and so does an interface method declared here
		// that an implementation the package sees does it for.
		for _, fn := range order {
			if st.mayExec(st.decls[fn].Body) {
				if sum := st.summarize(fn); len(sum) > 0 {
					pass.ExportObjectFact(fn, toFact(sum))
				}
			}
		}
		for _, m := range inv.Interfaces() {
			if sum := st.summarize(m); len(sum) > 0 {
				pass.ExportObjectFact(m, toFact(sum))
			}
		}
	}
	if len(inv.Tools) == 0 {
		return rs, nil
	}
	seen := map[token.Pos]bool{}
	for _, t := range inv.Tools {
		if t.Body == nil || len(t.Params) == 0 {
			continue
		}
		taint := map[types.Object]bool{}
		for _, p := range t.Params {
			taint[p] = true
		}
		for _, h := range st.flows(t.Body, taint) {
			if h.guard == allowlist || seen[h.call.Pos()] {
				continue
			}
			seen[h.call.Pos()] = true
			how := h.sink
			if h.shell {
				how += " through a shell"
			}
			ev := map[string]string{"tool": t.Surface, "sink": h.sink, "shell": boolStr(h.shell)}
			if h.guard == denylist {
				ev["guard"] = "denylist"
				rs.Add(pass, ToolExec, h.call.Pos(), h.call.End(), ev,
					"agent tool passes model-controlled input to %s guarded only by a denylist", how)
				continue
			}
			rs.Add(pass, ToolExec, h.call.Pos(), h.call.End(), ev,
				"agent tool passes model-controlled input to %s with no allowlist check", how)
		}
	}
	return rs, nil
}

func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// mentions reports whether e refers to a tainted object.
func mentions(info *types.Info, e ast.Node, taint map[types.Object]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && taint[info.ObjectOf(id)] {
			found = true
		}
		return !found
	})
	return found
}

// propagate grows taint over the assignments of body until nothing changes.
func propagate(info *types.Info, body ast.Node, taint map[types.Object]bool) {
	for range 4 {
		changed := false
		mark := func(e ast.Expr) {
			if id, ok := ast.Unparen(e).(*ast.Ident); ok {
				if o := info.ObjectOf(id); o != nil && !taint[o] {
					taint[o] = true
					changed = true
				}
			} else if o := aiutil.RootObj(info, e); o != nil && !taint[o] {
				taint[o] = true
				changed = true
			}
		}
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, r := range n.Rhs {
					if mentions(info, r, taint) {
						for _, l := range n.Lhs {
							mark(l)
						}
						break
					}
				}
			case *ast.ValueSpec:
				for _, r := range n.Values {
					if mentions(info, r, taint) {
						for _, l := range n.Names {
							mark(l)
						}
						break
					}
				}
			case *ast.RangeStmt:
				if mentions(info, n.X, taint) {
					if n.Key != nil {
						mark(n.Key)
					}
					if n.Value != nil {
						mark(n.Value)
					}
				}
			case *ast.CallExpr:
				// json.Unmarshal(data, &args), fmt.Sscan(s, &x): outputs
				// through pointers take the taint of the inputs.
				tainted := false
				for _, a := range n.Args {
					if mentions(info, a, taint) {
						tainted = true
					}
				}
				if tainted {
					for _, a := range n.Args {
						if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
							mark(u.X)
						}
					}
				}
			}
			return true
		})
		if !changed {
			return
		}
	}
}

var sinks = map[string]int{ // callee -> index of the first argument that matters
	"os/exec.Command":        0,
	"os/exec.CommandContext": 1,
	"syscall.Exec":           0,
	"os.StartProcess":        0,
}

var shells = map[string]bool{"sh": true, "bash": true, "zsh": true, "dash": true, "ksh": true, "fish": true,
	"/bin/sh": true, "/bin/bash": true, "/usr/bin/bash": true, "/bin/zsh": true, "cmd": true, "cmd.exe": true,
	"powershell": true, "powershell.exe": true, "pwsh": true}

// flows finds the process starts in body that tainted values reach.
func (st *analysisState) flows(body *ast.BlockStmt, taint map[types.Object]bool) []*sinkHit {
	info := st.pass.TypesInfo
	propagate(info, body, taint)
	var hits []*sinkHit
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := aiutil.Callee(info, call)
		if fn == nil || fn.Pkg() == nil {
			return true
		}
		name := fn.Pkg().Path() + "." + fn.Name()
		if first, ok := sinks[name]; ok && aiutil.RecvName(fn) == "" {
			var bad []ast.Expr
			for i, a := range call.Args {
				if i >= first && mentions(info, a, taint) {
					bad = append(bad, a)
				}
			}
			if len(bad) > 0 {
				h := &sinkHit{call: call, sink: name, shell: isShell(info, call.Args, first)}
				h.guard = guardOf(info, body, stack, bad, taint)
				hits = append(hits, h)
			}
			return true
		}
		// A helper of this package that passes a parameter on to exec.
		if sum := st.summarize(fn); len(sum) > 0 {
			for i, a := range call.Args {
				inner, ok := sum[i]
				if !ok || !mentions(info, a, taint) {
					continue
				}
				h := &sinkHit{call: call, sink: inner.sink, shell: inner.shell, guard: inner.guard}
				if g := guardOf(info, body, stack, []ast.Expr{a}, taint); g > h.guard {
					h.guard = g
				}
				hits = append(hits, h)
			}
		}
		return true
	})
	return hits
}

// summarize computes, for a function of this package, which parameters
// reach a process start.
func (st *analysisState) summarize(fn *types.Func) map[int]*sinkHit {
	if s, ok := st.summary[fn]; ok {
		return s
	}
	fd := st.decls[fn]
	if fd == nil {
		return st.foreign(fn)
	}
	if st.busy[fn] {
		return nil
	}
	st.busy[fn] = true
	defer delete(st.busy, fn)
	out := map[int]*sinkHit{}
	idx := 0
	for _, fld := range fd.Type.Params.List {
		names := fld.Names
		if len(names) == 0 {
			idx++
			continue
		}
		for _, n := range names {
			o := st.pass.TypesInfo.Defs[n]
			if o != nil && !aiutil.IsContext(o.Type()) {
				hs := st.flows(fd.Body, map[types.Object]bool{o: true})
				for _, h := range hs {
					if prev, ok := out[idx]; !ok || h.guard < prev.guard {
						out[idx] = h
					}
				}
			}
			idx++
		}
	}
	st.summary[fn] = out
	return out
}

func isShell(info *types.Info, args []ast.Expr, first int) bool {
	if first >= len(args) {
		return false
	}
	// bash -c <command>, with the shell's path computed (lookupBash()).
	if first+1 < len(args) {
		if tv, ok := info.Types[args[first+1]]; ok && tv.Value != nil {
			if f := strings.Trim(tv.Value.ExactString(), `"`); f == "-c" || f == "/c" || f == "-Command" {
				return true
			}
		}
	}
	tv, ok := info.Types[args[first]]
	if !ok || tv.Value == nil {
		return false
	}
	name := strings.Trim(tv.Value.ExactString(), `"`)
	return shells[name]
}

// guardOf looks, in the statements enclosing the sink, for a check on the
// tainted values that returns early or selects the branch the sink is in.
func guardOf(info *types.Info, body *ast.BlockStmt, stack []ast.Node, bad []ast.Expr, taint map[types.Object]bool) guard {
	sinkPos := stack[len(stack)-1].Pos()
	best := none
	consider := func(g guard) {
		if g > best {
			best = g
		}
	}
	// The sink inside a switch case or an if branch that tests the value.
	for i := len(stack) - 2; i >= 0; i-- {
		switch s := stack[i].(type) {
		case *ast.CaseClause:
			if sw, ok := stackSwitch(stack, i); ok && sw.Tag != nil && mentions(info, sw.Tag, taint) && len(s.List) > 0 && allConst(info, s.List) {
				consider(allowlist)
			}
		case *ast.IfStmt:
			if s.Body.Pos() <= sinkPos && sinkPos < s.Body.End() && mentions(info, s.Cond, taint) {
				consider(classifyCond(info, s.Cond, false))
			}
		}
	}
	// Early returns before the sink: if <check> { return }.
	ast.Inspect(body, func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || ifs.End() > sinkPos || !mentions(info, ifs.Cond, taint) || !terminates(ifs.Body) {
			return true
		}
		consider(classifyCond(info, ifs.Cond, true))
		return true
	})
	return best
}

func stackSwitch(stack []ast.Node, i int) (*ast.SwitchStmt, bool) {
	for j := i - 1; j >= 0; j-- {
		if sw, ok := stack[j].(*ast.SwitchStmt); ok {
			return sw, true
		}
	}
	return nil, false
}

func allConst(info *types.Info, es []ast.Expr) bool {
	for _, e := range es {
		if tv, ok := info.Types[e]; !ok || tv.Value == nil {
			return false
		}
	}
	return true
}

func terminates(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch s := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.CONTINUE || s.Tok == token.BREAK || s.Tok == token.GOTO
	case *ast.ExprStmt:
		if c, ok := s.X.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// classifyCond says whether a condition is an allowlist or a denylist check.
// early is true for an if whose body returns: a negated membership test
// (!allowed[x], !slices.Contains(list, x), x != "ls") is then an allowlist.
func classifyCond(info *types.Info, cond ast.Expr, early bool) guard {
	g := none
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			name := aiutil.CalleeName(info, n)
			switch name {
			case "slices.Contains", "slices.Index", "sort.SearchStrings":
				g = max(g, allowlist)
			case "strings.Contains", "strings.HasPrefix", "strings.HasSuffix", "strings.Index", "strings.ContainsAny",
				"strings.EqualFold", "regexp.MatchString", "regexp.Regexp.MatchString", "strings.ContainsRune", "bytes.Contains":
				if g == none {
					g = denylist
				}
			}
		case *ast.IndexExpr:
			if _, ok := info.TypeOf(n.X).Underlying().(*types.Map); ok {
				g = max(g, allowlist)
			}
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				if allConst(info, []ast.Expr{n.X}) || allConst(info, []ast.Expr{n.Y}) {
					// x == "" and len checks prove nothing.
					if !emptyString(info, n.X) && !emptyString(info, n.Y) {
						g = max(g, allowlist)
					}
				}
			}
		}
		return true
	})
	return g
}

func emptyString(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && (tv.Value.ExactString() == `""` || tv.Value.ExactString() == "0")
}
