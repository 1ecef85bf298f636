package changerisk

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"container/list"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"sync"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// packSet is the repository's packs with their indexes, read once and
// shared by the walk's workers. go-git's storage loads every index, and
// builds a map from offset to hash for each (about 40 bytes an object),
// once per storage: with one storage per worker and one for the listing,
// that was 120 MB of a 1 GB peak on prometheus. Here each index is loaded
// once, and its objects in offset order take 12 bytes an object.
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

// packIndex is a pack's index with its objects' offsets in order: the
// reader reads each object up to where the next one starts, and FindHash
// names the object at an offset.
type packIndex struct {
	*idxfile.MemoryIndex
	name plumbing.Hash

	once  sync.Once
	byOff []uint32 // entry numbers sorted by offset
	offs  []uint64 // their offsets
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
	slices.Sort(offs)
	x.offs = offs
}

// next returns the offset where the object after the one at off starts,
// or end for the last one (or an index that cannot say).
func (x *packIndex) next(off, end int64) int64 {
	x.once.Do(x.build)
	if x.err != nil {
		return end
	}
	i, found := slices.BinarySearch(x.offs, uint64(off))
	if found {
		i++
	}
	if i < len(x.offs) && int64(x.offs[i]) < end {
		return int64(x.offs[i])
	}
	return end
}

// FindHash returns the hash of the object at offset o.
func (x *packIndex) FindHash(o int64) (plumbing.Hash, error) {
	x.once.Do(x.build)
	if x.err != nil {
		return plumbing.ZeroHash, x.err
	}
	i, found := slices.BinarySearch(x.offs, uint64(o))
	if !found {
		return plumbing.ZeroHash, plumbing.ErrObjectNotFound
	}
	b, p := x.entry(x.byOff[i])
	var h plumbing.Hash
	copy(h[:], x.Names[b][p*20:])
	return h, nil
}

// objectReader reads objects for one worker: the shared indexes, packs
// opened by this worker (descriptors kept open) read by offset with a cache
// of its own, and go-git's storage for loose objects and borrowed ones.
//
// Packed objects are not read through go-git's packfile reader: it hashed
// every object it cached with SHA-1 (about a tenth of the walk's CPU time),
// grew each object's buffer by appending, and remembered every offset it
// read in a map. Here an object is its header, its zlib stream inflated
// into a buffer of the size the header gives, and for a delta its base,
// found by offset in the cache or read the same way, patched by go-git's
// PatchDelta. The cache is keyed by pack and offset, as git's delta base
// cache is: no hash is computed.
type objectReader struct {
	set      *packSet
	packs    []*packFile // by position in set.packs, opened on first use
	cache    offsetCache
	fallback *filesystem.Storage
	newStore func() *filesystem.Storage

	in     atReader
	br     *bufio.Reader
	zr     io.ReadCloser
	deltas [][]byte // by depth in a delta chain
}

// maxKeptDelta is the largest delta read into a buffer the reader keeps.
const maxKeptDelta = 64 << 10

// maxKeptDepth is the deepest level of a delta chain that gets a buffer the
// reader keeps: git writes chains of at most 50 by default, and a hostile
// pack's chain of thousands must not leave thousands of buffers behind.
const maxKeptDepth = 64

// packFile is one pack opened by one reader.
type packFile struct {
	f   billy.File
	end int64 // where the trailing checksum starts
}

// objectCacheSize is each worker's cache of decoded objects: trees shared
// by neighbouring commits and the bases of delta chains.
const objectCacheSize = 16 << 20

// maxDeltaDepth bounds a delta chain: git never writes one deeper than 4,095
// (pack.depth's maximum).
const maxDeltaDepth = 4095

func (r *Repo) newObjectReader(set *packSet) *objectReader {
	return &objectReader{
		set: set, packs: make([]*packFile, len(set.packs)), cache: offsetCache{max: objectCacheSize},
		newStore: func() *filesystem.Storage { return r.newStorage(set.maxBlob) },
	}
}

