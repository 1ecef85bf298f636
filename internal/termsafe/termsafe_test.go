package termsafe

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile holds what a scanned repository can put in a file name, a YAML
// value or a commit message to drive a terminal or reorder what it shows.
const hostile = "a\x1b[31mred\x07bell\u202eevil\u2066iso\u2028sep\u2029par\u0085c1\x7fdel\r\n\tend\xff\xfe"

func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain/path.yml", "plain/path.yml"},
		{"ünïcödé ok 日本", "ünïcödé ok 日本"},
		{"a\x1b[2Jb", `a\x1b[2Jb`},
		{"bell\x07", `bell\a`},
		{"line\nbreak\r", `line\nbreak\r`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"admin\u202etxt.exe", `admin\u202etxt.exe`},
		{"c1\u0085\u009b", `c1\u0085\u009b`},
		{"sep\u2028\u2029", `sep\u2028\u2029`},
		{"mark\u200e\u200f\u061c", `mark\u200e\u200f\u061c`},
	} {
		if got := Escape(c.in); got != c.want {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLine(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"one\ntwo\tthree\r", 0, "one two three "},
		{"esc\x1b[0m", 0, `esc\x1b[0m`},
		{"bad\xff\xfeutf8", 0, "bad\uFFFDutf8"},
		{"abcdef", 3, "abc…"},
		{"ab\x1bcd", 3, `ab\x1b…`},
		{"abc", 3, "abc"},
	} {
		if got := Line(c.in, c.max); got != c.want {
			t.Errorf("Line(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}

func TestText(t *testing.T) {
	in := "bad policy file:\n\t.tollgate.hcl:3: baseline \"\x1b]8;;http://x\x07x\x1b]8;;\x07\"\r\n"
	want := "bad policy file:\n\t.tollgate.hcl:3: baseline \"\\x1b]8;;http://x\\ax\\x1b]8;;\\a\"\\r\n"
	if got := Text(in); got != want {
		t.Errorf("Text(%q) = %q, want %q", in, got, want)
	}
}

// checkInert fails when s holds a raw unsafe rune other than those allowed,
// or is not valid UTF-8.
func checkInert(t *testing.T, what, s string, allowed ...rune) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s: invalid UTF-8: %q", what, s)
	}
	for _, r := range s {
		if Unsafe(r) && !strings.ContainsRune(string(allowed), r) {
			t.Errorf("%s: raw %U in %q", what, r, s)
			return
		}
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	// Split every multi-byte rune across writes: nothing may be lost or
	// escaped that a single write would have kept.
	in := "é\u202e日本\x1bend\n"
	for i := 0; i < len(in); i++ {
		n, err := w.Write([]byte{in[i]})
		if n != 1 || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "é\\u202e日本\\x1bend\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}

	buf.Reset()
	w.Write([]byte("cut \xe6\x97")) // an incomplete rune, then the end
	w.Flush()
	if want := `cut \xe6\x97`; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{hostile, "", "plain", "\xe6\x97", "%0A::error::x", "\u202e\u2066\u2069"} {
		f.Add(s, 0)
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 0 || max > 1000 {
			max = 0
		}
		checkInert(t, "Escape", Escape(s))
		checkInert(t, "Line", Line(s, max))
		checkInert(t, "Text", Text(s), '\n', '\t')
		if strings.ContainsAny(Line(s, max), "\n\r\t") {
			t.Errorf("Line(%q) spans lines", s)
		}
		// max counts the runes of s; an escape writes at most six.
		if max > 0 && utf8.RuneCountInString(Line(s, max)) > 6*max+1 {
			t.Errorf("Line(%q, %d) is longer than the limit", s, max)
		}
		var buf bytes.Buffer
		w := NewWriter(&buf)
		for i := 0; i < len(s); i += 3 {
			w.Write([]byte(s[i:min(i+3, len(s))]))
		}
		w.Flush()
		checkInert(t, "Writer", buf.String(), '\n', '\t')
	})
}

func TestHostileInert(t *testing.T) {
	checkInert(t, "Escape", Escape(hostile))
	checkInert(t, "Line", Line(hostile, 0))
	checkInert(t, "Text", Text(hostile), '\n', '\t')
}
