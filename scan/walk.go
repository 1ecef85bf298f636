package scan

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"syscall"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/safefs"
	"github.com/tollgate-dev/tollgate/policy"
)

// skipDirs are directory names never descended into.
var skipDirs = map[string]bool{".git": true, "vendor": true, "node_modules": true}

const (
	// maxIgnoreSize caps one .gitignore or .git/info/exclude file: real
	// ones are a few kilobytes.
	maxIgnoreSize = 1 << 20
	// maxIgnorePatterns caps the patterns of the whole walk: every path is
	// matched against each, so a repository of many patterns and many
	// files would cost their product.
	maxIgnorePatterns = 20000
)

// file is one regular file found by the walk.
type file struct {
	Path string // slash-separated, relative to the root
	Size int64
}

// walker holds the state of one walk.
type walker struct {
	root     *safefs.Root
	pol      *policy.Policy
	patterns []gitignore.Pattern
	matcher  gitignore.Matcher
	capped   bool // maxIgnorePatterns was reached

	files, big []file
	problems   []finding.Finding
	reported   map[string]bool
}

// walk lists the files of the repository under root that are not ignored by
// .gitignore or excluded by the policy. Every entry is reached through root:
// a symbolic link is followed only to a regular file inside the root (a link
// out is reported, a link to a directory is not followed), and devices,
// FIFOs and sockets are reported and never opened. Files above the size
// limit are returned in big, not in files.
func walk(root *safefs.Root, pol *policy.Policy) (files, big []file, problems []finding.Finding, err error) {
	w := &walker{root: root, pol: pol, reported: map[string]bool{}}
	// The repository's own ignore files are read one directory at a time as
	// the walk reaches it (go-git's ReadPatterns walks the whole tree,
	// ignored directories included, and would be called per directory).
	// Global excludes of the user are not read: the scan must not depend on
	// the machine it runs on.
	w.addIgnoreFile(".git/info/exclude", nil)
	ents, err := root.ReadDir(".")
	if err != nil {
		return nil, nil, nil, err
	}
	w.dir(".", nil, ents)
	slices.SortFunc(w.files, func(a, b file) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(w.big, func(a, b file) int { return strings.Compare(a.Path, b.Path) })
	return w.files, w.big, w.problems, nil
}

// dir walks the entries of the directory rel (split into parts, nil at the
// root), reading its .gitignore first.
func (w *walker) dir(rel string, parts []string, ents []fs.DirEntry) {
	for _, e := range ents {
		if e.Name() == ".gitignore" && !e.IsDir() {
			w.addIgnoreFile(join(rel, ".gitignore"), parts)
		}
	}
	for _, e := range ents {
		p := join(rel, e.Name())
		ps := append(slices.Clip(parts), e.Name())
		if e.IsDir() {
			if skipDirs[e.Name()] || w.matcher != nil && w.matcher.Match(ps, true) || w.pol.Excluded(p) || w.pol.Excluded(p+"/") {
				continue
			}
			sub, err := w.root.ReadDir(p)
			if err != nil {
				w.unreadable(p, fmt.Sprintf("cannot read directory %q: %v", p, reason(err)))
				continue
			}
			w.dir(p, ps, sub)
			continue
		}
		if w.matcher != nil && w.matcher.Match(ps, false) || w.pol.Excluded(p) {
			continue
		}
		w.entry(p, e)
	}
}

// entry records one non-directory entry.
func (w *walker) entry(p string, e fs.DirEntry) {
	var info fs.FileInfo
	var err error
	if e.Type()&fs.ModeSymlink != 0 {
		info, err = w.root.Stat(p)
		switch {
		case errors.Is(err, safefs.ErrOutside):
			w.unreadable(p, fmt.Sprintf("symbolic link %q points outside the repository; not followed", p))
			return
		case err != nil:
			w.unreadable(p, fmt.Sprintf("symbolic link %q is broken: %v", p, reason(err)))
			return
		case info.IsDir():
			return // links to directories are not followed
		}
	} else if info, err = e.Info(); err != nil {
		w.unreadable(p, fmt.Sprintf("cannot stat %q: %v", p, reason(err)))
		return
	}
	if !info.Mode().IsRegular() {
		w.unreadable(p, fmt.Sprintf("%q is %s, not a regular file; not read", p, kind(info.Mode())))
		return
	}
	f := file{Path: p, Size: info.Size()}
	if info.Size() > w.pol.MaxFileSize {
		w.big = append(w.big, f)
		return
	}
	w.files = append(w.files, f)
}

// addIgnoreFile reads one .gitignore-format file whose patterns apply below
// the directory domain. A missing file has no patterns; one that cannot be
// read safely (a link out, a FIFO, a device, too big) is reported and not
// read.
func (w *walker) addIgnoreFile(rel string, domain []string) {
	data, err := w.root.ReadFileMax(rel, maxIgnoreSize)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		return // no such file, or .git is a file (a linked work tree)
	case errors.Is(err, safefs.ErrOutside):
		w.unreadable(rel, fmt.Sprintf("ignore file %q leads outside the repository; not followed", rel))
		return
	default:
		w.unreadable(rel, fmt.Sprintf("ignore file %q is not read: %v", rel, reason(err)))
		return
	}
	ps := parseIgnore(data, domain)
	if left := maxIgnorePatterns - len(w.patterns); len(ps) > left {
		ps = ps[:left]
		if !w.capped {
			w.capped = true
			f := finding.FileTooLarge.New(finding.Location{Path: rel},
				"ignore files have more than %d patterns; those from %q on are not applied", maxIgnorePatterns, rel)
			w.problems = append(w.problems, f)
		}
	}
	if len(ps) == 0 {
		return
	}
	w.patterns = append(w.patterns, ps...)
	w.matcher = gitignore.NewMatcher(w.patterns)
}

// parseIgnore parses the bytes of a .gitignore-format file whose patterns
// apply below the directory domain.
func parseIgnore(data []byte, domain []string) []gitignore.Pattern {
	var out []gitignore.Pattern
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		out = append(out, gitignore.ParsePattern(line, domain))
	}
	return out
}

// unreadable reports a path once.
func (w *walker) unreadable(rel, msg string) {
	if w.reported[rel] {
		return
	}
	w.reported[rel] = true
	w.problems = append(w.problems, unreadable(rel, msg))
}

func unreadable(rel, msg string) finding.Finding {
	return finding.FileUnreadable.New(finding.Location{Path: rel}, "%s", msg)
}

// reason is the cause of a file error without the operation and the path,
// which the finding's message already names.
func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// kind names a file mode that is not a regular file.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return path.Join(dir, name)
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
