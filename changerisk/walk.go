package changerisk

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/hash"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// The walker reads a local repository it does not modify and never fetches
// into it, so collision detection buys nothing; the standard SHA-1 is about
// 8% faster on a cold walk. go-git's hash registry is a global map without
// a lock, and other domains (mlops, the engine's HEAD and dirty checks) use
// go-git concurrently with the walk, so the hash is registered once, at
// package initialization, before any goroutine can use it — not lazily.
func init() { _ = hash.RegisterHash(crypto.SHA1, sha1.New) }

// Errors the walker returns for repositories it cannot score.
var (
	ErrNoRepository = errors.New("not a git repository")
	ErrNoCommits    = errors.New("the repository has no commits")
)

// Commit is one commit of the history and what it changed against its first
// parent (against the empty tree for a root commit).
type Commit struct {
	Hash    plumbing.Hash
	Tree    plumbing.Hash
	Parents []plumbing.Hash
	// Author is the author's name, Email their address.
	Author, Email string
	// AuthorTime and CommitTime are Unix seconds.
	AuthorTime, CommitTime int64
	// Message is the commit message, cut at 4 KiB, with only the body
	// lines the analysis reads (see keptMessage).
	Message string
	Files   []FileChange
	// Fix is set when the message describes a bug fix (see IsFix).
	Fix bool
	// Missing counts objects the walker could not read (partial clones,
	// shallow boundaries); their files count as unknown.
	Missing int32
	// Boundary is set when a parent could not be read (a shallow clone):
	// the commit was diffed against the empty tree.
	Boundary bool
	// Diffed is set when Files holds the diff. Merges are diffed only when
	// they are the tip or the walk follows first parents: their content
	// comes from commits the walk already diffed.
	Diffed bool
	// Damaged is set when an object the diff needs is damaged: the files
	// behind it were left out. Such commits are not cached.
	Damaged *DamagedError
	// MergeFiles are, for a merge that is not diffed, the source files
	// whose merged content differs from both parents: SZZ needs them to
	// carry line origins through the merge.
	MergeFiles []MergeFile
}

// MergeFile is a file a merge changed relative to both of its parents.
type MergeFile struct {
	Path                  string
	NewHash, Hash1, Hash2 plumbing.Hash // merged, first and second parent's versions
	Hunks1, Hunks2        []Hunk        // from each parent's version to the merged one
}

// Merge reports whether the commit has more than one parent.
func (c *Commit) Merge() bool { return len(c.Parents) > 1 }

// FileChange is one file a commit added, modified, deleted or renamed.
type FileChange struct {
	Path string
	// OldPath is set on renames.
	OldPath string
	// Status is 'A', 'M', 'D' or 'R'.
	Status           byte
	OldHash, NewHash plumbing.Hash
	// Kind holds the Kind* bits.
	Kind           uint16
	Added, Deleted int32
	OldLines       int32
	// Hunks are kept for source files, for SZZ's line tracking.
	Hunks []Hunk
	// SigDeleted are the old-file line numbers (0-based) this change
	// deletes that are neither blank nor comments; kept for fix commits.
	SigDeleted []int32
}

// Counted reports whether the file's lines count in the size features.
func (f *FileChange) Counted() bool { return f.Kind&(KindExcluded|KindBinary|KindMissing) == 0 }

// KindMissing marks a file whose content could not be read.
const KindMissing uint16 = 1 << 15

// History is the walked history, in topological order (parents first).
type History struct {
	Commits []*Commit
	// Tip is the commit the walk started from.
	Tip plumbing.Hash
	// Shallow is set when the history is cut (a shallow clone).
	Shallow bool
	// Missing counts unreadable objects over the whole walk.
	Missing int
	// Walked counts commits diffed in this run; Cached those read from the cache.
	Walked, Cached int
	// CacheError is set when the cache could not be written.
	CacheError error
	// Damaged lists the objects that exist but could not be read (a
	// corrupt object store), by hash; the files and commits behind them
	// were left out.
	Damaged []*DamagedError
	index   map[plumbing.Hash]int
}

// Index returns the position of a commit in Commits, or -1.
func (h *History) Index(c plumbing.Hash) int {
	if i, ok := h.index[c]; ok {
		return i
	}
	return -1
}

// WalkOptions configures Walk. The zero value walks every commit reachable
// from HEAD with one worker per core and no cache.
type WalkOptions struct {
	// Rev is the revision to start from; empty means HEAD.
	Rev string
	// FirstParent follows only first parents, like git log --first-parent.
	FirstParent bool
	// Workers is the number of diff workers; 0 means GOMAXPROCS.
	Workers int
	// CacheDir is tollgate's cache directory, as the user chose it (see
	// DefaultCacheDir): the walk keeps its records in a folder of it named
	// after the repository (created if missing). Empty means no cache. It
	// must never come from the scanned repository.
	CacheDir string
	// NoCache neither reads nor writes the cache.
	NoCache bool
	// Progress, when set, is called as commits are diffed.
	Progress func(done, total int)
	// MaxBlobSize: larger blobs are counted, by the size in their object
	// header, but neither read nor line-diffed: they count as binary. 0
	// means DefaultMaxBlobSize.
	MaxBlobSize int64
}

// DefaultMaxBlobSize is the largest blob the walk reads and diffs.
const DefaultMaxBlobSize = 16 << 20

func (o WalkOptions) maxBlob() int64 {
	if o.MaxBlobSize > 0 {
		return o.MaxBlobSize
	}
	return DefaultMaxBlobSize
}

