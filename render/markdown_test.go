package render

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

func TestMarkdownGolden(t *testing.T) {
	got := renderFormat(t, "markdown", fixture())
	golden(t, "report.md", got)
	checkMarkdownSafe(t, string(got), false)
}

func TestGitHubSummaryGolden(t *testing.T) {
	got := renderFormat(t, "github-summary", fixture())
	golden(t, "summary.md", got)
	checkMarkdownSafe(t, string(got), false)
}

func TestGitHubSummaryBudget(t *testing.T) {
	r := bigReport(20000)
	got := renderFormat(t, "github-summary", r)
	if len(got) >= 1<<20 {
		t.Fatalf("step summary is %d bytes, want under 1 MiB", len(got))
	}
	if !strings.Contains(string(got), "more in the full report") {
		t.Error("a cut summary must say how much is left out")
	}
	checkMarkdownSafe(t, string(got), false)
}

// allowedTag matches the only HTML our Markdown writes itself.
var allowedTag = regexp.MustCompile(`^(<details>|</details>|<summary>|</summary>|<!-- tollgate:report v1 -->)`)

var mention = regexp.MustCompile(`(^|[^\w])@[A-Za-z0-9]`)

// checkMarkdownSafe checks what every Markdown output promises: valid UTF-8,
// no HTML but our own tags, the report marker only where we write it, no
// @mention, rectangular tables, balanced <details>, and once rendered (even
// with raw HTML allowed, as a permissive host would) no script, no image,
// no javascript: link.
func checkMarkdownSafe(t *testing.T, md string, marker bool) {
	t.Helper()
	if !utf8.ValidString(md) {
		t.Error("output is not valid UTF-8")
	}
	for i := 0; i < len(md); i++ {
		if md[i] != '<' {
			continue
		}
		if !allowedTag.MatchString(md[i:]) {
			end := min(i+40, len(md))
			t.Errorf("raw HTML at byte %d: %q", i, md[i:end])
		}
	}
	wantMarkers := 0
	if marker {
		wantMarkers = 1
		if !strings.HasPrefix(md, "<!-- tollgate:report v1 -->\n") {
			t.Error("the report marker must open the comment")
		}
	}
	if n := strings.Count(md, "<!--"); n != wantMarkers {
		t.Errorf("found %d HTML comment openers, want %d", n, wantMarkers)
	}
	if n, m := strings.Count(md, "<details>"), strings.Count(md, "</details>"); n != m {
		t.Errorf("%d <details> but %d </details>", n, m)
	}
	if m := mention.FindString(md); m != "" {
		t.Errorf("output holds a mention: %q", m)
	}
	checkTables(t, md)

	for _, unsafe := range []bool{false, true} {
		opts := []goldmark.Option{goldmark.WithExtensions(extension.GFM)}
		if unsafe {
			opts = append(opts, goldmark.WithRendererOptions(html.WithUnsafe()))
		}
		var out bytes.Buffer
		if err := goldmark.New(opts...).Convert([]byte(md), &out); err != nil {
			t.Fatal(err)
		}
		h := strings.ToLower(out.String())
		bad := []string{"<script", "<img", "href=\"javascript:", "<a href", "<h2>forged"}
		if !marker || !unsafe {
			bad = append(bad, "<!-- tollgate")
		}
		for _, bad := range bad {
			if strings.Contains(h, bad) {
				i := strings.Index(h, bad)
				t.Errorf("rendered Markdown (unsafe=%v) contains %q: %q", unsafe, bad, h[max(0, i-60):min(len(h), i+60)])
			}
		}
	}
}

// checkTables checks that every row of each table has the header's number
// of cells, counting unescaped pipes.
func checkTables(t *testing.T, md string) {
	t.Helper()
	want := -1
	for i, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		n := 0
		for j := 0; j < len(line); j++ {
			switch line[j] {
			case '\\':
				j++
			case '|':
				n++
			}
		}
		if want < 0 {
			want = n
		} else if n != want {
			t.Errorf("line %d: table row has %d pipes, header %d: %q", i+1, n, want, line)
		}
	}
}

func TestMDText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain words", "plain words"},
		{"@org/team", "@\u200borg/team"},
		{"x (@org)", "x \\(@\u200borg\\)"},
		{"mod@v1.2", "mod@\u200bv1.2"},
		{"a#1", "a\\#1"},
		{"a|b", `a\|b`},
		{"<!-- x -->", `&lt;\!\-\- x \-\-&gt;`},
		{"fix #12", "fix \\#\u200b12"},
		{"see https://x.y", "see https:\u200b//x.y"},
		{"www.x.y", "www.\u200bx.y"},
		{"bad\xffbyte", "bad\uFFFDbyte"},
		{"a\nb", "a b"},
		{"\u202eevil", `\\u202eevil`},
		{"[x](javascript:y)", `\[x\]\(javascript:y\)`},
	} {
		if got := mdText(tc.in, 0); got != tc.want {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := mdText(strings.Repeat("x", 50), 10); got != strings.Repeat("x", 10)+"…" {
		t.Errorf("cut: %q", got)
	}
}

func FuzzMDText(f *testing.F) {
	for _, s := range []string{hScript, hImg, hMention, hMarker, hPipe, hDetails, hJSLink, hInvalid, hBidi, hNewline, "mod/v2@v2.0.0", "a@b.co"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		md := "| a |\n|---|\n| " + mdText(s, 0) + " |\n"
		checkMarkdownSafe(t, md, false)
	})
}
