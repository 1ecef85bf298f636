package lineindex

import (
	"bytes"
	"testing"
)

func TestLineMatchesSplit(t *testing.T) {
	for _, src := range []string{"", "a", "a\n", "a\nbb\n\nccc", "\n\n", "x\r\ny"} {
		x := New([]byte(src))
		want := bytes.Split([]byte(src), []byte("\n"))
		if len(x) != len(want) {
			t.Fatalf("%q: %d lines, want %d", src, len(x), len(want))
		}
		for i, w := range want {
			if got := x.Line([]byte(src), i+1); !bytes.Equal(got, w) {
				t.Errorf("%q line %d = %q, want %q", src, i+1, got, w)
			}
		}
		if x.Line([]byte(src), 0) != nil || x.Line([]byte(src), len(want)+1) != nil {
			t.Errorf("%q: a line out of range is not nil", src)
		}
	}
}

func TestLineCannotGrowIntoSource(t *testing.T) {
	src := []byte("ab\ncd")
	l := New(src).Line(src, 1)
	_ = append(l, 'X')
	if string(src) != "ab\ncd" {
		t.Errorf("append to a line changed the source: %q", src)
	}
}

func FuzzLine(f *testing.F) {
	f.Add([]byte("a\nb\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		x := New(src)
		want := bytes.Split(src, []byte("\n"))
		for i, w := range want {
			if got := x.Line(src, i+1); !bytes.Equal(got, w) {
				t.Fatalf("line %d = %q, want %q", i+1, got, w)
			}
		}
	})
}
