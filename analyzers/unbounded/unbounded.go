package unbounded

import (
	_ "embed"
	"go/ast"
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
	a := aiutil.RuleAnalyzer("unbounded", doc, inv, run)
	if len(inv.FactTypes) > 0 {
		a.FactTypes = []analysis.Fact{new(PacedFact)}
	}
	return a
}

// PacedFact marks a function that waits on a rate limiter, a semaphore or
// a timer before the AI call it leads to: a loop calling it is bounded.
type PacedFact struct{}

// AFact implements analysis.Fact.
func (*PacedFact) AFact() {}

func (*PacedFact) String() string { return "paced" }

func run(pass *analysis.Pass, inv *aiinventory.Result) (any, error) {
	rs := &aiutil.Reports{}
	p := newPacing(pass, inv)
	for _, r := range inv.Relays {
		if p.paced(r) {
			continue
		}
		loop, goroutine := enclosingLoop(r.Stack)
		if loop == nil || bounded(pass, inv.Values, loop, r.Stack) || workerPool(pass.TypesInfo, r.Stack) {
			continue
		}
		ev := map[string]string{"call": r.Fact().Call, "via": aiutil.FullName(r.Callee), "function": r.Func}
		if goroutine {
			rs.Add(pass, Loop, r.Expr.Pos(), r.Expr.End(), ev, "AI call %s runs in goroutines started in a loop with no concurrency or rate limit", r.Name())
		} else {
			rs.Add(pass, Loop, r.Expr.Pos(), r.Expr.End(), ev, "AI call %s runs in a loop with no rate limit, concurrency limit or constant bound", r.Name())
		}
	}
	for _, r := range inv.Relays {
		if missing := relayMaxTokensMissing(pass, inv.Values, r); missing != "" {
			rs.Add(pass, NoMaxTokens, r.Expr.Pos(), r.Expr.End(),
				map[string]string{"call": r.Fact().Call, "via": aiutil.FullName(r.Callee), "limit": missing},
				"AI request to %s sets no token limit (%s)", r.Name(), missing)
		}
	}
	for _, c := range inv.Calls {
		if loop, goroutine := enclosingLoop(c.Stack); loop != nil && !bounded(pass, inv.Values, loop, c.Stack) && !workerPool(pass.TypesInfo, c.Stack) {
			ev := map[string]string{"call": c.Surface.Name, "function": c.Func}
			if goroutine {
				rs.Add(pass, Loop, c.Expr.Pos(), c.Expr.End(), ev, "AI call %s runs in goroutines started in a loop with no concurrency or rate limit", c.Surface.Name)
			} else {
				rs.Add(pass, Loop, c.Expr.Pos(), c.Expr.End(), ev, "AI call %s runs in a loop with no rate limit, concurrency limit or constant bound", c.Surface.Name)
			}
		}
		if missing := maxTokensMissing(pass, inv.Values, c); missing != "" {
			rs.Add(pass, NoMaxTokens, c.Expr.Pos(), c.Expr.End(),
				map[string]string{"call": c.Surface.Name, "limit": missing},
				"AI request to %s sets no token limit (%s)", c.Surface.Name, missing)
		}
	}
	return rs, nil
}

// enclosingLoop returns the innermost loop around the call in its function,
// crossing function literals only when they run right there: started with
// go, passed to errgroup's Go, or called immediately.
func enclosingLoop(stack []ast.Node) (ast.Stmt, bool) {
	goroutine := false
	if len(stack) > 0 {
		_, goroutine = stack[len(stack)-1].(*ast.GoStmt)
	}
	for i := len(stack) - 1; i >= 0; i-- {
		// The child of the loop on the path to the call: a call in a range
		// expression or a for loop's init runs once, not per iteration.
		var child ast.Node
		if i+1 < len(stack) {
			child = stack[i+1]
		}
		switch n := stack[i].(type) {
		case *ast.ForStmt:
			if child != nil && child == ast.Node(n.Init) {
				continue
			}
			return n, goroutine
		case *ast.RangeStmt:
			if child != ast.Node(n.Body) {
				continue
			}
			return n, goroutine
		case *ast.FuncDecl:
			return nil, false
		case *ast.FuncLit:
			if i == 0 {
				return nil, false
			}
			switch p := stack[i-1].(type) {
			case *ast.CallExpr:
				if p.Fun == n {
					if i >= 2 {
						if _, ok := stack[i-2].(*ast.GoStmt); ok {
							goroutine = true
						}
					}
					continue // func(){...}() or go func(){...}()
				}
				if sel, ok := p.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Go" || sel.Sel.Name == "TryGo") {
					goroutine = true
					continue
				}
				if i >= 2 {
					if _, ok := stack[i-2].(*ast.GoStmt); ok {
						goroutine = true
						continue
					}
				}
			}
			return nil, false
		}
	}
	return nil, false
}

