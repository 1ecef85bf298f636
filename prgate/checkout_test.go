package prgate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/tollgate-dev/tollgate/internal/gitrepo"
	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// objects writes git objects by hand, to build trees no work tree can
// hold: entries named .git, links out, duplicates.
type objects struct {
	t *testing.T
	s storer.EncodedObjectStorer
}

func (o objects) blob(data string) plumbing.Hash {
	obj := o.s.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	w, err := obj.Writer()
	if err != nil {
		o.t.Fatal(err)
	}
	io.WriteString(w, data)
	w.Close()
	h, err := o.s.SetEncodedObject(obj)
	if err != nil {
		o.t.Fatal(err)
	}
	return h
}

type ent struct {
	name string
	mode filemode.FileMode
	hash plumbing.Hash
}

// tree encodes entries in the order given, duplicates included, as a
// hostile git implementation could; go-git's encoder refuses both.
func (o objects) tree(es ...ent) plumbing.Hash {
	obj := o.s.NewEncodedObject()
	obj.SetType(plumbing.TreeObject)
	w, err := obj.Writer()
	if err != nil {
		o.t.Fatal(err)
	}
	for _, e := range es {
		fmt.Fprintf(w, "%o %s\x00", uint32(e.mode), e.name)
		w.Write(e.hash[:])
	}
	w.Close()
	h, err := o.s.SetEncodedObject(obj)
	if err != nil {
		o.t.Fatal(err)
	}
	return h
}

func (o objects) getTree(h plumbing.Hash) *object.Tree {
	tr, err := object.GetTree(o.s, h)
	if err != nil {
		o.t.Fatal(err)
	}
	return tr
}

func file(name, data string, o objects) ent { return ent{name, filemode.Regular, o.blob(data)} }
func link(name, target string, o objects) ent {
	return ent{name, filemode.Symlink, o.blob(target)}
}

// hostileTree is a base tree with every shape a checkout must survive.
func hostileTree(t *testing.T, secret string) (objects, *object.Tree) {
	repo := gitrepo.New(t)
	o := objects{t, repo.Git.Storer}
	gitDir := o.tree(file("config", "[core]\n\tfsmonitor = touch /tmp/pwned\n", o))
	sub := o.tree(file("inner.txt", "inner\n", o), link("up", "../..", o))
	root := o.tree(
		ent{".GIT", filemode.Dir, gitDir},
		ent{".git", filemode.Dir, gitDir},
		file("a.txt", "hello\n", o),
		file("a.txt", "duplicate\n", o),
		file("big.bin", strings.Repeat("x", 100), o),
		link("etc-link", "/etc/passwd", o),
		link("escape", "sub/../../outside", o),
		link("in", "a.txt", o),
		link("loop", "loop", o),
		link("secret", secret, o),
		ent{"sub", filemode.Dir, sub},
		link("via-self", "y/../x", o),
		link("y", ".", o),
	)
	return o, o.getTree(root)
}

