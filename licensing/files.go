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

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// FileKind says what a file found beside a module is.
type FileKind string

// The kinds of files kept for a module.
const (
	// KindLicense is a license file: LICENSE*, LICENCE*, COPYING*, UNLICENSE.
	KindLicense FileKind = "license"
	// KindNotice is a NOTICE file, which Apache-2.0 requires to be passed on.
	KindNotice FileKind = "notice"
	// KindPatents is a PATENTS grant, kept as evidence.
	KindPatents FileKind = "patents"
	// KindDocsLicense is a license file named for documentation
	// (LICENSE.docs, LICENSE-documentation): kept as evidence and in the
	// notices, but not part of the code's expression.
	KindDocsLicense FileKind = "docs-license"
)

// licensePrefixes are the names a license file starts with, upper-cased.
// The list is explicit on purpose: go-licenses v1 matched any file whose name
// contained "license" or "readme", and so took READMEs for licenses.
var licensePrefixes = []string{"LICENSE", "LICENCE", "COPYING", "UNLICENSE"}

// codeExts are extensions of files that start with a license prefix but are
// code or data (license.go, licenses.json), not license texts.
var codeExts = map[string]bool{
	".go": true, ".c": true, ".h": true, ".s": true, ".js": true, ".ts": true, ".py": true, ".rb": true,
	".java": true, ".json": true, ".yaml": true, ".yml": true, ".toml": true, ".xml": true, ".sh": true,
	".tmpl": true, ".tpl": true, ".proto": true, ".mod": true, ".sum": true, ".png": true, ".jpg": true,
	".svg": true, ".gif": true, ".css": true, ".csv": true, ".orig": true, ".bak": true,
}

// classifyName returns the kind of a file by its base name, or "".
func classifyName(name string) FileKind {
	up := strings.ToUpper(name)
	if codeExts[strings.ToLower(filepath.Ext(name))] {
		return ""
	}
	for _, p := range licensePrefixes {
		if rest, ok := strings.CutPrefix(up, p); ok && (rest == "" || strings.ContainsRune(".-_", rune(rest[0]))) {
			if strings.Contains(rest, "DOC") {
				return KindDocsLicense
			}
			return KindLicense
		}
	}
	for _, p := range []string{"NOTICE", "PATENTS"} {
		if rest, ok := strings.CutPrefix(up, p); ok && (rest == "" || strings.ContainsRune(".-_", rune(rest[0]))) {
			if p == "NOTICE" {
				return KindNotice
			}
			return KindPatents
		}
	}
	return ""
}

// Skipped is a license, notice or README file (or a directory of them)
// that was not read, and why.
type Skipped struct {
	// Path is slash-separated, relative to the module root.
	Path string   `json:"path"`
	Kind FileKind `json:"kind,omitempty"`
	// RootPath is the path relative to the repository root, for a module
	// inside the repository.
	RootPath string `json:"root_path,omitempty"`
	// Outside is set when the file, or a link on the way to it, leads out
	// of the repository (or of the module's directory in the module cache).
	Outside bool `json:"outside,omitempty"`
	// Dir is set for a directory of license texts (LICENSES/).
	Dir    bool   `json:"dir,omitempty"`
	Reason string `json:"reason"`
}

// moduleDir lists one module's files through a safefs.Root: the
// repository's for a module inside it, one at the module's own directory for
// a module in the module cache. What it refuses is recorded, never read.
type moduleDir struct {
	r *safefs.Root
	// base is the absolute directory r is opened at.
	base string
	// dir is the module directory relative to base, slash-separated.
	dir     string
	inRoot  bool
	skipped []Skipped
}

// file is the record of a module-relative file this directory lists.
func (d *moduleDir) file(rel string, kind FileKind) File {
	p := path.Join(d.dir, rel)
	return File{Path: rel, Kind: kind, Abs: filepath.Join(d.base, filepath.FromSlash(p)), base: d.base, rel: p}
}

func (d *moduleDir) skip(rel string, kind FileKind, outside bool, reason string) {
	d.skipEntry(Skipped{Path: rel, Kind: kind, Outside: outside, Reason: reason})
}

func (d *moduleDir) skipEntry(s Skipped) {
	rel := s.Path
	if d.inRoot {
		s.RootPath = path.Join(d.dir, rel)
	}
	for _, o := range d.skipped {
		if o.Path == s.Path {
			return
		}
	}
	d.skipped = append(d.skipped, s)
}

func (d *moduleDir) outsideReason() string {
	if d.inRoot {
		return "leads outside the repository"
	}
	return "leads outside the module's directory"
}

// entries lists a module-relative directory. One that leads out is recorded
// when it is a directory of license texts (kind is set).
func (d *moduleDir) entries(sub string, kind FileKind) []fs.DirEntry {
	ents, err := d.r.ListDir(path.Join(d.dir, sub))
	if err != nil {
		if errors.Is(err, safefs.ErrOutside) && kind != "" && !d.dangling(sub) {
			d.skipEntry(Skipped{Path: sub, Kind: kind, Outside: true, Dir: true, Reason: d.outsideReason()})
		}
		return nil
	}
	return ents
}