// maxTreeSize caps a tree object read: the biggest trees of real
// repositories are a few megabytes.
const maxTreeSize = 32 << 20

// Repo is an opened repository.
type Repo struct {
	repo *git.Repository
	st   *filesystem.Storage
}

// Open opens the git repository holding dir.
func Open(dir string) (*Repo, error) {
	r, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		if errors.Is(err, git.ErrRepositoryNotExists) {
			return nil, ErrNoRepository
		}
		return nil, fmt.Errorf("open repository %q: %w", dir, err)
	}
	st, ok := r.Storer.(*filesystem.Storage)
	if !ok {
		return nil, fmt.Errorf("open repository %q: unsupported storage", dir)
	}
	return &Repo{repo: r, st: st}, nil
}

// Resolve turns a revision into a commit hash.
func (r *Repo) Resolve(rev string) (plumbing.Hash, error) {
	if rev == "" {
		rev = "HEAD"
	}
	// go-git keeps the pack indexes it loads to resolve, with a map from
	// offset to hash of every object: drop them, the walk has its own.
	defer r.st.Reindex()
	h, err := r.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			// go-git says "not found" for a reference whose commit is
			// damaged: tell the two apart.
			if de := r.damagedRef(rev); de != nil {
				return plumbing.ZeroHash, fmt.Errorf("resolve %q: %w", rev, de)
			}
		}
		if rev == "HEAD" && errors.Is(err, plumbing.ErrReferenceNotFound) {
			// No HEAD commit: an unborn branch, or a damaged store.
			if _, herr := r.repo.Head(); errors.Is(herr, plumbing.ErrReferenceNotFound) {
				return plumbing.ZeroHash, ErrNoCommits
			}
		}
		return plumbing.ZeroHash, fmt.Errorf("resolve %q: %w", rev, err)
	}
	return *h, nil
}

// damagedRef returns the damage of the object a plain reference (a name or
// a full hash) points to, or nil when it is missing or readable.
func (r *Repo) damagedRef(rev string) *DamagedError {
	var hashes []plumbing.Hash
	if plumbing.IsHash(rev) {
		hashes = append(hashes, plumbing.NewHash(rev))
	}
	for _, name := range []string{rev, "refs/" + rev, "refs/tags/" + rev, "refs/heads/" + rev, "refs/remotes/" + rev, "refs/remotes/" + rev + "/HEAD"} {
		if ref, err := r.repo.Reference(plumbing.ReferenceName(name), true); err == nil {
			hashes = append(hashes, ref.Hash())
		}
	}
	for _, h := range hashes {
		if _, err := r.st.EncodedObject(plumbing.AnyObject, h); err != nil && !isMissing(err) {
			return &DamagedError{Hash: h, Err: err}
		}
	}
	return nil
}

// newStorage opens a storage of its own for one worker: go-git's storage is
// not safe for concurrent use, and descriptors kept open avoid reopening
// the pack on every object read. Loose objects over maxBlob are not loaded
// into memory when opened (go-git reads smaller ones whole).
func (r *Repo) newStorage(maxBlob int64) *filesystem.Storage {
	return filesystem.NewStorageWithOptions(r.st.Filesystem(), cache.NewObjectLRU(objectCacheSize),
		filesystem.Options{KeepDescriptors: true, LargeObjectThreshold: maxBlob})
}

// CacheDir returns tollgate's cache directory a walk with opts uses, or ""
// when the cache is off.
func (r *Repo) CacheDir(opts WalkOptions) string {
	if opts.NoCache {
		return ""
	}
	return opts.CacheDir
}

// CachePath returns the folder holding this repository's cache for a walk
// with opts, or "" when the cache is off.
func (r *Repo) CachePath(opts WalkOptions) string {
	base := r.CacheDir(opts)
	if base == "" {
		return ""
	}
	return filepath.Join(base, filepath.FromSlash(r.cacheSub()))
}

