package iac

import "bytes"

// Before a file is parsed, one lexical pass over its bytes measures how deep
// its syntax tree could be and finds where it may be cut into pieces. Both
// exist because of what hclsyntax does with big or hostile input:
//
//   - It builds a tree as deep as the input nests, and the parser and the
//     evaluator recurse along it. Brackets are not the only way to nest:
//     `1+1+1…` builds a left-deep chain of binary operations, `!!!…x` and
//     `a ? b : c ? d : …` make the parser recurse, `x[a][b]…` chains index
//     expressions, `%{if}` directives nest templates. Half a megabyte of any
//     of these overflows the goroutine stack, which kills the process
//     without a chance to recover. So a file whose brackets or operator
//     chains go deeper than a limit is refused before parsing.
//   - It lexes the whole file into a token slice before parsing it: about
//     100 bytes per token, some 45 times the size of the source, on top of
//     the syntax tree. Parsing a big file one group of top-level blocks at
//     a time keeps that transient cost to the size of a group.
//
// The pass follows strings, template interpolations, heredocs and comments
// so that their contents neither count as brackets nor hide them. It never
// has to be right for parsing to be right: a cut is only a suggestion (the
// pieces are parsed, and on any error the whole file is parsed at once), and
// the measures only over-approximate.

// Limits on the nesting of a file: brackets (and strings, interpolations,
// heredocs) and, along one path of that nesting, operators that deepen the
// tree.
const (
	maxNesting = 256
	maxChain   = 1000
)

// chunkSize is the size of the pieces a big file is parsed in.
const chunkSize = 64 << 10

// shape is what the pass learns about a file.
type shape struct {
	depth int   // deepest nesting of brackets, strings and interpolations
	chain int   // most tree-deepening operators along one nesting path
	cuts  []int // offsets of top-level lines where the file may be cut
}

// frame is one level of nesting in the pass.
type frame struct {
	// kind is 't' for the top level, '{', '[' or '(' for brackets, 'i' for
	// a template interpolation or directive (code closed by '}'), '"' for
	// a quoted string and 'h' for a heredoc.
	kind byte
	// base is the chain count of the enclosing levels when this one began;
	// count is this level's own: operators in code, open %{if}/%{for}
	// directives in a template.
	base, count int
	marker      []byte // heredoc end marker
}

