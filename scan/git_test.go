package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/internal/gitrepo"
	"github.com/tollgate-dev/tollgate/internal/safefs"
)

func TestRemoteName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://github.com/tollgate-dev/tollgate.git", "github.com/tollgate-dev/tollgate"},
		{"https://x-access-token:ghp_SECRET@github.com/o/r.git", "github.com/o/r"},
		{"https://user@GitLab.example.com:8443/group/sub/proj?private_token=SECRET#frag", "gitlab.example.com/group/sub/proj"},
		{"git@github.com:o/r.git", "github.com/o/r"},
		{"ssh://git@[::1]:2222/o/r.git/", "::1/o/r"},
		{"git://host.xz/~user/path/to/repo", "host.xz/~user/path/to/repo"},
		{"host.xz:o/r", "host.xz/o/r"},
		{"/srv/git/repo.git", ""},
		{"./relative/repo", ""},
		{"file:///srv/git/repo.git", ""},
		{"C:\\src\\repo", ""},
		{"https://github.com/", ""},
		{"https://github.com/o/../../etc", ""},
		{"https://github.com/o/.git", ""},
		{"https://evil.com/o/r\x1b[2J", ""},
		{"https://host/o/r with space", ""},
		{"", ""},
	} {
		if got := remoteName(tc.in); got != tc.want {
			t.Errorf("remoteName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.Contains(remoteName(tc.in), "SECRET") {
			t.Errorf("remoteName(%q) keeps a credential", tc.in)
		}
	}
}

func TestOriginURL(t *testing.T) {
	for _, tc := range []struct{ name, config, want string }{
		{"plain", "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://github.com/o/r.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n", "https://github.com/o/r.git"},
		{"other remotes first", "[remote \"upstream\"]\n\turl = https://github.com/up/r\n[remote \"origin\"]\n\tURL=git@github.com:me/r.git ; comment\n", "git@github.com:me/r.git"},
		{"legacy section", "[remote.origin]\nurl = https://h/o/r\n", "https://h/o/r"},
		{"quoted with escape", "[remote \"origin\"]\n  url = \"https://h/o/r#x\" # c\n", "https://h/o/r#x"},
		{"continued", "[remote \"origin\"]\nurl = https://h/\\\no/r\n", "https://h/o/r"},
		{"key on header line", "[remote \"origin\"] url = https://h/o/r\n", "https://h/o/r"},
		{"crlf", "[remote \"origin\"]\r\n\turl = https://h/o/r\r\n", "https://h/o/r"},
		{"no origin", "[remote \"fork\"]\n\turl = https://h/o/r\n", ""},
		{"origin with wrong case", "[remote \"Origin\"]\n\turl = https://h/o/r\n", ""},
		{"pushurl only", "[remote \"origin\"]\n\tpushurl = https://h/o/r\n", ""},
		{"broken header", "[remote \"origin\"\nurl = https://h/o/r\n", ""},
	} {
		if got := originURL(tc.config); got != tc.want {
			t.Errorf("%s: originURL = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// FuzzGitConfigOrigin feeds arbitrary .git/config bytes to the reader: it
// never panics, and the name it gives is one line of a host and a path,
// never with a user part.
func FuzzGitConfigOrigin(f *testing.F) {
	for _, s := range []string{
		"[remote \"origin\"]\n\turl = https://tok:x@github.com/o/r.git\n",
		"[remote.origin]\nurl=git@h:o/r\n",
		"[remote \"origin\"]\nurl = \"a\\\"b\" ; c\n",
		"[remote \"origin\"] url = ssh://[::1:22/o\\\n",
		"[\n]\x00url=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, config string) {
		n := remoteName(originURL(config))
		if n == "" {
			return
		}
		host, path, ok := strings.Cut(n, "/")
		if !ok || host == "" || path == "" || strings.ContainsAny(host, "@/") ||
			strings.ContainsAny(n, "?#\\\n\r\t ") || strings.Contains("/"+path+"/", "/../") {
			t.Errorf("remoteName(originURL(%q)) = %q", config, n)
		}
	})
}

func TestRepoName(t *testing.T) {
	repo := gitrepo.New(t)
	cfg := filepath.Join(repo.Dir, ".git", "config")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Without a remote, the directory names the repository.
	if r := run(t, repo.Dir, Options{}); r.Repository.Name != filepath.Base(repo.Dir) {
		t.Errorf("name without a remote = %q, want %q", r.Repository.Name, filepath.Base(repo.Dir))
	}
	b = append(b, "[remote \"origin\"]\n\turl = https://oauth2:glpat-SECRET@gitlab.com/group/proj.git\n"...)
	if err := os.WriteFile(cfg, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, repo.Dir, Options{}); r.Repository.Name != "gitlab.com/group/proj" {
		t.Errorf("name = %q, want gitlab.com/group/proj", r.Repository.Name)
	}

	// A .git/config that is a link out of the repository is not read.
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(outside, []byte("[remote \"origin\"]\n\turl = https://h/o/r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, ".git", "config")); err != nil {
		t.Fatal(err)
	}
	root, err := safefs.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if got := repoName(root, dir); got != filepath.Base(dir) {
		t.Errorf("name through a link out = %q, want the directory %q", got, filepath.Base(dir))
	}
}
