package changerisk

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// deltaFixture is the walk fixture plus a file rewritten over many
// commits, so that a repack stores most of its versions as deltas.
func deltaFixture(t *testing.T) *fixture {
	f := buildFixture(t)
	body := genLines(300, "// line ")
	for i := 0; i < 12; i++ {
		body = strings.Replace(body, fmt.Sprintf("// line %d\n", i*20), fmt.Sprintf("x := %d // edited\n", i), 1)
		f.write("calc/big.go", "package calc\n\n"+body)
		msg := fmt.Sprintf("edit big %d", i)
		if i%4 == 3 {
			msg = fmt.Sprintf("fix big edit %d", i)
		}
		f.commit(msg, []string{"Ada", "Bob", "Cyd"}[i%3])
	}
	return f
}

// records is what the walk found per commit, in order.
func records(t *testing.T, dir string) []Commit {
	t.Helper()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := r.Walk(context.Background(), WalkOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]Commit, len(h.Commits))
	for i, c := range h.Commits {
		out[i] = *c
	}
	return out
}

func countFiles(t *testing.T, dir, glob string) int {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".git", "objects", glob))
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}

// TestWalkPackedEqualsLoose walks the same history stored as loose objects,
// as one pack with deltas, and as a pack with loose objects on top: the
// per-commit records (files, line counts, hunks, deleted lines, merge
// files) must be identical.
func TestWalkPackedEqualsLoose(t *testing.T) {
	f := deltaFixture(t)
	loose := records(t, f.dir)
	if err := f.repo.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	if n := countFiles(t, f.dir, "pack/*.pack"); n != 1 {
		t.Fatalf("%d packs after repack, want 1", n)
	}
	if n := countFiles(t, f.dir, "??/*"); n != 0 {
		t.Fatalf("%d loose objects left after repack", n)
	}
	packed := records(t, f.dir)
	if !reflect.DeepEqual(loose, packed) {
		t.Fatalf("packed walk differs from the loose one:\n%s", firstDiff(loose, packed))
	}
	// New commits on top of the pack are loose again.
	f.write("calc/big.go", "package calc\n\n"+genLines(310, "// line "))
	f.commit("rewrite big", "Ada")
	mixed := records(t, f.dir)
	if len(mixed) != len(loose)+1 || !reflect.DeepEqual(mixed[:len(loose)], loose) {
		t.Fatalf("walk over pack and loose objects differs:\n%s", firstDiff(loose, mixed[:min(len(mixed), len(loose))]))
	}
	if last := mixed[len(mixed)-1]; len(last.Files) != 1 || last.Files[0].Added == 0 {
		t.Errorf("loose commit on top of the pack: %+v", last.Files)
	}
}

func firstDiff(a, b []Commit) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d commits vs %d", len(a), len(b))
	}
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			return fmt.Sprintf("commit %d %q:\n%+v\n%+v", i, a[i].Message, a[i], b[i])
		}
	}
	return ""
}

// TestPackIndexLookups checks the shared index's lookups against go-git's
// own: the offset of every object, the object at every offset, and misses.
func TestPackIndexLookups(t *testing.T) {
	f := deltaFixture(t)
	if err := f.repo.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	r, err := Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	set := r.newPackSet(DefaultMaxBlobSize)
	if set.loadErr != nil || len(set.packs) != 1 {
		t.Fatalf("pack set: %d packs, %v", len(set.packs), set.loadErr)
	}
	x := set.packs[0]
	dg := dotgit.New(r.st.Filesystem())
	fh, err := dg.ObjectPackIdx(x.name)
	if err != nil {
		t.Fatal(err)
	}
	ref := idxfile.NewMemoryIndex()
	if err := idxfile.NewDecoder(fh).Decode(ref); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	it, err := ref.Entries()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		e, err := it.Next()
		if err != nil {
			break
		}
		n++
		off, err := x.FindOffset(e.Hash)
		if err != nil || off != int64(e.Offset) {
			t.Fatalf("FindOffset(%s) = %d, %v; want %d", e.Hash, off, err, e.Offset)
		}
		h, err := x.FindHash(int64(e.Offset))
		if err != nil || h != e.Hash {
			t.Fatalf("FindHash(%d) = %s, %v; want %s", e.Offset, h, err, e.Hash)
		}
		if ok, _ := x.Contains(e.Hash); !ok {
			t.Fatalf("Contains(%s) = false", e.Hash)
		}
	}
	if n < 40 {
		t.Fatalf("only %d objects in the pack", n)
	}
	var absent plumbing.Hash
	absent[0], absent[19] = 0xff, 0x01
	if ok, _ := x.Contains(absent); ok {
		t.Error("Contains reports an absent object")
	}
	if _, err := x.FindOffset(absent); err != plumbing.ErrObjectNotFound {
		t.Errorf("FindOffset(absent) = %v, want ErrObjectNotFound", err)
	}
	if _, err := x.FindHash(1); err != plumbing.ErrObjectNotFound {
		t.Errorf("FindHash(1) = %v, want ErrObjectNotFound", err)
	}
	// A missing object (a partial clone) is not found, loose or packed.
	o := r.newObjectReader(set)
	defer o.Close()
	if _, err := o.EncodedObject(plumbing.AnyObject, absent); err != plumbing.ErrObjectNotFound {
		t.Errorf("EncodedObject(absent) = %v, want ErrObjectNotFound", err)
	}
	// An object of another type than asked is not found.
	if _, err := o.EncodedObject(plumbing.TreeObject, f.tip); err != plumbing.ErrObjectNotFound {
		t.Errorf("EncodedObject(tree, a commit) = %v, want ErrObjectNotFound", err)
	}
}