// scanShape makes the pass. chunk is the least distance between cuts; 0
// asks for no cuts.
func scanShape(src []byte, chunk int) shape {
	var sh shape
	stack := []frame{{kind: 't'}}
	top := func() *frame { return &stack[len(stack)-1] }
	push := func(kind byte) {
		t := top()
		stack = append(stack, frame{kind: kind, base: t.base + t.count})
		sh.depth = max(sh.depth, len(stack)-1)
	}
	pop := func() {
		if len(stack) > 1 {
			stack = stack[:len(stack)-1]
		}
	}
	op := func() {
		t := top()
		t.count++
		sh.chain = max(sh.chain, t.base+t.count)
	}
	last := 0 // last cut
	lineStart := true
	prev := byte(0) // last significant byte in code, for index chains
	n := len(src)
	for i := 0; i < n; {
		c := src[i]
		f := top()
		switch f.kind {
		case '"', 'h':
			if f.kind == 'h' && lineStart {
				if end, ok := heredocEnd(src, i, f.marker); ok {
					pop()
					i, lineStart, prev = end, false, 'x'
					continue
				}
			}
			lineStart = false
			switch {
			case c == '\\' && f.kind == '"':
				i += 2
			case c == '"' && f.kind == '"':
				pop()
				i, prev = i+1, '"'
			case c == '\n':
				if f.kind == '"' {
					pop() // an unterminated string: the parser reports it
					continue
				}
				i, lineStart = i+1, true
			case (c == '$' || c == '%') && i+2 < n && src[i+1] == c && src[i+2] == '{':
				i += 3 // $${ and %%{ are literal
			case c == '$' && i+1 < n && src[i+1] == '{':
				push('i')
				i, prev = i+2, 0
			case c == '%' && i+1 < n && src[i+1] == '{':
				switch directive(src[i+2:]) {
				case "if", "for":
					op()
				case "endif", "endfor":
					f.count = max(f.count-1, 0)
				}
				push('i')
				i, prev = i+2, 0
			default:
				i++
			}
			continue
		}
		// Code: the top level, brackets and interpolations.
		if lineStart && f.kind == 't' && chunk > 0 && i-last >= chunk && isIdentStart(c) {
			sh.cuts = append(sh.cuts, i)
			last = i
		}
		lineStart = false
		switch {
		case c == '\n':
			if f.kind == 't' || f.kind == '{' {
				f.count = 0 // a new attribute or object item
			}
			i, lineStart = i+1, true
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '#' || c == '/' && i+1 < n && src[i+1] == '/':
			for i < n && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < n && src[i+1] == '*':
			if j := bytes.Index(src[i+2:], []byte("*/")); j >= 0 {
				i += 2 + j + 2
			} else {
				i = n
			}
			continue
		case c == '"':
			push('"')
			i++
			continue
		case c == '<' && i+1 < n && src[i+1] == '<':
			if marker, body, ok := heredocStart(src, i); ok {
				push('h')
				top().marker = marker
				i, lineStart = body, true
				continue
			}
			op()
			i += 2
		case isIdentStart(c):
			for i < n && isIdentPart(src[i]) {
				i++
			}
			prev = 'x'
			continue
		case c >= '0' && c <= '9':
			for i < n && (src[i] >= '0' && src[i] <= '9' || src[i] == '.' || src[i] == 'e' || src[i] == 'E' ||
				(src[i] == '-' || src[i] == '+') && (src[i-1] == 'e' || src[i-1] == 'E')) {
				i++
			}
			prev = 'x'
			continue
		case c == '{' || c == '(' || c == '[':
			if c == '[' && (prev == ']' || prev == ')' || prev == 'x' || prev == '}') {
				op() // an index step: x[a][b] nests
			}
			push(c)
		case c == '}' || c == ')' || c == ']':
			pop()
		case c == ',':
			f.count = 0
		case c == '=' && i+1 < n && (src[i+1] == '>' || src[i+1] == '='):
			if src[i+1] == '=' {
				op()
			}
			i++
		case c == '=' || c == ':' || c == '.':
		case c == '!' || c == '?' || c == '+' || c == '-' || c == '*' || c == '/' || c == '%' ||
			c == '<' || c == '>' || c == '&' || c == '|':
			op()
			if i+1 < n && (src[i+1] == '=' || src[i+1] == c && (c == '&' || c == '|')) {
				i++
			}
		}
		prev = c
		i++
	}
	return sh
}

// heredocStart matches `<<ID` or `<<-ID` and the end of its line at i; it
// returns the marker and the offset of the body.
func heredocStart(src []byte, i int) (marker []byte, body int, ok bool) {
	j := i + 2
	if j < len(src) && src[j] == '-' {
		j++
	}
	k := j
	if k >= len(src) || !isIdentStart(src[k]) {
		return nil, 0, false
	}
	for k < len(src) && isIdentPart(src[k]) {
		k++
	}
	e := k
	if e < len(src) && src[e] == '\r' {
		e++
	}
	if e >= len(src) || src[e] != '\n' {
		return nil, 0, false
	}
	return src[j:k], e + 1, true
}

// heredocEnd matches a heredoc's closing line at line start i: optional
// blanks, the marker, the end of the line.
func heredocEnd(src []byte, i int, marker []byte) (int, bool) {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if !bytes.HasPrefix(src[i:], marker) {
		return 0, false
	}
	e := i + len(marker)
	if e < len(src) && src[e] == '\r' {
		e++
	}
	if e < len(src) && src[e] != '\n' {
		return 0, false
	}
	return e, true
}

// directive returns the keyword of a template directive after its "%{".
func directive(b []byte) string {
	b = bytes.TrimLeft(b, "~ \t")
	k := 0
	for k < len(b) && k < 6 && b[k] >= 'a' && b[k] <= 'z' {
		k++
	}
	return string(b[:k])
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '-' }
