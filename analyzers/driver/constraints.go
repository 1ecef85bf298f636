package driver

import (
	"bufio"
	"bytes"
	"fmt"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// allExcluded reports whether a package failed only because build
// constraints exclude all its Go files. A package of cgo files is not: with
// cgo off its files look excluded, and it is loaded from source instead.
func allExcluded(root string, p *packages.Package) bool {
	if len(p.Errors) == 0 || len(p.GoFiles) > 0 {
		return false
	}
	for _, e := range p.Errors {
		if !strings.Contains(e.Msg, "build constraints exclude all Go files") {
			return false
		}
	}
	for _, f := range p.IgnoredFiles {
		if r := rel(root, f); r != "" && strings.HasSuffix(r, ".go") {
			if _, cgo := buildTags(root, r); cgo {
				return false
			}
		}
	}
	return true
}

// maxConstraintReads bounds how many excluded files are opened to name
// their tags.
const maxConstraintReads = 200

// constrained is the finding for the Go files of a module's root packages
// that build constraints exclude, or nil when there are none. Files tagged
// ignore are left out.
func constrained(root, gomod string, pkgs []*packages.Package) *finding.Finding {
	var files []string
	tags := map[string]bool{}
	reads := 0
	seen := map[string]bool{}
	for _, p := range pkgs {
		for _, f := range p.IgnoredFiles {
			if !strings.HasSuffix(f, ".go") || strings.HasSuffix(f, "_test.go") || seen[f] {
				continue
			}
			seen[f] = true
			r := rel(root, f)
			if r == "" {
				continue
			}
			var names []string
			if reads < maxConstraintReads {
				reads++
				var cgo bool
				names, cgo = buildTags(root, r)
				if cgo {
					continue // loaded from source with import "C" opaque
				}
			}
			if slices.Contains(names, "ignore") {
				continue
			}
			files = append(files, r)
			for _, n := range names {
				tags[n] = true
			}
		}
	}
	if len(files) == 0 {
		return nil
	}
	slices.Sort(files)
	var tl []string
	for t := range tags {
		tl = append(tl, t)
	}
	slices.Sort(tl)
	msg := fmt.Sprintf("%d Go files excluded by build constraints were not analysed", len(files))
	if len(tl) > 0 {
		msg += " (tags " + strings.Join(quoteAll(tl), ", ") + ")"
	}
	f := BuildConstrained.New(finding.Location{Path: gomod}, "%s", msg)
	shown := files
	if len(shown) > 20 {
		shown = shown[:20]
	}
	f.Evidence = map[string]string{"files": strings.Join(shown, " "), "count": fmt.Sprint(len(files)), "tags": strings.Join(tl, " ")}
	return &f
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

// buildTags returns the tags named in a file's build constraint lines (or
// the operating system or architecture its name ends in), read through
// safefs, and whether the file imports "C".
func buildTags(root, relPath string) ([]string, bool) {
	var out []string
	cgo := false
	b, err := safefs.ReadFile(root, filepath.FromSlash(relPath), 1<<20)
	if err == nil {
		if f, err := parser.ParseFile(token.NewFileSet(), relPath, b, parser.ImportsOnly); err == nil {
			for _, imp := range f.Imports {
				if imp.Path.Value == `"C"` {
					cgo = true
				}
			}
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if strings.HasPrefix(line, "package ") {
				break
			}
			if !constraint.IsGoBuild(line) && !constraint.IsPlusBuild(line) {
				continue
			}
			expr, err := constraint.Parse(line)
			if err != nil {
				continue
			}
			expr.Eval(func(tag string) bool {
				if !slices.Contains(out, tag) {
					out = append(out, tag)
				}
				return false
			})
		}
	}
	if len(out) == 0 {
		// file_windows.go, file_linux_arm64.go.
		base := strings.TrimSuffix(filepath.Base(relPath), ".go")
		if i := strings.LastIndexByte(base, '_'); i >= 0 {
			out = append(out, base[i+1:])
		}
	}
	return out, cgo
}
