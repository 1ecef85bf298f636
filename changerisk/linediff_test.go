package changerisk

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// applyHunks rebuilds b from a and the hunks, to check that they describe a
// real edit script.
func applyHunks(a, b []string, hs []Hunk) []string {
	var out []string
	pos := 0
	for _, h := range hs {
		out = append(out, a[pos:h.OldStart]...)
		out = append(out, b[h.NewStart:h.NewStart+h.NewLen]...)
		pos = int(h.OldStart + h.OldLen)
	}
	return append(out, a[pos:]...)
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func TestDiffLines(t *testing.T) {
	cases := []struct {
		a, b     string
		add, del int
	}{
		{"", "", 0, 0},
		{"a\n", "a\n", 0, 0},
		{"", "a\nb\n", 2, 0},
		{"a\nb\n", "", 0, 2},
		{"a\nb\nc\n", "a\nc\n", 0, 1},
		{"a\nb\nc\n", "a\nx\nc\n", 1, 1},
		{"a\nb\nc\nd\n", "b\nc\nd\ne\n", 1, 1},
		{"a\nb", "a\nb\n", 1, 1},
		{"x\ny\nz\n", "p\nq\n", 2, 3},
		{"a\nb\na\nb\na\n", "b\na\nb\na\nb\n", 1, 1},
	}
	for _, c := range cases {
		hs := diffLines([]byte(c.a), []byte(c.b))
		add, del := hunkCounts(hs)
		if add != c.add || del != c.del {
			t.Errorf("diff(%q, %q) = +%d -%d, want +%d -%d (%v)", c.a, c.b, add, del, c.add, c.del, hs)
		}
		got := applyHunks(lines(c.a), lines(c.b), hs)
		if strings.Join(got, "\n") != strings.Join(lines(c.b), "\n") {
			t.Errorf("hunks of diff(%q, %q) rebuild %q", c.a, c.b, got)
		}
	}
}

func TestDiffLinesRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alpha := []string{"a", "b", "c", "d", "e", "f", "g"}
	for i := 0; i < 2000; i++ {
		var a, b []string
		for j := r.IntN(30); j > 0; j-- {
			a = append(a, alpha[r.IntN(len(alpha))])
		}
		b = append(b, a...)
		for j := r.IntN(6); j > 0; j-- {
			switch p := r.IntN(len(b) + 1); r.IntN(3) {
			case 0:
				b = append(b[:p], append([]string{alpha[r.IntN(len(alpha))] + "x"}, b[p:]...)...)
			case 1:
				if p < len(b) {
					b = append(b[:p], b[p+1:]...)
				}
			default:
				b = append(b[:p], append([]string{alpha[r.IntN(len(alpha))]}, b[p:]...)...)
			}
		}
		as, bs := strings.Join(a, "\n"), strings.Join(b, "\n")
		if len(a) > 0 {
			as += "\n"
		}
		if len(b) > 0 {
			bs += "\n"
		}
		hs := diffLines([]byte(as), []byte(bs))
		got := applyHunks(a, b, hs)
		if strings.Join(got, "|") != strings.Join(b, "|") {
			t.Fatalf("case %d: hunks %v of %q -> %q rebuild %q", i, hs, a, b, got)
		}
		// A minimal script: its length is the LCS distance.
		add, del := hunkCounts(hs)
		if want := len(a) + len(b) - 2*lcs(a, b); add+del != want {
			t.Fatalf("case %d: %q -> %q: +%d -%d, want %d edits", i, a, b, add, del, want)
		}
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}
