package driver

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goFiles lists the .go files under root the way the scan walk would,
// skipping .git, vendor and testdata.
func goFiles(tb testing.TB, root string) []string {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "vendor" || d.Name() == "node_modules") {
			return fs.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// BenchmarkAnalyze runs the Go domain on the real module named by
// TOLLGATE_BENCH_GO (a checkout whose dependencies are in the module cache;
// bench/go.sh sets it up). TOLLGATE_BENCH_FULL=1 measures the full mode.
func BenchmarkAnalyze(b *testing.B) {
	root := os.Getenv("TOLLGATE_BENCH_GO")
	if root == "" {
		b.Skip("TOLLGATE_BENCH_GO not set; see bench/go.sh")
	}
	files := goFiles(b, root)
	opts := Options{Fast: os.Getenv("TOLLGATE_BENCH_FULL") == ""}
	for b.Loop() {
		res, err := Analyze(context.Background(), root, files, opts)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Packages), "packages")
		b.ReportMetric(float64(len(res.Calls)), "ai-calls")
	}
}
