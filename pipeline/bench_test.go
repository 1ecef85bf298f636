package pipeline

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkAnalyzeCorpus runs every pipeline rule over a corpus of real
// repositories' CI files: TOLLGATE_PIPELINE_CORPUS names a directory with
// one checkout (or CI-only extract) per repository; see bench/pipeline.sh.
func BenchmarkAnalyzeCorpus(b *testing.B) {
	dir := os.Getenv("TOLLGATE_PIPELINE_CORPUS")
	if dir == "" {
		b.Skip("TOLLGATE_PIPELINE_CORPUS not set")
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		b.Skip(err)
	}
	type repo struct {
		fsys  fs.FS
		files []string
	}
	var repos []repo
	total := 0
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		fsys := os.DirFS(filepath.Join(dir, e.Name()))
		var files []string
		fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && KindOf(p) != "" {
				files = append(files, p)
			}
			return nil
		})
		if len(files) > 0 {
			repos = append(repos, repo{fsys, files})
			total += len(files)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, r := range repos {
			if _, err := Analyze(context.Background(), r.fsys, r.files, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*total), "ns/file")
	b.ReportMetric(float64(total), "files")
}
