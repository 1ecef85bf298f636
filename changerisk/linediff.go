package changerisk

import (
	"bytes"
	"hash/maphash"
	"slices"
	"sync"
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

// maxDiffWork caps the steps of one Myers search (frontier moves and
// matched lines followed): with few distinct lines, a long file costs
// (N+M)·D steps even under maxEditCost, and a hostile repository could
// make each diff take seconds. Past it, as past maxEditCost, the middle is
// one replaced block.
const maxDiffWork = 8 << 20

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

// lineHashes hashes each line of data (with its newline), in one pass.
func lineHashes(data []byte, buf []uint64) []uint64 {
	buf = buf[:0]
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			buf = append(buf, maphash.Bytes(lineSeed, data))
			break
		}
		buf = append(buf, maphash.Bytes(lineSeed, data[:i+1]))
		data = data[i+1:]
	}
	return buf
}

// diffLines returns the hunks that turn a into b.
func diffLines(a, b []byte) []Hunk {
	if bytes.Equal(a, b) {
		return nil
	}
	return diffHashes(lineHashes(a, nil), lineHashes(b, nil))
}

// diffHashes returns the hunks that turn the lines hashed in a into those
// of b: the common prefix and suffix are trimmed and a Myers edit script
// computed on the middle, up to maxEditCost. Lines are compared by their
// 64-bit hashes; a collision would at worst hide one changed line.
func diffHashes(a, b []uint64) []Hunk {
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
	hs := myers(am, bm)
	for i := range hs {
		hs[i].OldStart += int32(pre)
		hs[i].NewStart += int32(pre)
	}
	return hs
}

// myers computes a minimal edit script between a and b with the greedy
// algorithm of Myers (1986). Lines found on one side only cannot match, so
// they are set aside first, as git's xdiff does: that shrinks the search on
// rewrites. Past maxEditCost it gives up and replaces everything.
func myers(a, b []uint64) []Hunk {
	s := scratchPool.Get().(*diffScratch)
	defer scratchPool.Put(s)
	// Most edits are small: try directly with a low cap first, and set the
	// one-sided lines aside only when that fails.
	if ms, ok := myersMatches(a, b, 64, s); ok {
		return hunksFromMatches(ms, nil, nil, len(a), len(b))
	}
	// A sorted copy of each side answers "is this line on the other side"
	// with a binary search: cheaper than two maps for the sizes seen here.
	sa := append(s.sa[:0], a...)
	sb := append(s.sb[:0], b...)
	slices.Sort(sa)
	slices.Sort(sb)
	in := func(sorted []uint64, h uint64) bool {
		_, ok := slices.BinarySearch(sorted, h)
		return ok
	}
	ra, rb := s.ra[:0], s.rb[:0]
	ia, ib := s.ia[:0], s.ib[:0]
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
	s.sa, s.sb, s.ra, s.rb, s.ia, s.ib = sa, sb, ra, rb, ia, ib
	matches, ok := myersMatches(ra, rb, maxEditCost, s)
	if !ok {
		return []Hunk{{OldStart: 0, OldLen: int32(len(a)), NewStart: 0, NewLen: int32(len(b))}}
	}
	return hunksFromMatches(matches, ia, ib, len(a), len(b))
}

// diffScratch holds the buffers of one line diff, reused from diff to diff
// (the differ runs millions of them on a large history).
type diffScratch struct {
	sa, sb, ra, rb []uint64
	ia, ib         []int32
	v, trace       []int32
	rev            [][2]int32
}

var scratchPool = sync.Pool{New: func() any { return new(diffScratch) }}

// hunksFromMatches turns matched index pairs (mapped through ia and ib when
// they index a reduced sequence) into the gaps between them.
func hunksFromMatches(matches [][2]int32, ia, ib []int32, na, nb int) []Hunk {
	var hs []Hunk
	px, py := int32(0), int32(0)
	for _, m := range matches {
		x, y := m[0], m[1]
		if ia != nil {
			x, y = ia[m[0]], ib[m[1]]
		}
		if x > px || y > py {
			hs = append(hs, Hunk{OldStart: px, OldLen: x - px, NewStart: py, NewLen: y - py})
		}
		px, py = x+1, y+1
	}
	if int(px) < na || int(py) < nb {
		hs = append(hs, Hunk{OldStart: px, OldLen: int32(na) - px, NewStart: py, NewLen: int32(nb) - py})
	}
	return hs
}

// myersMatches returns the matched index pairs of a minimal edit script, in
// order, or false when the edit distance exceeds limit or the search
// maxDiffWork steps.
//
// The matches live in s: they are valid until s is used again.
func myersMatches(a, b []uint64, limit int, s *diffScratch) ([][2]int32, bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil, true
	}
	maxD := n + m
	if maxD > limit {
		maxD = limit
	}
	off := maxD + 1
	v := slices.Grow(s.v[:0], 2*maxD+3)[:2*maxD+3]
	clear(v)
	// The frontier after round d, for k in -d..d, is trace[d*d : d*d+2d+1]
	// (rounds 0..d-1 take d² entries).
	trace := s.trace[:0]
	defer func() { s.v, s.trace = v, trace[:0] }()
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
		trace = append(trace, v[off-d:off+d+1]...)
	}
	if found < 0 {
		return nil, false
	}
	rev := s.rev[:0]
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
		prev := trace[(d-1)*(d-1) : d*d]
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
	s.rev = rev
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
