package safefs

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// CacheDir is a directory tollgate writes: a cache below a location the
// user chose (a flag, the environment, the user's cache directory), never
// one the scanned repository names.
//
// Even so, the user may point it inside a repository, where committed
// symbolic links could lead elsewhere. So every directory tollgate adds
// below the user's location is checked to be a real directory, not a link;
// every access is resolved with os.Root, so nothing below leads out of the
// location; files are written whole, to a new file created exclusively and
// renamed over the old one, so a planted link is replaced, never written
// through; only regular files are read; and Remove deletes a regular file
// only, never a link or a directory. What to remove is the caller's to
// decide from a record of what it wrote, never from a listing.
type CacheDir struct {
	dir  string
	root *os.Root
}

// OpenCacheDir opens the directory sub (slash-separated, relative) below
// base, creating what is missing. base is the user's choice and may be or
// contain a symbolic link; each directory of sub must be a real directory
// inside base.
func OpenCacheDir(base, sub string) (*CacheDir, error) {
	if base == "" {
		return nil, errors.New("no cache directory")
	}
	abs, err := filepath.Abs(base)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("create cache directory: %w", err)
	}
	br, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("open cache directory: %w", err)
	}
	defer br.Close()
	c, err := clean(sub)
	if err != nil {
		return nil, err
	}
	rel := "."
	if c != "." {
		for _, part := range strings.Split(filepath.ToSlash(c), "/") {
			rel = path.Join(rel, part)
			name := filepath.FromSlash(rel)
			if err := br.Mkdir(name, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return nil, fmt.Errorf("create cache directory %q: %w", rel, err)
			}
			st, err := br.Lstat(name)
			if err != nil {
				return nil, fmt.Errorf("cache directory %q: %w", rel, err)
			}
			if !st.IsDir() {
				return nil, &fs.PathError{Op: "open", Path: filepath.Join(abs, name), Err: fmt.Errorf("%w: not a directory (a link or a file stands in its place)", ErrNotRegular)}
			}
		}
	}
	r, err := br.OpenRoot(filepath.FromSlash(rel))
	if err != nil {
		return nil, fmt.Errorf("open cache directory: %w", err)
	}
	return &CacheDir{dir: filepath.Join(abs, filepath.FromSlash(rel)), root: r}, nil
}

// Dir returns the directory's absolute path.
func (c *CacheDir) Dir() string { return c.dir }

// Close releases the directory.
func (c *CacheDir) Close() error { return c.root.Close() }

// plainName checks that name is one plain file name: no separator, no "..".
func plainName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) || strings.ContainsRune(name, 0) {
		return &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return nil
}

// ReadFile reads the regular file name (a plain name, no directory), at
// most max bytes. A link, a FIFO or a device is refused without blocking.
func (c *CacheDir) ReadFile(name string, max int64) ([]byte, error) {
	if err := plainName(name); err != nil {
		return nil, err
	}
	if max <= 0 {
		max = DefaultMax
	}
	lst, err := c.root.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !lst.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(lst.Mode())}
	}
	f, err := c.root.OpenFile(name, os.O_RDONLY|oNonBlock|oNoFollow, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	// The file read must be the one checked: not swapped for another.
	if !st.Mode().IsRegular() || !os.SameFile(lst, st) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(st.Mode())}
	}
	return readCapped(f, name, max)
}

// WriteFile replaces the file name (a plain name) with what write writes:
// to a new file created exclusively beside it, renamed over name once
// complete. A link at name is replaced, never followed; a failed write
// leaves the old file in place.
func (c *CacheDir) WriteFile(name string, write func(io.Writer) error) error {
	if err := plainName(name); err != nil {
		return err
	}
	var rnd [8]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return err
	}
	tmp := name + ".tmp-" + hex.EncodeToString(rnd[:])
	f, err := c.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|oNoFollow, 0o644)
	if err != nil {
		return fmt.Errorf("write %q: %w", name, err)
	}
	werr := write(f)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = c.root.Rename(tmp, name)
	}
	if werr != nil {
		c.root.Remove(tmp)
		return fmt.Errorf("write %q: %w", name, werr)
	}
	return nil
}

// Remove deletes the regular file name (a plain name). A missing file is
// not an error; a link, a directory or any other kind of file is refused
// and left alone.
func (c *CacheDir) Remove(name string) error {
	if err := plainName(name); err != nil {
		return err
	}
	return removeRegular(c.root, name)
}

// removeRegular deletes the regular file name below root; a missing file
// is not an error, any other kind of file is refused and left alone.
func removeRegular(root *os.Root, name string) error {
	st, err := root.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return &fs.PathError{Op: "remove", Path: name, Err: notRegular(st.Mode())}
	}
	return root.Remove(name)
}
