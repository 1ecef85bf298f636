package changerisk

import (
	"github.com/go-git/go-git/v5/plumbing"
)

// SZZ limits: fixes and candidates this large are dropped, as in the SZZ
// literature (huge commits are imports, reformatting or vendoring, and
// their "bugs" are noise).
const (
	szzMaxFixFiles      = 50
	szzMaxFixLines      = 1000
	szzMaxInducingFiles = 200
	szzMaxInducingLines = 20000
)

// run is a stretch of lines sharing one origin: lines from start up to the
// next run's start were introduced by commit index origin (-1: unknown).
type run struct {
	start, origin int32
}

// origins is a file version's line origins, run-length encoded.
type origins struct {
	n    int32
	runs []run
}

func (o *origins) expand(buf []int32) []int32 {
	buf = buf[:0]
	for i, r := range o.runs {
		end := o.n
		if i+1 < len(o.runs) {
			end = o.runs[i+1].start
		}
		for l := r.start; l < end; l++ {
			buf = append(buf, r.origin)
		}
	}
	return buf
}

func compress(lines []int32) origins {
	o := origins{n: int32(len(lines))}
	for i, x := range lines {
		if i == 0 || x != lines[i-1] {
			o.runs = append(o.runs, run{int32(i), x})
		}
	}
	return o
}

// Labels is the result of SZZ on a history.
type Labels struct {
	// Inducing[i] is set when commit i introduced lines a later fix deleted.
	Inducing []bool
	// FixedBy[i] lists the fixes (commit indexes) traced to commit i.
	FixedBy map[int][]int
	// Fixes counts the fix commits used.
	Fixes int
}

// SZZ labels bug-inducing commits: for each fix commit, the non-blank,
// non-comment source lines it deletes or changes are traced to the commit
// that introduced them. Line origins are tracked in one forward pass over
// the history (each file version's origins derived from its parent's and
// the diff's hunks), which is far cheaper than blaming file by file.
func SZZ(h *History) *Labels {
	lb := &Labels{Inducing: make([]bool, len(h.Commits)), FixedBy: map[int][]int{}}
	byBlob := map[plumbing.Hash]*origins{}
	var buf, next []int32
	huge := func(c *Commit, maxFiles, maxLines int) bool {
		files, lines := 0, 0
		for i := range c.Files {
			if c.Files[i].Counted() {
				files++
				lines += int(c.Files[i].Added + c.Files[i].Deleted)
			}
		}
		return files > maxFiles || lines > maxLines
	}
	// uses counts, per blob, the occurrences below that look its origins
	// up; an entry is dropped after its last one. Which entries exist at
	// each lookup is unchanged, so are the labels; what is kept is the
	// origins of the versions still to be changed, not of every version
	// the history ever had (on git/git, most of SZZ's memory).
	uses := map[plumbing.Hash]int32{}
	for _, c := range h.Commits {
		if !c.Diffed {
			for _, mf := range c.MergeFiles {
				uses[mf.NewHash]++
				uses[mf.Hash1]++
				uses[mf.Hash2]++
			}
			continue
		}
		for i := range c.Files {
			if fc := &c.Files[i]; szzTraced(fc) {
				uses[fc.NewHash]++
				if fc.Status != 'A' {
					uses[fc.OldHash]++
				}
			}
		}
	}
	release := func(x plumbing.Hash) {
		if n := uses[x] - 1; n > 0 {
			uses[x] = n
			return
		}
		delete(uses, x)
		delete(byBlob, x)
	}
	for ci, c := range h.Commits {
		if !c.Diffed {
			// A merge: the files both sides changed get their lines' origins
			// from whichever parent each line comes from.
			for _, mf := range c.MergeFiles {
				buf = mergeOrigins(byBlob, mf, buf)
				release(mf.NewHash)
				release(mf.Hash1)
				release(mf.Hash2)
			}
			continue
		}
		useFix := c.Fix && !c.Merge() && !huge(c, szzMaxFixFiles, szzMaxFixLines)
		traced := false
		for i := range c.Files {
			fc := &c.Files[i]
			if !szzTraced(fc) {
				continue
			}
			var t bool
			buf, next, t = lb.file(byBlob, fc, ci, useFix, buf, next)
			traced = traced || t
			release(fc.NewHash)
			if fc.Status != 'A' {
				release(fc.OldHash)
			}
		}
		if traced {
			lb.Fixes++
		}
	}
	for o, fixes := range lb.FixedBy {
		c := h.Commits[o]
		if c.Merge() || huge(c, szzMaxInducingFiles, szzMaxInducingLines) {
			delete(lb.FixedBy, o)
			continue
		}
		_ = fixes
		lb.Inducing[o] = true
	}
	return lb
}

