package changerisk

import (
	"bytes"
	"hash/maphash"
	"slices"
)

// Hunk is one region that differs between two versions of a file: OldLen
// lines from OldStart (0-based) were replaced by NewLen lines at NewStart.
type Hunk struct {
	OldStart, OldLen, NewStart, NewLen int32
}

// maxEditCost caps the Myers search, like git's xdiff cost cap: past it the
// remaining middle of the file is reported as one replaced block. The counts
// then exceed a minimal diff's, as git's do on full rewrites.
const maxEditCost = 1000

var lineSeed = maphash.MakeSeed()

// splitLines splits data into lines, each with its newline, so that a
// final line without one differs from the same line with one, as in git.
func splitLines(data []byte) [][]byte {
	if len(data) == 0 {
		return nil
	}
	n := bytes.Count(data, []byte{'\n'})
	if data[len(data)-1] != '\n' {
		n++
	}
	out := make([][]byte, 0, n)
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			out = append(out, data)
			break
		}
		out = append(out, data[:i+1])
		data = data[i+1:]
	}
	return out
}

// countLines returns the number of lines in data, as splitLines would.
func countLines(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	n := bytes.Count(data, []byte{'\n'})
	if data[len(data)-1] != '\n' {
		n++
	}
	return n
}

// diffLines returns the hunks that turn a into b: the common prefix and
// suffix are trimmed, the lines in between hashed, and a Myers edit script
// computed up to maxEditCost.
func diffLines(a, b []byte) []Hunk {
	if bytes.Equal(a, b) {
		return nil
	}
	al, bl := splitLines(a), splitLines(b)
	pre := 0
	for pre < len(al) && pre < len(bl) && bytes.Equal(al[pre], bl[pre]) {
		pre++
	}
	suf := 0
	for suf < len(al)-pre && suf < len(bl)-pre && bytes.Equal(al[len(al)-1-suf], bl[len(bl)-1-suf]) {
		suf++
	}
	am, bm := al[pre:len(al)-suf], bl[pre:len(bl)-suf]
	if len(am) == 0 || len(bm) == 0 {
		if len(am) == 0 && len(bm) == 0 {
			return nil
		}
		return []Hunk{{OldStart: int32(pre), OldLen: int32(len(am)), NewStart: int32(pre), NewLen: int32(len(bm))}}
	}
	ah, bh := hashLines(am), hashLines(bm)
	hs := myers(ah, bh)
	for i := range hs {
		hs[i].OldStart += int32(pre)
		hs[i].NewStart += int32(pre)
	}
	return hs
}

func hashLines(ls [][]byte) []uint64 {
	out := make([]uint64, len(ls))
	for i, l := range ls {
		out[i] = maphash.Bytes(lineSeed, l)
	}
	return out
}

// myers computes a minimal edit script between a and b with the greedy
// algorithm of Myers (1986). Lines found on one side only cannot match, so
// they are set aside first, as git's xdiff does: that shrinks the search on
// rewrites. Past maxEditCost it gives up and replaces everything.
func myers(a, b []uint64) []Hunk {
	inA := make(map[uint64]struct{}, len(a))
	for _, h := range a {
		inA[h] = struct{}{}
	}
	inB := make(map[uint64]struct{}, len(b))
	for _, h := range b {
		inB[h] = struct{}{}
	}
	var ra, rb []uint64
	var ia, ib []int32
	for i, h := range a {
		if _, ok := inB[h]; ok {
			ra = append(ra, h)
			ia = append(ia, int32(i))
		}
	}
	for i, h := range b {
		if _, ok := inA[h]; ok {
			rb = append(rb, h)
			ib = append(ib, int32(i))
		}
	}
	matches, ok := myersMatches(ra, rb)
	if !ok {
		return []Hunk{{OldStart: 0, OldLen: int32(len(a)), NewStart: 0, NewLen: int32(len(b))}}
	}
	// Hunks are the gaps between consecutive matched lines.
	var hs []Hunk
	px, py := int32(0), int32(0)
	for _, m := range matches {
		x, y := ia[m[0]], ib[m[1]]
		if x > px || y > py {
			hs = append(hs, Hunk{OldStart: px, OldLen: x - px, NewStart: py, NewLen: y - py})
		}
		px, py = x+1, y+1
	}
	if int(px) < len(a) || int(py) < len(b) {
		hs = append(hs, Hunk{OldStart: px, OldLen: int32(len(a)) - px, NewStart: py, NewLen: int32(len(b)) - py})
	}
	return hs
}

// myersMatches returns the matched index pairs of a minimal edit script, in
// order, or false when the edit distance exceeds maxEditCost.
func myersMatches(a, b []uint64) ([][2]int32, bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil, true
	}
	maxD := n + m
	if maxD > maxEditCost {
		maxD = maxEditCost
	}
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	// trace[d] holds the frontier after round d, for k in -d..d.
	trace := make([][]int32, 0, 64)
	found := -1
	for d := 0; d <= maxD && found < 0; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1])
			} else {
				x = int(v[off+k-1]) + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
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
		// The snake after the move ends at (x, y).
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

// hunkCounts sums the lines added and deleted by hunks.
func hunkCounts(hs []Hunk) (added, deleted int) {
	for _, h := range hs {
		added += int(h.NewLen)
		deleted += int(h.OldLen)
	}
	return added, deleted
}
