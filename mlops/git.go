package mlops

import (
	"context"
	"errors"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// MaxCommits is how many commits of first-parent history the model-card
// freshness check walks back from HEAD at most.
const MaxCommits = 2000

// Repo is the git repository of the scanned directory, read-only: HEAD's
// tree for what is committed and the history for card freshness.
type Repo struct {
	git *git.Repository
	// prefix is the scanned directory relative to the work tree's root
	// ("" at the root), so that paths match the scan's.
	prefix string
}

// OpenRepo opens the git repository that holds dir, nil (and no error)
// when dir is not in one. Nothing is written to it.
func OpenRepo(dir string) (*Repo, error) {
	r, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := &Repo{git: r}
	if wt, err := r.Worktree(); err == nil {
		if rel, err := filepath.Rel(wt.Filesystem.Root(), dir); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			out.prefix = filepath.ToSlash(rel) + "/"
		}
	}
	return out, nil
}

// treeFile is a file of HEAD's tree.
type treeFile struct {
	File
	Hash plumbing.Hash
}

// headFiles lists the files of HEAD's tree under the scanned directory for
// which keep is true, with their sizes. ok is false when there is no HEAD
// (an empty repository).
func (r *Repo) headFiles(ctx context.Context, keep func(string) bool) (files []treeFile, ok bool, err error) {
	head, err := r.git.Head()
	if err != nil {
		return nil, false, nil
	}
	c, err := r.git.CommitObject(head.Hash())
	if err != nil {
		return nil, false, err
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, false, err
	}
	w := object.NewTreeWalker(tree, true, nil)
	defer w.Close()
	for {
		if err := ctx.Err(); err != nil {
			return nil, false, err
		}
		name, e, err := w.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return files, true, err
		}
		if !e.Mode.IsFile() || e.Mode == filemode.Symlink || !strings.HasPrefix(name, r.prefix) {
			continue
		}
		p := strings.TrimPrefix(name, r.prefix)
		if !keep(p) {
			continue
		}
		size, err := r.git.Storer.EncodedObjectSize(e.Hash)
		if err != nil {
			continue
		}
		files = append(files, treeFile{File: File{Path: p, Size: size}, Hash: e.Hash})
	}
	return files, true, nil
}

// isPointer reports whether a blob is a Git LFS pointer.
func (r *Repo) isPointer(h plumbing.Hash, size int64) bool {
	if size > 1024 {
		return false
	}
	b, err := r.git.BlobObject(h)
	if err != nil {
		return false
	}
	rd, err := b.Reader()
	if err != nil {
		return false
	}
	defer rd.Close()
	buf := make([]byte, len(lfsMagic))
	if _, err := io.ReadFull(rd, buf); err != nil {
		return false
	}
	return string(buf) == string(lfsMagic)
}

// gtoTag is a GTO registry tag: "name@v1.2.3" registers a version,
// "name#stage#N" assigns a stage.
var gtoTag = lazyre.New(`^[a-z0-9][\w.-]*(:[\w.-]+)?(@v\d+\.\d+\.\d+|#[\w-]+(#\d+)?)$`)

// gtoTags returns the first GTO tags of the repository (at most max).
func (r *Repo) gtoTags(max int) []string {
	it, err := r.git.Tags()
	if err != nil {
		return nil
	}
	var out []string
	_ = it.ForEach(func(ref *plumbing.Reference) error {
		if n := ref.Name().Short(); gtoTag.MatchString(n) {
			out = append(out, n)
		}
		return nil
	})
	slices.Sort(out)
	if len(out) > max {
		out = out[:max]
	}
	return out
}

// cardTrack is the history of one card while the walk goes back.
type cardTrack struct {
	card    string // the card's path at HEAD, under the repository root
	cur     string // its path at the commit being looked at
	done    bool
	res     report.CardFreshness
	changed map[string]bool
}

