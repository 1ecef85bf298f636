// Package safefs is the one way bytes of a scanned repository enter
// tollgate. Every path is resolved inside a root with os.Root, so no symbolic
// link (or "..") leads out of it; only regular files are opened (a device, a
// FIFO or a socket is refused without blocking); and every read is capped.
//
// A scanned repository is hostile input: its files, its symbolic links, its
// policy file. Readers that go around this package can be made to read
// /dev/zero, block on a FIFO or publish a file outside the repository.
package safefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// DefaultMax is the byte cap of a Root whose Max is zero.
const DefaultMax = 64 << 20

var (
	// ErrOutside is returned for a path, or a symbolic link on the way to
	// it, that leads out of the root.
	ErrOutside = errors.New("leads outside the repository")
	// ErrNotRegular is returned for a device, FIFO, socket or other file
	// that is not a regular file (or, where a directory is asked for, not a
	// directory).
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge is returned when a file has more bytes than the cap.
	ErrTooLarge = errors.New("file too large")
)

// Root reads files below one directory.
type Root struct {
	dir  string
	root *os.Root
	// Max caps the bytes ReadFile returns; zero means DefaultMax.
	Max int64
}

// Open opens dir as a root. max caps each read (zero means DefaultMax).
func Open(dir string, max int64) (*Root, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	return &Root{dir: abs, root: r, Max: max}, nil
}

// Dir returns the absolute directory of the root.
func (r *Root) Dir() string { return r.dir }

// Close releases the root.
func (r *Root) Close() error { return r.root.Close() }

func (r *Root) max() int64 {
	if r.Max > 0 {
		return r.Max
	}
	return DefaultMax
}