// EncodedObject returns object h of type t (plumbing.AnyObject for any);
// a missing object, or one of another type, is plumbing.ErrObjectNotFound.
func (o *objectReader) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	typ, data, _, err := o.read(t, h, math.MaxInt64)
	if err != errNotPacked {
		if err != nil {
			return nil, err
		}
		obj := &plumbing.MemoryObject{}
		obj.SetType(typ)
		obj.Write(data)
		return obj, nil
	}
	return o.looseObject(t, h)
}

// errNotPacked: the object is in none of the packs.
var errNotPacked = errors.New("not packed")

// read returns the content of object h of type t when it is packed, or
// errNotPacked. An object over limit bytes is errTooBig, known from its
// header (for a delta, from the delta's header) before its content is
// inflated. shared data belongs to the cache: it must not be changed.
func (o *objectReader) read(t plumbing.ObjectType, h plumbing.Hash, limit int64) (typ plumbing.ObjectType, data []byte, shared bool, err error) {
	if o.set.loadErr != nil {
		return 0, nil, false, errNotPacked
	}
	for i, x := range o.set.packs {
		off, err := x.FindOffset(h)
		if err != nil {
			continue
		}
		typ, data, shared, err := o.at(i, off, limit, 0)
		if err != nil {
			return 0, nil, false, err
		}
		if t != plumbing.AnyObject && typ != t {
			return 0, nil, false, plumbing.ErrObjectNotFound
		}
		return typ, data, shared, nil
	}
	return 0, nil, false, errNotPacked
}