// freshness walks first-parent history from HEAD back (at most MaxCommits
// commits, and no further than every card's last change) and, for each
// card, finds the last commit that changed its content and counts the
// later commits that changed the model's inputs. A pure rename (same
// content, new name) is followed and is not a change. isInput tells, for a
// card and a path (both root-relative), whether the path is an input of
// the card's model. walked is the number of commits looked at; truncated
// is true when the cap stopped the walk before every card was placed.
func (r *Repo) freshness(ctx context.Context, cards []string, isInput func(card, p string) bool, maxCommits int) (out []report.CardFreshness, truncated bool, err error) {
	if len(cards) == 0 {
		return nil, false, nil
	}
	if maxCommits <= 0 {
		maxCommits = MaxCommits
	}
	head, err := r.git.Head()
	if err != nil {
		return nil, false, nil
	}
	tracks := make([]*cardTrack, len(cards))
	for i, c := range cards {
		tracks[i] = &cardTrack{card: r.prefix + c, cur: r.prefix + c, res: report.CardFreshness{Card: c}, changed: map[string]bool{}}
	}
	c, err := r.git.CommitObject(head.Hash())
	if err != nil {
		return nil, false, err
	}
	left := 0
	for _, t := range tracks {
		if !t.done {
			left++
		}
	}
	opts := &object.DiffTreeOptions{DetectRenames: true, RenameScore: 50, RenameLimit: 200}
	for n := 0; c != nil && left > 0; n++ {
		if err := ctx.Err(); err != nil {
			return nil, false, err
		}
		if n >= maxCommits {
			truncated = true
			break
		}
		tree, err := c.Tree()
		if err != nil {
			return nil, false, err
		}
		var parent *object.Commit
		var ptree *object.Tree
		if c.NumParents() > 0 {
			parent, err = c.Parent(0)
			if err == nil {
				ptree, err = parent.Tree()
			}
			if err != nil {
				// A shallow clone ends here: what came before is unknown.
				parent, ptree, truncated = nil, nil, true
			}
		}
		changes, err := object.DiffTreeWithOptions(ctx, ptree, tree, opts)
		if err != nil {
			return nil, false, err
		}
		for _, t := range tracks {
			if t.done {
				continue
			}
			cardChanged := false
			for _, ch := range changes {
				if ch.To.Name != t.cur {
					continue
				}
				if ch.From.Name != "" && ch.From.Name != t.cur && ch.From.TreeEntry.Hash == ch.To.TreeEntry.Hash {
					t.cur = ch.From.Name // a pure rename: follow it
					continue
				}
				cardChanged = true
			}
			if cardChanged {
				t.done = true
				left--
				t.res.CardCommit = c.Hash.String()
				continue
			}
			counted := false
			for _, ch := range changes {
				if ch.From.Name != "" && ch.To.Name != "" && ch.From.TreeEntry.Hash == ch.To.TreeEntry.Hash {
					continue // a pure rename of an input is not a change to it
				}
				name := cmpOr(ch.To.Name, ch.From.Name)
				if !strings.HasPrefix(name, r.prefix) {
					continue
				}
				rel := strings.TrimPrefix(name, r.prefix)
				if !isInput(t.res.Card, rel) {
					continue
				}
				t.changed[rel] = true
				if !counted {
					counted = true
					t.res.CommitsAfter++
				}
			}
		}
		c = parent
	}
	for _, t := range tracks {
		if !t.done {
			// The card was never found changing: not committed, or
			// older than the walk.
			if !truncated {
				t.res.CommitsAfter, t.changed = 0, nil
			}
		}
		for p := range t.changed {
			t.res.ChangedAfter = append(t.res.ChangedAfter, p)
		}
		slices.Sort(t.res.ChangedAfter)
		if len(t.res.ChangedAfter) > maxChangedListed {
			t.res.ChangedAfter = t.res.ChangedAfter[:maxChangedListed]
		}
		t.res.Stale = t.res.CommitsAfter > 0 && (t.done || truncated)
		out = append(out, t.res)
	}
	return out, truncated, nil
}

// maxChangedListed is how many changed inputs a card's freshness names.
const maxChangedListed = 10

// inputFor returns the input test of the model-card freshness check: the
// files that make a model — training code, data versioning files (.dvc,
// dvc.lock, dvc.yaml, params), the model files, and the dependencies of the
// DVC stages — each assigned to the card whose directory is its closest
// ancestor, or to every card when none is.
func inputFor(cards []string, stageDeps []string) func(card, p string) bool {
	dirs := make([]string, len(cards))
	for i, c := range cards {
		dirs[i] = path.Dir(c)
	}
	return func(card, p string) bool {
		if !isModelInput(p, stageDeps) || slices.Contains(cards, p) {
			return false
		}
		best, bestLen := "", -1
		for i, d := range dirs {
			if (d == "." || strings.HasPrefix(p, d+"/")) && len(d) > bestLen {
				best, bestLen = cards[i], len(d)
			}
		}
		return best == "" || best == card
	}
}

func isModelInput(p string, stageDeps []string) bool {
	base := strings.ToLower(path.Base(p))
	switch {
	case strings.HasSuffix(base, ".dvc"), base == "dvc.lock", base == "dvc.yaml",
		base == "params.yaml", base == "params.yml", base == "params.json":
		return true
	case strings.Contains(base, "train") && (strings.HasSuffix(base, ".py") || strings.HasSuffix(base, ".ipynb") || strings.HasSuffix(base, ".r")):
		return true
	case Classify(p) == Model:
		return true
	}
	for _, d := range stageDeps {
		if p == d || strings.HasPrefix(p, strings.TrimSuffix(d, "/")+"/") {
			return true
		}
	}
	return false
}

// cardFinding turns a stale card into a finding.
func cardFinding(f report.CardFreshness) finding.Finding {
	short := f.CardCommit
	if len(short) > 12 {
		short = short[:12]
	}
	fd := ModelCardStale.New(finding.Location{Path: f.Card, StartLine: 1},
		"model card %q was last changed in %s; %d later commits changed the model's inputs (%s)",
		f.Card, cmpOr(short, "a commit older than the walk"), f.CommitsAfter, strings.Join(f.ChangedAfter, ", "))
	fd.Evidence = map[string]string{"card_commit": f.CardCommit, "changed_after": strings.Join(f.ChangedAfter, ", ")}
	return fd
}
