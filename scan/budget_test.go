package scan

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/membudget"
)

// testDomain is a domain a test registers for its own duration.
type testDomain struct {
	name    string
	analyze func(ctx context.Context) (*Result, error)
}

func (d testDomain) Name() string                                           { return d.name }
func (d testDomain) Owns(string) bool                                       { return false }
func (d testDomain) Analyze(ctx context.Context, _ *Input) (*Result, error) { return d.analyze(ctx) }

func withDomains(t *testing.T, ds ...Domain) {
	t.Helper()
	domains.Lock()
	saved := slices.Clone(domains.list)
	domains.list = append(domains.list, ds...)
	domains.Unlock()
	t.Cleanup(func() {
		domains.Lock()
		domains.list = saved
		domains.Unlock()
	})
}

// TestMemoryBudgetStopsRunningDomains runs a domain that allocates until it
// is stopped beside one that finishes at once, under a budget a little above
// the test's heap: the hungry domain is stopped with a scan/memory-budget
// finding, the run still returns a complete report with no domain error, the
// other domain is untouched, and the default gate fails.
func TestMemoryBudgetStopsRunningDomains(t *testing.T) {
	quick := testDomain{name: "quick", analyze: func(context.Context) (*Result, error) {
		return &Result{Findings: []finding.Finding{finding.FileTooLarge.New(finding.Location{Path: "a.txt"}, "quick finding")}}, nil
	}}
	hog := testDomain{name: "hog", analyze: func(ctx context.Context) (*Result, error) {
		var hold [][]byte
		for ctx.Err() == nil {
			if len(hold) > 4096 {
				t.Error("hog allocated 4 GiB without being stopped")
				break
			}
			b := make([]byte, 1<<20)
			for i := range b {
				b[i] = byte(i)
			}
			hold = append(hold, b)
			if len(hold)%16 == 0 {
				runtime.Gosched()
			}
		}
		runtime.KeepAlive(hold)
		return nil, ctx.Err()
	}}
	withDomains(t, quick, hog)

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	w := membudget.Start(int64(ms.HeapAlloc) + 64*membudget.MiB)
	defer w.Stop()
	ctx := membudget.NewContext(context.Background(), w)

	r, err := Run(ctx, Options{Root: dir, Only: []string{"quick", "hog"}, Now: fixed})
	if err != nil {
		t.Fatalf("Run: %v (a domain stopped by the budget is degraded, not failed)", err)
	}
	var stopped []finding.Finding
	for _, f := range r.Findings {
		if f.Rule == finding.MemoryBudget.ID {
			stopped = append(stopped, f)
		}
	}
	if len(stopped) != 1 {
		t.Fatalf("got %d scan/memory-budget findings, want 1: %v", len(stopped), lines(r))
	}
	msg := regexp.MustCompile(`^domain "hog" stopped at \d+ MiB of a \d+ MiB memory budget; its findings are incomplete$`)
	if f := stopped[0]; !msg.MatchString(f.Message) || f.Severity != finding.High || f.Evidence["domain"] != "hog" {
		t.Errorf("finding = %+v", f)
	}
	for _, d := range r.Domains {
		if (d.Name == "hog") != (d.Error != "") {
			t.Errorf("domain %q: error %q", d.Name, d.Error)
		}
	}
	if !slices.ContainsFunc(r.Findings, func(f finding.Finding) bool { return f.Message == "quick finding" }) {
		t.Error("the domain that finished lost its findings")
	}
	if r.Passed() {
		t.Error("a run with a stopped domain passed the default gate")
	}
}
