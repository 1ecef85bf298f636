package policy

import (
	"fmt"
	"strings"
	"unicode"
)

// cleanLine makes text from a policy file safe on a terminal: one line of
// valid UTF-8 in which control characters (ESC, BEL, line breaks) and
// bidirectional overrides are written as \u escapes, so that a hostile
// policy can neither drive the terminal nor reorder what the reader sees.
func cleanLine(s string) string {
	clean := true
	for _, r := range s {
		if r == '\uFFFD' || unicode.IsControl(r) || isBidi(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) || isBidi(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isBidi reports the bidirectional embedding, override and isolate
// characters behind "Trojan Source" attacks, and the line and paragraph
// separators.
func isBidi(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') || r == '\u200e' || r == '\u200f' || r == '\u061c' || r == '\u2028' || r == '\u2029'
}
