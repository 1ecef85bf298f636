package pipeline

import (
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/tollgate-dev/tollgate/internal/memo"
)

// The same condition or `${{ }}` expression is judged for many steps and
// by many rules, and actionlint's parser allocates a lexer of over a
// kilobyte per parse: parses and searches are remembered per text (values
// are shared and only read).
const maxMemo = 1 << 14

// parsedExpr is an expression's tree, ok false when it does not parse.
type parsedExpr struct {
	n  actionlint.ExprNode
	ok bool
}

var (
	condMemo  = memo.Cache[parsedExpr]{Max: maxMemo}
	pathsMemo = memo.Cache[parsedPaths]{Max: maxMemo}
)

// parsedPaths are the property paths an expression reads (see exprPaths),
// ok false when it does not parse.
type parsedPaths struct {
	paths []string
	ok    bool
}

// exprPathsOf parses the inside of a `${{ }}` and returns the paths it reads.
func exprPathsOf(expr string) ([]string, bool) {
	p := pathsMemo.Get(expr, func(expr string) parsedPaths {
		n, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(expr + "}}"))
		if err != nil || n == nil {
			return parsedPaths{}
		}
		return parsedPaths{exprPaths(n, nil), true}
	})
	return p.paths, p.ok
}

var (
	secretsMemo   = memo.Cache[[]string]{Max: maxMemo}
	untrustedMemo = memo.Cache[[]string]{Max: maxMemo}
)

// secretNames returns the secrets a text references (secretRef), in order,
// repeats kept; each distinct text is searched once.
func secretNames(text string) []string {
	return secretsMemo.Get(text, func(text string) []string {
		var out []string
		for _, m := range secretRef.FindAllStringSubmatch(text, -1) {
			out = append(out, m[1]+m[2])
		}
		return out
	})
}

// untrustedCandidates returns, in order, the outsider-controlled
// expressions (untrustedExpr) inside the `${{ }}` of a text, before any
// trigger is considered; each distinct text is searched once.
func untrustedCandidates(text string) []string {
	return untrustedMemo.Get(text, func(text string) []string {
		var out []string
		for _, m := range exprRe.FindAllStringSubmatch(text, -1) {
			out = append(out, untrustedExpr.FindAllString(m[1], -1)...)
		}
		return out
	})
}

// wordSet answers hasAny(s, words) in one pass over s, trying at each byte
// only the words that start with it: for short texts (script lines) and
// long word lists that is cheaper than one search per word.
type wordSet struct {
	any   bool // a word is "": every text holds it
	first [256][]string
}

func newWordSet(words []string) *wordSet {
	ws := &wordSet{}
	for _, w := range words {
		if w == "" {
			ws.any = true
			continue
		}
		ws.first[w[0]] = append(ws.first[w[0]], w)
	}
	return ws
}

// in reports whether s contains one of the words.
func (ws *wordSet) in(s string) bool {
	if ws.any {
		return true
	}
	for i := 0; i < len(s); i++ {
		for _, w := range ws.first[s[i]] {
			if strings.HasPrefix(s[i:], w) {
				return true
			}
		}
	}
	return false
}

// stepCount is the number of steps of the analysed pipelines (their own,
// not those expanded from composite actions): a size hint for the per-step
// maps.
func (a *analysis) stepCount() int {
	n := 0
	for _, p := range a.pipelines {
		for _, j := range p.Jobs {
			n += len(j.Steps)
		}
	}
	return n
}
