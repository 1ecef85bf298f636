package changerisk

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// sentinelDir makes a directory with one file and returns a check that
// fails the test when anything in it changed: tollgate must never create,
// change or delete a file there.
func sentinelDir(t *testing.T) (string, func()) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.json"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, func() {
		t.Helper()
		ents, _ := os.ReadDir(dir)
		if len(ents) != 1 || ents[0].Name() != "keep.json" {
			t.Errorf("the sentinel directory changed: %v", ents)
		}
		if b, err := os.ReadFile(filepath.Join(dir, "keep.json")); err != nil || string(b) != "precious" {
			t.Errorf("the sentinel file changed: %q, %v", b, err)
		}
	}
}

// TestCacheGoesWhereTheUserSays: the records land below the cache
// directory given, in a folder named after the repository, and nothing is
// written into the repository.
func TestCacheGoesWhereTheUserSays(t *testing.T) {
	f := buildFixture(t)
	base := t.TempDir()
	r, err := Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := r.Walk(context.Background(), WalkOptions{CacheDir: base})
	if err != nil || h.CacheError != nil {
		t.Fatalf("walk: %v, cache error %v", err, h.CacheError)
	}
	dir := r.CachePath(WalkOptions{CacheDir: base})
	rel, err := filepath.Rel(base, dir)
	if err != nil || !strings.HasPrefix(rel, "risk"+string(filepath.Separator)+filepath.Base(f.dir)+"-") {
		t.Errorf("cache folder %q is not risk/<repository name>-<digest> below %q", dir, base)
	}
	if _, err := os.Stat(filepath.Join(dir, cacheFile)); err != nil {
		t.Errorf("no cache file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.dir, ".git", "tollgate")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the walk wrote into the git directory: %v", err)
	}
	// Without a cache directory, nothing is written anywhere.
	if r.CachePath(WalkOptions{}) != "" || r.CachePath(WalkOptions{CacheDir: base, NoCache: true}) != "" {
		t.Error("a cache path without a cache directory")
	}
	// Another repository gets another folder.
	g := newTestRepo(t)
	g.write("a.go", "package a\n")
	g.commit("one", "Ada")
	r2, err := Open(g.dir)
	if err != nil {
		t.Fatal(err)
	}
	if r2.CachePath(WalkOptions{CacheDir: base}) == dir {
		t.Error("two repositories share a cache folder")
	}
}

// TestCacheRefusesPlantedLinks: when the folder tollgate adds below the
// cache directory is a link (the user put the cache inside a repository
// that commits one), nothing is written through it; the walk still works.
func TestCacheRefusesPlantedLinks(t *testing.T) {
	out, check := sentinelDir(t)
	f := buildFixture(t)
	base := t.TempDir()
	r, err := Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	dir := r.CachePath(WalkOptions{CacheDir: base})
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(out, dir); err != nil {
		t.Fatal(err)
	}
	h, err := r.Walk(context.Background(), WalkOptions{CacheDir: base})
	if err != nil {
		t.Fatal(err)
	}
	if h.CacheError == nil {
		t.Error("a cache written through a link")
	}
	if len(h.Commits) != 12 {
		t.Errorf("walked %d commits, want 12", len(h.Commits))
	}
	// Results are not remembered through it either.
	m, ok := MemoFor(f.dir, "HEAD", Options{Walk: WalkOptions{CacheDir: base}})
	if !ok {
		t.Fatal("no memo")
	}
	if err := m.Save([]byte("{}")); err == nil {
		t.Error("a result written through a link")
	}
	// A cache file that is a link out is not read.
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(out, "keep.json"), filepath.Join(dir, cacheFile)); err != nil {
		t.Fatal(err)
	}
	if got := loadCache(base, r.cacheSub()); len(got) != 0 {
		t.Errorf("read %d records through a link", len(got))
	}
	check()
}

// TestCacheFileNotRegular: a FIFO in place of the cache file neither
// blocks the walk nor breaks it.
func TestCacheFileNotRegular(t *testing.T) {
	f := buildFixture(t)
	base := t.TempDir()
	r, err := Open(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	dir := r.CachePath(WalkOptions{CacheDir: base})
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, cacheFile), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := r.Walk(context.Background(), WalkOptions{CacheDir: base})
	if err != nil || h.Walked != 12 {
		t.Fatalf("walk over a FIFO cache: %v, walked %d", err, h.Walked)
	}
	// The FIFO was replaced by the new cache file.
	if st, err := os.Lstat(filepath.Join(dir, cacheFile)); err != nil || !st.Mode().IsRegular() {
		t.Errorf("cache file after the walk: %v, %v", st, err)
	}
}

