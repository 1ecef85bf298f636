package changerisk

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// resultVersion changes whenever what a result depends on changes beyond
// the history, the options and the tables named in the key.
const resultVersion = "1"

// MemoKey names a result computed from the history that leads to subject
// with opts: the same key means the same answer. It resolves the subject's
// revisions, so a moved branch gives a new key. The running executable's
// size and modification time are part of it, so a rebuilt tool does not
// reuse results of its predecessor. ok is false when results cannot be
// remembered (no cache, or the subject does not resolve).
func MemoKey(root, subject string, opts Options) (key, dir string, ok bool) {
	r, err := Open(root)
	if err != nil {
		return "", "", false
	}
	cd := r.CacheDir(opts.Walk)
	if cd == "" {
		return "", "", false
	}
	var revs []string
	for _, rev := range strings.SplitN(subject, "..", 2) {
		h, err := r.Resolve(rev)
		if err != nil {
			return "", "", false
		}
		revs = append(revs, h.String())
	}
	tip, err := r.Resolve(opts.Walk.Rev)
	if err != nil {
		return "", "", false
	}
	exe := ""
	if p, err := os.Executable(); err == nil {
		if st, err := os.Stat(p); err == nil {
			exe = fmt.Sprintf("%d %d", st.Size(), st.ModTime().UnixNano())
		}
	}
	parts := []string{resultVersion, cacheKey, DefaultModelName, exe, tip.String(), strings.Join(revs, ".."),
		fmt.Sprint(opts.Walk.FirstParent, opts.NoRefit, opts.MinRefitBugs)}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\n")))
	return hex.EncodeToString(sum[:16]), filepath.Join(cd, "results"), true
}

// LoadMemo returns a remembered result, or nil.
func LoadMemo(dir, key string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, key+".json"))
	if err != nil {
		return nil
	}
	return b
}

// maxMemos bounds the results kept; the oldest go first.
const maxMemos = 32

// SaveMemo remembers a result, written to a temporary file and renamed.
func SaveMemo(dir, key string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, key+".tmp*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, key+".json")); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) <= maxMemos {
		return nil
	}
	type f struct {
		name string
		t    time.Time
	}
	var fs []f
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), ".json") {
			fs = append(fs, f{e.Name(), info.ModTime()})
		}
	}
	slices.SortFunc(fs, func(a, b f) int { return a.t.Compare(b.t) })
	for i := 0; i < len(fs)-maxMemos; i++ {
		os.Remove(filepath.Join(dir, fs[i].name))
	}
	return nil
}
