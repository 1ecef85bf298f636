// Package termsafe makes untrusted text inert on a terminal and in
// line-oriented outputs (text reports, GitHub workflow commands, error
// messages). It is the one sanitizer every text-like output of tollgate goes
// through: render uses it for report text, the command uses it for
// everything it prints on standard error.
package termsafe

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Unsafe reports whether r must never reach a terminal or a line-oriented
// output raw: C0 and C1 control characters and DEL (escape sequences, bell,
// carriage return, newline), the bidirectional formatting characters behind
// "Trojan Source" attacks (embeddings, overrides, isolates and marks), and
// the Unicode line and paragraph separators.
func Unsafe(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || Bidi(r) || r == '\u2028' || r == '\u2029'
}

// Bidi reports the bidirectional embedding, override, isolate and mark
// characters, which reorder what a reader sees without changing the bytes.
func Bidi(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') || r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// Escape returns s with every unsafe rune written as a Go escape (\x1b, \a,
// \n, \u202e) and every invalid UTF-8 byte as \xNN: one line, safe to print
// on a terminal, and still telling the reader exactly what the bytes were.
func Escape(s string) string {
	return Sanitize(s, Rules{Escape: Unsafe})
}

// Line is the form for one-line fields of a document (a Markdown or HTML
// table cell, a SARIF message, a GitHub annotation), where a line break or a
// tab is layout rather than content: tabs and line breaks become spaces,
// other unsafe runes Go escapes, and invalid UTF-8 U+FFFD as in the JSON
// report. max limits the length in runes (0: no limit); longer text is cut
// and ends with an ellipsis.
func Line(s string, max int) string {
	return Sanitize(s, Rules{Max: max, Space: isBreak, Escape: Unsafe, Replace: true})
}

// Text is Escape for messages that may span lines: newlines and tabs are
// kept, every other unsafe rune (carriage return included, which would let
// a line overwrite itself) is escaped.
func Text(s string) string {
	return Sanitize(s, Rules{Escape: func(r rune) bool { return Unsafe(r) && r != '\n' && r != '\t' }})
}

func isBreak(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }

// Rules say what Sanitize does with the text it is given.
type Rules struct {
	// Max limits the length in runes; longer text is cut and ends with an
	// ellipsis. Zero means no limit.
	Max int
	// Space, when non-nil, picks runes written as a space.
	Space func(rune) bool
	// Escape picks runes written as Go escapes (\x1b, \u202e).
	Escape func(rune) bool
	// Replace writes a run of invalid UTF-8 bytes as one U+FFFD rather
	// than each byte as \xNN.
	Replace bool
}

// Sanitize is the loop behind Escape, Line and Text, for formats with rules
// of their own (XML forbids more characters): the output is always valid
// UTF-8.
func Sanitize(s string, rules Rules) string {
	if rules.Max == 0 && clean(s, rules) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		invalid := r == utf8.RuneError && size == 1
		if invalid && rules.Replace && i > 0 {
			// A run of invalid bytes is one U+FFFD, as strings.ToValidUTF8 writes it.
			if p, psize := utf8.DecodeLastRuneInString(s[:i]); p == utf8.RuneError && psize == 1 {
				i += size
				continue
			}
		}
		if rules.Max > 0 && n >= rules.Max {
			b.WriteString("…")
			break
		}
		n++
		switch {
		case invalid:
			if rules.Replace {
				b.WriteRune(utf8.RuneError)
			} else {
				b.WriteString(`\x`)
				b.WriteString(hex2(s[i]))
			}
		case rules.Space != nil && rules.Space(r):
			b.WriteByte(' ')
		case rules.Escape != nil && rules.Escape(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func clean(s string, rules Rules) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (rules.Space != nil && rules.Space(r)) || (rules.Escape != nil && rules.Escape(r)) {
			return false
		}
		i += size
	}
	return true
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}

// Writer passes everything written to it through Text before writing it to
// the underlying writer: a stream (standard error) on which no raw escape
// sequence, bidi override or carriage return can appear, whatever the
// messages printed on it quote. A UTF-8 sequence split across writes is held
// back until it is complete.
type Writer struct {
	w       io.Writer
	pending []byte
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write writes p, sanitized. It reports len(p) on success: the caller's
// bytes were all consumed, even when escaping changed their number.
func (w *Writer) Write(p []byte) (int, error) {
	buf := append(w.pending, p...)
	w.pending = nil
	// Hold back an incomplete UTF-8 sequence at the end.
	cut := len(buf)
	for k := 1; k <= utf8.UTFMax-1 && k <= len(buf); k++ {
		c := buf[len(buf)-k]
		if c < utf8.RuneSelf {
			break
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(buf[len(buf)-k:]) {
				cut = len(buf) - k
			}
			break
		}
	}
	if cut < len(buf) {
		w.pending = append([]byte(nil), buf[cut:]...)
	}
	if _, err := io.WriteString(w.w, Text(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Raw returns the writer under w. It is for output the program draws
// itself, such as a progress display's cursor controls, never for text that
// quotes its input.
func (w *Writer) Raw() io.Writer { return w.w }

// Flush writes a held-back incomplete UTF-8 sequence, escaped.
func (w *Writer) Flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	s := Text(string(w.pending))
	w.pending = nil
	_, err := io.WriteString(w.w, s)
	return err
}
