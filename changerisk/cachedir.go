package changerisk

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
)

// CacheEnv names the environment variable that sets tollgate's cache
// directory; the change-risk caches go in its "risk" folder.
const CacheEnv = "TOLLGATE_CACHE_DIR"

// DefaultCacheDir returns tollgate's cache directory when the user named
// none on the command line: $TOLLGATE_CACHE_DIR, else the "tollgate" folder
// of the user's cache directory, else "" (run without a cache). It never
// depends on the scanned repository: a repository must not choose where
// tollgate writes.
func DefaultCacheDir() string {
	if d := os.Getenv(CacheEnv); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil || d == "" {
		return ""
	}
	return filepath.Join(d, "tollgate")
}

// cacheSub is the folder, below tollgate's cache directory, of this
// repository's change-risk cache: "risk/<name>-<digest>", where digest
// identifies the repository's git directory by its absolute path and name
// is the work tree's base name, kept to safe characters, for the user's
// eyes.
// Records in it are keyed by commit hash, so a key shared by accident
// costs a rewalk, never a wrong answer.
func (r *Repo) cacheSub() string {
	gitDir := r.st.Filesystem().Root()
	if abs, err := filepath.Abs(gitDir); err == nil {
		gitDir = abs
	}
	if real, err := filepath.EvalSymlinks(gitDir); err == nil {
		gitDir = real
	}
	sum := sha256.Sum256([]byte(gitDir))
	name := filepath.Base(gitDir)
	if name == ".git" {
		name = filepath.Base(filepath.Dir(gitDir))
	}
	return "risk/" + safeName(name) + "-" + hex.EncodeToString(sum[:8])
}

// safeName keeps letters, digits, '.', '_' and '-' of s, at most 32 of them.
func safeName(s string) string {
	var b strings.Builder
	for _, c := range s {
		if b.Len() >= 32 {
			break
		}
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-':
			b.WriteRune(c)
		case c == '.' && b.Len() > 0:
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "repo"
	}
	return b.String()
}