// workerPool reports whether the call runs in goroutines started by a loop
// with a constant or max* bound: a pool of workers, whose number bounds the
// concurrency however long each worker loops.
func workerPool(info *types.Info, stack []ast.Node) bool {
	crossed := false
	for i := len(stack) - 1; i >= 1; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			if p, ok := stack[i-1].(*ast.CallExpr); ok {
				if p.Fun == n && i >= 2 {
					if _, ok := stack[i-2].(*ast.GoStmt); ok {
						crossed = true
					}
				} else if sel, ok := p.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Go" {
					crossed = true
				}
			}
		case *ast.ForStmt:
			if crossed && n.Cond != nil && constCompare(info, n.Cond) {
				return true
			}
		case *ast.FuncDecl:
			return false
		}
	}
	return false
}

// bounded reports whether something limits the loop's AI calls.
func bounded(pass *analysis.Pass, v *aiutil.Values, loop ast.Stmt, stack []ast.Node) bool {
	info := pass.TypesInfo
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
		if l.Cond != nil && constCompare(info, l.Cond) {
			return true
		}
		paced := false
		if l.Cond != nil {
			ast.Inspect(l.Cond, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok && readsInput(info, v, c) {
					paced = true
				}
				return !paced
			})
		}
		if paced {
			return true
		}
	case *ast.RangeStmt:
		body = l.Body
		if constRange(info, l.X) {
			return true
		}
	}
	// Limits set up in the enclosing function (SetLimit before the loop)
	// or inside the loop (limiter.Wait, sem <- struct{}{}, time.Sleep).
	scope := aiutil.OutermostFunc(stack)
	if scope == nil {
		scope = body
	}
	found := false
	ast.Inspect(scope, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if limiting(info, n) || (inside(n, body) && readsInput(info, v, n)) {
				found = true
			}
		case *ast.SendStmt:
			if inside(n, body) {
				if cl, ok := n.Value.(*ast.CompositeLit); ok && len(cl.Elts) == 0 {
					found = true // channel semaphore
				}
			}
		case *ast.UnaryExpr:
			// <-ticker.C, <-time.After(d), <-sem inside the loop.
			if n.Op == token.ARROW && inside(n, body) {
				if sel, ok := n.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "C" {
					found = true
				}
				if call, ok := n.X.(*ast.CallExpr); ok {
					if name := aiutil.CalleeName(info, call); name == "time.After" || name == "time.Tick" {
						found = true
					}
				}
			}
		case *ast.IfStmt:
			if inside(n, body) && capCheck(info, n) {
				found = true
			}
		case *ast.Ident:
			if inside(n, body) && strings.Contains(strings.ToLower(n.Name), "cache") {
				if _, isVar := info.Uses[n].(*types.Var); isVar {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func inside(n ast.Node, b *ast.BlockStmt) bool {
	return b != nil && b.Pos() <= n.Pos() && n.End() <= b.End()
}

// limiting reports whether a call is a rate or concurrency limit.
func limiting(info *types.Info, call *ast.CallExpr) bool {
	fn := aiutil.Callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path, recv, name := fn.Pkg().Path(), aiutil.RecvName(fn), fn.Name()
	switch {
	case path == "golang.org/x/time/rate" && recv == "Limiter":
		return name == "Wait" || name == "WaitN" || name == "Allow" || name == "AllowN" || name == "Reserve" || name == "ReserveN"
	case path == "golang.org/x/sync/semaphore":
		return name == "Acquire" || name == "TryAcquire"
	case path == "golang.org/x/sync/errgroup":
		return name == "SetLimit"
	case path == "time":
		return name == "Sleep" || name == "NewTicker" || name == "Tick"
	}
	// Limiters of other libraries: a method named Wait/Acquire/Take/Allow
	// on a type whose name says it limits.
	low := strings.ToLower(recv)
	if strings.Contains(low, "limit") || strings.Contains(low, "semaphore") || strings.Contains(low, "throttle") || strings.Contains(low, "bucket") {
		return true
	}
	return false
}

// constCompare reports whether a loop condition compares with a constant.
func constCompare(info *types.Info, cond ast.Expr) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
		return isConst(info, b.X) || isConst(info, b.Y) || maxName(b.X) || maxName(b.Y)
	case token.LAND:
		return constCompare(info, b.X) || constCompare(info, b.Y)
	}
	return false
}

func isConst(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil
}

// maxName reports whether e names a configured cap: maxSteps, cfg.MaxIterations.
func maxName(e ast.Expr) bool {
	var name string
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		name = x.Name
	case *ast.SelectorExpr:
		name = x.Sel.Name
	default:
		return false
	}
	low := strings.ToLower(name)
	return strings.HasPrefix(low, "max") || strings.HasSuffix(low, "limit")
}

