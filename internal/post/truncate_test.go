package post

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func urlParse(s string) (*url.URL, error) { return url.Parse(s) }

func TestTruncate(t *testing.T) {
	short := marker + "\nfits"
	if got, cut := Truncate(short, 100); got != short || cut != 0 {
		t.Errorf("Truncate of a short body = %q, %d", got, cut)
	}
	long := marker + "\n```\n" + strings.Repeat("é line in a fence\n", 200) + "```\n"
	got, cut := Truncate(long, 1000)
	if len(got) > 1000 || cut == 0 || !utf8.ValidString(got) {
		t.Fatalf("Truncate = %d bytes, cut %d, valid UTF-8 %v", len(got), cut, utf8.ValidString(got))
	}
	if !strings.HasPrefix(got, marker) || !strings.Contains(got, "characters left out") {
		t.Errorf("Truncate lost the marker or the note:\n%s", got)
	}
	if strings.Count(got, "```")%2 != 0 {
		t.Errorf("Truncate left a code fence open:\n%s", got)
	}
	// One line longer than the limit is cut at a rune boundary.
	got, _ = Truncate(strings.Repeat("ü", 2000), 500)
	if len(got) > 500 || !utf8.ValidString(got) {
		t.Errorf("Truncate of one long line = %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	// Many open <details> are all closed.
	nested := strings.Repeat("<details>\n<summary>x</summary>\n\n", 50) + strings.Repeat("row\n", 500)
	got, _ = Truncate(nested, 2000)
	if len(got) > 2000 || strings.Count(got, "<details>") != strings.Count(got, "</details>") {
		t.Errorf("Truncate of nested details = %d bytes, %d open, %d closed", len(got), strings.Count(got, "<details>"), strings.Count(got, "</details>"))
	}
}

func FuzzTruncate(f *testing.F) {
	f.Add(marker+"\n<details>\n```\nx\n", 200)
	f.Add(strings.Repeat("ü\n", 300), 150)
	f.Add("", 0)
	f.Fuzz(func(t *testing.T, body string, limit int) {
		if limit < 0 || limit > 1<<20 {
			return
		}
		got, cut := Truncate(body, limit)
		if len(got) > limit {
			t.Fatalf("Truncate(%d bytes, %d) = %d bytes", len(body), limit, len(got))
		}
		if cut == 0 && got != body {
			t.Fatal("nothing cut but the body changed")
		}
		if utf8.ValidString(body) && !utf8.ValidString(got) {
			t.Fatal("Truncate split a rune")
		}
	})
}
