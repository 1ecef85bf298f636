package scan

import (
	"errors"
	"io"
	"io/fs"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/report"
)

// repoInfo reads HEAD, the branch and whether the work tree is dirty. Outside
// a git repository, or on a repository go-git cannot read, it returns what it
// could learn; the scan does not depend on it.
func repoInfo(root string) report.Repository {
	var info report.Repository
	repo, err := git.PlainOpenWithOptions(root, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return info
	}
	head, err := repo.Head()
	if err != nil {
		return info
	}
	info.Commit = head.Hash().String()
	if head.Name().IsBranch() {
		info.Branch = head.Name().Short()
	}
	info.Dirty = dirty(repo)
	return info
}

// dirty reports whether the index differs from HEAD's tree or the work tree
// differs from the index. It compares sizes and modification times first
// and hashes only the files whose stat data changed, which keeps it fast on
// large repositories where go-git's Worktree.Status hashes everything.
// Untracked files do not make a tree dirty, as with `git describe --dirty`.
func dirty(repo *git.Repository) bool {
	wt, err := repo.Worktree()
	if err != nil {
		return false
	}
	idx, err := repo.Storer.Index()
	if err != nil {
		return true
	}
	head, err := repo.Head()
	if err != nil {
		return true
	}
	commit, err := repo.CommitObject(head.Hash())
	if err != nil {
		return true
	}
	tree, err := commit.Tree()
	if err != nil {
		return true
	}
	inTree := map[string]plumbing.Hash{}
	walker := object.NewTreeWalker(tree, true, nil)
	defer walker.Close()
	for {
		name, entry, err := walker.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return true
		}
		if entry.Mode != filemode.Dir {
			inTree[name] = entry.Hash
		}
	}
	if len(inTree) != len(idx.Entries) {
		return true
	}
	// The work tree is the scanned repository: its files are reached
	// through a safefs root (an index entry naming "../x", or a path
	// through a link out, is not followed), and hashed as a stream, so a
	// big file costs no memory and a FIFO is never opened.
	root, err := safefs.Open(wt.Filesystem.Root(), 0)
	if err != nil {
		return true
	}
	defer root.Close()
	for _, e := range idx.Entries {
		if e.Stage != 0 { // 0 is a normal entry; 1-3 are conflict stages
			return true
		}
		if h, ok := inTree[e.Name]; !ok || h != e.Hash {
			return true
		}
		if e.Mode == filemode.Submodule {
			continue
		}
		st, err := root.Lstat(e.Name)
		if err != nil {
			return true
		}
		if uint32(st.Size()) == e.Size && st.ModTime().Equal(e.ModifiedAt) {
			continue
		}
		if !sameContent(root, e.Name, st, e.Hash) {
			return true
		}
	}
	return false
}

// sameContent reports whether the work-tree file name (a symbolic link's
// target text, or a regular file's bytes) has the blob hash want.
func sameContent(root *safefs.Root, name string, st fs.FileInfo, want plumbing.Hash) bool {
	if st.Mode()&fs.ModeSymlink != 0 {
		t, err := root.Readlink(name)
		return err == nil && plumbing.ComputeHash(plumbing.BlobObject, []byte(t)) == want
	}
	if !st.Mode().IsRegular() {
		return false
	}
	f, err := root.OpenFile(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := plumbing.NewHasher(plumbing.BlobObject, st.Size())
	n, err := io.Copy(h, io.LimitReader(f, st.Size()+1))
	return err == nil && n == st.Size() && h.Sum() == want
}
