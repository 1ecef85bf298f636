package render

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tollgate-dev/tollgate/internal/termsafe"
)

// Everything in a report that came from the scanned repository (paths,
// messages built from YAML and HCL values, commit messages, author names,
// suppression reasons) is untrusted. The helpers in this file make such text
// inert in each format; renderers never write report text any other way.

// zwsp is a zero-width space. GitHub turns "@name", "#123" and bare URLs in
// rendered text into mentions, references and links after Markdown is
// rendered, so backslash escapes cannot stop them; a zero-width space
// between the trigger and what follows does, and is invisible to readers.
const zwsp = "\u200b"

// cleanLine makes s one line of valid UTF-8 with no control or bidirectional
// formatting characters, cut to at most max runes (0 means no limit) with an
// ellipsis: termsafe.Line, the one sanitizer of every text-like output.
// Invalid bytes become U+FFFD; newlines and tabs become spaces; other
// controls and bidi overrides are written as escapes (\x1b, \u202e) so a hostile
// value can neither break a line-oriented format nor reorder what a reader
// sees.
func cleanLine(s string, max int) string { return termsafe.Line(s, max) }

// sanitize is what cleanLine and xmlText share (termsafe.Sanitize): s cut
// to at most max runes (0 means no limit) with an ellipsis, tabs and line
// breaks kept or turned into spaces, invalid bytes as U+FFFD and the runes
// escape picks written as escapes.
func sanitize(s string, max int, keepBreaks bool, escape func(rune) bool) string {
	rules := termsafe.Rules{Max: max, Escape: escape, Replace: true}
	if keepBreaks {
		rules.Escape = func(r rune) bool { return r != '\n' && r != '\r' && r != '\t' && escape(r) }
	} else {
		rules.Space = func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }
	}
	return termsafe.Sanitize(s, rules)
}

// isBidi reports the bidirectional embedding, override and isolate
// characters behind "Trojan Source" attacks.
func isBidi(r rune) bool { return termsafe.Bidi(r) }

// mdText makes untrusted text safe inline Markdown for GitHub and GitLab:
// one line, every ASCII punctuation character that Markdown or GFM gives a
// meaning backslash-escaped, "<", ">" and "&" written as entities (so that
// no raw HTML, no HTML comment and no forged report marker survives, even
// in the raw text a CI step greps), "|" escaped so a table cell cannot be
// split, and mentions, issue references and bare URLs broken with a
// zero-width space. max limits the length in runes (0: no limit).
func mdText(s string, max int) string {
	s = cleanLine(s, max)
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		next := s[i+size:]
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '!', '|', '~', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
			if r == '#' && startsAlnum(next) && !endsAlnum(s[:i]) {
				b.WriteString(zwsp)
			}
		case '@':
			// Always: after a word, GFM makes "name@host.tld" a mailto link.
			b.WriteRune(r)
			if startsAlnum(next) {
				b.WriteString(zwsp)
			}
		case ':':
			b.WriteRune(r)
			if strings.HasPrefix(next, "//") {
				b.WriteString(zwsp)
			}
		case '.':
			b.WriteRune(r)
			// "www.example.com" is autolinked by GFM without a scheme.
			if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
				b.WriteString(zwsp)
			}
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// endsAlnum reports whether s ends with an ASCII letter or digit: GitHub
// links "#12" only after a space or punctuation.
func endsAlnum(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func startsAlnum(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// mdHTML makes untrusted or computed text safe inside an HTML block of a
// Markdown document, such as a <summary> line, where Markdown escapes are
// not processed: HTML entities only, on one line, with mentions broken.
func mdHTML(s string, max int) string {
	s = html.EscapeString(cleanLine(s, max))
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		if (r == '@' || r == '#') && startsAlnum(s[i+size:]) {
			b.WriteString(zwsp)
		}
		i += size
	}
	return b.String()
}

// mdCode writes a trusted identifier, such as a rule ID from the registry,
// as a code span. Anything that could end the span or a table cell falls
// back to mdText.
func mdCode(s string) string {
	if s == "" || strings.ContainsAny(s, "`|<>&\\\n\r@") || !utf8.ValidString(s) || len(s) > 100 {
		return mdText(s, 100)
	}
	return "`" + s + "`"
}

// annotationData escapes the message of a GitHub Actions workflow command:
// line breaks take the workflow-command escapes (%0D, %0A), every other
// control and bidi character the sanitizer's (so none reaches the runner's
// log or the annotation raw), and invalid UTF-8 becomes U+FFFD.
func annotationData(s string) string {
	return annotationEscaper.Replace(annotationClean(s))
}

// annotationProperty escapes a property value (file, title) of a GitHub
// Actions workflow command, where ":" and "," are delimiters too.
func annotationProperty(s string) string {
	return propertyEscaper.Replace(annotationClean(s))
}

func annotationClean(s string) string {
	return sanitize(s, 0, true, termsafe.Unsafe)
}

var (
	annotationEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper   = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)