func TestMaterializeHostileTree(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.txt")
	if err := os.WriteFile(secret, []byte("TOP-SECRET\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	o, tree := hostileTree(t, secret)
	dir := t.TempDir()
	co, err := materialize(context.Background(), o.s, tree, dir, 50)
	if err != nil {
		t.Fatal(err)
	}
	skipped := map[string]string{}
	for _, s := range co.skipped {
		skipped[s.Path] = s.Why
	}
	for _, p := range []string{".GIT", ".git", "etc-link", "escape", "secret", "sub/up", "via-self", "loop"} {
		if _, ok := skipped[p]; !ok {
			t.Errorf("%q was not skipped (skipped: %v)", p, skipped)
		}
		if _, err := os.Lstat(filepath.Join(dir, p)); err == nil {
			t.Errorf("%q was written", p)
		}
	}
	if got := co.outLinks["etc-link"]; got != "/etc/passwd" {
		t.Errorf("outLinks[etc-link] = %q", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(b) != "hello\n" {
		t.Errorf("a.txt = %q: the first entry stands", b)
	}
	if _, ok := skipped["a.txt"]; !ok {
		t.Errorf("the duplicate a.txt was not reported")
	}
	if target, err := os.Readlink(filepath.Join(dir, "in")); err != nil || target != "a.txt" {
		t.Errorf("link inside: %q %v", target, err)
	}
	if target, err := os.Readlink(filepath.Join(dir, "y")); err != nil || target != "." {
		t.Errorf("link to the root: %q %v", target, err)
	}
	st, err := os.Stat(filepath.Join(dir, "big.bin"))
	if err != nil || st.Size() != 100 {
		t.Fatalf("big.bin: %v %v", st, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "big.bin")); strings.Contains(string(b), "x") {
		t.Errorf("a blob over the limit was inflated")
	}
	// Nothing was written beside the checkout.
	ents, _ := os.ReadDir(outside)
	if len(ents) != 1 {
		t.Errorf("the outside directory changed: %v", ents)
	}
	if _, err := os.Stat("/tmp/pwned"); err == nil {
		t.Errorf("/tmp/pwned exists")
	}
}

func TestTreeReadFile(t *testing.T) {
	outside := t.TempDir()
	o, tree := hostileTree(t, filepath.Join(outside, "secret.txt"))
	tfs := &treeFS{s: o.s, tree: tree}
	for _, tc := range []struct {
		name string
		want string
		err  error
	}{
		{"a.txt", "hello\n", nil},
		{"in", "hello\n", nil}, // a link inside is followed
		{"sub/inner.txt", "inner\n", nil},
		{"y/a.txt", "hello\n", nil}, // through a link to the root
		{"y/sub/../a.txt", "hello\n", nil},
		{"etc-link", "", safefs.ErrOutside},
		{"secret", "", safefs.ErrOutside},
		{"escape", "", safefs.ErrOutside},
		{"via-self", "", safefs.ErrOutside},
		{"sub/up/a.txt", "", safefs.ErrOutside},
		{"../a.txt", "", safefs.ErrOutside},
		{"/a.txt", "", safefs.ErrOutside},
		{"missing", "", fs.ErrNotExist},
		{"sub", "", safefs.ErrNotRegular},
		{"big.bin", "", safefs.ErrTooLarge},
	} {
		got, err := tfs.readFile(tc.name, 50)
		if tc.err == nil && (err != nil || string(got) != tc.want) {
			t.Errorf("readFile(%q) = %q, %v; want %q", tc.name, got, err, tc.want)
		}
		if tc.err != nil && !errors.Is(err, tc.err) {
			t.Errorf("readFile(%q) error %v, want %v", tc.name, err, tc.err)
		}
	}
	if _, err := tfs.readFile("loop", 50); err == nil || !strings.Contains(err.Error(), "symbolic links") {
		t.Errorf("loop: %v", err)
	}
}

// TestBasePolicyLinkOut: a base whose policy file links to a file outside
// the repository is refused, not read.
func TestBasePolicyLinkOut(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "policy.hcl")
	if err := os.WriteFile(outside, []byte("gate {\n  fail_on = \"critical\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	repo := gitrepo.New(t)
	if err := os.Symlink(outside, filepath.Join(repo.Dir, ".tollgate.hcl")); err != nil {
		t.Fatal(err)
	}
	setMain(t, repo, repo.Commit("base", map[string]string{"README.md": "x\n"}))
	repo.Commit("head", map[string]string{"README.md": "y\n"})
	_, err := Run(context.Background(), Options{Dir: repo.Dir, BaseRef: "main", Now: fixedNow})
	var ue *UsageError
	if !errors.As(err, &ue) || !errors.Is(err, safefs.ErrOutside) {
		t.Errorf("err = %v, want a usage error wrapping ErrOutside", err)
	}
}

// TestBasePolicyTooLarge: the policy blob is refused before it is read.
func TestBasePolicyTooLarge(t *testing.T) {
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{".tollgate.hcl": "# " + strings.Repeat("x", maxPolicyBytes) + "\n"}))
	repo.Commit("head", map[string]string{"README.md": "y\n"})
	_, err := Run(context.Background(), Options{Dir: repo.Dir, BaseRef: "main", Now: fixedNow})
	if !errors.Is(err, safefs.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

// TestBaseLinkOutNotRead: a symbolic link of the base to a file outside
// the repository is not followed, and the head's same link is not counted
// as new.
func TestBaseLinkOutNotRead(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "leak.yml")
	if err := os.WriteFile(outside, []byte("on: push\npermissions: write-all\n# TOP-SECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	repo := gitrepo.New(t)
	if err := os.MkdirAll(filepath.Join(repo.Dir, ".github/workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(repo.Dir, ".github/workflows/leak.yml")); err != nil {
		t.Fatal(err)
	}
	setMain(t, repo, repo.Commit("base", map[string]string{"README.md": "x\n"}))
	repo.Commit("head", map[string]string{"README.md": "y\n"})
	res := run(t, repo, Options{})
	if len(res.Skipped) != 1 || res.Skipped[0].Path != ".github/workflows/leak.yml" {
		t.Errorf("skipped = %+v", res.Skipped)
	}
	r := res.Report
	for _, f := range r.Findings {
		if strings.Contains(f.Message+f.Detail, "TOP-SECRET") || f.Rule == "ci/write-all-permissions" {
			t.Errorf("the outside file was read: %+v", f)
		}
	}
	if r.Comparison.New != 0 || r.Comparison.Existing != 1 {
		t.Errorf("new %d existing %d: the link's finding exists on both sides", r.Comparison.New, r.Comparison.Existing)
	}
}

// TestDropOutLinks checks the last line of defence on its own: whatever the
// model of the tree said, a link the kernel resolves outside is removed.
func TestDropOutLinks(t *testing.T) {
	dir := t.TempDir()
	for name, target := range map[string]string{"in": "a.txt", "dangling": "missing", "abs": "/etc/passwd", "up": "../x", "self": "."} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("self/../etc", filepath.Join(dir, "via")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	co := &checkout{outLinks: map[string]string{}}
	if err := co.dropOutLinks(root, []string{"abs", "dangling", "in", "self", "up", "via"}); err != nil {
		t.Fatal(err)
	}
	var gone []string
	for _, s := range co.skipped {
		gone = append(gone, s.Path)
	}
	if got := strings.Join(gone, ","); got != "abs,up,via" {
		t.Errorf("removed %s, want abs,up,via", got)
	}
	for _, name := range gone {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%q is still there", name)
		}
	}
}
