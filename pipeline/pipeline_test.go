package pipeline

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/wanttest"
)

// fixtures analyses testdata repositories: each directory under testdata
// (under testdata/ok, each directory there) is a repository root, with an
// optional options.json holding Options.
type fixtures struct {
	mu    sync.Mutex
	cache map[string]*Result
	t     *testing.T
}

func caseRoot(p string) string {
	parts := strings.Split(p, "/")
	if parts[0] == "ok" && len(parts) > 2 {
		return path.Join(parts[0], parts[1])
	}
	return parts[0]
}

func (fx *fixtures) analyse(p string, _ []byte) []finding.Finding {
	root := caseRoot(p)
	fx.mu.Lock()
	res, ok := fx.cache[root]
	fx.mu.Unlock()
	if !ok {
		res = analyseDir(fx.t, "testdata/"+root)
		fx.mu.Lock()
		fx.cache[root] = res
		fx.mu.Unlock()
	}
	var out []finding.Finding
	for _, f := range res.Findings {
		// The inventory records every AI step, governed or not; ok/
		// fixtures hold well-governed AI steps, so it is left out there.
		if strings.HasPrefix(p, "ok/") && f.Rule == aiStepInventory.ID {
			continue
		}
		if path.Join(root, f.Location.Path) == p {
			f.Location.Path = p
			out = append(out, f)
		}
	}
	return out
}

func analyseDir(t testing.TB, dir string) *Result {
	t.Helper()
	fsys := os.DirFS(dir)
	var opts Options
	if b, err := fs.ReadFile(fsys, "options.json"); err == nil {
		if err := json.Unmarshal(b, &opts); err != nil {
			t.Fatalf("%s/options.json: %v", dir, err)
		}
	}
	var files []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && KindOf(p) != "" {
			files = append(files, p)
		}
		return nil
	})
	res, err := Analyze(context.Background(), fsys, files, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRules(t *testing.T) {
	fx := &fixtures{cache: map[string]*Result{}, t: t}
	wanttest.Run(t, "testdata", fx.analyse)
}

// TestRuleFixtures checks that every rule has a fixture that fires it.
func TestRuleFixtures(t *testing.T) {
	fired := map[string]bool{}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "ok" {
			continue
		}
		for _, f := range analyseDir(t, "testdata/"+e.Name()).Findings {
			fired[f.Rule] = true
		}
	}
	for _, c := range checks {
		if !fired[c.rule.ID] {
			t.Errorf("rule %s has no fixture that fires it", c.rule.ID)
		}
	}
}
