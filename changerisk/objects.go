package changerisk

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"sort"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// packSet is the repository's packs with their indexes, read once and
// shared by the walk's workers. go-git's storage loads every index, and
// builds a map from offset to hash for each (about 40 bytes an object),
// once per storage: with one storage per worker and one for the listing,
// that was 120 MB of a 1 GB peak on prometheus. Here each index is loaded
// once, and its offset-to-hash lookup is a sorted array of 4 bytes an object.
type packSet struct {
	dir      *dotgit.DotGit
	maxBlob  int64
	packs    []*packIndex
	loadErr  error
	altsOnce sync.Once
	alts     bool
}

// newPackSet reads the indexes of the repository's packs. An index that
// cannot be read is not an error here: the objects behind it are read
// through go-git's storage, which reports the damage.
func (r *Repo) newPackSet(maxBlob int64) *packSet {
	ps := &packSet{dir: dotgit.New(r.st.Filesystem()), maxBlob: maxBlob}
	names, err := ps.dir.ObjectPacks()
	if err != nil {
		ps.loadErr = err
		return ps
	}
	for _, name := range names {
		idx, err := loadPackIndex(ps.dir, name)
		if err != nil {
			ps.loadErr = err
			continue
		}
		ps.packs = append(ps.packs, idx)
	}
	return ps
}

