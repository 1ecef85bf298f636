package prgate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// maxTreeDepth caps the directory depth of a checkout: a hostile tree can
// nest without end at the cost of a few bytes per level.
const maxTreeDepth = 256

// checkout is the base commit written into a temporary directory.
type checkout struct {
	// skipped lists the paths left out, each with why.
	skipped []skippedPath
	// outLinks maps each symbolic link left out because it leads out of
	// the tree to its target.
	outLinks map[string]string
}

type skippedPath struct {
	Path, Why string
}

// materialize writes the tree of a commit into dir from git objects, so
// the work tree is never touched. Every write goes through os.Root, so no
// name in the tree (however crafted) lands outside dir. It is as careful
// as safefs is when reading:
//
//   - a symbolic link is recreated only when it resolves inside the tree
//     (see treeFS.resolve); one that leads out (absolute, ".." above the
//     root, or through other links) is left out, so no later reader of the
//     checkout can be led outside it;
//   - no path component named ".git" is written (a tool that runs git in
//     the checkout must not find a repository configured by the tree);
//   - a blob over big bytes is not read: it is created sparse with its
//     size, so the scan reports it as too large exactly as it does in the
//     head, without the bytes ever being inflated.
func materialize(ctx context.Context, s storer.EncodedObjectStorer, tree *object.Tree, dir string, big int64) (*checkout, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	co := &checkout{outLinks: map[string]string{}}
	tfs := &treeFS{s: s, tree: tree}
	var links []string
	var walk func(t *object.Tree, prefix string, depth int) error
	walk = func(t *object.Tree, prefix string, depth int) error {
		for i := range t.Entries {
			if err := ctx.Err(); err != nil {
				return err
			}
			e := &t.Entries[i]
			name := prefix + e.Name
			if why := badName(e.Name); why != "" {
				co.skip(name, why)
				continue
			}
			switch e.Mode {
			case filemode.Dir:
				if depth >= maxTreeDepth {
					co.skip(name, fmt.Sprintf("deeper than %d directories", maxTreeDepth))
					continue
				}
				if err := root.Mkdir(name, 0o755); err != nil {
					co.skip(name, err.Error())
					continue
				}
				sub, err := tfs.subtree(e.Hash)
				if err != nil {
					return fmt.Errorf("read tree %q: %w", name, err)
				}
				if err := walk(sub, name+"/", depth+1); err != nil {
					return err
				}
			case filemode.Symlink:
				target, err := tfs.blob(e, maxLinkTarget)
				if err != nil {
					co.skip(name, "link target: "+err.Error())
					continue
				}
				if _, _, err := tfs.resolve(name); err != nil && !errors.Is(err, os.ErrNotExist) {
					if errors.Is(err, safefs.ErrOutside) {
						co.outLinks[name] = string(target)
					}
					co.skip(name, "symbolic link: "+err.Error())
					continue
				}
				if err := root.Symlink(string(target), name); err != nil {
					co.skip(name, err.Error())
					continue
				}
				links = append(links, name)
			case filemode.Regular, filemode.Executable, filemode.Deprecated:
				why, err := writeBlob(root, s, e, name, big)
				if err != nil {
					return err
				}
				if why != "" {
					co.skip(name, why)
				}
			default: // submodules have no content in this repository
			}
		}
		return nil
	}
	if err := walk(tree, "", 0); err != nil {
		return nil, err
	}
	if err := co.dropOutLinks(root, links); err != nil {
		return nil, err
	}
	return co, nil
}

// dropOutLinks checks what was written, not only the model of it: the
// kernel, through os.Root, must find every link inside the checkout. A
// link it finds leading out (or looping) is removed, and every link
// through it then dangles.
func (co *checkout) dropOutLinks(root *os.Root, links []string) error {
	for _, name := range links {
		if _, err := root.Stat(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			if rerr := root.Remove(name); rerr != nil {
				return fmt.Errorf("remove link %q that leads out: %w", name, rerr)
			}
			co.outLinks[name] = ""
			co.skip(name, "symbolic link: leads outside the checkout")
		}
	}
	return nil
}

func (co *checkout) skip(p, why string) {
	co.skipped = append(co.skipped, skippedPath{Path: p, Why: why})
}

// badName says why a tree entry's name cannot be written, or "".
func badName(n string) string {
	switch {
	case n == "" || n == "." || n == "..":
		return "invalid name"
	case strings.ContainsAny(n, "/\x00"):
		return "name holds a slash or NUL"
	case strings.EqualFold(n, ".git"):
		return "a .git entry is never written"
	}
	return ""
}

// writeBlob writes one regular file. A blob over big bytes is created
// sparse with its size instead of being read. A file that cannot be
// created (a duplicate entry, a name the file system refuses) is skipped
// with the reason; the first one written stands.
func writeBlob(root *os.Root, s storer.EncodedObjectStorer, e *object.TreeEntry, name string, big int64) (skip string, err error) {
	perm := os.FileMode(0o644)
	if e.Mode == filemode.Executable {
		perm = 0o755
	}
	blob, err := object.GetBlob(s, e.Hash)
	if err != nil {
		return "", fmt.Errorf("read %q: %w", name, err)
	}
	w, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err.Error(), nil
	}
	if blob.Size > big {
		if err := errors.Join(w.Truncate(blob.Size), w.Close()); err != nil {
			return "", fmt.Errorf("write %q: %w", name, err)
		}
		return "", nil
	}
	rd, err := blob.Reader()
	if err != nil {
		w.Close()
		return "", fmt.Errorf("read %q: %w", name, err)
	}
	n, cerr := io.Copy(w, io.LimitReader(rd, blob.Size))
	rd.Close()
	if err := errors.Join(cerr, w.Close()); err != nil {
		return "", fmt.Errorf("write %q: %w", name, err)
	}
	if n != blob.Size {
		return "", fmt.Errorf("read %q: %d bytes, the object says %d", name, n, blob.Size)
	}
	return "", nil
}
