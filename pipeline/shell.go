package pipeline

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// maskExpressions replaces every `${{ … }}` of a script with underscores
// of the same length (newlines kept), so the shell parser sees a word
// where GitHub substitutes one and offsets and lines stay the same.
func maskExpressions(run string) string {
	if !strings.Contains(run, "${{") {
		return run
	}
	b := []byte(run)
	for _, loc := range exprRe.FindAllStringIndex(run, -1) {
		for i := loc[0]; i < loc[1]; i++ {
			if b[i] != '\n' {
				b[i] = '_'
			}
		}
	}
	return string(b)
}

// parseShell parses a run: script with a bash parser. A script that does
// not parse (PowerShell, a broken line) yields nil: callers fall back to
// line-based matching.
func parseShell(run string) *syntax.File {
	return parseShellWith(nil, run)
}

// parseShellWith is parseShell with a parser to reuse (nil: a new one).
func parseShellWith(p *syntax.Parser, run string) *syntax.File {
	if run == "" {
		return nil
	}
	if p == nil {
		p = syntax.NewParser(syntax.Variant(syntax.LangBash))
	}
	f, err := p.Parse(strings.NewReader(maskExpressions(run)), "")
	if err != nil {
		return nil
	}
	return f
}

// shell parses a run: script once per analysis, whichever pass asks first
// (AI detection, taint facts, the gate inventory, thresholds); nil when it
// does not parse. The tree is shared: callers only read it.
func (a *analysis) shell(run string) *syntax.File {
	if run == "" {
		return nil
	}
	if f, ok := a.trees[run]; ok {
		return f
	}
	if a.sh == nil {
		a.sh = syntax.NewParser(syntax.Variant(syntax.LangBash))
	}
	f := parseShellWith(a.sh, run)
	a.trees[run] = f
	return f
}

// shellCalls returns every simple command of a parsed script, nested
// commands (`$(…)`, pipelines, subshells, functions) included, as their
// literal words: a word that is not a plain literal ("$VAR", "$(…)") is "".
func shellCalls(f *syntax.File) []shellCall {
	if f == nil {
		return nil
	}
	var out []shellCall
	syntax.Walk(f, func(n syntax.Node) bool {
		c, ok := n.(*syntax.CallExpr)
		if !ok || len(c.Args) == 0 {
			return true
		}
		sc := shellCall{Line: int(c.Pos().Line()), Call: c, Words: make([]string, 0, len(c.Args))}
		for _, w := range c.Args {
			sc.Words = append(sc.Words, wordText(w))
		}
		for _, as := range c.Assigns {
			sc.Assigns = append(sc.Assigns, as.Name.Value)
		}
		out = append(out, sc)
		return true
	})
	return out
}

// shellCall is one simple command.
type shellCall struct {
	// Line is the 1-based line in the script.
	Line    int
	Words   []string
	Assigns []string
	Call    *syntax.CallExpr
}

// wordText returns a word's literal value with quotes removed, or "" when
// it holds an expansion.
func wordText(w *syntax.Word) string {
	t, _ := wordLiteral(w, "")
	return t
}

// wordShape returns a word's literal parts with quotes removed and each
// expansion as "$": the shape of `"repos/$R/issues/$N/comments"`.
func wordShape(w *syntax.Word) string {
	_, shape := wordLiteral(w, "$")
	return shape
}

// wordLiteral walks a word's parts once: text is its literal value with
// quotes removed ("" when it holds an expansion), shape the same with each
// expansion written as expansion.
func wordLiteral(w *syntax.Word, expansion string) (text, shape string) {
	// Most words are one literal or quoted part: their value as it is.
	if len(w.Parts) == 1 {
		switch x := w.Parts[0].(type) {
		case *syntax.Lit:
			return x.Value, x.Value
		case *syntax.SglQuoted:
			return x.Value, x.Value
		case *syntax.DblQuoted:
			if len(x.Parts) == 1 {
				if l, ok := x.Parts[0].(*syntax.Lit); ok {
					return l.Value, l.Value
				}
			}
		}
	}
	var sb strings.Builder
	literal := true
	expand := func() {
		literal = false
		sb.WriteString(expansion)
	}
	for _, p := range w.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			sb.WriteString(x.Value)
		case *syntax.SglQuoted:
			sb.WriteString(x.Value)
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				if l, ok := q.(*syntax.Lit); ok {
					sb.WriteString(l.Value)
				} else {
					expand()
				}
			}
		default:
			expand()
		}
	}
	if !literal {
		return "", sb.String()
	}
	return sb.String(), sb.String()
}

// wordVars returns the shell variables a word expands ($X, ${X}, and
// those inside $(…) and quotes).
func wordVars(n syntax.Node) []string {
	var out []string
	syntax.Walk(n, func(m syntax.Node) bool {
		if pe, ok := m.(*syntax.ParamExp); ok && pe.Param != nil {
			out = append(out, pe.Param.Value)
		}
		return true
	})
	return out
}

// lineOf returns the position of line n (1-based) of a step's script.
func lineOf(s *Step, n int) Pos {
	if n >= 1 && n <= len(s.RunLines) {
		return s.RunLines[n-1].Pos
	}
	if !s.RunPos.IsZero() {
		return s.RunPos
	}
	return s.Pos
}
