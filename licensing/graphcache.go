package licensing

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// graphCacheVersion changes when Graph's encoding or LoadGraph's meaning does.
const graphCacheVersion = "graph/1"

// graphEntry is one cached graph, with the local directories outside the
// root (local replaces) whose content it also depends on.
type graphEntry struct {
	Graph     *Graph   `json:"graph"`
	Outside   []string `json:"outside,omitempty"`
	OutsideID string   `json:"outside_id,omitempty"`
}

// loadGraphCached returns the graph for o from dir (a cache directory)
// when nothing it depends on changed: the go command, the environment, the
// options, and the content of every go.mod, go.sum, go.work, go.work.sum,
// vendor/modules.txt and .go file under o.Dir and under local replacement
// directories. The module cache is immutable by version, so it is not
// hashed. Graphs with errors are not cached, so a `go mod download`
// between two runs is seen.
//
// onMiss, when non-nil, is called before go list runs: the caller starts
// work that a changed repository will probably need meanwhile.
func loadGraphCached(ctx context.Context, o GraphOptions, dir string, onMiss func()) (*Graph, bool, error) {
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
	key, err := graphKey(o)
	if err != nil {
		miss()
		g, err := LoadGraph(ctx, o)
		return g, false, err
	}
	path := filepath.Join(dir, "graph", key+".json")
	if b, err := os.ReadFile(path); err == nil {
		var e graphEntry
		if json.Unmarshal(b, &e) == nil && e.Graph != nil {
			if id, err := treeID(e.Outside); err == nil && id == e.OutsideID && dirsExist(e.Graph) {
				return e.Graph, true, nil
			}
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
	var outside []string
	for _, m := range g.Modules {
		if m.Error != "" {
			return g, false, nil
		}
		if m.Replace != nil && m.Replace.Local && m.Dir != "" && !within(o.Dir, m.Dir) {
			outside = append(outside, m.Dir)
		}
	}
	slices.Sort(outside)
	id, err := treeID(outside)
	if err != nil {
		return g, false, nil
	}
	b, err := json.Marshal(graphEntry{Graph: g, Outside: outside, OutsideID: id})
	if err == nil {
		writeAtomic(path, b)
	}
	return g, false, nil
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// graphKey hashes everything a graph depends on under o.Dir.
func graphKey(o GraphOptions) (string, error) {
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
	if err := hashTree(h, abs); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// treeID hashes the Go inputs under each directory.
func treeID(dirs []string) (string, error) {
	h := sha256.New()
	for _, d := range dirs {
		fmt.Fprintf(h, "%s\x00", d)
		if err := hashTree(h, d); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashTree feeds the path and content of every file the go command reads
// to build the package graph under root into h, in walk order (sorted).
// It skips what the go command skips: directories starting with "." or
// "_", and testdata.
func hashTree(h hash.Hash, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		switch {
		case strings.HasSuffix(name, ".go"), name == "go.mod", name == "go.sum", name == "go.work", name == "go.work.sum", name == "modules.txt":
		default:
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s\x00", filepath.ToSlash(rel))
		n, err := io.Copy(h, f)
		fmt.Fprintf(h, "\x00%d\x00", n)
		return err
	})
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