// Walk reads the history reachable from opts.Rev.
func (r *Repo) Walk(ctx context.Context, opts WalkOptions) (*History, error) {
	tip, err := r.Resolve(opts.Rev)
	if err != nil {
		return nil, err
	}
	cached := map[plumbing.Hash]*Commit{}
	cacheDir, cacheSub := r.CacheDir(opts), r.cacheSub()
	if cacheDir != "" {
		cached = loadCache(cacheDir, cacheSub)
	}
	set := r.newPackSet(opts.maxBlob())
	st := r.newObjectReader(set)
	// The listing reads each commit once: its cache only holds the bases
	// of the few commits stored as deltas.
	st.cache.max = listingCacheSize
	shallow := map[plumbing.Hash]bool{}
	if hs, err := r.st.Shallow(); err == nil {
		for _, h := range hs {
			shallow[h] = true
		}
	}
	h := &History{Tip: tip, Shallow: len(shallow) > 0}

	// List the commits while the workers diff them: a commit goes to the
	// workers as soon as the parents its diff needs are known, in batches
	// of consecutive commits so that each worker's object cache holds the
	// trees its neighbours share. Cached commits cost no object read.
	pool := r.startWorkers(ctx, opts, set)
	all := map[plumbing.Hash]*Commit{}
	var fresh []*Commit
	waiters := map[plumbing.Hash][]*Commit{}
	needs := map[*Commit]int{}
	var batch []diffJob
	job := func(c *Commit) diffJob {
		j := diffJob{c: c, full: c.Hash == tip || !c.Merge() || opts.FirstParent}
		if len(c.Parents) > 0 {
			if p := all[c.Parents[0]]; p != nil {
				j.tree1 = p.Tree
			} else {
				c.Boundary = true
			}
		}
		if len(c.Parents) > 1 {
			if p := all[c.Parents[1]]; p != nil {
				j.tree2 = p.Tree
			}
		}
		return j
	}
	ready := func(c *Commit) {
		batch = append(batch, job(c))
		if len(batch) >= 24 {
			pool.send(batch, len(fresh))
			batch = nil
		}
	}
	resolved := func(x plumbing.Hash) {
		for _, c := range waiters[x] {
			if needs[c]--; needs[c] == 0 {
				delete(needs, c)
				ready(c)
			}
		}
		delete(waiters, x)
	}
	stack := []plumbing.Hash{tip}
	names := interner{}
	var listErr error
	var damaged []*DamagedError
	for len(stack) > 0 && ctx.Err() == nil {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, seen := all[c]; seen {
			continue
		}
		rec := cached[c]
		if rec == nil {
			co, err := getCommit(st, c)
			if err != nil {
				if !isMissing(err) {
					err = &DamagedError{Hash: c, Err: err}
				}
				if c == tip {
					listErr = fmt.Errorf("read commit %s: %w", c, err)
					break
				}
				// A parent we cannot read: the history is cut here,
				// by a shallow clone or by a damaged object.
				if de := (*DamagedError)(nil); errors.As(err, &de) {
					damaged = append(damaged, de)
				} else {
					h.Shallow = true
				}
				all[c] = nil
				resolved(c)
				continue
			}
			rec = fromObject(co)
			rec.Author, rec.Email = names.get(rec.Author), names.get(rec.Email)
			fresh = append(fresh, rec)
			// The diff needs the first parent's tree, a merge's diff both.
			want := rec.Parents
			if full := rec.Hash == tip || !rec.Merge() || opts.FirstParent; full && len(want) > 1 {
				want = want[:1]
			} else if len(want) > 2 {
				want = want[:2]
			}
			n := 0
			for _, p := range want {
				if _, known := all[p]; !known && !shallow[c] {
					waiters[p] = append(waiters[p], rec)
					n++
				}
			}
			all[c] = rec
			if n == 0 {
				ready(rec)
			} else {
				needs[rec] = n
			}
		} else {
			all[c] = rec
		}
		resolved(c)
		if shallow[c] {
			continue
		}
		ps := rec.Parents
		if opts.FirstParent && len(ps) > 1 {
			ps = ps[:1]
		}
		for i := len(ps) - 1; i >= 0; i-- {
			if _, seen := all[ps[i]]; !seen {
				stack = append(stack, ps[i])
			}
		}
	}
	// What still waits has parents the walk never reached (a shallow cut).
	var rest []*Commit
	for c := range needs {
		rest = append(rest, c)
	}
	slices.SortFunc(rest, func(a, b *Commit) int { return bytes.Compare(a.Hash[:], b.Hash[:]) })
	for _, c := range rest {
		ready(c)
	}
	if len(batch) > 0 {
		pool.send(batch, len(fresh))
	}
	// The workers read through readers of their own; this one's cache
	// would only add to the peak memory.
	st.Close()
	if err := pool.wait(); listErr == nil {
		listErr = err
	}
	if listErr != nil {
		return nil, listErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h.Commits = topoOrder(tip, all, opts.FirstParent)
	h.index = make(map[plumbing.Hash]int, len(h.Commits))
	for i, c := range h.Commits {
		h.index[c.Hash] = i
	}
	h.Cached = len(h.Commits) - len(fresh)
	h.Walked = len(fresh)
	if tc := all[tip]; !tc.Diffed {
		// A cached merge at the tip was only merge-diffed: diff it now.
		d := r.newDiffer(opts, set)
		err := d.run(job(tc))
		d.s.Close()
		if err != nil {
			return nil, err
		}
	}
	keep := h.Commits
	for _, c := range h.Commits {
		h.Missing += int(c.Missing)
		if c.Damaged != nil {
			damaged = append(damaged, c.Damaged)
		}
	}
	if len(damaged) > 0 {
		// Commits that met a damaged object are not cached: the next run
		// reads them again, and reports the damage again.
		keep = slices.DeleteFunc(slices.Clone(h.Commits), func(c *Commit) bool { return c.Damaged != nil })
	}
	h.Damaged = sortDamaged(damaged)
	if len(fresh) > 0 && cacheDir != "" {
		// A cache that cannot be written (a read-only location) costs
		// speed on the next run, not this run.
		h.CacheError = saveCache(cacheDir, cacheSub, keep)
	}
	return h, nil
}

// listingCacheSize is the object cache of the reader listing the commits.
const listingCacheSize = 1 << 20

// getCommit reads and decodes commit h.
func getCommit(o *objectReader, h plumbing.Hash) (*object.Commit, error) {
	obj, err := o.EncodedObject(plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	return object.DecodeCommit(nil, obj)
}

func fromObject(co *object.Commit) *Commit {
	msg := co.Message
	if len(msg) > 4096 {
		msg = msg[:4096]
	}
	return &Commit{
		Hash: co.Hash, Tree: co.TreeHash, Parents: slices.Clone(co.ParentHashes),
		Author: co.Author.Name, Email: co.Author.Email,
		AuthorTime: co.Author.When.Unix(), CommitTime: co.Committer.When.Unix(),
		Message: keptMessage(msg), Fix: len(co.ParentHashes) < 2 && IsFix(msg, co.Author.Name, co.Author.Email),
	}
}

// interner keeps one copy of each author name and address.
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	s = strings.Clone(s)
	in[s] = s
	return s
}

// topoOrder lists the commits reachable from tip with every parent before
// its children (a depth-first post-order, deterministic for a given graph).
func topoOrder(tip plumbing.Hash, all map[plumbing.Hash]*Commit, firstParent bool) []*Commit {
	out := make([]*Commit, 0, len(all))
	state := make(map[plumbing.Hash]uint8, len(all)) // 1 visiting, 2 done
	type frame struct {
		c *Commit
		i int
	}
	stack := []frame{{c: all[tip]}}
	state[tip] = 1
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		ps := f.c.Parents
		if firstParent && len(ps) > 1 {
			ps = ps[:1]
		}
		if f.i < len(ps) {
			p := ps[f.i]
			f.i++
			if state[p] != 0 {
				continue
			}
			pc := all[p]
			if pc == nil {
				state[p] = 2
				continue
			}
			state[p] = 1
			stack = append(stack, frame{c: pc})
			continue
		}
		state[f.c.Hash] = 2
		out = append(out, f.c)
		stack = stack[:len(stack)-1]
	}
	return out
}

