package policy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseDirectives(t *testing.T) {
	src := `package x

//tollgate:ignore go/ai-no-deadline the caller sets it
func f() {} // tollgate:ignore go/a,go/b shared reason here
# tollgate:ignore ci/missing-timeout
x: 1 #tollgate:ignore ci/x   spaced   out  
"//tollgate:ignored not a directive"
// not tollgate:ignore x y (prose mention)
/* tollgate:ignore tf/x block comment */
`
	got := ParseDirectives([]byte(src))
	want := []Directive{
		{Line: 3, Col: 1, Rules: []string{"go/ai-no-deadline"}, Reason: "the caller sets it", Text: "//tollgate:ignore go/ai-no-deadline the caller sets it"},
		{Line: 4, Col: 13, Rules: []string{"go/a", "go/b"}, Reason: "shared reason here", Text: "// tollgate:ignore go/a,go/b shared reason here"},
		{Line: 5, Col: 1, Rules: []string{"ci/missing-timeout"}, Text: "# tollgate:ignore ci/missing-timeout"},
		{Line: 6, Col: 6, Rules: []string{"ci/x"}, Reason: "spaced out", Text: "#tollgate:ignore ci/x   spaced   out"},
		{Line: 9, Col: 1, Rules: []string{"tf/x"}, Reason: "block comment", Text: "/* tollgate:ignore tf/x block comment */"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseDirectives mismatch (-want +got):\n%s", diff)
	}
}

func FuzzParseDirectives(f *testing.F) {
	f.Add([]byte("//tollgate:ignore go/x reason\n"))
	f.Add([]byte("# tollgate:ignore ci/a,ci/b why\nfoo: bar # tollgate:ignore\n"))
	f.Add([]byte("/* tollgate:ignore tf/x */"))
	f.Add([]byte("\xff\xfe#tollgate:ignore \x00"))
	f.Fuzz(func(t *testing.T, src []byte) {
		ds := ParseDirectives(src)
		lines := 1
		for _, c := range src {
			if c == '\n' {
				lines++
			}
		}
		prev := 0
		for _, d := range ds {
			if d.Line < 1 || d.Line > lines || d.Line <= prev {
				t.Fatalf("directive line %d out of order or range (lines=%d, prev=%d)", d.Line, lines, prev)
			}
			prev = d.Line
			if d.Col < 1 {
				t.Fatalf("directive col %d < 1", d.Col)
			}
			for _, r := range d.Rules {
				if r == "" {
					t.Fatal("empty rule in directive")
				}
			}
		}
	})
}