// constRange reports whether a range has a constant extent: an integer
// constant, an array, a composite literal.
func constRange(info *types.Info, x ast.Expr) bool {
	if isConst(info, x) {
		return true
	}
	if _, ok := ast.Unparen(x).(*ast.CompositeLit); ok {
		return true
	}
	t := info.TypeOf(x)
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	_, isArray := t.Underlying().(*types.Array)
	return isArray
}

// capCheck reports whether an if statement breaks out of the loop on a
// constant or max* limit: if steps >= maxSteps { break }.
func capCheck(info *types.Info, s *ast.IfStmt) bool {
	if !constCompare(info, s.Cond) {
		return false
	}
	for _, st := range s.Body.List {
		switch st := st.(type) {
		case *ast.ReturnStmt:
			return true
		case *ast.BranchStmt:
			if st.Tok == token.BREAK || st.Tok == token.GOTO {
				return true
			}
		}
	}
	return false
}

// maxTokensMissing returns the limit a request built in the function lacks,
// or "" when it has one or the request cannot be seen.
func maxTokensMissing(pass *analysis.Pass, v *aiutil.Values, c *aiinventory.Call) string {
	s := c.Surface
	if len(s.MaxTokens) == 0 || c.Via != aiinventory.ViaSDK {
		return ""
	}
	// Options: llms.WithMaxTokens among the call's arguments.
	if strings.Contains(s.MaxTokens[0], "/") {
		if c.Expr.Ellipsis.IsValid() {
			return "" // options passed through
		}
		for _, a := range c.Expr.Args {
			ac, ok := ast.Unparen(a).(*ast.CallExpr)
			if !ok {
				continue
			}
			fn := aiutil.Callee(pass.TypesInfo, ac)
			if fn == nil || fn.Pkg() == nil {
				return "" // an option value built elsewhere
			}
			name := aisdk.Normalize(fn.Pkg().Path()) + "." + fn.Name()
			for _, m := range s.MaxTokens {
				if m == name {
					return ""
				}
			}
		}
		for _, a := range c.Expr.Args {
			if _, ok := ast.Unparen(a).(*ast.CallExpr); !ok && !aiutil.IsContext(pass.TypesInfo.TypeOf(a)) {
				if t := pass.TypesInfo.TypeOf(a); t != nil && strings.HasSuffix(t.String(), "CallOption") {
					return "" // an option variable
				}
			}
		}
		return shortName(s.MaxTokens[0])
	}
	if s.MaxTokensArg >= len(c.Expr.Args) || wholeBody(pass.TypesInfo, c.Expr.Args[s.MaxTokensArg+1:]) {
		return ""
	}
	return fieldsMissing(pass, v, s, c.Expr.Args[s.MaxTokensArg], c.Stack, nil)
}

// relayMaxTokensMissing judges the request a caller passes to a helper that
// sends it (h.ask(ctx, &req)), where the request is built.
func relayMaxTokensMissing(pass *analysis.Pass, v *aiutil.Values, r *aiinventory.Relay) string {
	s := r.Fact().Surface()
	if s == nil || len(s.MaxTokens) == 0 || strings.Contains(s.MaxTokens[0], "/") {
		return ""
	}
	arg := r.Arg(s.MaxTokensArg)
	if arg == nil {
		return ""
	}
	return fieldsMissing(pass, v.ThroughAddress(), s, arg, r.Stack, r.Sets)
}

// wholeBody reports whether options replace the request body or set the
// token limit in it (openai-go and anthropic-sdk-go option.WithRequestBody,
// option.WithJSONSet("max_tokens", ...)): the params struct is then only a
// placeholder.
func wholeBody(info *types.Info, opts []ast.Expr) bool {
	for _, a := range opts {
		c, ok := ast.Unparen(a).(*ast.CallExpr)
		if !ok {
			continue
		}
		fn := aiutil.Callee(info, c)
		if fn == nil || fn.Pkg() == nil || !strings.HasSuffix(fn.Pkg().Path(), "/option") {
			continue
		}
		switch fn.Name() {
		case "WithRequestBody":
			return true
		case "WithJSONSet":
			if len(c.Args) > 0 {
				if tv, ok := info.Types[c.Args[0]]; ok && tv.Value != nil && strings.Contains(tv.Value.ExactString(), "max_") {
					return true
				}
			}
		}
	}
	return false
}

