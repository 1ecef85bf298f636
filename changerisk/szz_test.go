package changerisk

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// TestSZZReleaseKeepsLabels: SZZ drops a blob's line origins after their
// last use; on random histories with files reverted to earlier versions
// (a blob seen again), merges and fixes, the labels are those of a pass
// that keeps every version's origins.
func TestSZZReleaseKeepsLabels(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		h := randomHistory(rand.New(rand.NewPCG(seed, 7)))
		got, want := SZZ(h), szzKeepAll(h)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: labels differ\ngot  %+v\nwant %+v", seed, got, want)
		}
		if seed == 1 && want.Fixes == 0 {
			t.Fatal("the random history traces no fix: the test checks nothing")
		}
	}
}

// randomHistory makes a linear history of 300 commits over a few source
// files, with merges (not diffed, carrying MergeFiles) every so often.
func randomHistory(rng *rand.Rand) *History {
	type file struct {
		path     string
		hash     plumbing.Hash
		n        int32
		versions []plumbing.Hash
		lines    map[plumbing.Hash]int32
	}
	next := 0
	newHash := func() plumbing.Hash {
		next++
		var x plumbing.Hash
		x[0], x[1], x[2] = byte(next>>16), byte(next>>8), byte(next)
		return x
	}
	files := make([]*file, 4)
	for i := range files {
		files[i] = &file{path: string(rune('a'+i)) + ".go", lines: map[plumbing.Hash]int32{}}
	}
	hunks := func(oldN, newN int32) []Hunk {
		// One hunk replacing a middle block; the rest of the lines kept.
		keep := min(oldN, newN) / 2
		start := rng.Int32N(keep + 1)
		return []Hunk{{OldStart: start, OldLen: oldN - keep, NewStart: start, NewLen: newN - keep}}
	}
	h := &History{}
	for ci := 0; ci < 300; ci++ {
		c := &Commit{Diffed: true, Fix: rng.IntN(4) == 0}
		if ci > 0 && rng.IntN(10) == 0 {
			// A merge: one file changed relative to both parents.
			c.Diffed = false
			c.Parents = []plumbing.Hash{{}, {}}
			f := files[rng.IntN(len(files))]
			if f.n == 0 {
				h.Commits = append(h.Commits, c)
				continue
			}
			other := f.hash
			if len(f.versions) > 1 {
				other = f.versions[rng.IntN(len(f.versions))]
			}
			nh, n := newHash(), f.n+rng.Int32N(5)
			c.MergeFiles = []MergeFile{{Path: f.path, NewHash: nh, Hash1: f.hash, Hash2: other,
				Hunks1: hunks(f.n, n), Hunks2: hunks(f.lines[other], n)}}
			f.hash, f.n = nh, n
			f.versions = append(f.versions, nh)
			f.lines[nh] = n
			h.Commits = append(h.Commits, c)
			continue
		}
		for _, f := range files {
			if rng.IntN(3) != 0 {
				continue
			}
			fc := FileChange{Path: f.path, Kind: KindSource, OldHash: f.hash, OldLines: f.n, Status: 'M'}
			switch {
			case f.n == 0:
				fc.Status = 'A'
				fc.NewHash, fc.Added = newHash(), 1+rng.Int32N(30)
			case len(f.versions) > 2 && rng.IntN(5) == 0:
				// Back to an earlier version: a blob seen before.
				fc.NewHash = f.versions[rng.IntN(len(f.versions)-1)]
			default:
				fc.NewHash = newHash()
			}
			n := fc.Added
			if fc.Status == 'M' {
				if l, ok := f.lines[fc.NewHash]; ok {
					n = l
				} else {
					n = max(1, f.n+rng.Int32N(11)-5)
				}
				fc.Hunks = hunks(f.n, n)
				hk := fc.Hunks[0]
				for l := hk.OldStart; l < hk.OldStart+hk.OldLen; l++ {
					if rng.IntN(2) == 0 {
						fc.SigDeleted = append(fc.SigDeleted, l)
					}
				}
				fc.Added, fc.Deleted = hk.NewLen, hk.OldLen
			}
			f.hash, f.n = fc.NewHash, n
			f.versions = append(f.versions, fc.NewHash)
			f.lines[fc.NewHash] = n
			c.Files = append(c.Files, fc)
		}
		h.Commits = append(h.Commits, c)
	}
	return h
}

// szzKeepAll is SZZ as it was before origins were released: every
// version's origins kept to the end.
func szzKeepAll(h *History) *Labels {
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
	for ci, c := range h.Commits {
		if !c.Diffed {
			for _, mf := range c.MergeFiles {
				buf = mergeOrigins(byBlob, mf, buf)
			}
			continue
		}
		useFix := c.Fix && !c.Merge() && !huge(c, szzMaxFixFiles, szzMaxFixLines)
		traced := false
		for i := range c.Files {
			if fc := &c.Files[i]; szzTraced(fc) {
				var tr bool
				buf, next, tr = lb.file(byBlob, fc, ci, useFix, buf, next)
				traced = traced || tr
			}
		}
		if traced {
			lb.Fixes++
		}
	}
	for o := range lb.FixedBy {
		c := h.Commits[o]
		if c.Merge() || huge(c, szzMaxInducingFiles, szzMaxInducingLines) {
			delete(lb.FixedBy, o)
			continue
		}
		lb.Inducing[o] = true
	}
	return lb
}
