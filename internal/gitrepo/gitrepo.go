// Package gitrepo builds small git repositories for tests: files written into
// a temporary directory and committed with go-git at fixed times, so that
// commit hashes are the same on every run.
package gitrepo

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Epoch is the time of the first commit a Repo makes; each later commit is
// one hour after the one before.
var Epoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// Repo is a test repository.
type Repo struct {
	t    testing.TB
	Dir  string
	Git  *git.Repository
	tick int
}

// New initialises an empty repository in a fresh temporary directory.
func New(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return &Repo{t: t, Dir: dir, Git: r}
}

// Write writes files (slash-separated path → content) into the work tree
// without committing them.
func (r *Repo) Write(files map[string]string) {
	r.t.Helper()
	for p, content := range files {
		full := filepath.Join(r.Dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// Commit writes files, stages everything and commits with the given
// message as author "Dev <dev@example.com>", returning the commit hash.
func (r *Repo) Commit(msg string, files map[string]string) plumbing.Hash {
	return r.CommitAs("Dev", "dev@example.com", msg, files)
}

// CommitAs is Commit with an explicit author.
func (r *Repo) CommitAs(name, email, msg string, files map[string]string) plumbing.Hash {
	r.t.Helper()
	r.Write(files)
	wt, err := r.Git.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.t.Fatal(err)
	}
	when := Epoch.Add(time.Duration(r.tick) * time.Hour)
	r.tick++
	sig := &object.Signature{Name: name, Email: email, When: when}
	h, err := wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}