// diffJob is one commit for a worker, with its parents' trees.
type diffJob struct {
	c            *Commit
	tree1, tree2 plumbing.Hash
	// full diffs against the first parent; otherwise (merges below the
	// tip) only the files changed on both sides are found.
	full bool
}

// workerPool diffs batches of commits on one storage per worker.
type workerPool struct {
	jobs     chan []diffJob
	wg       sync.WaitGroup
	mu       sync.Mutex
	err      error
	done     int
	progress func(done, total int)
	restore  func()
}

func (r *Repo) newDiffer(opts WalkOptions, set *packSet) *differ {
	return &differ{s: r.newObjectReader(set), maxBlob: opts.maxBlob()}
}

func (r *Repo) startWorkers(ctx context.Context, opts WalkOptions, set *packSet) *workerPool {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// The garbage collector's settings are the process's (cmd/tollgate sets
	// them once): domains run concurrently, so none may change them.
	p := &workerPool{jobs: make(chan []diffJob, workers), progress: opts.Progress}
	p.restore = func() {}
	for w := 0; w < workers; w++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			d := r.newDiffer(opts, set)
			defer d.s.Close()
			for batch := range p.jobs {
				for _, j := range batch {
					if ctx.Err() != nil {
						break
					}
					if err := d.run(j); err != nil {
						p.mu.Lock()
						if p.err == nil {
							p.err = err
						}
						p.mu.Unlock()
					}
				}
				p.mu.Lock()
				p.done += len(batch)
				p.mu.Unlock()
			}
		}()
	}
	return p
}

// send queues a batch; total is the number of commits found so far.
func (p *workerPool) send(batch []diffJob, total int) {
	p.jobs <- batch
	if p.progress != nil {
		p.mu.Lock()
		done := p.done
		p.mu.Unlock()
		p.progress(done, total)
	}
}

// wait closes the queue and waits for the workers.
func (p *workerPool) wait() error {
	close(p.jobs)
	p.wg.Wait()
	p.restore()
	if p.progress != nil {
		p.progress(p.done, p.done)
	}
	return p.err
}

func (d *differ) run(j diffJob) error {
	if j.full {
		return d.diff(j.c, j.tree1)
	}
	return d.merge(j.c, j.tree1, j.tree2)
}

// differ diffs commits against their first parent on one storage.
type differ struct {
	s       *objectReader
	maxBlob int64
	changes []rawChange
	lines   lineCache
}

type rawChange struct {
	path     string
	from, to plumbing.Hash
}

// merge fills c.MergeFiles: the source files whose merged version differs
// from both parents', with the hunks from each parent's version.
func (d *differ) merge(c *Commit, tree1, tree2 plumbing.Hash) error {
	if len(c.Parents) < 2 || tree1.IsZero() || tree2.IsZero() {
		return nil
	}
	var found []MergeFile
	if err := d.diffTrees3("", c.Tree, tree1, tree2, &found); err != nil {
		if !d.unreadable(c, err) {
			return fmt.Errorf("diff merge %s: %w", c.Hash, err)
		}
		return nil
	}
	for _, mf := range found {
		nb, _ := d.info(mf.NewHash)
		if nb.damaged != nil && c.Damaged == nil {
			c.Damaged = nb.damaged
		}
		if nb.binary || nb.missing || nb.generated {
			continue
		}
		if !mf.Hash1.IsZero() {
			if b1, _ := d.info(mf.Hash1); !b1.binary && !b1.missing {
				mf.Hunks1 = diffHashes(b1.hashes, nb.hashes)
			} else {
				mf.Hash1 = plumbing.ZeroHash
			}
		}
		if !mf.Hash2.IsZero() {
			if b2, _ := d.info(mf.Hash2); !b2.binary && !b2.missing {
				mf.Hunks2 = diffHashes(b2.hashes, nb.hashes)
			} else {
				mf.Hash2 = plumbing.ZeroHash
			}
		}
		c.MergeFiles = append(c.MergeFiles, mf)
	}
	return nil
}

