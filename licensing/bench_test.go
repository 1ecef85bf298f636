package licensing_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tollgate-dev/tollgate/licensing"
)

// The benchmarks judge tollgate's own module graph (about 40 modules), the
// realistic input always at hand; bench/licenses.sh measures larger graphs
// beside go-licenses.

// BenchmarkAnalyzeCold starts each run with an empty cache: go list, the
// classifier load and every classification.
func BenchmarkAnalyzeCold(b *testing.B) {
	root, _ := filepath.Abs("..")
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		b.StartTimer()
		if _, err := licensing.Analyze(context.Background(), licensing.Options{Root: root, CacheDir: dir}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeWarm runs with the graph and classification caches
// filled, as a second scan of an unchanged repository does.
func BenchmarkAnalyzeWarm(b *testing.B) {
	root, _ := filepath.Abs("..")
	dir := b.TempDir()
	if _, err := licensing.Analyze(context.Background(), licensing.Options{Root: root, CacheDir: dir}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := licensing.Analyze(context.Background(), licensing.Options{Root: root, CacheDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if res.Stats.Classified != 0 || !res.Stats.GraphCached {
			b.Fatalf("warm run did work: %+v", res.Stats)
		}
	}
}
