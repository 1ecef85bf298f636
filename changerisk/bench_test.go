package changerisk

import (
	"context"
	"os"
	"runtime/debug"
	"testing"

	"github.com/tollgate-dev/tollgate/internal/membudget"
)

// BenchmarkWalk walks the repository named by TOLLGATE_RISK_BENCH_REPO
// cold (no cache); bench/risk.sh runs it beside `git log --numstat`.
func BenchmarkWalk(b *testing.B) {
	dir := os.Getenv("TOLLGATE_RISK_BENCH_REPO")
	if dir == "" {
		b.Skip("TOLLGATE_RISK_BENCH_REPO not set")
	}
	r, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	// The benchmark runs with the collector settings the tollgate command
	// uses (cmd/tollgate tuneGC); GOGC and GOMEMLIMIT override them.
	if os.Getenv("GOGC") == "" {
		prev := debug.SetGCPercent(100)
		stop := membudget.TuneGC()
		defer func() { stop(); debug.SetGCPercent(prev) }()
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 30))
	}
	for b.Loop() {
		h, err := r.Walk(context.Background(), WalkOptions{NoCache: true})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(h.Commits)), "commits")
	}
}

// BenchmarkAnalyzeWarm scores HEAD with a warm cache.
func BenchmarkAnalyzeWarm(b *testing.B) {
	dir := os.Getenv("TOLLGATE_RISK_BENCH_REPO")
	if dir == "" {
		b.Skip("TOLLGATE_RISK_BENCH_REPO not set")
	}
	cache := b.TempDir()
	if _, err := Analyze(context.Background(), dir, Options{Walk: WalkOptions{CacheDir: cache}}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		a, err := Analyze(context.Background(), dir, Options{Walk: WalkOptions{CacheDir: cache}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.Assess("HEAD"); err != nil {
			b.Fatal(err)
		}
	}
}
