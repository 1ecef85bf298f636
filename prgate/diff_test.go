package prgate

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestUnifiedDiff(t *testing.T) {
	for _, tc := range []struct {
		name      string
		a, b      string
		want      string
		wantFirst int
	}{
		{"equal", "x\n", "x\n", "", 0},
		{"added file", "", "a\nb\n", "--- base/f\n+++ head/f\n@@ -0,0 +1,2 @@\n+a\n+b\n", 1},
		{"removed file", "a\n", "", "--- base/f\n+++ head/f\n@@ -1 +0,0 @@\n-a\n", 0},
		{"one line", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nV\n6\n7\n8\n9\n",
			"--- base/f\n+++ head/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+V\n 6\n 7\n 8\n", 5},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "X\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nY\n",
			"--- base/f\n+++ head/f\n@@ -1,4 +1,4 @@\n-1\n+X\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+Y\n", 1},
		{"deleted at end", "a\nb\n", "a\n", "--- base/f\n+++ head/f\n@@ -1,2 +1 @@\n a\n-b\n", 1},
		{"hostile", "a\n", "a\n\x1b[31mred\u202e\xff\n", "--- base/f\n+++ head/f\n@@ -1 +1,2 @@\n a\n+\\u001b[31mred\\u202e\\xff\n", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, first := unifiedDiff("f", []byte(tc.a), []byte(tc.b))
			if got != tc.want || first != tc.wantFirst {
				t.Errorf("got first %d\n%s\nwant first %d\n%s", first, got, tc.wantFirst, tc.want)
			}
		})
	}
}

func TestUnifiedDiffBounded(t *testing.T) {
	a := strings.Repeat("same\n", 10) + strings.Repeat("old line\n", 5000)
	b := strings.Repeat("same\n", 10) + strings.Repeat("new line with more words\n", 5000) + strings.Repeat("y", 100000)
	got, first := unifiedDiff("f", []byte(a), []byte(b))
	if len(got) > diffMaxBytes+100 || strings.Count(got, "\n") > diffMaxLines+1 {
		t.Errorf("diff is %d bytes, %d lines", len(got), strings.Count(got, "\n"))
	}
	if !strings.Contains(got, "more line(s) of diff not shown") || first != 11 {
		t.Errorf("first %d, no cut note:\n%s", first, got)
	}
}

func FuzzUnifiedDiff(f *testing.F) {
	f.Add("ignore {\n  rule = \"*\"\n}\n", "gate {\n  fail_on = \"low\"\n}\n")
	f.Add("", "x")
	f.Add("a\nb\nc\n", "a\r\nb\x00\nc")
	f.Add("\xff\xfe", "\u202e```\n````")
	f.Add(strings.Repeat("a\n", 3000), strings.Repeat("b\n", 3000))
	f.Fuzz(func(t *testing.T, a, b string) {
		got, first := unifiedDiff("p", []byte(a), []byte(b))
		if a == b {
			if got != "" {
				t.Fatalf("equal inputs gave a diff:\n%s", got)
			}
			return
		}
		if got == "" {
			t.Fatalf("different inputs gave no diff")
		}
		if len(got) > diffMaxBytes+100 {
			t.Fatalf("diff of %d bytes", len(got))
		}
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 in the diff")
		}
		for _, r := range got {
			if r != '\n' && r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)) {
				t.Fatalf("control character %U in the diff", r)
			}
		}
		if n := len(splitText([]byte(b))); first < 0 || first > n {
			t.Fatalf("first changed line %d of %d", first, n)
		}
	})
}

// TestEditScript checks that the edit script rebuilds both sides.
func TestEditScript(t *testing.T) {
	for _, tc := range [][2]string{{"a b c d", "a x c d e"}, {"", "a"}, {"a a a", "a"}, {"x y", "y x"}} {
		a, b := strings.Fields(tc[0]), strings.Fields(tc[1])
		var ra, rb []string
		for _, o := range editScript(a, b) {
			if o.kind != opAdd {
				ra = append(ra, o.text)
			}
			if o.kind != opDel {
				rb = append(rb, o.text)
			}
		}
		if strings.Join(ra, " ") != tc[0] || strings.Join(rb, " ") != tc[1] {
			t.Errorf("%q → %q: script rebuilds %q → %q", tc[0], tc[1], ra, rb)
		}
	}
}