func loadPackIndex(dir *dotgit.DotGit, name plumbing.Hash) (*packIndex, error) {
	f, err := dir.ObjectPackIdx(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	idx := idxfile.NewMemoryIndex()
	if err := idxfile.NewDecoder(f).Decode(idx); err != nil {
		return nil, err
	}
	if !bytes.Equal(idx.PackfileChecksum[:], name[:]) {
		return nil, fmt.Errorf("%w: packfile mismatch: target is %q not %q",
			idxfile.ErrMalformedIdxFile, hex.EncodeToString(idx.PackfileChecksum[:]), name.String())
	}
	return &packIndex{MemoryIndex: idx, name: name}, nil
}

// alternates reports whether the repository borrows objects from others.
func (ps *packSet) alternates() bool {
	ps.altsOnce.Do(func() {
		alts, err := ps.dir.Alternates()
		ps.alts = err == nil && len(alts) > 0
	})
	return ps.alts
}

// packIndex is a pack's index with a compact reverse lookup: go-git's
// packfile asks for the hash of the base at an offset on every delta it
// resolves.
type packIndex struct {
	*idxfile.MemoryIndex
	name plumbing.Hash

	once  sync.Once
	byOff []uint32 // entry numbers sorted by offset
	err   error
}

// entry returns the first-level bucket and the position in it of entry k
// (entries numbered in index order).
func (x *packIndex) entry(k uint32) (bucket, pos int) {
	fl := sort.Search(256, func(i int) bool { return x.Fanout[i] > k })
	var before uint32
	if fl > 0 {
		before = x.Fanout[fl-1]
	}
	return x.FanoutMapping[fl], int(k - before)
}

func (x *packIndex) offset(k uint32) (uint64, error) {
	b, p := x.entry(k)
	return x.offsetAt(b, p)
}

// offsetAt returns the pack offset of the entry at position p of bucket b.
func (x *packIndex) offsetAt(b, p int) (uint64, error) {
	if b < 0 || b >= len(x.Offset32) || (p+1)*4 > len(x.Offset32[b]) {
		return 0, idxfile.ErrMalformedIdxFile
	}
	off := binary.BigEndian.Uint32(x.Offset32[b][p*4:])
	if off&(1<<31) == 0 {
		return uint64(off), nil
	}
	i := int(off&^(1<<31)) * 8
	if i+8 > len(x.Offset64) {
		return 0, idxfile.ErrMalformedIdxFile
	}
	return binary.BigEndian.Uint64(x.Offset64[i:]), nil
}

// find returns the bucket and position of h, or ok false.
func (x *packIndex) find(h plumbing.Hash) (b, p int, ok bool) {
	b = x.FanoutMapping[h[0]]
	if b < 0 || b >= len(x.Names) {
		return 0, 0, false
	}
	names := x.Names[b]
	n := len(names) / 20
	p = sort.Search(n, func(i int) bool { return bytes.Compare(names[i*20:i*20+20], h[:]) >= 0 })
	return b, p, p < n && bytes.Equal(names[p*20:p*20+20], h[:])
}

// Contains reports whether the pack holds h.
func (x *packIndex) Contains(h plumbing.Hash) (bool, error) {
	_, _, ok := x.find(h)
	return ok, nil
}

// FindOffset returns the offset of h in the pack. go-git's own remembers
// every offset it returns in a map, which grows to every object read.
func (x *packIndex) FindOffset(h plumbing.Hash) (int64, error) {
	b, p, ok := x.find(h)
	if !ok {
		return 0, plumbing.ErrObjectNotFound
	}
	off, err := x.offsetAt(b, p)
	return int64(off), err
}

func (x *packIndex) build() {
	n, err := x.Count()
	if err != nil {
		x.err = err
		return
	}
	offs := make([]uint64, n)
	for k := range offs {
		if offs[k], err = x.offset(uint32(k)); err != nil {
			x.err = err
			return
		}
	}
	x.byOff = make([]uint32, n)
	for k := range x.byOff {
		x.byOff[k] = uint32(k)
	}
	slices.SortFunc(x.byOff, func(a, b uint32) int {
		switch {
		case offs[a] < offs[b]:
			return -1
		case offs[a] > offs[b]:
			return 1
		}
		return 0
	})
}

// FindHash returns the hash of the object at offset o.
func (x *packIndex) FindHash(o int64) (plumbing.Hash, error) {
	x.once.Do(x.build)
	if x.err != nil {
		return plumbing.ZeroHash, x.err
	}
	var failed error
	i := sort.Search(len(x.byOff), func(i int) bool {
		off, err := x.offset(x.byOff[i])
		if err != nil {
			failed = err
		}
		return off >= uint64(o)
	})
	if failed != nil {
		return plumbing.ZeroHash, failed
	}
	if i == len(x.byOff) {
		return plumbing.ZeroHash, plumbing.ErrObjectNotFound
	}
	if off, _ := x.offset(x.byOff[i]); off != uint64(o) {
		return plumbing.ZeroHash, plumbing.ErrObjectNotFound
	}
	b, p := x.entry(x.byOff[i])
	var h plumbing.Hash
	copy(h[:], x.Names[b][p*20:])
	return h, nil
}

// objectReader reads objects for one worker: the shared indexes, packs
// opened by this worker (descriptors kept open) with its own object cache,
// and go-git's storage for loose objects and borrowed ones.
type objectReader struct {
	set      *packSet
	packs    []*packfile.Packfile // by position in set.packs, opened on first use
	cache    cache.Object
	fallback *filesystem.Storage
	newStore func() *filesystem.Storage
}

// objectCacheSize is each worker's cache of decoded objects: trees shared
// by neighbouring commits and the bases of delta chains.
const objectCacheSize = 16 * cache.MiByte

func (r *Repo) newObjectReader(set *packSet) *objectReader {
	return &objectReader{
		set: set, packs: make([]*packfile.Packfile, len(set.packs)), cache: cache.NewObjectLRU(objectCacheSize),
		newStore: func() *filesystem.Storage { return r.newStorage(set.maxBlob) },
	}
}

// EncodedObject returns object h of type t (plumbing.AnyObject for any);
// a missing object, or one of another type, is plumbing.ErrObjectNotFound.
func (o *objectReader) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if o.set.loadErr == nil {
		for i, x := range o.set.packs {
			if ok, err := x.Contains(h); err != nil || !ok {
				continue
			}
			p, err := o.pack(i)
			if err != nil {
				return nil, err
			}
			obj, err := p.Get(h)
			if err != nil {
				return nil, err
			}
			if t != plumbing.AnyObject && obj.Type() != t {
				return nil, plumbing.ErrObjectNotFound
			}
			return obj, nil
		}
		// Not packed: a loose object, or one borrowed from another
		// repository, or missing (a partial clone).
		f, err := o.set.dir.Object(h)
		if err == nil {
			f.Close()
		} else if os.IsNotExist(err) && !o.set.alternates() {
			return nil, plumbing.ErrObjectNotFound
		}
	}
	if o.fallback == nil {
		o.fallback = o.newStore()
	}
	return o.fallback.EncodedObject(t, h)
}

func (o *objectReader) pack(i int) (*packfile.Packfile, error) {
	if p := o.packs[i]; p != nil {
		return p, nil
	}
	x := o.set.packs[i]
	f, err := o.set.dir.ObjectPack(x.name)
	if err != nil {
		return nil, err
	}
	o.packs[i] = packfile.NewPackfileWithCache(x, o.set.dir.Fs(), f, o.cache, o.set.maxBlob)
	return o.packs[i], nil
}

// Close closes the packs this reader opened.
func (o *objectReader) Close() error {
	for _, p := range o.packs {
		if p != nil {
			p.Close()
		}
	}
	if o.fallback != nil {
		o.fallback.Close()
	}
	return nil
}