// szzTraced reports whether SZZ follows a file change's line origins.
func szzTraced(fc *FileChange) bool {
	return fc.Kind&KindSource != 0 && fc.Kind&(KindExcluded|KindBinary|KindMissing) == 0 && fc.Status != 'D'
}

// mergeOrigins records the line origins of a file a merge changed relative
// to both parents, each line from the parent it came from.
func mergeOrigins(byBlob map[plumbing.Hash]*origins, mf MergeFile, buf []int32) []int32 {
	if _, ok := byBlob[mf.NewHash]; ok {
		return buf
	}
	var from [2][]int32
	for side, ph := range []plumbing.Hash{mf.Hash1, mf.Hash2} {
		if ph.IsZero() || byBlob[ph] == nil {
			continue
		}
		hs := mf.Hunks1
		if side == 1 {
			hs = mf.Hunks2
		}
		buf = byBlob[ph].expand(buf[:0])
		from[side] = carry(buf, hs, -2, nil)
	}
	merged := from[0]
	if merged == nil || from[1] != nil && len(from[1]) != len(merged) {
		merged = from[1]
	}
	if merged == nil {
		return buf
	}
	for j := range merged {
		switch {
		case from[0] != nil && len(from[0]) == len(merged) && from[0][j] >= 0:
			merged[j] = from[0][j]
		case from[1] != nil && len(from[1]) == len(merged) && from[1][j] >= 0:
			merged[j] = from[1][j]
		default:
			merged[j] = -1 // new in the merge, or of unknown origin
		}
	}
	o := compress(merged)
	byBlob[mf.NewHash] = &o
	return buf
}

// file carries the line origins of commit ci's change fc to its new
// version and, for a fix (useFix), traces the lines it deletes to the
// commits that wrote them; traced reports whether any was.
func (lb *Labels) file(byBlob map[plumbing.Hash]*origins, fc *FileChange, ci int, useFix bool, buf, next []int32) (_, _ []int32, traced bool) {
	if _, ok := byBlob[fc.NewHash]; ok && !useFix {
		return buf, next, false
	}
	if fc.Status == 'A' {
		if _, ok := byBlob[fc.NewHash]; !ok {
			byBlob[fc.NewHash] = &origins{n: fc.Added, runs: []run{{0, int32(ci)}}}
		}
		return buf, next, false
	}
	parent := byBlob[fc.OldHash]
	buf = buf[:0]
	if parent != nil {
		buf = parent.expand(buf)
	} else {
		for l := int32(0); l < fc.OldLines; l++ {
			buf = append(buf, -1)
		}
	}
	if useFix {
		for _, l := range fc.SigDeleted {
			if int(l) < len(buf) && buf[l] >= 0 {
				o := int(buf[l])
				if o == ci {
					continue
				}
				if list := lb.FixedBy[o]; len(list) == 0 || list[len(list)-1] != ci {
					lb.FixedBy[o] = append(list, ci)
				}
				traced = true
			}
		}
	}
	if _, ok := byBlob[fc.NewHash]; ok {
		return buf, next, traced
	}
	next = carry(buf, fc.Hunks, int32(ci), next[:0])
	o := compress(next)
	byBlob[fc.NewHash] = &o
	return buf, next, traced
}

// carry maps a parent version's line origins through the hunks to the new
// version; inserted lines get fill.
func carry(parent []int32, hs []Hunk, fill int32, out []int32) []int32 {
	pos := int32(0)
	for _, hk := range hs {
		for ; pos < hk.OldStart && int(pos) < len(parent); pos++ {
			out = append(out, parent[pos])
		}
		for l := int32(0); l < hk.NewLen; l++ {
			out = append(out, fill)
		}
		pos = hk.OldStart + hk.OldLen
	}
	for ; int(pos) < len(parent); pos++ {
		out = append(out, parent[pos])
	}
	return out
}
