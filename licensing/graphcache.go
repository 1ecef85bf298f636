package licensing

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// graphCacheVersion changes when Graph's encoding or LoadGraph's meaning does.
const graphCacheVersion = "graph/3"

// maxGraphCacheBytes caps a cached graph file; the graph of a very large
// repository is a few megabytes.
const maxGraphCacheBytes = 64 << 20

// maxHashBytes caps each file hashed into the graph cache key; a bigger
// one makes the graph uncached.
const maxHashBytes = 64 << 20

// graphEntry is one cached graph.
type graphEntry struct {
	Graph *Graph `json:"graph"`
}

// decodeGraphEntry reads a cached graph; nil when it is not one. The cache
// is the user's, but a damaged or planted file must not do harm: whatever
// directories it names are checked again by locate before anything is
// read.
func decodeGraphEntry(b []byte) *Graph {
	var e graphEntry
	if len(b) > maxGraphCacheBytes || json.Unmarshal(b, &e) != nil || e.Graph == nil {
		return nil
	}
	for _, m := range e.Graph.Modules {
		if m == nil {
			return nil
		}
	}
	return e.Graph
}

// loadGraphCached returns the graph for o from dir (a cache directory)
// when nothing it depends on changed: the go command, the environment, the
// options, and the content of inputs, the go.mod, go.sum, go.work,
// go.work.sum, vendor/modules.txt and .go files under o.Dir and under
// local replacement directories inside the repository, read through a's
// root. The module cache is immutable by version, so it is not hashed. A
// graph with errors, or with a main module or local replacement outside
// the repository (which tollgate does not read, so cannot hash), is not
// cached, so a `go mod download` between two runs is seen.
//
// onMiss, when non-nil, is called before go list runs: the caller starts
// work that a changed repository will probably need meanwhile.
func loadGraphCached(ctx context.Context, o GraphOptions, dir string, onMiss func(), a *access, inputs []string) (*Graph, bool, error) {
	miss := func() {
		if onMiss != nil {
			onMiss()
		}
	}
	if dir == "" {
		miss()
		g, err := LoadGraph(ctx, o)
		return g, false, err
	}
	key, err := graphKey(o, a, inputs)
	if err != nil {
		miss()
		g, err := LoadGraph(ctx, o)
		return g, false, err
	}
	path := filepath.Join(dir, "graph", key+".json")
	if b, err := safefs.ReadTrusted(path, maxGraphCacheBytes); err == nil {
		if g := decodeGraphEntry(b); g != nil && dirsExist(g) {
			return g, true, nil
		}
	}
	miss()
	g, err := LoadGraph(ctx, o)
	if err != nil {
		return nil, false, err
	}
	if len(g.Errors) > 0 {
		return g, false, nil
	}
	for _, m := range g.Modules {
		if m.Error != "" {
			return g, false, nil
		}
		if (m.Main || (m.Replace != nil && m.Replace.Local)) && m.Dir != "" {
			if _, ok := a.inside(m.Dir); !ok {
				return g, false, nil
			}
		}
	}
	b, err := json.Marshal(graphEntry{Graph: g})
	if err == nil {
		writeAtomic(path, b)
	}
	return g, false, nil
}

// graphKey hashes everything a graph depends on: the options, the go
// command, the Go environment and the inputs (root-relative files).
func graphKey(o GraphOptions, a *access, inputs []string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%q\x00%q\x00%v\x00%q\x00%v\x00%q\x00", graphCacheVersion, o.Patterns, o.Platforms, o.Tests, o.Tags, o.Vendor, o.Env)
	goCmd := o.GoCmd
	if goCmd == "" {
		goCmd = "go"
	}
	gp, err := exec.LookPath(goCmd)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(gp)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "%s\x00%d\x00%d\x00", gp, st.Size(), st.ModTime().UnixNano())
	for _, k := range []string{"GOROOT", "GOPATH", "GOMODCACHE", "GOWORK", "GOEXPERIMENT", "GOENV", "GOPRIVATE", "GONOPROXY", "GOINSECURE"} {
		fmt.Fprintf(h, "%s=%s\x00", k, os.Getenv(k))
	}
	abs, err := filepath.Abs(o.Dir)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "%s\x00", abs)
	if err := hashFiles(h, a.root, inputs); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFiles feeds the path and content of each root-relative file into h,
// read through the repository's root, each at most maxHashBytes.
func hashFiles(h hash.Hash, r *safefs.Root, files []string) error {
	for _, p := range files {
		f, err := r.OpenFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00", p)
		n, err := io.Copy(h, io.LimitReader(f, maxHashBytes+1))
		f.Close()
		if err != nil {
			return err
		}
		if n > maxHashBytes {
			return fmt.Errorf("%q: %w", p, safefs.ErrTooLarge)
		}
		fmt.Fprintf(h, "\x00%d\x00", n)
	}
	return nil
}

// writeAtomic writes through a temporary file and a rename; failures are
// ignored because caches only save time.
func writeAtomic(path string, b []byte) {
	if os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		_ = os.Remove(f.Name())
	}
}

// dirsExist reports whether every module directory of a cached graph is
// still on disk: a cleaned module cache must not turn into "no license
// file" verdicts.
func dirsExist(g *Graph) bool {
	for _, m := range g.Modules {
		if m.Dir == "" {
			continue
		}
		if _, err := os.Stat(m.Dir); err != nil {
			return false
		}
	}
	return true
}
