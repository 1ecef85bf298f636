package scan

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

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
	root := wt.Filesystem.Root()
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
		p := filepath.Join(root, filepath.FromSlash(e.Name))
		st, err := os.Lstat(p)
		if err != nil {
			return true
		}
		if uint32(st.Size()) == e.Size && st.ModTime().Equal(e.ModifiedAt) {
			continue
		}
		if !sameContent(p, st, e.Hash) {
			return true
		}
	}
	return false
}

func sameContent(p string, st os.FileInfo, want plumbing.Hash) bool {
	var data []byte
	var err error
	if st.Mode()&os.ModeSymlink != 0 {
		var t string
		t, err = os.Readlink(p)
		data = []byte(t)
	} else {
		data, err = os.ReadFile(p)
	}
	if err != nil {
		return false
	}
	return plumbing.ComputeHash(plumbing.BlobObject, data) == want
}
