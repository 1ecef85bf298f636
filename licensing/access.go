package licensing

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/module"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// The scanned repository is hostile input. Every byte of it the license
// check reads goes through one safefs.Root opened at the repository root: no
// symbolic link out of it, regular files only, capped reads. Module cache
// directories (the user's own, chosen by their Go environment) are read
// through a Root opened at the module's directory, with the same rules. A
// go.work use or local replace directory outside the repository is never
// read, only reported.

const (
	// maxModFileBytes caps go.mod, go.work, go.sum and vendor/modules.txt;
	// the largest real ones are a few megabytes.
	maxModFileBytes = 16 << 20
	// maxWalkEntries caps the directory entries looked at before the go
	// command runs.
	maxWalkEntries = 1 << 21
)

// access reads the scanned repository.
type access struct {
	root *safefs.Root
	// abs is the root's absolute directory, real the same with symbolic
	// links resolved (the go command may report either).
	abs, real string
	// modcache is GOMODCACHE when the environment names it, else "".
	modcache string
}

func newAccess(dir string, env []string) (*access, error) {
	r, err := safefs.Open(dir, maxModFileBytes)
	if err != nil {
		return nil, fmt.Errorf("open repository %q: %w", dir, err)
	}
	a := &access{root: r, abs: r.Dir(), real: r.Dir()}
	if real, err := filepath.EvalSymlinks(r.Dir()); err == nil {
		a.real = real
	}
	a.modcache = os.Getenv("GOMODCACHE")
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOMODCACHE="); ok {
			a.modcache = v
		}
	}
	if a.modcache != "" && !filepath.IsAbs(a.modcache) {
		a.modcache = ""
	}
	return a, nil
}

func (a *access) close() { a.root.Close() }

// inside returns p (absolute) relative to the root, slash-separated, when it
// lies inside the repository and no symbolic link on the way leads out.
func (a *access) inside(p string) (string, bool) {
	p = filepath.Clean(p)
	rel, ok := relWithin(a.abs, p)
	if !ok && a.real != a.abs {
		if rp, err := filepath.EvalSymlinks(p); err == nil {
			rel, ok = relWithin(a.real, rp)
		}
	}
	if !ok {
		return "", false
	}
	if _, err := a.root.Stat(rel); errors.Is(err, safefs.ErrOutside) {
		return "", false
	}
	return rel, true
}

func relWithin(root, p string) (string, bool) {
	if !safefs.Within(root, p) {
		return "", false
	}
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// resolve returns the directory p names, written in a go.work or go.mod in
// the root-relative directory from, relative to the root when it is inside.
func (a *access) resolve(from, p string) (string, bool) {
	abs := filepath.FromSlash(p)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(a.abs, filepath.FromSlash(from), abs)
	}
	return a.inside(abs)
}

// dangling reports whether the root-relative path is a link whose target
// does not exist: the go command cannot read it either.
func (a *access) dangling(base, rel string) bool {
	_, err := os.Stat(filepath.Join(base, filepath.FromSlash(rel)))
	return errors.Is(err, fs.ErrNotExist)
}

// problem is a file or directory that is not read, and why.
type problem struct {
	// path is relative to the repository root, slash-separated.
	path    string
	outside bool
	reason  string
}

// check looks at a root-relative file the go command or tollgate would
// read: nil when it is missing, a directory, or a regular file within max
// bytes; a problem when it leads out, is not a regular file or is larger.
func (a *access) check(rel string, max int64) *problem {
	st, err := a.root.Stat(rel)
	switch {
	case errors.Is(err, safefs.ErrOutside):
		if a.dangling(a.abs, rel) {
			return nil
		}
		return &problem{rel, true, "leads outside the repository"}
	case err != nil, st.IsDir():
		return nil
	case !st.Mode().IsRegular():
		return &problem{rel, false, "is " + modeNoun(st.Mode()) + ", not a regular file"}
	case max > 0 && st.Size() > max:
		return &problem{rel, false, fmt.Sprintf("is larger than the %d-byte limit", max)}
	}
	return nil
}

// modeNoun names a kind of file for a message.
func modeNoun(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// goReads reports whether the go command opens a file of this name when it
// loads packages: Go files, files whose build constraints it reads, and the
// module files.
func goReads(name string) bool {
	if isModFile(name) {
		return true
	}
	switch filepath.Ext(name) {
	case ".go", ".s", ".S", ".sx", ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".m", ".f", ".F", ".for", ".f90", ".swig", ".swigcxx":
		return true
	}
	return false
}

// isModFile reports whether the go command reads a file of this name
// whole: the module files.
func isModFile(name string) bool {
	switch name {
	case "go.mod", "go.sum", "go.work", "go.work.sum", "modules.txt":
		return true
	}
	return false
}

// hashed reports whether a file is part of the graph cache key.
func hashed(name string) bool { return isModFile(name) || strings.HasSuffix(name, ".go") }

// walkGoInputs walks the root-relative directories dirs the way the go
// command reads them, without reading a file. It returns the files of the
// graph cache key (sorted, root-relative) and the files the go command
// would open that are not safe to open: a FIFO would block it, a device
// never end, and a link out would put another file's words in its errors.
// Directories starting with "." are not walked; links to directories are
// not followed (the go command's "./..." does not follow them either).
func (a *access) walkGoInputs(dirs []string) (inputs []string, probs []problem, err error) {
	seen := map[string]bool{}
	stack := slices.Clone(dirs)
	n := 0
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[d] {
			continue
		}
		seen[d] = true
		ents, err := a.root.ListDir(d)
		if err != nil {
			continue
		}
		n += len(ents)
		if n > maxWalkEntries {
			return nil, nil, fmt.Errorf("more than %d files under %q", maxWalkEntries, d)
		}
		var subs []string
		for _, e := range ents {
			name := e.Name()
			p := path.Join(d, name)
			t := e.Type()
			switch {
			case t.IsDir():
				if !strings.HasPrefix(name, ".") {
					subs = append(subs, p)
				}
				continue
			case !goReads(name):
				continue
			}
			if t.IsRegular() {
				// A regular file in a directory reached without a link is
				// inside; only its size is left to check.
				if c := modFileCap(name); c > 0 {
					if fi, err := e.Info(); err == nil && fi.Size() > c {
						probs = append(probs, problem{p, false, fmt.Sprintf("is larger than the %d-byte limit", c)})
						continue
					}
				}
			} else if pr := a.check(p, modFileCap(name)); pr != nil {
				probs = append(probs, *pr)
				continue
			} else if !a.root.IsRegular(p) {
				continue
			}
			if hashed(name) && !skippedByGo(p, dirs) {
				inputs = append(inputs, p)
			}
		}
		// Depth first, in name order.
		for i := len(subs) - 1; i >= 0; i-- {
			stack = append(stack, subs[i])
		}
	}
	slices.Sort(inputs)
	slices.SortFunc(probs, func(x, y problem) int { return strings.Compare(x.path, y.path) })
	return inputs, probs, nil
}

