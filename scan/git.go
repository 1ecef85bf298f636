package scan

import (
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/tollgate-dev/tollgate/internal/safefs"
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
	// The work tree is the scanned repository: its files are reached
	// through a safefs root (an index entry naming "../x", or a path
	// through a link out, is not followed), and hashed as a stream, so a
	// big file costs no memory and a FIFO is never opened.
	root, err := safefs.Open(wt.Filesystem.Root(), 0)
	if err != nil {
		return true
	}
	defer root.Close()
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
		st, err := root.Lstat(e.Name)
		if err != nil {
			return true
		}
		if uint32(st.Size()) == e.Size && st.ModTime().Equal(e.ModifiedAt) {
			continue
		}
		if !sameContent(root, e.Name, st, e.Hash) {
			return true
		}
	}
	return false
}

// sameContent reports whether the work-tree file name (a symbolic link's
// target text, or a regular file's bytes) has the blob hash want.
func sameContent(root *safefs.Root, name string, st fs.FileInfo, want plumbing.Hash) bool {
	if st.Mode()&fs.ModeSymlink != 0 {
		t, err := root.Readlink(name)
		return err == nil && plumbing.ComputeHash(plumbing.BlobObject, []byte(t)) == want
	}
	if !st.Mode().IsRegular() {
		return false
	}
	f, err := root.OpenFile(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := plumbing.NewHasher(plumbing.BlobObject, st.Size())
	n, err := io.Copy(h, io.LimitReader(f, st.Size()+1))
	return err == nil && n == st.Size() && h.Sum() == want
}

// maxGitConfig caps the bytes of .git/config read for the remote's URL.
const maxGitConfig = 256 << 10

// repoName names the repository for people (report.Repository.Name): the
// URL of the `origin` remote from .git/config, read through the scan's
// safefs root, as host/owner/name with credentials, port, query and ".git"
// dropped; else the base name of the scanned directory abs. A `.git` that
// is a file (a linked work tree or a submodule, whose config lies outside
// the root) or a local-path remote names nothing, so the directory does.
func repoName(root *safefs.Root, abs string) string {
	if b, err := root.ReadFileMax(".git/config", maxGitConfig); err == nil {
		if n := remoteName(originURL(string(b))); n != "" {
			return n
		}
	}
	base := filepath.Base(abs)
	if base == "." || base == string(filepath.Separator) || base == "" {
		return ""
	}
	return base
}

// originURL returns the url of [remote "origin"] in a git config file (the
// first one, as git's own fetch uses), or "" when there is none. It reads
// the subset of git's syntax a remote needs: sections with a quoted
// subsection or the legacy dotted form, case-insensitive keys, quoted
// values with escapes, comments, and values continued with a backslash.
func originURL(config string) string {
	inOrigin := false
	lines := strings.Split(strings.ReplaceAll(config, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if strings.HasPrefix(line, "[") {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				inOrigin = false
				continue
			}
			inOrigin = isOriginSection(line[1:end])
			line = strings.TrimSpace(line[end+1:]) // a key may follow on the same line
			if line == "" {
				continue
			}
		}
		if !inOrigin || line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(key), "url") {
			continue
		}
		for strings.HasSuffix(val, "\\") && !strings.HasSuffix(val, "\\\\") && i+1 < len(lines) {
			i++
			val = val[:len(val)-1] + lines[i]
		}
		return configValue(val)
	}
	return ""
}

// isOriginSection reports whether a section header's inside names the
// origin remote: `remote "origin"` or the legacy `remote.origin`.
func isOriginSection(h string) bool {
	name, sub, quoted := strings.Cut(strings.TrimSpace(h), " ")
	if quoted {
		return strings.EqualFold(name, "remote") && strings.TrimSpace(sub) == `"origin"`
	}
	return strings.EqualFold(h, "remote.origin")
}

// configValue decodes a git config value: quotes removed, \" \\ \n \t
// escapes decoded, an unquoted # or ; starts a comment, surrounding white
// space trimmed.
func configValue(v string) string {
	var b strings.Builder
	inQuote := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case c == '\\' && i+1 < len(v):
			i++
			switch v[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(v[i])
			}
		case (c == '#' || c == ';') && !inQuote:
			return strings.TrimSpace(b.String())
		default:
			b.WriteByte(c)
		}
	}
	return strings.TrimSpace(b.String())
}

// remoteName turns a remote URL into host/owner/name: the scheme, any
// user name and password or token, the port, the query, the fragment and a
// ".git" suffix are dropped. scp-like addresses (git@host:owner/name.git)
// are read too. A local path, a file:// URL or anything that is not a plain
// host and path gives "".
func remoteName(u string) string {
	if u == "" || strings.ContainsFunc(u, func(r rune) bool { return r < 0x20 || r == 0x7f || unicode.IsSpace(r) }) || !utf8.ValidString(u) {
		return ""
	}
	var host, path string
	if scheme, rest, ok := strings.Cut(u, "://"); ok {
		switch strings.ToLower(scheme) {
		case "https", "http", "ssh", "git", "git+ssh", "ssh+git":
		default:
			return ""
		}
		rest, _, _ = strings.Cut(rest, "#")
		rest, _, _ = strings.Cut(rest, "?")
		host, path, _ = strings.Cut(rest, "/")
		if at := strings.LastIndexByte(host, '@'); at >= 0 {
			host = host[at+1:]
		}
		if strings.HasPrefix(host, "[") { // [::1]:22
			end := strings.IndexByte(host, ']')
			if end < 0 {
				return ""
			}
			host = host[1:end]
		} else if h, _, ok := strings.Cut(host, ":"); ok {
			host = h
		}
	} else {
		// scp-like: [user@]host:path, where host has no slash before the
		// colon (git's own rule to tell it from a local path).
		colon := strings.IndexByte(u, ':')
		if colon <= 0 || strings.ContainsRune(u[:colon], '/') {
			return ""
		}
		host, path = u[:colon], u[colon+1:]
		path, _, _ = strings.Cut(path, "#")
		path, _, _ = strings.Cut(path, "?")
		if at := strings.LastIndexByte(host, '@'); at >= 0 {
			host = host[at+1:]
		}
	}
	host = strings.ToLower(host)
	var parts []string
	for _, p := range strings.Split(path, "/") {
		switch p {
		case "", ".":
			continue
		case "..":
			return ""
		}
		parts = append(parts, p)
	}
	if host == "" || strings.ContainsAny(host, "@/\\") || strings.ContainsRune(path, '\\') || len(parts) == 0 {
		return ""
	}
	last := len(parts) - 1
	parts[last] = strings.TrimSuffix(parts[last], ".git")
	if parts[last] == "" {
		return ""
	}
	name := host + "/" + strings.Join(parts, "/")
	if len(name) > 300 {
		return ""
	}
	return name
}