// diffTrees3 finds the source files of tree m that differ from both a and
// b, descending only into directories that differ from both.
func (d *differ) diffTrees3(prefix string, m, a, b plumbing.Hash, out *[]MergeFile) error {
	if m == a || m == b {
		return nil
	}
	em, err := d.tree(m)
	if err != nil {
		return err
	}
	ea, err := d.tree(a)
	if err != nil {
		return err
	}
	eb, err := d.tree(b)
	if err != nil {
		return err
	}
	index := func(es []rawEntry) map[string]*rawEntry {
		m := make(map[string]*rawEntry, len(es))
		for k := range es {
			m[string(es[k].name)] = &es[k]
		}
		return m
	}
	ia, ib := index(ea), index(eb)
	for i := range em {
		e := &em[i]
		if e.mode == filemode.Submodule {
			continue
		}
		x, y := ia[string(e.name)], ib[string(e.name)]
		if x != nil && x.hash == e.hash || y != nil && y.hash == e.hash {
			continue
		}
		p := prefix + string(e.name)
		if e.mode == filemode.Dir {
			var xa, yb plumbing.Hash
			if x != nil && x.mode == filemode.Dir {
				xa = x.hash
			}
			if y != nil && y.mode == filemode.Dir {
				yb = y.hash
			}
			if err := d.diffTrees3(p+"/", e.hash, xa, yb, out); err != nil {
				return err
			}
			continue
		}
		if k := classifyPath(p); k&KindSource == 0 || k&KindExcluded != 0 {
			continue
		}
		mf := MergeFile{Path: p, NewHash: e.hash}
		if x != nil && x.mode != filemode.Dir {
			mf.Hash1 = x.hash
		}
		if y != nil && y.mode != filemode.Dir {
			mf.Hash2 = y.hash
		}
		*out = append(*out, mf)
	}
	return nil
}

// diff fills c.Files with the changes from the tree parentTree to c.Tree.
func (d *differ) diff(c *Commit, parentTree plumbing.Hash) error {
	d.changes = d.changes[:0]
	if err := d.diffTrees("", parentTree, c.Tree); err != nil && !d.unreadable(c, err) {
		return fmt.Errorf("diff commit %s: %w", c.Hash, err)
	}
	c.Files = d.files(c)
	c.Diffed = true
	return nil
}

// unreadable records on c an object its diff could not read, missing (a
// partial clone) or damaged, and reports whether err was one of those.
func (d *differ) unreadable(c *Commit, err error) bool {
	var de *DamagedError
	switch {
	case errors.As(err, &de):
		if c.Damaged == nil {
			c.Damaged = de
		}
	case isMissing(err):
		c.Missing++
	default:
		return false
	}
	return true
}

func isMissing(err error) bool { return errors.Is(err, plumbing.ErrObjectNotFound) }

// DamagedError is a git object that is present but cannot be read: a
// corrupt, truncated or malformed file in the object store. A missing
// object (a shallow or partial clone) is not damaged.
type DamagedError struct {
	Hash plumbing.Hash
	Err  error
}

func (e *DamagedError) Error() string { return fmt.Sprintf("object %s is damaged: %v", e.Hash, e.Err) }
func (e *DamagedError) Unwrap() error { return e.Err }

// objectError classifies an error reading object h: missing objects keep
// plumbing.ErrObjectNotFound, anything else is damage.
func objectError(h plumbing.Hash, err error) error {
	if err == nil || isMissing(err) {
		return err
	}
	var de *DamagedError
	if errors.As(err, &de) {
		return err
	}
	return &DamagedError{Hash: h, Err: err}
}

// sortDamaged orders damaged objects by hash, one entry per object.
func sortDamaged(ds []*DamagedError) []*DamagedError {
	slices.SortStableFunc(ds, func(a, b *DamagedError) int { return bytes.Compare(a.Hash[:], b.Hash[:]) })
	return slices.CompactFunc(ds, func(a, b *DamagedError) bool { return a.Hash == b.Hash })
}

// rawEntry is a tree entry as stored: its name points into the tree's bytes.
type rawEntry struct {
	name []byte
	mode filemode.FileMode
	hash plumbing.Hash
}

// tree reads a tree object's entries without decoding them into go-git's
// TreeEntry values: names stay slices of the object's bytes.
func (d *differ) tree(h plumbing.Hash) ([]rawEntry, error) {
	if h.IsZero() {
		return nil, nil
	}
	data, err := d.readObject(plumbing.TreeObject, h, maxTreeSize, nil)
	if err != nil {
		return nil, err
	}
	es, err := parseTree(data)
	if err != nil {
		return nil, &DamagedError{Hash: h, Err: err}
	}
	return es, nil
}

// parseTree splits a tree object's content into entries: "<octal mode>
// <name>\0<20-byte hash>", repeated. A malformed entry is an error; the
// names point into data.
func parseTree(data []byte) ([]rawEntry, error) {
	es := make([]rawEntry, 0, 16)
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		if sp <= 0 || sp > 7 {
			return es, errors.New("malformed tree entry")
		}
		var mode uint32
		for _, c := range data[:sp] {
			if c < '0' || c > '7' {
				return es, errors.New("malformed mode in tree entry")
			}
			mode = mode<<3 | uint32(c-'0')
		}
		rest := data[sp+1:]
		nul := bytes.IndexByte(rest, 0)
		if nul <= 0 || len(rest) < nul+1+20 {
			return es, errors.New("truncated tree entry")
		}
		e := rawEntry{name: rest[:nul], mode: filemode.FileMode(mode)}
		copy(e.hash[:], rest[nul+1:nul+21])
		es = append(es, e)
		data = rest[nul+21:]
	}
	return es, nil
}

// errTooBig reports an object over the size limit: counted, not read.
var errTooBig = errors.New("object over the size limit")

