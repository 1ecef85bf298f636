package prgate

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

const (
	// maxLinkTarget caps the bytes of a symbolic link's target (PATH_MAX).
	maxLinkTarget = 4096
	// maxHops caps the symbolic links followed while resolving one path, as
	// the kernel's ELOOP does.
	maxHops = 40
)

// treeFS reads one commit's tree from git objects with the rules of
// safefs: a path never leaves the tree, a symbolic link is followed only
// while it stays inside (an absolute target, or ".." above the root, is
// ErrOutside), only regular files are read and every read is capped. Git
// objects of a repository are as hostile as its work tree.
type treeFS struct {
	s    storer.EncodedObjectStorer
	tree *object.Tree
	// index maps a tree (by hash) to its entries' first positions by
	// name, and trees caches decoded subtrees, so resolving every link of
	// a large tree costs one pass over each directory.
	index map[plumbing.Hash]map[string]int
	trees map[plumbing.Hash]*object.Tree
}

// splitPath splits a slash-separated relative path into its components,
// refusing absolute paths.
func splitPath(name string) ([]string, error) {
	if strings.HasPrefix(name, "/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: safefs.ErrOutside}
	}
	var out []string
	for _, c := range strings.Split(name, "/") {
		if c != "" && c != "." {
			out = append(out, c)
		}
	}
	return out, nil
}

// resolve follows name through the tree, as the kernel would through a
// checkout of it, and returns the path it leads to with its entry (nil for
// the root directory). A missing final component is fs.ErrNotExist; a
// link that leads out of the tree is ErrOutside. Entries are looked up in
// order, first match, so a tree with unsorted or duplicate entries
// resolves as materialize writes it (the first entry stands).
func (t *treeFS) resolve(name string) (string, *object.TreeEntry, error) {
	rest, err := splitPath(name)
	if err != nil {
		return "", nil, err
	}
	type dir struct {
		name string
		tree *object.Tree
	}
	cur := []dir{{"", t.tree}} // resolved directories, never links
	var entry *object.TreeEntry
	hops := 0
	for len(rest) > 0 {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case ".":
			continue
		case "..":
			if len(cur) == 1 {
				return "", nil, &fs.PathError{Op: "open", Path: name, Err: safefs.ErrOutside}
			}
			cur = cur[:len(cur)-1]
			entry = nil
			continue
		}
		e := t.lookup(cur[len(cur)-1].tree, c)
		if e == nil {
			return "", nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		switch e.Mode {
		case filemode.Symlink:
			hops++
			if hops > maxHops {
				return "", nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("too many levels of symbolic links")}
			}
			target, err := t.blob(e, maxLinkTarget)
			if err != nil {
				return "", nil, fmt.Errorf("read link %q: %w", c, err)
			}
			next, err := splitPath(string(target))
			if err != nil || strings.ContainsRune(string(target), 0) {
				return "", nil, &fs.PathError{Op: "open", Path: name, Err: safefs.ErrOutside}
			}
			rest = append(next, rest...)
			entry = nil
		case filemode.Dir:
			sub, err := t.subtree(e.Hash)
			if err != nil {
				return "", nil, fmt.Errorf("read tree %q: %w", c, err)
			}
			cur = append(cur, dir{c, sub})
			entry = e
		default:
			if len(rest) > 0 {
				return "", nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("not a directory")}
			}
			cur = append(cur, dir{c, nil})
			entry = e
		}
	}
	var parts []string
	for _, d := range cur[1:] {
		parts = append(parts, d.name)
	}
	return path.Join(parts...), entry, nil
}

// lookup returns the first entry of tr named name, nil when there is
// none.
func (t *treeFS) lookup(tr *object.Tree, name string) *object.TreeEntry {
	if tr == nil {
		return nil
	}
	if t.index == nil {
		t.index = map[plumbing.Hash]map[string]int{}
	}
	idx, ok := t.index[tr.Hash]
	if !ok {
		idx = make(map[string]int, len(tr.Entries))
		for i := range tr.Entries {
			if _, dup := idx[tr.Entries[i].Name]; !dup {
				idx[tr.Entries[i].Name] = i
			}
		}
		t.index[tr.Hash] = idx
	}
	i, ok := idx[name]
	if !ok {
		return nil
	}
	return &tr.Entries[i]
}

// subtree decodes the tree h once.
func (t *treeFS) subtree(h plumbing.Hash) (*object.Tree, error) {
	if tr, ok := t.trees[h]; ok {
		return tr, nil
	}
	tr, err := object.GetTree(t.s, h)
	if err != nil {
		return nil, err
	}
	if t.trees == nil {
		t.trees = map[plumbing.Hash]*object.Tree{}
	}
	t.trees[h] = tr
	return tr, nil
}

// readFile returns the bytes of the regular file name leads to, at most
// max (a bigger blob is ErrTooLarge and is not read).
func (t *treeFS) readFile(name string, max int64) ([]byte, error) {
	_, e, err := t.resolve(name)
	if err != nil {
		return nil, err
	}
	if e == nil || !e.Mode.IsFile() || e.Mode == filemode.Symlink {
		return nil, &fs.PathError{Op: "open", Path: name, Err: safefs.ErrNotRegular}
	}
	b, err := t.blob(e, max)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return b, nil
}

// blob reads the blob of an entry, refusing one over max bytes before
// reading it.
func (t *treeFS) blob(e *object.TreeEntry, max int64) ([]byte, error) {
	f, err := object.GetBlob(t.s, e.Hash)
	if err != nil {
		return nil, err
	}
	if f.Size > max {
		return nil, fmt.Errorf("%w: %d bytes, over the %d-byte limit", safefs.ErrTooLarge, f.Size, max)
	}
	rd, err := f.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	b, err := io.ReadAll(io.LimitReader(rd, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: over the %d-byte limit", safefs.ErrTooLarge, max)
	}
	return b, nil
}
