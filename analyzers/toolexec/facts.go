package toolexec

import (
	"go/ast"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/tollgate-dev/tollgate/analyzers/internal/aiutil"
)

// ExecFact marks a function or method that passes some of its parameters
// on to a process start (os/exec, syscall.Exec, os.StartProcess), itself or
// through the functions and interface methods it calls: an agent's tool
// that hands its input to such a helper, in any package, runs it.
type ExecFact struct {
	Runs []ExecParam
}

// ExecParam is one parameter that reaches a process start.
type ExecParam struct {
	Param int
	Sink  string
	Shell bool
	// Guard is the best check found on the way: 0 none, 1 a denylist, 2
	// an allowlist.
	Guard int
}

// AFact implements analysis.Fact.
func (*ExecFact) AFact() {}

func (f *ExecFact) String() string {
	ps := make([]string, len(f.Runs))
	shell, least := false, int(allowlist)
	for i, r := range f.Runs {
		ps[i] = strconv.Itoa(r.Param)
		shell = shell || r.Shell
		least = min(least, r.Guard)
	}
	s := "runs " + strings.Join(ps, ", ")
	if shell {
		s += " through a shell"
	}
	switch guard(least) {
	case allowlist:
		s += " behind an allowlist"
	case denylist:
		s += " behind a denylist"
	}
	return s
}

func toFact(sum map[int]*sinkHit) *ExecFact {
	f := &ExecFact{}
	for p, h := range sum {
		f.Runs = append(f.Runs, ExecParam{Param: p, Sink: h.sink, Shell: h.shell, Guard: int(h.guard)})
	}
	slices.SortFunc(f.Runs, func(a, b ExecParam) int { return a.Param - b.Param })
	return f
}

func fromFact(f *ExecFact) map[int]*sinkHit {
	out := map[int]*sinkHit{}
	for _, r := range f.Runs {
		out[r.Param] = &sinkHit{sink: r.Sink, shell: r.Shell, guard: guard(r.Guard)}
	}
	return out
}

// foreign summarizes a function not declared here: from its fact, or for
// an interface method, from the implementations the package sees (the
// least guarded of them).
func (st *analysisState) foreign(fn *types.Func) map[int]*sinkHit {
	if st.facts && fn.Pkg() != st.pass.Pkg {
		var f ExecFact
		if st.pass.ImportObjectFact(fn, &f) {
			return fromFact(&f)
		}
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) || st.busy[fn] {
		return nil
	}
	st.busy[fn] = true
	defer delete(st.busy, fn)
	out := map[int]*sinkHit{}
	for _, m := range append(slices.Clone(st.methods), st.imported[fn.Name()]...) {
		if m.Name() != fn.Name() || !aiutil.Implements(m, fn) {
			continue
		}
		for p, h := range st.summarize(m) {
			if prev, ok := out[p]; !ok || h.guard < prev.guard {
				out[p] = h
			}
		}
	}
	st.summary[fn] = out
	return out
}

// mayExec reports whether a body calls something that may start a
// process: a sink, a function of this package, a function with a fact or
// an interface method.
func (st *analysisState) mayExec(body *ast.BlockStmt) bool {
	info := st.pass.TypesInfo
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		fn := aiutil.Callee(info, c)
		if fn == nil || fn.Pkg() == nil {
			return true
		}
		if _, ok := sinks[fn.Pkg().Path()+"."+fn.Name()]; ok {
			found = true
		} else if fn.Pkg() == st.pass.Pkg || len(st.imported[fn.Name()]) > 0 {
			found = true
		} else if st.facts && st.pass.ImportObjectFact(fn, new(ExecFact)) {
			found = true
		} else if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
			for _, m := range st.methods {
				if m.Name() == fn.Name() {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
