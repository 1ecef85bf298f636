package changerisk

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"path"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// The cache holds every walked commit's record in one file, keyed by commit
// hash. It is rewritten whole, to a temporary file renamed into place, after
// a walk that diffed new commits; a run on unchanged history only reads it.
// Anything unexpected in it (another version, a truncated file) makes it a
// miss, never an error.
const cacheFile = "commits.bin"

// cacheKey changes whenever what the walker records changes.
var cacheKey = "tollgate-risk-cache/6 classifier=" + ClassifierVersion + " ai=" + AIAuthorsVersion

// maxCacheFile caps the bytes of commits.bin read back: about two million
// commits' records. A bigger file is a miss.
const maxCacheFile = 1 << 30

// loadCache reads the records kept in sub below the cache directory base.
// The file is read inside base only, regular files only, capped; anything
// unexpected is a miss.
func loadCache(base, sub string) map[plumbing.Hash]*Commit {
	root, err := safefs.Open(base, maxCacheFile)
	if err != nil {
		return map[plumbing.Hash]*Commit{}
	}
	defer root.Close()
	data, err := root.ReadFile(path.Join(sub, cacheFile))
	if err != nil {
		return map[plumbing.Hash]*Commit{}
	}
	m, err := decodeCache(data)
	if err != nil {
		return map[plumbing.Hash]*Commit{}
	}
	return m
}

// saveCache rewrites the records in sub below the cache directory base:
// a new file renamed into place, in a directory checked to be a real one
// (see safefs.CacheDir).
func saveCache(base, sub string, cs []*Commit) error {
	dir, err := safefs.OpenCacheDir(base, sub)
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.WriteFile(cacheFile, func(f io.Writer) error {
		w := bufio.NewWriterSize(f, 1<<20)
		if err := encodeCache(w, cs); err != nil {
			return err
		}
		return w.Flush()
	})
}

type encoder struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
}

func (e *encoder) uint(v uint64) { n := binary.PutUvarint(e.buf[:], v); e.w.Write(e.buf[:n]) }
func (e *encoder) int(v int64)   { n := binary.PutVarint(e.buf[:], v); e.w.Write(e.buf[:n]) }
func (e *encoder) str(s string)  { e.uint(uint64(len(s))); e.w.WriteString(s) }
func (e *encoder) hash(h plumbing.Hash) {
	e.w.Write(h[:])
}

func (e *encoder) hunks(hs []Hunk) {
	e.uint(uint64(len(hs)))
	for _, h := range hs {
		e.uint(uint64(h.OldStart))
		e.uint(uint64(h.OldLen))
		e.uint(uint64(h.NewStart))
		e.uint(uint64(h.NewLen))
	}
}

func (d *decoder) hunks() []Hunk {
	n := d.count(4)
	if n == 0 {
		return nil
	}
	hs := make([]Hunk, n)
	for k := 0; k < n && d.err == nil; k++ {
		hs[k] = Hunk{int32(d.uint()), int32(d.uint()), int32(d.uint()), int32(d.uint())}
	}
	return hs
}

func encodeCache(w *bufio.Writer, cs []*Commit) error {
	e := &encoder{w: w}
	e.str(cacheKey)
	e.uint(uint64(len(cs)))
	for _, c := range cs {
		e.hash(c.Hash)
		e.hash(c.Tree)
		e.uint(uint64(len(c.Parents)))
		for _, p := range c.Parents {
			e.hash(p)
		}
		e.str(c.Author)
		e.str(c.Email)
		e.int(c.AuthorTime)
		e.int(c.CommitTime)
		e.str(c.Message)
		var flags uint64
		if c.Fix {
			flags |= 1
		}
		if c.Boundary {
			flags |= 2
		}
		if c.Diffed {
			flags |= 4
		}
		e.uint(flags)
		e.uint(uint64(c.Missing))
		e.uint(uint64(len(c.Files)))
		for i := range c.Files {
			f := &c.Files[i]
			e.str(f.Path)
			e.str(f.OldPath)
			e.w.WriteByte(f.Status)
			e.hash(f.OldHash)
			e.hash(f.NewHash)
			e.uint(uint64(f.Kind))
			e.uint(uint64(f.Added))
			e.uint(uint64(f.Deleted))
			e.uint(uint64(f.OldLines))
			e.uint(uint64(len(f.Hunks)))
			for _, h := range f.Hunks {
				e.uint(uint64(h.OldStart))
				e.uint(uint64(h.OldLen))
				e.uint(uint64(h.NewStart))
				e.uint(uint64(h.NewLen))
			}
			e.uint(uint64(len(f.SigDeleted)))
			prev := int32(0)
			for _, l := range f.SigDeleted {
				e.uint(uint64(l - prev))
				prev = l
			}
		}
		e.uint(uint64(len(c.MergeFiles)))
		for _, mf := range c.MergeFiles {
			e.str(mf.Path)
			e.hash(mf.NewHash)
			e.hash(mf.Hash1)
			e.hash(mf.Hash2)
			e.hunks(mf.Hunks1)
			e.hunks(mf.Hunks2)
		}
	}
	_, err := w.WriteString("end\n")
	return err
}