// readObject reads object h of type t into buf[:0], at most limit bytes:
// a bigger object is errTooBig, known from the size in its header before
// any of its content is read. A missing object is
// plumbing.ErrObjectNotFound; any other failure, content that does not
// match its header's size included, is a *DamagedError.
func (d *differ) readObject(t plumbing.ObjectType, h plumbing.Hash, limit int64, buf []byte) ([]byte, error) {
	_, data, shared, err := d.s.read(t, h, limit)
	switch {
	case err == nil:
		// Content the cache holds is copied when the caller gave a
		// buffer to fill; without one, the caller only reads it.
		if shared && buf != nil {
			data = append(buf[:0], data...)
		}
		return data, nil
	case err == errTooBig:
		return nil, err
	case err != errNotPacked:
		return nil, objectError(h, err)
	}
	// The storage opens objects over the blob limit lazily (see
	// newStorage): their size is known, their content not yet read.
	o, err := d.s.looseObject(t, h)
	if err != nil {
		return nil, objectError(h, err)
	}
	size := o.Size()
	if size > limit {
		return nil, errTooBig
	}
	if size < 0 {
		return nil, &DamagedError{Hash: h, Err: fmt.Errorf("negative size %d in its header", size)}
	}
	rd, err := o.Reader()
	if err != nil {
		return nil, objectError(h, err)
	}
	defer rd.Close()
	if int64(cap(buf)) < size+1 {
		buf = make([]byte, 0, size+1)
	}
	data, err = readAll(io.LimitReader(rd, size+1), buf[:0])
	if err != nil {
		return nil, objectError(h, err)
	}
	if int64(len(data)) != size {
		return nil, &DamagedError{Hash: h, Err: fmt.Errorf("%d bytes of content, its header says %d", len(data), size)}
	}
	return data, nil
}

// compareEntries orders entries as git does: a directory's name sorts as if
// followed by a slash.
func compareEntries(a, b *rawEntry) int {
	an, bn := a.name, b.name
	n := min(len(an), len(bn))
	if c := bytes.Compare(an[:n], bn[:n]); c != 0 {
		return c
	}
	next := func(e *rawEntry, name []byte) int {
		if len(name) > n {
			return int(name[n])
		}
		if e.mode == filemode.Dir {
			return '/'
		}
		return 0
	}
	return next(a, an) - next(b, bn)
}

// diffTrees merge-walks two trees' sorted entries, descending only into
// subtrees whose hashes differ: unchanged directories cost nothing.
func (d *differ) diffTrees(prefix string, a, b plumbing.Hash) error {
	if a == b {
		return nil
	}
	ea, err := d.tree(a)
	if err != nil {
		return err
	}
	eb, err := d.tree(b)
	if err != nil {
		return err
	}
	i, j := 0, 0
	for i < len(ea) || j < len(eb) {
		var cmp int
		switch {
		case i >= len(ea):
			cmp = 1
		case j >= len(eb):
			cmp = -1
		default:
			cmp = compareEntries(&ea[i], &eb[j])
		}
		switch {
		case cmp < 0:
			if err := d.side(prefix, &ea[i], true); err != nil {
				return err
			}
			i++
		case cmp > 0:
			if err := d.side(prefix, &eb[j], false); err != nil {
				return err
			}
			j++
		default:
			x, y := &ea[i], &eb[j]
			i++
			j++
			if x.hash == y.hash {
				continue
			}
			p := prefix + string(x.name)
			switch {
			case x.mode == filemode.Dir:
				if err := d.diffTrees(p+"/", x.hash, y.hash); err != nil {
					return err
				}
			case x.mode == filemode.Submodule || y.mode == filemode.Submodule:
			default:
				d.changes = append(d.changes, rawChange{path: p, from: x.hash, to: y.hash})
			}
		}
	}
	return nil
}

// side records every file under an entry present on one side only.
func (d *differ) side(prefix string, e *rawEntry, deleted bool) error {
	p := prefix + string(e.name)
	switch e.mode {
	case filemode.Submodule:
		return nil
	case filemode.Dir:
		es, err := d.tree(e.hash)
		if err != nil {
			return err
		}
		for k := range es {
			if err := d.side(p+"/", &es[k], deleted); err != nil {
				return err
			}
		}
		return nil
	}
	if deleted {
		d.changes = append(d.changes, rawChange{path: p, from: e.hash})
	} else {
		d.changes = append(d.changes, rawChange{path: p, to: e.hash})
	}
	return nil
}

type blobInfo struct {
	hashes                     []uint64
	binary, missing, generated bool
	// damaged is set, with missing, when the blob is present but unreadable.
	damaged *DamagedError
}

// lineCache keeps recent blobs' line hashes, so that the old side of a
// modification, which a nearby commit read as its new side, is neither
// read nor hashed again.
type lineCache struct {
	m     map[plumbing.Hash]*blobInfo
	queue []plumbing.Hash
	lines int
}

const lineCacheLines = 1 << 19 // per worker: 4 MiB of hashes

func (lc *lineCache) get(h plumbing.Hash) *blobInfo { return lc.m[h] }

func (lc *lineCache) put(h plumbing.Hash, bi *blobInfo) {
	if lc.m == nil {
		lc.m = map[plumbing.Hash]*blobInfo{}
	}
	if _, ok := lc.m[h]; ok {
		return
	}
	lc.m[h] = bi
	lc.queue = append(lc.queue, h)
	lc.lines += len(bi.hashes) + 1
	for lc.lines > lineCacheLines && len(lc.queue) > 0 {
		old := lc.queue[0]
		lc.queue = lc.queue[1:]
		if e := lc.m[old]; e != nil {
			lc.lines -= len(e.hashes) + 1
			delete(lc.m, old)
		}
	}
}