func (d *moduleDir) dangling(rel string) bool {
	_, err := os.Stat(filepath.Join(d.base, filepath.FromSlash(path.Join(d.dir, rel))))
	return errors.Is(err, fs.ErrNotExist)
}

// readable reports whether a listed entry is a regular file (or a link to
// one that stays inside) small enough to read, recording it otherwise.
func (d *moduleDir) readable(rel string, e fs.DirEntry, kind FileKind) bool {
	p := path.Join(d.dir, rel)
	t := e.Type()
	if t.IsDir() {
		return false
	}
	st, err := d.r.Stat(p)
	switch {
	case errors.Is(err, safefs.ErrOutside):
		if !d.dangling(rel) {
			d.skip(rel, kind, true, d.outsideReason())
		}
		return false
	case err != nil, st.IsDir():
		return false
	case !st.Mode().IsRegular():
		d.skip(rel, kind, false, "is "+modeNoun(st.Mode())+", not a regular file")
		return false
	case st.Size() > maxTextBytes:
		d.skip(rel, kind, false, fmt.Sprintf("is larger than the %d-byte limit", maxTextBytes))
		return false
	}
	return true
}

// filesIn lists the license-like files directly in the module-relative
// directory sub ("." for the module root).
func (d *moduleDir) filesIn(sub string) []File {
	var out []File
	for _, e := range d.entries(sub, "") {
		k := classifyName(e.Name())
		if k == "" {
			continue
		}
		rel := path.Join(sub, e.Name())
		if d.readable(rel, e, k) {
			out = append(out, d.file(rel, k))
		}
	}
	return out
}

// readmes lists README files at the module root, for the choice-of-license
// wording and for clarify blocks; they are never taken as license texts.
func (d *moduleDir) readmes() []File {
	var out []File
	for _, e := range d.entries(".", "") {
		if strings.HasPrefix(strings.ToUpper(e.Name()), "README") && d.readable(e.Name(), e, "") {
			out = append(out, d.file(e.Name(), ""))
		}
	}
	return out
}

// nestedScopes returns, for the package directories of a module (absolute,
// below modDir), the module-relative directories strictly between a
// package and the module root that hold license files of their own (a
// bundled third_party/ copy, say). The search never goes above the module
// root, so a vendored package without a LICENSE is never given its
// parent's.
func (d *moduleDir) nestedScopes(modDir string, pkgDirs []string) map[string][]File {
	out := map[string][]File{}
	seen := map[string]bool{}
	root := filepath.Clean(modDir)
	for _, pd := range pkgDirs {
		pd = filepath.Clean(pd)
		for pd != root && strings.HasPrefix(pd, root+string(filepath.Separator)) {
			if seen[pd] {
				break
			}
			seen[pd] = true
			rel, err := filepath.Rel(root, pd)
			if err != nil {
				break
			}
			rel = filepath.ToSlash(rel)
			var lic []File
			for _, f := range d.filesIn(rel) {
				// A NOTICE there goes to the notices with the scope's
				// license, or alone.
				if f.Kind == KindLicense || f.Kind == KindNotice {
					lic = append(lic, f)
				}
			}
			if len(lic) > 0 {
				out[rel] = lic
			}
			pd = filepath.Dir(pd)
		}
	}
	return out
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// reuseLicenses lists the license texts of a REUSE-style LICENSES/
// directory at the module root (LICENSES/MIT.txt, LICENSES/Apache-2.0.txt):
// the licenses the module's files use, which combine with AND.
func (d *moduleDir) reuseLicenses() []File {
	var out []File
	for _, e := range d.entries("LICENSES", KindLicense) {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case "", ".txt", ".md":
		default:
			continue
		}
		rel := "LICENSES/" + e.Name()
		if d.readable(rel, e, KindLicense) {
			out = append(out, d.file(rel, KindLicense))
		}
	}
	return out
}

// inherited lists the license files of the nearest directory above a
// module inside the repository, up to the repository root, that has any,
// with paths relative to the module ("../../LICENSE"). It is used for the
// repository's own nested modules only.
func (d *moduleDir) inherited() []File {
	if !d.inRoot || d.dir == "." || d.dir == "" {
		return nil
	}
	up := ""
	for dir := d.dir; dir != "." && dir != "/"; {
		dir = path.Dir(dir)
		up = path.Join(up, "..")
		pd := &moduleDir{r: d.r, base: d.base, dir: dir, inRoot: true}
		var out []File
		for _, f := range pd.filesIn(".") {
			if f.Kind == KindLicense {
				f.Path = path.Join(up, f.Path)
				out = append(out, f)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}