var errCorrupt = errors.New("corrupt cache")

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) fail() {
	d.err = errCorrupt
	d.b = nil
}

func (d *decoder) count(perItem int) int {
	n := d.uint()
	if n > uint64(len(d.b)/max(perItem, 1)+1) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.count(1)
	if n > len(d.b) {
		d.fail()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) hash() plumbing.Hash {
	var h plumbing.Hash
	if len(d.b) < len(h) {
		d.fail()
		return h
	}
	copy(h[:], d.b)
	d.b = d.b[len(h):]
	return h
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func decodeCache(data []byte) (map[plumbing.Hash]*Commit, error) {
	d := &decoder{b: data}
	if d.str() != cacheKey {
		return nil, errCorrupt
	}
	n := d.count(40)
	m := make(map[plumbing.Hash]*Commit, n)
	names := interner{}
	for i := 0; i < n && d.err == nil; i++ {
		c := &Commit{}
		c.Hash = d.hash()
		c.Tree = d.hash()
		np := d.count(20)
		for j := 0; j < np && d.err == nil; j++ {
			c.Parents = append(c.Parents, d.hash())
		}
		c.Author = names.get(d.str())
		c.Email = names.get(d.str())
		c.AuthorTime = d.int()
		c.CommitTime = d.int()
		c.Message = keptMessage(d.str())
		flags := d.uint()
		c.Fix = flags&1 != 0
		c.Boundary = flags&2 != 0
		c.Diffed = flags&4 != 0
		c.Missing = int32(d.uint())
		nf := d.count(45)
		if nf > 0 {
			c.Files = make([]FileChange, nf)
		}
		for j := 0; j < nf && d.err == nil; j++ {
			f := &c.Files[j]
			f.Path = d.str()
			f.OldPath = d.str()
			f.Status = d.byte()
			f.OldHash = d.hash()
			f.NewHash = d.hash()
			f.Kind = uint16(d.uint())
			f.Added = int32(d.uint())
			f.Deleted = int32(d.uint())
			f.OldLines = int32(d.uint())
			nh := d.count(4)
			if nh > 0 {
				f.Hunks = make([]Hunk, nh)
			}
			for k := 0; k < nh && d.err == nil; k++ {
				f.Hunks[k] = Hunk{int32(d.uint()), int32(d.uint()), int32(d.uint()), int32(d.uint())}
			}
			ns := d.count(1)
			if ns > 0 {
				f.SigDeleted = make([]int32, ns)
			}
			prev := int32(0)
			for k := 0; k < ns && d.err == nil; k++ {
				prev += int32(d.uint())
				f.SigDeleted[k] = prev
			}
		}
		nm := d.count(61)
		for j := 0; j < nm && d.err == nil; j++ {
			mf := MergeFile{Path: d.str(), NewHash: d.hash(), Hash1: d.hash(), Hash2: d.hash()}
			mf.Hunks1 = d.hunks()
			mf.Hunks2 = d.hunks()
			c.MergeFiles = append(c.MergeFiles, mf)
		}
		m[c.Hash] = c
	}
	if d.err != nil || !bytes.Equal(d.b, []byte("end\n")) {
		return nil, errCorrupt
	}
	return m, nil
}

func newBufWriter(w io.Writer) *bufio.Writer { return bufio.NewWriter(w) }