// looseObject reads an object that is in no pack: loose, borrowed from
// another repository, or missing (a partial clone).
func (o *objectReader) looseObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if o.set.loadErr == nil {
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

// at reads the object at offset off of pack i.
func (o *objectReader) at(i int, off, limit int64, depth int) (plumbing.ObjectType, []byte, bool, error) {
	key := objKey{pack: i, off: off}
	if e := o.cache.get(key); e != nil {
		if int64(len(e.data)) > limit {
			return 0, nil, false, errTooBig
		}
		return e.typ, e.data, true, nil
	}
	if depth > maxDeltaDepth {
		return 0, nil, false, fmt.Errorf("delta chain longer than %d at offset %d", maxDeltaDepth, off)
	}
	pf, err := o.pack(i)
	if err != nil {
		return 0, nil, false, err
	}
	// One read brings the header and, for most objects, the whole
	// compressed content, and no more: the object ends where the next
	// one in the pack starts.
	o.seek(pf, off, o.set.packs[i].next(off, pf.end))
	hdr, err := o.br.Peek(64)
	if len(hdr) == 0 {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, false, fmt.Errorf("object header at offset %d: %w", off, err)
	}
	typ, size, p, ok := parseObjectHeader(hdr)
	if !ok || size < 0 {
		return 0, nil, false, fmt.Errorf("malformed object header at offset %d", off)
	}
	var data []byte
	switch typ {
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
		if size > limit {
			return 0, nil, false, errTooBig
		}
		data = make([]byte, size)
		if err := o.inflate(p, data); err != nil {
			return 0, nil, false, fmt.Errorf("inflate object at offset %d: %w", off, err)
		}
	case plumbing.OFSDeltaObject, plumbing.REFDeltaObject:
		bi, boff := i, int64(0)
		if typ == plumbing.OFSDeltaObject {
			rel, q, ok := parseDeltaOffset(hdr[p:])
			if !ok || rel <= 0 || rel > off {
				return 0, nil, false, fmt.Errorf("malformed delta base offset at offset %d", off)
			}
			boff, p = off-rel, p+q
		} else {
			if len(hdr) < p+20 {
				return 0, nil, false, fmt.Errorf("truncated delta base at offset %d", off)
			}
			var bh plumbing.Hash
			copy(bh[:], hdr[p:p+20])
			p += 20
			found := false
			for j, x := range o.set.packs {
				if bo, err := x.FindOffset(bh); err == nil {
					bi, boff, found = j, bo, true
					break
				}
			}
			if !found {
				return 0, nil, false, fmt.Errorf("delta base %s of the object at offset %d: %w", bh, off, plumbing.ErrObjectNotFound)
			}
		}
		// A delta holds at most a few bytes more than the object it
		// makes; one much longer than the limit is not read.
		if size > satAdd(limit, limit/8+1024) {
			return 0, nil, false, errTooBig
		}
		// A delta is done with once applied: deltas of up to 64 KiB go in
		// buffers the reader keeps, one per depth of the chain (the base's
		// own delta is read while this one waits).
		var delta []byte
		if size <= maxKeptDelta && depth < maxKeptDepth {
			for len(o.deltas) <= depth {
				o.deltas = append(o.deltas, nil)
			}
			if int64(cap(o.deltas[depth])) < size {
				o.deltas[depth] = make([]byte, size, max(size, 4<<10))
			}
			delta = o.deltas[depth][:size]
		} else {
			delta = make([]byte, size)
		}
		if err := o.inflate(p, delta); err != nil {
			return 0, nil, false, fmt.Errorf("inflate delta at offset %d: %w", off, err)
		}
		_, q, ok := uvarint(delta)
		if !ok {
			return 0, nil, false, fmt.Errorf("malformed delta at offset %d", off)
		}
		target, q2, ok := uvarint(delta[q:])
		q += q2
		if !ok {
			return 0, nil, false, fmt.Errorf("malformed delta at offset %d", off)
		}
		if target > uint64(limit) {
			return 0, nil, false, errTooBig
		}
		// The base may be larger than the object; not without bound.
		bl := max(limit, int64(target))
		btyp, base, _, err := o.at(bi, boff, satAdd(bl, 3*min(bl, math.MaxInt64/4)), depth+1)
		if err != nil {
			return 0, nil, false, err
		}
		if data, err = patchDelta(base, delta[q:], target); err != nil {
			return 0, nil, false, fmt.Errorf("apply delta at offset %d: %w", off, err)
		}
		typ = btyp
	default:
		return 0, nil, false, fmt.Errorf("object of unknown type %d at offset %d", typ, off)
	}
	if o.cache.put(key, typ, data) {
		return typ, data, true, nil
	}
	return typ, data, false, nil
}

// satAdd adds two non-negative sizes, saturating at math.MaxInt64.
func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// parseObjectHeader reads a pack object's type and size; p is the length
// of the header.
func parseObjectHeader(b []byte) (typ plumbing.ObjectType, size int64, p int, ok bool) {
	if len(b) == 0 {
		return 0, 0, 0, false
	}
	c := b[0]
	typ = plumbing.ObjectType((c >> 4) & 7)
	size = int64(c & 15)
	shift := uint(4)
	p = 1
	for c&0x80 != 0 {
		if p >= len(b) || shift > 56 {
			return 0, 0, 0, false
		}
		c = b[p]
		p++
		size |= int64(c&0x7f) << shift
		shift += 7
	}
	return typ, size, p, true
}

// parseDeltaOffset reads an OFS_DELTA's base distance (git's offset
// encoding: big-endian base-128, each continuation adding one).
func parseDeltaOffset(b []byte) (rel int64, p int, ok bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	c := b[0]
	rel = int64(c & 0x7f)
	p = 1
	for c&0x80 != 0 {
		if p >= len(b) || rel > math.MaxInt64>>8 {
			return 0, 0, false
		}
		c = b[p]
		p++
		rel = (rel+1)<<7 | int64(c&0x7f)
	}
	return rel, p, true
}

// uvarint reads a delta header's little-endian base-128 size.
func uvarint(b []byte) (v uint64, p int, ok bool) {
	var shift uint
	for p < len(b) {
		c := b[p]
		p++
		if shift > 63 {
			return 0, 0, false
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			return v, p, true
		}
	}
	return 0, 0, false
}

// seek points the reader's buffer at offset off of the pack, reading no
// further than end.
func (o *objectReader) seek(pf *packFile, off, end int64) {
	o.in = atReader{r: pf.f, off: off, end: end}
	if o.br == nil {
		o.br = bufio.NewReaderSize(&o.in, 16<<10)
	} else {
		o.br.Reset(&o.in)
	}
}

// inflate skips the object's header (skip bytes) and fills out from the
// zlib stream after it.
func (o *objectReader) inflate(skip int, out []byte) error {
	if _, err := o.br.Discard(skip); err != nil {
		return err
	}
	var err error
	if o.zr == nil {
		o.zr, err = zlib.NewReader(o.br)
	} else {
		err = o.zr.(zlib.Resetter).Reset(o.br, nil)
	}
	if err != nil {
		return err
	}
	_, err = io.ReadFull(o.zr, out)
	return err
}

// patchDelta applies a git delta (its size header already read) to base,
// making an object of target bytes.
func patchDelta(base, delta []byte, target uint64) ([]byte, error) {
	out := make([]byte, 0, target)
	for len(delta) > 0 {
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0:
			var off, n uint64
			for bit := 0; bit < 7; bit++ {
				if cmd&(1<<bit) == 0 {
					continue
				}
				if len(delta) == 0 {
					return nil, errors.New("truncated delta copy")
				}
				if bit < 4 {
					off |= uint64(delta[0]) << (8 * bit)
				} else {
					n |= uint64(delta[0]) << (8 * (bit - 4))
				}
				delta = delta[1:]
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) || uint64(len(out))+n > target {
				return nil, errors.New("delta copy out of bounds")
			}
			out = append(out, base[off:off+n]...)
		case cmd != 0:
			n := int(cmd)
			if n > len(delta) || uint64(len(out)+n) > target {
				return nil, errors.New("delta insert out of bounds")
			}
			out = append(out, delta[:n]...)
			delta = delta[n:]
		default:
			return nil, errors.New("delta opcode 0")
		}
	}
	if uint64(len(out)) != target {
		return nil, fmt.Errorf("delta made %d bytes, its header says %d", len(out), target)
	}
	return out, nil
}