// fieldsMissing returns the token-limit fields of s that the request arg,
// built in the function of stack, lacks, or "" when it has one or cannot
// be seen. set, when non-nil, says which fields a helper sets on its way.
func fieldsMissing(pass *analysis.Pass, v *aiutil.Values, s *aisdk.Surface, arg ast.Expr, stack []ast.Node, set func(string) bool) string {
	for _, m := range s.MaxTokens {
		first, _, _ := strings.Cut(m, ".")
		if set != nil && (set(m) || set(first)) {
			return ""
		}
	}
	if id, ok := ast.Unparen(arg).(*ast.Ident); ok && id.Name == "nil" {
		return s.MaxTokens[0]
	}
	cl, via := v.CompositeVia(arg)
	if cl == nil {
		return ""
	}
	body := aiutil.OutermostFunc(stack)
	for _, m := range s.MaxTokens {
		first, rest, nested := strings.Cut(m, ".")
		fv := aiutil.Field(cl, first)
		if fv == nil {
			for _, base := range via {
				if body != nil && aiutil.FieldAssigned(pass.TypesInfo, body, base, first) {
					return ""
				}
			}
			continue
		}
		if !nested {
			return ""
		}
		inner := v.Composite(fv)
		if inner == nil || aiutil.Field(inner, rest) != nil {
			return ""
		}
	}
	return strings.Join(s.MaxTokens, " or ")
}

func shortName(s string) string {
	if i := strings.LastIndex(s, "/"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// readsInput reports whether a call reads what a person types: fmt.Scan*,
// a line editor's Readline or Prompt, a bufio reader or scanner on
// os.Stdin. A loop that waits for input each turn is paced by its user.
func readsInput(info *types.Info, v *aiutil.Values, call *ast.CallExpr) bool {
	fn := aiutil.Callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path, recv, name := fn.Pkg().Path(), aiutil.RecvName(fn), fn.Name()
	switch {
	case path == "fmt" && recv == "" && strings.HasPrefix(name, "Scan"):
		return true
	case path == "bufio" && (recv == "Reader" || recv == "Scanner"):
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		def := v.DefCall(sel.X)
		if def == nil || len(def.Args) != 1 {
			return false
		}
		return aiutil.CalleeName(info, def) != "" && isStdin(info, def.Args[0])
	case recv != "" && path != "bufio" && (name == "Readline" || name == "ReadLine" || name == "ReadLineWithConfig" || name == "Prompt" || name == "PromptWithSuggestion"):
		return true
	}
	return false
}

func isStdin(info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	o := info.Uses[sel.Sel]
	return o != nil && o.Pkg() != nil && o.Pkg().Path() == "os" && o.Name() == "Stdin"
}

// pacing knows which functions wait on a limiter before their AI calls.
type pacing struct {
	pass *analysis.Pass
	inv  *aiinventory.Result
	memo map[*types.Func]bool
	busy map[*types.Func]bool
	// relays by enclosing declaration.
	byDecl map[*ast.FuncDecl][]*aiinventory.Relay
	decls  map[*types.Func]*ast.FuncDecl
}

func newPacing(pass *analysis.Pass, inv *aiinventory.Result) *pacing {
	p := &pacing{pass: pass, inv: inv, memo: map[*types.Func]bool{}, busy: map[*types.Func]bool{},
		byDecl: map[*ast.FuncDecl][]*aiinventory.Relay{}, decls: map[*types.Func]*ast.FuncDecl{}}
	for _, r := range inv.Relays {
		if r.Decl != nil {
			p.byDecl[r.Decl] = append(p.byDecl[r.Decl], r)
		}
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					p.decls[fn] = fd
				}
			}
		}
	}
	if inv.Config.Facts {
		for fn, fd := range p.decls {
			if p.limitedDecl(fn, fd) {
				pass.ExportObjectFact(fn, new(PacedFact))
			}
		}
	}
	return p
}

// paced reports whether every function a relay reaches waits on a limiter.
func (p *pacing) paced(r *aiinventory.Relay) bool {
	for _, t := range r.Targets {
		if !p.limited(t.Func) {
			return false
		}
	}
	return true
}

func (p *pacing) limited(fn *types.Func) bool {
	if fd, ok := p.decls[fn]; ok {
		return p.limitedDecl(fn, fd)
	}
	if fn.Pkg() != p.pass.Pkg && p.inv.Config.Facts {
		return p.pass.ImportObjectFact(fn, new(PacedFact))
	}
	return false
}

// limitedDecl: the body calls a limiter, or every relay in it reaches a
// limited function.
func (p *pacing) limitedDecl(fn *types.Func, fd *ast.FuncDecl) bool {
	if v, ok := p.memo[fn]; ok {
		return v
	}
	if p.busy[fn] {
		return false
	}
	p.busy[fn] = true
	defer delete(p.busy, fn)
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && limiting(p.pass.TypesInfo, c) {
			found = true
		}
		return !found
	})
	if !found {
		rs := p.byDecl[fd]
		found = len(rs) > 0
		for _, r := range rs {
			if !p.paced(r) {
				found = false
				break
			}
		}
		for _, c := range p.inv.Calls {
			if c.Decl == fd {
				found = false // it makes the call itself, unpaced
			}
		}
	}
	p.memo[fn] = found
	return found
}