// clean turns a slash-separated path relative to the root into the name
// os.Root expects, refusing absolute paths.
func clean(name string) (string, error) {
	if name == "" {
		return ".", nil
	}
	if path.IsAbs(name) || filepath.IsAbs(name) || filepath.VolumeName(name) != "" {
		return "", &fs.PathError{Op: "open", Path: name, Err: ErrOutside}
	}
	c := path.Clean(strings.ReplaceAll(name, `\`, "/"))
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", &fs.PathError{Op: "open", Path: name, Err: ErrOutside}
	}
	return filepath.FromSlash(c), nil
}

// classify rewrites os.Root's "path escapes from parent" into ErrOutside so
// that callers can tell it from a missing file.
func (r *Root) classify(op, name string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, ErrOutside) || errors.Is(err, ErrNotRegular) || errors.Is(err, ErrTooLarge) {
		return err
	}
	if errors.Is(err, fs.ErrNotExist) {
		// A dangling link is missing; a link to a missing file outside is
		// still outside, but os.Root says so itself: it resolves links one
		// by one and reports one that leads out as an escape before looking
		// for its target, so a missing file here is missing inside (no walk
		// of the path's links: scans probe many missing paths).
		return err
	}
	if strings.Contains(err.Error(), "escapes") || !r.inside(name) {
		return &fs.PathError{Op: op, Path: name, Err: ErrOutside}
	}
	return err
}

// inside reports whether name, with its symbolic links resolved as far as
// they exist, stays in the root.
func (r *Root) inside(name string) bool {
	p := filepath.Join(r.dir, filepath.FromSlash(name))
	for q := p; ; q = filepath.Dir(q) {
		real, err := filepath.EvalSymlinks(q)
		if err == nil {
			rootReal, rerr := filepath.EvalSymlinks(r.dir)
			if rerr != nil {
				rootReal = r.dir
			}
			return Within(rootReal, real)
		}
		if q == filepath.Dir(q) || q == r.dir {
			return true
		}
	}
}

// Within reports whether p is root or below it (both cleaned, absolute).
func Within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// OpenFile opens a regular file for reading without blocking on a FIFO: it
// is opened with O_NONBLOCK and refused unless it is a regular file.
func (r *Root) OpenFile(name string) (*os.File, error) {
	c, err := clean(name)
	if err != nil {
		return nil, err
	}
	f, err := r.root.OpenFile(c, os.O_RDONLY|oNonBlock, 0)
	if err != nil {
		return nil, r.classify("open", name, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(st.Mode())}
	}
	return f, nil
}

func notRegular(m fs.FileMode) error {
	kind := "special file"
	switch {
	case m.IsDir():
		kind = "directory"
	case m&fs.ModeNamedPipe != 0:
		kind = "FIFO"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		kind = "device"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	}
	return fmt.Errorf("%w (a %s)", ErrNotRegular, kind)
}

// ReadFile reads a regular file below the root, at most Max bytes.
func (r *Root) ReadFile(name string) ([]byte, error) {
	return r.ReadFileMax(name, r.max())
}

// ReadFileMax reads a regular file below the root, at most max bytes; a
// bigger file is ErrTooLarge.
func (r *Root) ReadFileMax(name string, max int64) ([]byte, error) {
	f, err := r.OpenFile(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCapped(f, name, max)
}

func readCapped(f *os.File, name string, max int64) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > max {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%w: %d bytes, over the %d-byte limit", ErrTooLarge, st.Size(), max)}
	}
	// Files whose size is not known in advance (procfs reports 0) are
	// still bounded by the cap.
	b, err := readAll(io.LimitReader(f, max+1), min(st.Size(), max))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%w: over the %d-byte limit", ErrTooLarge, max)}
	}
	return b, nil
}

// readAll is io.ReadAll with a first buffer of size+1 bytes (size is the
// file's size from stat), as os.ReadFile does: one allocation for a file
// whose size is known rather than a doubling series from 512 bytes.
func readAll(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, max(size+1, 512))
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// Stat returns the file info of name, following symbolic links that stay in
// the root.
func (r *Root) Stat(name string) (fs.FileInfo, error) {
	c, err := clean(name)
	if err != nil {
		return nil, err
	}
	st, err := r.root.Stat(c)
	return st, r.classify("stat", name, err)
}

// Lstat returns the file info of name without following a final link.
func (r *Root) Lstat(name string) (fs.FileInfo, error) {
	c, err := clean(name)
	if err != nil {
		return nil, err
	}
	st, err := r.root.Lstat(c)
	return st, r.classify("lstat", name, err)
}

// IsRegular reports whether name is a regular file inside the root
// (following links that stay inside).
func (r *Root) IsRegular(name string) bool {
	st, err := r.Stat(name)
	return err == nil && st.Mode().IsRegular()
}

// IsDir reports whether name is a directory inside the root.
func (r *Root) IsDir(name string) bool {
	st, err := r.Stat(name)
	return err == nil && st.IsDir()
}

// ReadDir lists a directory below the root, sorted by name. It never
// blocks: a FIFO or device where a directory is expected is refused at once
// (see ListDir).
func (r *Root) ReadDir(name string) ([]fs.DirEntry, error) {
	return r.ListDir(name)
}

// RemoveFile deletes the regular file name below the root. A missing file
// is not an error; a link, a directory or any other kind of file is refused
// and left alone.
func (r *Root) RemoveFile(name string) error {
	c, err := clean(name)
	if err != nil {
		return err
	}
	return removeRegular(r.root, c)
}

// FS returns the root as an fs.FS whose ReadFile and Open follow the same
// rules: no link out, regular files (and directories) only, reads capped.
func (r *Root) FS() fs.FS { return rootFS{r} }

type rootFS struct{ r *Root }

func (f rootFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if file, ok := f.openOnce(name); ok {
		return file, nil
	}
	return f.open(name)
}

// openOnce is Open in one walk of the path: it opens name (O_NONBLOCK, so
// a FIFO cannot block) and looks at what it opened, rather than walking
// the path once to stat it and again to open it. ok is false when that
// does not give Open's answer as it is: on any error, for a file that is
// neither a directory nor a regular file, and for a name that clean
// rewrites; the caller then runs open, which gives the errors.
func (f rootFS) openOnce(name string) (fs.File, bool) {
	if c, err := clean(name); err != nil || c != name {
		return nil, false
	}
	file, err := f.r.root.OpenFile(name, os.O_RDONLY|oNonBlock, 0)
	if err != nil {
		return nil, false
	}
	st, err := file.Stat()
	switch {
	case err != nil:
	case st.IsDir():
		return file, true
	case st.Mode().IsRegular():
		return &cappedFile{File: file, left: f.r.max(), name: name, st: st}, true
	}
	file.Close()
	return nil, false
}

// open stats name, then opens it as a directory or as a regular file.
func (f rootFS) open(name string) (fs.File, error) {
	st, err := f.r.Stat(name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		d, err := f.r.root.FS().Open(name)
		return d, f.r.classify("open", name, err)
	}
	file, err := f.r.OpenFile(name)
	if err != nil {
		return nil, err
	}
	return &cappedFile{File: file, left: f.r.max(), name: name}, nil
}

func (f rootFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	return f.r.ReadFile(name)
}

func (f rootFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	return f.r.Stat(name)
}

func (f rootFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	return f.r.ReadDir(name)
}

// cappedFile stops reading at the cap with ErrTooLarge.
type cappedFile struct {
	*os.File
	left int64
	name string
	st   fs.FileInfo // from the open, when known
}

// Stat returns the file info taken when the file was opened, if any: the
// caller's stat costs no second fstat.
func (c *cappedFile) Stat() (fs.FileInfo, error) {
	if c.st != nil {
		return c.st, nil
	}
	return c.File.Stat()
}

func (c *cappedFile) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, _ := c.File.Read(one[:]); n > 0 {
			return 0, &fs.PathError{Op: "read", Path: c.name, Err: ErrTooLarge}
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.File.Read(p)
	c.left -= int64(n)
	return n, err
}

// ReadFile reads one file below dir (rel is slash-separated and relative),
// with the rules of Root. It is for one-off reads such as the policy file.
func ReadFile(dir, rel string, max int64) ([]byte, error) {
	r, err := Open(dir, max)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.ReadFile(rel)
}

// ReadTrusted reads a file tollgate did not get from the scanned repository
// (the module cache, a file named on the command line): any path, but
// still regular files only, without blocking, and capped, so that a link to
// /dev/zero or /proc cannot exhaust memory.
func ReadTrusted(p string, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMax
	}
	f, err := os.OpenFile(p, os.O_RDONLY|oNonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: p, Err: notRegular(st.Mode())}
	}
	return readCapped(f, p, max)
}