// atReader reads a file from an offset with ReadAt, up to end.
type atReader struct {
	r        io.ReaderAt
	off, end int64
}

func (a *atReader) Read(p []byte) (int, error) {
	if a.off >= a.end {
		return 0, io.EOF
	}
	if rest := a.end - a.off; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := a.r.ReadAt(p, a.off)
	a.off += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}

func (o *objectReader) pack(i int) (*packFile, error) {
	if p := o.packs[i]; p != nil {
		return p, nil
	}
	x := o.set.packs[i]
	f, err := o.set.dir.ObjectPack(x.name)
	if err != nil {
		return nil, err
	}
	end, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		f.Close()
		return nil, err
	}
	o.packs[i] = &packFile{f: f, end: end - 20}
	return o.packs[i], nil
}

// objKey names a packed object by its pack and offset.
type objKey struct {
	pack int
	off  int64
}

type cacheEntry struct {
	key  objKey
	typ  plumbing.ObjectType
	data []byte
}

// offsetCache is a least-recently-used cache of objects by pack offset,
// bounded by the bytes of content it holds.
type offsetCache struct {
	m         map[objKey]*list.Element
	lru       list.List
	size, max int
}

func (c *offsetCache) get(k objKey) *cacheEntry {
	el := c.m[k]
	if el == nil {
		return nil
	}
	c.lru.MoveToFront(el)
	return el.Value.(*cacheEntry)
}

// put keeps an object, evicting the least recently used; an object over
// an eighth of the cache is not kept.
func (c *offsetCache) put(k objKey, typ plumbing.ObjectType, data []byte) bool {
	if len(data) > c.max/8 {
		return false
	}
	if c.m == nil {
		c.m = map[objKey]*list.Element{}
	}
	if c.m[k] != nil {
		return false
	}
	c.m[k] = c.lru.PushFront(&cacheEntry{key: k, typ: typ, data: data})
	c.size += len(data)
	for c.size > c.max {
		el := c.lru.Back()
		e := el.Value.(*cacheEntry)
		c.lru.Remove(el)
		delete(c.m, e.key)
		c.size -= len(e.data)
	}
	return true
}

// Close closes the packs this reader opened.
func (o *objectReader) Close() error {
	for _, p := range o.packs {
		if p != nil {
			p.f.Close()
		}
	}
	if o.fallback != nil {
		o.fallback.Close()
	}
	return nil
}