// modFileCap is the size cap of a file the go command reads whole; zero
// for source files, of which it reads the header only.
func modFileCap(name string) int64 {
	if isModFile(name) {
		return maxModFileBytes
	}
	return 0
}

// skippedByGo reports whether the go command ignores p (a directory on
// its way starts with "_" or is testdata), below the walked directory it is in.
func skippedByGo(p string, dirs []string) bool {
	for _, d := range dirs {
		rest, ok := strings.CutPrefix(p, d+"/")
		if d == "." {
			rest, ok = p, true
		}
		if !ok {
			continue
		}
		segs := strings.Split(rest, "/")
		for _, s := range segs[:len(segs)-1] {
			if strings.HasPrefix(s, "_") || strings.HasPrefix(s, ".") || s == "testdata" {
				return true
			}
		}
		return false
	}
	return false
}

// where says where one module's files are read from.
type where struct {
	// base is the directory a safefs.Root is opened at: the repository
	// root, or the module's own directory in the module cache.
	base string
	// dir is the module directory relative to base, slash-separated.
	dir    string
	inRoot bool
	// outside, when set, says why the module is not read at all.
	outside string
}

// locate decides how a module's directory is read. A directory inside the
// repository is read through the repository's root. A main module or a
// local replacement outside it is not read. A module from the module cache
// is read through a root at its own directory, and only when the directory
// has the module cache's layout (and lies in GOMODCACHE when the
// environment names it): a poisoned graph cache cannot point it elsewhere.
func (a *access) locate(m *Module) where {
	if rel, ok := a.inside(m.Dir); ok {
		return where{base: a.abs, dir: rel, inRoot: true}
	}
	switch rel, lexical := relWithin(a.abs, filepath.Clean(m.Dir)); {
	case lexical:
		return where{outside: fmt.Sprintf("module directory %q leads outside the repository", rel)}
	case m.Main:
		d := m.Dir
		if rel, err := filepath.Rel(a.abs, d); err == nil {
			d = filepath.ToSlash(rel)
		}
		return where{outside: fmt.Sprintf("workspace module directory %q is outside the repository", d)}
	case m.Replace != nil && m.Replace.Local:
		return where{outside: fmt.Sprintf("local replacement directory %q is outside the repository", m.Replace.Path)}
	case !cacheLayout(m) || (a.modcache != "" && !safefs.Within(a.modcache, m.Dir) && !withinReal(a.modcache, m.Dir)):
		return where{outside: fmt.Sprintf("module directory %q is neither in the repository nor in the module cache", m.Dir)}
	}
	return where{base: m.Dir, dir: "."}
}

func withinReal(root, p string) bool {
	rr, err1 := filepath.EvalSymlinks(root)
	rp, err2 := filepath.EvalSymlinks(p)
	return err1 == nil && err2 == nil && safefs.Within(rr, rp)
}

// cacheLayout reports whether a module's directory is where the module
// cache keeps that module@version: .../<escaped path>@<escaped version>.
func cacheLayout(m *Module) bool {
	p, v := m.Path, m.Version
	if m.Replace != nil && !m.Replace.Local {
		p, v = m.Replace.Path, m.Replace.Version
	}
	if v == "" || !filepath.IsAbs(m.Dir) {
		return false
	}
	ep, err := module.EscapePath(p)
	if err != nil {
		return false
	}
	ev, err := module.EscapeVersion(v)
	if err != nil {
		return false
	}
	suffix := string(filepath.Separator) + filepath.FromSlash(ep+"@"+ev)
	return strings.HasSuffix(filepath.Clean(m.Dir), suffix)
}

// readText reads a license, notice or README file the way it was listed.
// Files built by hand (not by Analyze) carry only Abs: they are the
// caller's, read as trusted files, still regular only and capped.
func readText(f *File) ([]byte, error) {
	switch {
	case f.base != "":
		return safefs.ReadFile(f.base, f.rel, maxTextBytes)
	case f.Abs != "":
		return safefs.ReadTrusted(f.Abs, maxTextBytes)
	}
	return nil, fmt.Errorf("file %q has no source", f.Path)
}