// read returns a blob's bytes (valid until the next read, not to be
// changed: they may be the object cache's), or
// nil with missing, damaged or tooBig set. A blob over the size limit is
// known by the size in its header: its content is never read.
func (d *differ) read(h plumbing.Hash) (data []byte, missing bool, damaged *DamagedError, tooBig bool) {
	data, err := d.readObject(plumbing.BlobObject, h, d.maxBlob, nil)
	switch {
	case err == nil:
		return data, false, nil, false
	case errors.Is(err, errTooBig):
		return nil, false, nil, true
	case errors.As(err, &damaged):
		return nil, false, damaged, false
	}
	return nil, true, nil, false
}

// info returns a blob's line hashes and kind, from the cache or by reading
// it; data is the content when it was read now (valid until the next read).
func (d *differ) info(h plumbing.Hash) (bi *blobInfo, data []byte) {
	if bi := d.lines.get(h); bi != nil {
		return bi, nil
	}
	data, missing, damaged, tooBig := d.read(h)
	bi = &blobInfo{missing: missing || damaged != nil, damaged: damaged, binary: tooBig}
	if data != nil {
		head := data
		if len(head) > 8000 {
			head = head[:8000]
		}
		bi.binary = bytes.IndexByte(head, 0) >= 0
		if !bi.binary {
			if len(head) > 1024 {
				head = head[:1024]
			}
			bi.generated = generatedContent(head)
			bi.hashes = lineHashes(data, make([]uint64, 0, bytes.Count(data, []byte{'\n'})+1))
		}
	}
	if !bi.missing {
		d.lines.put(h, bi)
	}
	return bi, data
}

func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				return b, nil
			}
			return b, err
		}
	}
}

// files turns the raw changes into FileChanges: reads blobs, pairs renames,
// counts lines.
func (d *differ) files(c *Commit) []FileChange {
	var adds, dels []int
	for k, ch := range d.changes {
		switch {
		case ch.from.IsZero():
			adds = append(adds, k)
		case ch.to.IsZero():
			dels = append(dels, k)
		}
	}
	// Renames: exact content first, then similar content among same-extension pairs.
	renamed := map[int]int{} // add index -> del index
	if len(adds) > 0 && len(dels) > 0 {
		byHash := map[plumbing.Hash][]int{}
		for _, k := range dels {
			byHash[d.changes[k].from] = append(byHash[d.changes[k].from], k)
		}
		usedDel := map[int]bool{}
		for _, k := range adds {
			if ds := byHash[d.changes[k].to]; len(ds) > 0 {
				renamed[k] = ds[0]
				usedDel[ds[0]] = true
				byHash[d.changes[k].to] = ds[1:]
			}
		}
		if len(adds)*len(dels) <= 400 {
			type cand struct {
				a, d int
				sim  float64
			}
			var cs []cand
			for _, ka := range adds {
				if _, ok := renamed[ka]; ok {
					continue
				}
				for _, kd := range dels {
					if usedDel[kd] || path.Ext(d.changes[ka].path) != path.Ext(d.changes[kd].path) {
						continue
					}
					ba, _ := d.info(d.changes[ka].to)
					bd, _ := d.info(d.changes[kd].from)
					if ba.binary || bd.binary || ba.missing || bd.missing || len(ba.hashes) == 0 || len(bd.hashes) == 0 {
						continue
					}
					ol, nl := len(bd.hashes), len(ba.hashes)
					if ol > 2*nl || nl > 2*ol {
						continue
					}
					_, del := hunkCounts(diffHashes(bd.hashes, ba.hashes))
					if s := float64(ol-del) / float64(max(ol, nl)); s >= 0.5 {
						cs = append(cs, cand{ka, kd, s})
					}
				}
			}
			sort.SliceStable(cs, func(i, j int) bool { return cs[i].sim > cs[j].sim })
			for _, x := range cs {
				if _, ok := renamed[x.a]; ok || usedDel[x.d] {
					continue
				}
				renamed[x.a] = x.d
				usedDel[x.d] = true
			}
		}
	}
	delUsed := map[int]bool{}
	for _, kd := range renamed {
		delUsed[kd] = true
	}
	out := make([]FileChange, 0, len(d.changes))
	for k, ch := range d.changes {
		if delUsed[k] {
			continue
		}
		fc := FileChange{Path: ch.path, OldHash: ch.from, NewHash: ch.to}
		switch {
		case ch.from.IsZero():
			fc.Status = 'A'
			if kd, ok := renamed[k]; ok {
				fc.Status = 'R'
				fc.OldPath = d.changes[kd].path
				fc.OldHash = d.changes[kd].from
			}
		case ch.to.IsZero():
			fc.Status = 'D'
		default:
			fc.Status = 'M'
		}
		fc.Kind = classifyPath(fc.Path)
		d.count(c, &fc)
		out = append(out, fc)
	}
	slices.SortFunc(out, func(a, b FileChange) int { return strings.Compare(a.Path, b.Path) })
	return out
}

var generatedMarker = []byte("DO NOT EDIT")

// generatedContent reports whether a file's first bytes mark it as
// generated: Go's "Code generated ... DO NOT EDIT", the "@generated" tag
// of Facebook's tools and Rust's, C#'s "<auto-generated", and the
// "autogenerated, do not edit" headers of other generators.
func generatedContent(head []byte) bool {
	if bytes.Contains(head, generatedMarker) && bytes.Contains(head, []byte("enerated")) {
		return true
	}
	if bytes.Contains(head, []byte("@generated")) || bytes.Contains(head, []byte("<auto-generated")) {
		return true
	}
	l := bytes.ToLower(head)
	return bytes.Contains(l, []byte("do not edit")) && (bytes.Contains(l, []byte("autogenerated")) || bytes.Contains(l, []byte("auto-generated")) || bytes.Contains(l, []byte("generated by")))
}

