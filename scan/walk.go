package scan

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/policy"
)

// skipDirs are directory names never descended into.
var skipDirs = map[string]bool{".git": true, "vendor": true, "node_modules": true}

// file is one regular file found by the walk.
type file struct {
	Path string // slash-separated, relative to the root
	Size int64
}

// walk lists the files of the repository under root that are not ignored by
// .gitignore or excluded by the policy. Symbolic links are never followed out
// of the root; a link that points out is reported. Files above the size
// limit are returned in big, not in files.
func walk(root string, pol *policy.Policy) (files, big []file, problems []finding.Finding, err error) {
	// The repository's own ignore files are read one directory at a time as
	// the walk reaches it (go-git's ReadPatterns walks the whole tree,
	// ignored directories included, and would be called per directory).
	// Global excludes of the user are not read: the scan must not depend on
	// the machine it runs on.
	patterns := readIgnoreFile(filepath.Join(root, ".git", "info", "exclude"), nil)
	patterns = append(patterns, readIgnoreFile(filepath.Join(root, ".gitignore"), nil)...)
	matcher := gitignore.NewMatcher(patterns)
	rootReal, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("resolve root: %w", err)
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, werr error) error {
		rel, rerr := filepath.Rel(root, p)
		if rerr != nil {
			return rerr
		}
		rel = filepath.ToSlash(rel)
		if werr != nil {
			if rel == "." {
				return werr
			}
			problems = append(problems, unreadable(rel, fmt.Sprintf("cannot read %q: %v", rel, werr)))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		parts := strings.Split(rel, "/")
		if d.IsDir() {
			if skipDirs[d.Name()] || matcher.Match(parts, true) || pol.Excluded(rel) || pol.Excluded(rel+"/") {
				return fs.SkipDir
			}
			// A nested .gitignore applies below its directory.
			if ps := readIgnoreFile(filepath.Join(p, ".gitignore"), parts); len(ps) > 0 {
				patterns = append(patterns, ps...)
				matcher = gitignore.NewMatcher(patterns)
			}
			return nil
		}
		if matcher.Match(parts, false) || pol.Excluded(rel) {
			return nil
		}
		info, ierr := d.Info()
		if ierr != nil {
			problems = append(problems, unreadable(rel, fmt.Sprintf("cannot stat %q: %v", rel, ierr)))
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, lerr := filepath.EvalSymlinks(p)
			if lerr != nil {
				problems = append(problems, unreadable(rel, fmt.Sprintf("symbolic link %q is broken: %v", rel, lerr)))
				return nil
			}
			if !within(rootReal, target) {
				problems = append(problems, unreadable(rel, fmt.Sprintf("symbolic link %q points outside the repository; not followed", rel)))
				return nil
			}
			st, serr := os.Stat(target)
			if serr != nil || !st.Mode().IsRegular() {
				return nil // links to directories are not followed
			}
			info = st
		} else if !info.Mode().IsRegular() {
			return nil
		}
		f := file{Path: rel, Size: info.Size()}
		if info.Size() > pol.MaxFileSize {
			big = append(big, f)
			return nil
		}
		files = append(files, f)
		return nil
	})
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(big, func(a, b file) int { return strings.Compare(a.Path, b.Path) })
	return files, big, problems, err
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../") && !filepath.IsAbs(rel)
}

func unreadable(rel, msg string) finding.Finding {
	return finding.FileUnreadable.New(finding.Location{Path: rel}, "%s", msg)
}

// pathUnder reports whether rel lies in one of the given directories ("." is all).
func pathUnder(rel string, dirs []string) bool {
	if len(dirs) == 0 {
		return true
	}
	for _, d := range dirs {
		if d == "." || d == "" || rel == d || strings.HasPrefix(rel, d+"/") {
			return true
		}
	}
	return false
}

// readIgnoreFile parses one .gitignore-format file whose patterns apply
// below the directory domain. A missing or unreadable file has no patterns.
func readIgnoreFile(p string, domain []string) []gitignore.Pattern {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	var out []gitignore.Pattern
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		out = append(out, gitignore.ParsePattern(line, domain))
	}
	return out
}
