package pipeline

import (
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// hop is one step of a data-flow path, printed in a finding's detail.
type hop struct {
	Pos  Pos
	What string
}

// hopDetail renders a path hop by hop, file:line each.
func hopDetail(intro string, hops []hop) string {
	var b strings.Builder
	b.WriteString(intro)
	b.WriteString("\n\nPath:\n")
	for i, h := range hops {
		fmt.Fprintf(&b, "%d. %s:%d: %s\n", i+1, h.Pos.Path, h.Pos.Line, h.What)
	}
	return strings.TrimRight(b.String(), "\n")
}

// scriptFacts are what the shell parser found on each line of a script.
type scriptFacts struct {
	calls   []shellCall
	assigns map[int][]string // line -> variables assigned
	uses    map[int][]string // line -> variables expanded
	redirs  map[int][]string // line -> redirection targets ("$GITHUB_ENV", "out.txt")
}

// facts parses a script once per analysis.
func (a *analysis) facts(run string) *scriptFacts {
	if f, ok := a.flows[run]; ok {
		return f
	}
	sf := &scriptFacts{assigns: map[int][]string{}, uses: map[int][]string{}, redirs: map[int][]string{}}
	if f := a.shell(run); f != nil {
		if c, ok := a.parsed[run]; ok {
			sf.calls = c
		} else {
			sf.calls = shellCalls(f)
		}
		syntax.Walk(f, func(n syntax.Node) bool {
			switch x := n.(type) {
			case *syntax.Assign:
				if x.Name != nil {
					l := int(x.Pos().Line())
					sf.assigns[l] = append(sf.assigns[l], x.Name.Value)
				}
			case *syntax.ParamExp:
				if x.Param != nil {
					l := int(x.Pos().Line())
					sf.uses[l] = append(sf.uses[l], x.Param.Value)
				}
			case *syntax.Redirect:
				if x.Word != nil && (x.Op == syntax.RdrOut || x.Op == syntax.AppOut || x.Op == syntax.RdrAll || x.Op == syntax.AppAll || x.Op == syntax.RdrClob) {
					l := int(x.Pos().Line())
					t := wordText(x.Word)
					if t == "" {
						for _, v := range wordVars(x.Word) {
							t = "$" + v
						}
					}
					sf.redirs[l] = append(sf.redirs[l], t)
				}
			}
			return true
		})
		for _, c := range sf.calls {
			if len(c.Words) > 1 && c.Words[0] == "tee" {
				for _, w := range c.Words[1:] {
					if w != "" && !strings.HasPrefix(w, "-") {
						sf.redirs[c.Line] = append(sf.redirs[c.Line], w)
					}
				}
				for _, v := range wordVars(c.Call) {
					sf.redirs[c.Line] = append(sf.redirs[c.Line], "$"+v)
				}
			}
		}
	}
	a.flows[run] = sf
	return sf
}

// taint is what tainted data reaches in one step's script.
type taint struct {
	// Lines are the tainted script lines (1-based), in order.
	Lines []int
	// Vars are the shell variables holding tainted data.
	Vars map[string]bool
	// Files, Envs and Outputs are where the step passes it on: files
	// written, $GITHUB_ENV variables, $GITHUB_OUTPUT names; each with the
	// line that writes it.
	Files, Envs, Outputs map[string]int
}

var ghSet = lazyre.New(`(?:^|[\s"'{])([A-Za-z_][A-Za-z0-9_-]*)(?:=|<<)`)

// propagate follows tainted data through a step's script: a line is
// tainted when a source call is on it or it expands a tainted variable;
// variables assigned on a tainted line are tainted; a tainted line's
// redirections pass the data on. Two passes cover loops.
func (a *analysis) propagate(s *Step, source func(c shellCall) bool, vars map[string]bool) *taint {
	sf := a.facts(s.Run)
	t := &taint{Vars: map[string]bool{}, Files: map[string]int{}, Envs: map[string]int{}, Outputs: map[string]int{}}
	for v := range vars {
		t.Vars[v] = true
	}
	srcLines := map[int]bool{}
	for _, c := range sf.calls {
		if source(c) {
			srcLines[c.Line] = true
		}
	}
	tainted := map[int]bool{}
	// written are the files tainted lines wrote: a later line that reads
	// one (`cat f > g`, `--prompt "$(cat f)"`) is tainted too.
	written := map[string]int{}
	for range 2 {
		for i := 1; i <= len(s.RunLines); i++ {
			if !srcLines[i] && !tainted[i] {
				for _, v := range sf.uses[i] {
					if t.Vars[v] {
						tainted[i] = true
						break
					}
				}
			}
			if !srcLines[i] && !tainted[i] && len(written) > 0 {
				reads := writeRedir.ReplaceAllString(lineText(s, i), " ")
				for _, f := range sortedKeys(written) {
					if mentionsFile(reads, f) {
						tainted[i] = true
						break
					}
				}
			}
			if !srcLines[i] && !tainted[i] {
				continue
			}
			tainted[i] = true
			for _, r := range sf.redirs[i] {
				if r != "" && !strings.HasPrefix(r, "$") && !strings.HasPrefix(r, "/dev/") {
					written[r] = i
				}
			}
			for _, v := range sf.assigns[i] {
				t.Vars[v] = true
			}
			// `cmd | while read x` and `for x in $(cmd)` bind x too.
			if m := re(`\b(?:read(?:\s+-r)?|for)\s+([A-Za-z_][A-Za-z0-9_]*)`).FindStringSubmatch(lineText(s, i)); m != nil {
				t.Vars[m[1]] = true
			}
		}
	}
	// A heredoc into $GITHUB_ENV names its variable on its first line
	// (`echo "X<<EOF" >> $GITHUB_ENV`); later writes without a name go to it.
	pending := ""
	for i := 1; i <= len(s.RunLines); i++ {
		for _, r := range sf.redirs[i] {
			if !strings.HasSuffix(r, "GITHUB_ENV") && !strings.HasSuffix(r, "GITHUB_OUTPUT") {
				continue
			}
			names := ghSet.FindAllStringSubmatch(lineText(s, i), -1)
			if m := re(`([A-Za-z_][A-Za-z0-9_-]*)<<\s*['"]?([A-Za-z_]+)`).FindStringSubmatch(lineText(s, i)); m != nil {
				pending = m[1]
			} else if len(names) == 0 && strings.Contains(lineText(s, i), "EOF") {
				pending = ""
			}
			if !tainted[i] {
				continue
			}
			set := t.Envs
			if strings.HasSuffix(r, "GITHUB_OUTPUT") {
				set = t.Outputs
			}
			for _, m := range names {
				set[m[1]] = i
			}
			if len(names) == 0 && pending != "" {
				set[pending] = i
			}
		}
		if !tainted[i] {
			continue
		}
		t.Lines = append(t.Lines, i)
		for _, r := range sf.redirs[i] {
			switch {
			case r == "" || strings.HasPrefix(r, "$") || strings.HasPrefix(r, "/dev/"):
			default:
				t.Files[r] = i
			}
		}
	}
	return t
}

// writeRedir matches an output redirection and its target (`>> f`, `2> f`).
var writeRedir = lazyre.New(`[0-9&]?>>?\|?\s*("[^"]*"|'[^']*'|\S+)`)

func lineText(s *Step, n int) string {
	if n >= 1 && n <= len(s.RunLines) {
		return s.RunLines[n-1].Text
	}
	return ""
}

// mentionsFile reports whether text names the file (by its base name,
// three characters or more).
func mentionsFile(text, file string) bool {
	base := path.Base(file)
	return len(base) >= 3 && strings.Contains(text, base)
}

// stepText is everything of a step a later step's data can enter by: its
// script and its inputs.
func stepText(s *Step) string {
	var b strings.Builder
	b.WriteString(s.Run)
	for _, kv := range s.With {
		b.WriteString("\n")
		b.WriteString(kv.Value)
	}
	return b.String()
}
