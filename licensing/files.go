package licensing

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// foundFile is a license, notice or patents file on disk.
type foundFile struct {
	Abs  string
	Rel  string // slash-separated, relative to the module root
	Kind FileKind
}

// filesIn lists the license-like regular files directly in dir.
func filesIn(dir, rel string) []foundFile {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []foundFile
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		if k := classifyName(e.Name()); k != "" {
			r := e.Name()
			if rel != "" {
				r = rel + "/" + r
			}
			out = append(out, foundFile{Abs: filepath.Join(dir, e.Name()), Rel: r, Kind: k})
		}
	}
	return out
}

// readmes lists README files directly in dir, for the choice-of-license
// wording and for clarify blocks; they are never taken as license texts.
func readmes(dir string) []foundFile {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []foundFile
	for _, e := range ents {
		if e.Type().IsRegular() && strings.HasPrefix(strings.ToUpper(e.Name()), "README") {
			out = append(out, foundFile{Abs: filepath.Join(dir, e.Name()), Rel: e.Name()})
		}
	}
	return out
}

// nestedScopes returns, for the package directories of a module, the
// directories strictly between a package and the module root that hold
// license files of their own (a bundled third_party/ copy, say). The search
// never goes above the module root, so a vendored package without a LICENSE
// is never given its parent's.
func nestedScopes(root string, pkgDirs []string) map[string][]foundFile {
	out := map[string][]foundFile{}
	seen := map[string]bool{}
	root = filepath.Clean(root)
	for _, d := range pkgDirs {
		d = filepath.Clean(d)
		for d != root && strings.HasPrefix(d, root+string(filepath.Separator)) {
			if seen[d] {
				break
			}
			seen[d] = true
			rel, err := filepath.Rel(root, d)
			if err != nil {
				break
			}
			rel = filepath.ToSlash(rel)
			var lic []foundFile
			for _, f := range filesIn(d, rel) {
				if f.Kind == KindLicense {
					lic = append(lic, f)
				}
			}
			if len(lic) > 0 {
				out[rel] = lic
			}
			d = filepath.Dir(d)
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
func reuseLicenses(root string) []foundFile {
	dir := filepath.Join(root, "LICENSES")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []foundFile
	for _, e := range ents {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case "", ".txt", ".md":
		default:
			continue
		}
		if e.Type().IsRegular() {
			out = append(out, foundFile{Abs: filepath.Join(dir, e.Name()), Rel: "LICENSES/" + e.Name(), Kind: KindLicense})
		}
	}
	return out
}
