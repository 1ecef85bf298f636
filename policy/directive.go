package policy

import (
	"bytes"
	"strings"
)

// Directive is one inline `tollgate:ignore` comment.
type Directive struct {
	// Line is the 1-based line the directive stands on; it covers findings
	// on that line and on the next one.
	Line int
	// Col is the 1-based column where the comment starts.
	Col int
	// Rules are the rule IDs or globs it names (comma-separated in source).
	Rules []string
	// Reason is the justification; empty is itself a finding.
	Reason string
	// Text is the directive as written, for messages.
	Text string
}

const directiveWord = "tollgate:ignore"

// ParseDirectives finds the suppression directives in a source file. It
// recognises `//tollgate:ignore rule reason` (Go, HCL) and
// `# tollgate:ignore rule reason` (YAML, HCL, shell), with or without a
// space after the comment marker. It does not parse the language, so a
// directive inside a string literal counts too; that is accepted as the price
// of working on every file type the same way.
func ParseDirectives(src []byte) []Directive {
	if !bytes.Contains(src, []byte(directiveWord)) {
		return nil
	}
	var out []Directive
	line := 0
	for len(src) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			l, src = src, nil
		}
		if d, ok := parseDirectiveLine(string(l)); ok {
			d.Line = line
			out = append(out, d)
		}
	}
	return out
}

func parseDirectiveLine(l string) (Directive, bool) {
	i := strings.Index(l, directiveWord)
	if i < 0 {
		return Directive{}, false
	}
	// What precedes the word must be a comment marker, then only spaces.
	before := strings.TrimRight(l[:i], " \t")
	var col int
	switch {
	case strings.HasSuffix(before, "//"):
		col = len(before) - 2
	case strings.HasSuffix(before, "#"):
		col = len(before) - 1
	case strings.HasSuffix(before, "/*"):
		col = len(before) - 2
	default:
		return Directive{}, false
	}
	rest := l[i+len(directiveWord):]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return Directive{}, false // "tollgate:ignored" and the like
	}
	rest = strings.TrimSuffix(strings.TrimSpace(rest), "*/")
	fields := strings.Fields(rest)
	d := Directive{Col: col + 1, Text: strings.TrimSpace(l[col:])}
	if len(fields) == 0 {
		return d, true
	}
	for _, r := range strings.Split(fields[0], ",") {
		if r = strings.TrimSpace(r); r != "" {
			d.Rules = append(d.Rules, r)
		}
	}
	d.Reason = strings.Join(fields[1:], " ")
	return d, true
}
