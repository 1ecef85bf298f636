package changerisk

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// resultVersion changes whenever what a result depends on changes beyond
// the history, the options and the tables named in the key.
const resultVersion = "2"

// Memo is where one result is remembered between runs: a file in the
// "results" folder of the repository's cache, named after a key of all the
// result depends on.
//
// The folder keeps at most maxMemos results. Which files to drop is read
// from the folder's manifest, the list of the results tollgate wrote there,
// oldest first: tollgate never deletes a file it did not list, and never
// picks files by listing the folder.
type Memo struct {
	base, sub, key string
}

// memoManifest lists the results written, one key a line, oldest first.
const memoManifest = "manifest"

// maxMemos bounds the results kept; the oldest go first.
const maxMemos = 32

// maxMemoFile caps a result read back; results are a few kilobytes.
const maxMemoFile = 16 << 20

// MemoFor names a result computed from the history that leads to subject
// with opts: the same key means the same answer. It resolves the subject's
// revisions, so a moved branch gives a new key. The running executable's
// size and modification time are part of it, so a rebuilt tool does not
// reuse results of its predecessor. ok is false when results cannot be
// remembered (no cache, or the subject does not resolve).
func MemoFor(root, subject string, opts Options) (m *Memo, ok bool) {
	r, err := Open(root)
	if err != nil {
		return nil, false
	}
	base := r.CacheDir(opts.Walk)
	if base == "" {
		return nil, false
	}
	var revs []string
	for _, rev := range strings.SplitN(subject, "..", 2) {
		h, err := r.Resolve(rev)
		if err != nil {
			return nil, false
		}
		revs = append(revs, h.String())
	}
	tip, err := r.Resolve(opts.Walk.Rev)
	if err != nil {
		return nil, false
	}
	exe := ""
	if p, err := os.Executable(); err == nil {
		if st, err := os.Stat(p); err == nil {
			exe = fmt.Sprintf("%d %d", st.Size(), st.ModTime().UnixNano())
		}
	}
	parts := []string{resultVersion, cacheKey, DefaultModelName, exe, tip.String(), strings.Join(revs, ".."),
		fmt.Sprint(opts.Walk.FirstParent, opts.NoRefit, opts.MinRefitBugs, opts.Walk.maxBlob())}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\n")))
	return &Memo{base: base, sub: r.cacheSub() + "/results", key: hex.EncodeToString(sum[:16])}, true
}

// Key returns the name of the result.
func (m *Memo) Key() string { return m.key }

// Load returns the remembered result, or nil.
func (m *Memo) Load() []byte {
	root, err := safefs.Open(m.base, maxMemoFile)
	if err != nil {
		return nil
	}
	defer root.Close()
	b, err := root.ReadFile(m.sub + "/" + m.key + ".json")
	if err != nil {
		return nil
	}
	return b
}

// Save remembers a result, written to a temporary file and renamed, and
// drops the oldest results the manifest lists beyond maxMemos.
func (m *Memo) Save(data []byte) error {
	dir, err := safefs.OpenCacheDir(m.base, m.sub)
	if err != nil {
		return err
	}
	defer dir.Close()
	if err := dir.WriteFile(m.key+".json", func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return err
	}
	keys := readManifest(dir)
	keys = slices.DeleteFunc(keys, func(k string) bool { return k == m.key })
	keys = append(keys, m.key)
	var drop []string
	if len(keys) > maxMemos {
		drop, keys = keys[:len(keys)-maxMemos], keys[len(keys)-maxMemos:]
	}
	// The manifest is written before the files it no longer lists are
	// removed: a file left behind by a crash is forgotten, never one
	// removed that the manifest still lists.
	if err := dir.WriteFile(memoManifest, func(w io.Writer) error {
		_, err := io.WriteString(w, strings.Join(keys, "\n")+"\n")
		return err
	}); err != nil {
		return err
	}
	for _, k := range drop {
		_ = dir.Remove(k + ".json") // a result not removed is only disk space
	}
	return nil
}

// readManifest returns the keys the manifest lists, oldest first, without
// duplicates; a line that is not a key is skipped.
func readManifest(dir *safefs.CacheDir) []string {
	b, err := dir.ReadFile(memoManifest, 1<<20)
	if err != nil {
		return nil
	}
	var keys []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k := strings.TrimSpace(sc.Text())
		if isMemoKey(k) && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// isMemoKey reports whether s has the shape of a key MemoFor makes: 32
// lowercase hexadecimal digits. Nothing else is ever removed.
func isMemoKey(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
