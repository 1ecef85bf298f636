package changerisk

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// refMyers and refMyersMatches are the line diff as it was before its
// buffers were reused (one allocation per frontier round and per call),
// kept to check that the reuse changes no hunk.
func refMyers(a, b []uint64) []Hunk {
	if ms, ok := refMyersMatches(a, b, 64); ok {
		return hunksFromMatches(ms, nil, nil, len(a), len(b))
	}
	sa, sb := slices.Clone(a), slices.Clone(b)
	slices.Sort(sa)
	slices.Sort(sb)
	in := func(sorted []uint64, h uint64) bool {
		_, ok := slices.BinarySearch(sorted, h)
		return ok
	}
	var ra, rb []uint64
	var ia, ib []int32
	for i, h := range a {
		if in(sb, h) {
			ra = append(ra, h)
			ia = append(ia, int32(i))
		}
	}
	for i, h := range b {
		if in(sa, h) {
			rb = append(rb, h)
			ib = append(ib, int32(i))
		}
	}
	matches, ok := refMyersMatches(ra, rb, maxEditCost)
	if !ok {
		return []Hunk{{OldStart: 0, OldLen: int32(len(a)), NewStart: 0, NewLen: int32(len(b))}}
	}
	return hunksFromMatches(matches, ia, ib, len(a), len(b))
}

func refMyersMatches(a, b []uint64, limit int) ([][2]int32, bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil, true
	}
	maxD := min(n+m, limit)
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	trace := make([][]int32, 0, 64)
	found := -1
	work := 0
	for d := 0; d <= maxD && found < 0; d++ {
		if work > maxDiffWork {
			return nil, false
		}
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1])
			} else {
				x = int(v[off+k-1]) + 1
			}
			y := x - k
			x0 := x
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			work += 1 + x - x0
			v[off+k] = int32(x)
			if x >= n && y >= m {
				found = d
				break
			}
		}
		trace = append(trace, append([]int32(nil), v[off-d:off+d+1]...))
	}
	if found < 0 {
		return nil, false
	}
	var rev [][2]int32
	x, y := n, m
	for d := found; d >= 0; d-- {
		k := x - y
		if d == 0 {
			for x > 0 && y > 0 {
				x--
				y--
				rev = append(rev, [2]int32{int32(x), int32(y)})
			}
			break
		}
		prev := trace[d-1]
		var pk int
		if k == -d || (k != d && prev[k-1+(d-1)] < prev[k+1+(d-1)]) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := int(prev[pk+(d-1)])
		py := px - pk
		sx, sy := px, py+1
		if pk == k-1 {
			sx, sy = px+1, py
		}
		for x > sx && y > sy {
			x--
			y--
			rev = append(rev, [2]int32{int32(x), int32(y)})
		}
		x, y = px, py
	}
	slices.Reverse(rev)
	return rev, true
}

// TestMyersSameAsReference diffs random pairs, from small edits to
// rewrites past both cost caps, one after another so that every call
// reuses buffers a larger or smaller one left behind: the hunks must be
// the reference's, call for call.
func TestMyersSameAsReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 15))
	seq := func(n, alphabet int) []uint64 {
		s := make([]uint64, n)
		for i := range s {
			s[i] = uint64(rng.IntN(alphabet))
		}
		return s
	}
	edit := func(a []uint64, edits, alphabet int) []uint64 {
		b := slices.Clone(a)
		for e := 0; e < edits; e++ {
			switch i := rng.IntN(len(b) + 1); rng.IntN(3) {
			case 0:
				b = slices.Insert(b, i, uint64(rng.IntN(alphabet)))
			case 1:
				if i < len(b) {
					b = slices.Delete(b, i, i+1)
				}
			default:
				if i < len(b) {
					b[i] = uint64(rng.IntN(alphabet))
				}
			}
		}
		return b
	}
	for i := 0; i < 400; i++ {
		n := []int{0, 1, 5, 40, 300, 2000}[i%6]
		alphabet := []int{2, 10, 1000, 1 << 30}[rng.IntN(4)]
		a := seq(n, alphabet)
		var b []uint64
		switch i % 4 {
		case 0:
			b = edit(a, 1+rng.IntN(5), alphabet)
		case 1:
			b = edit(a, 30+rng.IntN(200), alphabet) // past the first cap of 64
		case 2:
			b = seq(rng.IntN(n+1), alphabet) // a rewrite
		default:
			b = edit(a, 1500, alphabet) // past maxEditCost
		}
		got, want := diffHashes(a, b), refDiffHashes(a, b)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d (%d vs %d lines, alphabet %d): hunks\n%v\nwant\n%v", i, len(a), len(b), alphabet, got, want)
		}
	}
}

// refDiffHashes is diffHashes over refMyers.
func refDiffHashes(a, b []uint64) []Hunk {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(am) == 0 || len(bm) == 0 {
		if len(am) == 0 && len(bm) == 0 {
			return nil
		}
		return []Hunk{{OldStart: int32(pre), OldLen: int32(len(am)), NewStart: int32(pre), NewLen: int32(len(bm))}}
	}
	hs := refMyers(am, bm)
	for i := range hs {
		hs[i].OldStart += int32(pre)
		hs[i].NewStart += int32(pre)
	}
	return hs
}