var emptyInfo = &blobInfo{}

// binaryExt are extensions whose content is binary (or compressed) in
// practice; git would print "-" for their line counts.
var binaryExt = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".ico": true, ".webp": true, ".bmp": true,
	".pdf": true, ".zip": true, ".gz": true, ".tgz": true, ".bz2": true, ".xz": true, ".zst": true,
	".7z": true, ".jar": true, ".war": true, ".exe": true, ".dll": true, ".so": true, ".dylib": true,
	".a": true, ".o": true, ".class": true, ".pyc": true, ".woff": true, ".woff2": true, ".ttf": true,
	".otf": true, ".eot": true, ".mp3": true, ".mp4": true, ".mov": true, ".wasm": true, ".db": true,
	".sqlite": true, ".bin": true, ".pb": true, ".onnx": true, ".pt": true, ".safetensors": true,
}

func (d *differ) count(c *Commit, fc *FileChange) {
	// Vendored, generated-by-name and lock files, and files binary by their
	// extension, do not count in any feature: their blobs are not read.
	if fc.Kind&KindExcluded != 0 {
		return
	}
	if binaryExt[strings.ToLower(path.Ext(fc.Path))] {
		fc.Kind |= KindBinary
		return
	}
	a, b := emptyInfo, emptyInfo
	if !fc.OldHash.IsZero() {
		a, _ = d.info(fc.OldHash)
	}
	var bdata []byte
	if !fc.NewHash.IsZero() {
		b, bdata = d.info(fc.NewHash)
	}
	if a.missing || b.missing {
		fc.Kind |= KindMissing
		switch {
		case a.damaged != nil && c.Damaged == nil:
			c.Damaged = a.damaged
		case b.damaged != nil && c.Damaged == nil:
			c.Damaged = b.damaged
		case a.damaged == nil && b.damaged == nil:
			c.Missing++
		}
		return
	}
	if a.binary || b.binary {
		fc.Kind |= KindBinary
		return
	}
	if b.generated || fc.NewHash.IsZero() && a.generated {
		fc.Kind |= KindExcluded
	}
	fc.OldLines = int32(len(a.hashes))
	var hs []Hunk
	switch {
	case fc.OldHash.IsZero():
		if n := len(b.hashes); n > 0 {
			hs = []Hunk{{NewLen: int32(n)}}
		}
	case fc.NewHash.IsZero():
		if n := len(a.hashes); n > 0 {
			hs = []Hunk{{OldLen: int32(n)}}
		}
	default:
		hs = diffHashes(a.hashes, b.hashes)
	}
	add, del := hunkCounts(hs)
	fc.Added, fc.Deleted = int32(add), int32(del)
	source := fc.Kind&KindSource != 0 && fc.Kind&KindExcluded == 0
	if (source || fc.Kind&KindTest == 0 && fc.Kind&KindDocs == 0) && add > 0 {
		if bdata == nil {
			bdata, _, _, _ = d.read(fc.NewHash)
		}
		if aiTouched(bdata, hs) {
			fc.Kind |= KindAI
		}
	}
	if !source {
		return
	}
	if fc.Status != 'A' {
		fc.Hunks = hs
	}
	if c.Fix && fc.Kind&KindTest == 0 && !fc.OldHash.IsZero() && del > 0 {
		if adata, _, _, _ := d.read(fc.OldHash); adata != nil {
			fc.SigDeleted = significantDeleted(adata, hs)
		}
	}
}

// aiTouched reports whether the added lines mention an AI SDK or endpoint.
func aiTouched(b []byte, hs []Hunk) bool {
	if len(hs) == 0 || b == nil {
		return false
	}
	line, pos := 0, 0
	for _, h := range hs {
		if h.NewLen == 0 {
			continue
		}
		for line < int(h.NewStart) && pos < len(b) {
			i := bytes.IndexByte(b[pos:], '\n')
			if i < 0 {
				pos = len(b)
				break
			}
			pos += i + 1
			line++
		}
		start := pos
		for line < int(h.NewStart+h.NewLen) && pos < len(b) {
			i := bytes.IndexByte(b[pos:], '\n')
			if i < 0 {
				pos = len(b)
				break
			}
			pos += i + 1
			line++
		}
		seg := b[start:pos]
		for _, m := range aiSDKMarkers {
			if bytes.Contains(seg, m) {
				return true
			}
		}
	}
	return false
}

// significantDeleted lists the deleted old lines that carry code: not
// blank, not only a comment, not only a brace.
func significantDeleted(a []byte, hs []Hunk) []int32 {
	var out []int32
	lines := splitLines(a)
	for _, h := range hs {
		for l := h.OldStart; l < h.OldStart+h.OldLen && int(l) < len(lines); l++ {
			t := bytes.TrimSpace(lines[l])
			if len(t) == 0 || bytes.HasPrefix(t, []byte("//")) || bytes.HasPrefix(t, []byte("#")) ||
				bytes.HasPrefix(t, []byte("/*")) || bytes.HasPrefix(t, []byte("*")) || bytes.HasPrefix(t, []byte("--")) ||
				len(t) <= 3 && len(bytes.Trim(t, "{}()[];,")) == 0 {
				continue
			}
			out = append(out, l)
		}
	}
	return out
}