// TestMemoRemovesOnlyWhatItWrote: past maxMemos the oldest results listed
// in the manifest go; files tollgate did not write stay, whatever their
// names, and links are never followed.
func TestMemoRemovesOnlyWhatItWrote(t *testing.T) {
	out, check := sentinelDir(t)
	base := t.TempDir()
	sub := "risk/x-0/results"
	dir := filepath.Join(base, filepath.FromSlash(sub))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	planted := strings.Repeat("ab", 16) + ".json"
	for name, content := range map[string]string{"notes.json": "mine", planted: "mine too"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(out, "keep.json"), filepath.Join(dir, strings.Repeat("cd", 16)+".json")); err != nil {
		t.Fatal(err)
	}
	key := func(i int) string {
		return strings.Repeat("0", 30) + string("0123456789abcdef"[i/16]) + string("0123456789abcdef"[i%16])
	}
	// The manifest also lists the link's name, as if tampered with: it is
	// refused at removal, not followed.
	if err := os.WriteFile(filepath.Join(dir, memoManifest), []byte(strings.Repeat("cd", 16)+"\n../../escape\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	n := maxMemos + 8
	for i := 0; i < n; i++ {
		m := &Memo{base: base, sub: sub, key: key(i)}
		if err := m.Save([]byte(`{"n":` + string(rune('0'+i%10)) + `}`)); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		m := &Memo{base: base, sub: sub, key: key(i)}
		got := m.Load() != nil
		if want := i >= n-maxMemos; got != want {
			t.Errorf("result %d kept = %v, want %v", i, got, want)
		}
	}
	for _, name := range []string{"notes.json", planted, strings.Repeat("cd", 16) + ".json"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was removed: %v", name, err)
		}
	}
	check()
}

func TestDefaultCacheDir(t *testing.T) {
	env := t.TempDir()
	t.Setenv(CacheEnv, env)
	if got := DefaultCacheDir(); got != env {
		t.Errorf("with $%s: %q", CacheEnv, got)
	}
	t.Setenv(CacheEnv, "")
	xdg := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", xdg)
	if got := DefaultCacheDir(); got != filepath.Join(xdg, "tollgate") {
		t.Errorf("with $XDG_CACHE_HOME: %q", got)
	}
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "")
	if got := DefaultCacheDir(); got != "" {
		t.Errorf("without a user cache directory: %q, want none", got)
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"tollgate": "tollgate", "..": "repo", "": "repo", "a/b\x1b[31m": "ab31m",
		".hidden": "hidden", strings.Repeat("x", 40): strings.Repeat("x", 32), "é-1.2": "-1.2",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLargeBlobCountedNotRead: a blob over the size limit, committed as a
// loose object, is counted by its header's size but never read: the walk
// allocates a fraction of its size, and the file counts as binary.
func TestLargeBlobCountedNotRead(t *testing.T) {
	r := newTestRepo(t)
	r.write("small.txt", "hello\n")
	r.commit("first", "Ada")
	const lines = 400_000 // 20 MB of text
	var b strings.Builder
	for i := 0; i < lines; i++ {
		b.WriteString("line of a large generated text file, number ")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString("\n")
	}
	big := b.String()
	r.write("big.txt", big)
	tip := r.commit("add a big file", "Ada")
	b.Reset()
	big = ""
	repo, err := Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	walk := func(limit int64) (*FileChange, uint64) {
		t.Helper()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		h, err := repo.Walk(context.Background(), WalkOptions{MaxBlobSize: limit, Workers: 1})
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		c := h.Commits[h.Index(tip)]
		for i := range c.Files {
			if c.Files[i].Path == "big.txt" {
				return &c.Files[i], after.TotalAlloc - before.TotalAlloc
			}
		}
		t.Fatalf("big.txt not in %+v", c.Files)
		return nil, 0
	}
	fc, alloc := walk(1 << 20)
	if fc.Kind&KindBinary == 0 || fc.Added != 0 {
		t.Errorf("a blob over the limit was diffed: kind %b, added %d", fc.Kind, fc.Added)
	}
	if alloc > 8<<20 {
		t.Errorf("the walk allocated %d MiB for a blob over the limit", alloc>>20)
	}
	// Raised over the blob's size, the same walk reads and counts it: the
	// measure above can fail.
	fc, alloc = walk(64 << 20)
	if fc.Kind&KindBinary != 0 || fc.Added != lines {
		t.Errorf("a blob under the limit: kind %b, added %d, want %d", fc.Kind, fc.Added, lines)
	}
	if alloc < 20<<20 {
		t.Errorf("reading the blob allocated only %d MiB", alloc>>20)
	}
}

// looseObject returns the file of a loose object, made writable.
func looseObject(t *testing.T, dir string, h plumbing.Hash) string {
	t.Helper()
	p := filepath.Join(dir, ".git", "objects", h.String()[:2], h.String()[2:])
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// damagedRepo makes three commits changing a.go and returns the repository
// with the blob of the second version, which the tip's diff reads.
func damagedRepo(t *testing.T) (r *testRepo, first, second, tip, blob plumbing.Hash) {
	r = newTestRepo(t)
	r.write("a.go", "package a\n")
	first = r.commit("one", "Ada")
	r.write("a.go", "package a\n\nvar x = 1\n")
	second = r.commit("two", "Ada")
	r.write("a.go", "package a\n\nvar x = 2\n")
	tip = r.commit("three", "Ada")
	co, err := r.repo.CommitObject(second)
	if err != nil {
		t.Fatal(err)
	}
	f, err := co.File("a.go")
	if err != nil {
		t.Fatal(err)
	}
	return r, first, second, tip, f.Hash
}

func TestDamagedBlobIsDamagedNotMissing(t *testing.T) {
	r, _, _, tip, blob := damagedRepo(t)
	if err := os.WriteFile(looseObject(t, r.dir, blob), []byte("not zlib at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	repo, err := Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	h, err := repo.Walk(context.Background(), WalkOptions{CacheDir: base})
	if err != nil {
		t.Fatal(err)
	}
	if h.Shallow || h.Missing != 0 {
		t.Errorf("damage reported as a cut history: shallow %v, missing %d", h.Shallow, h.Missing)
	}
	if len(h.Damaged) != 1 || h.Damaged[0].Hash != blob {
		t.Fatalf("damaged = %v, want %s", h.Damaged, blob)
	}
	if msg := h.Damaged[0].Error(); !strings.HasPrefix(msg, "object "+blob.String()+" is damaged: ") {
		t.Errorf("message %q", msg)
	}
	c := h.Commits[h.Index(tip)]
	if c.Damaged == nil || len(c.Files) != 1 || c.Files[0].Kind&KindMissing == 0 {
		t.Errorf("tip: damaged %v, files %+v", c.Damaged, c.Files)
	}
	// The damaged commits are not cached: the next walk finds it again.
	again, err := repo.Walk(context.Background(), WalkOptions{CacheDir: base})
	if err != nil || len(again.Damaged) != 1 {
		t.Fatalf("second walk: %v, damaged %v", err, again.Damaged)
	}
	if again.Walked != 2 {
		t.Errorf("second walk diffed %d commits, want the 2 that read the damaged blob", again.Walked)
	}
}

func TestDamagedTreeAndCommit(t *testing.T) {
	r, first, second, tip, _ := damagedRepo(t)
	co, err := r.repo.CommitObject(second)
	if err != nil {
		t.Fatal(err)
	}
	// A truncated tree: the commits diffing it are damaged, not cut.
	p := looseObject(t, r.dir, co.TreeHash)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	repo, err := Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := repo.Walk(context.Background(), WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Shallow || h.Missing != 0 || len(h.Damaged) != 1 || h.Damaged[0].Hash != co.TreeHash {
		t.Errorf("damaged tree: shallow %v, missing %d, damaged %v", h.Shallow, h.Missing, h.Damaged)
	}
	// A damaged commit below the tip: reported damaged, not as a shallow clone.
	if err := os.WriteFile(looseObject(t, r.dir, first), []byte{0x78, 0x9c, 1, 2, 3}, 0o644); err != nil {
		t.Fatal(err)
	}
	h, err = repo.Walk(context.Background(), WalkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Shallow {
		t.Error("a damaged commit reported as a shallow clone")
	}
	found := false
	for _, d := range h.Damaged {
		found = found || d.Hash == first
	}
	if !found {
		t.Errorf("damaged = %v, want %s among them", h.Damaged, first)
	}
	// A damaged tip: the walk fails, naming the damage.
	if err := os.WriteFile(looseObject(t, r.dir, tip), []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = repo.Walk(context.Background(), WalkOptions{})
	var de *DamagedError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "object "+tip.String()+" is damaged") {
		t.Errorf("damaged tip: %v", err)
	}
}
