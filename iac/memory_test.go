package iac

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"
	"testing/fstest"
	"time"
)

// Bounds of TestAnalyzeMemory, as multiples of the input's size. Measured
// on the generated 4 MB file: the fixed code allocates about 190 times the
// input in all (nearly all of it hcl's tokens and syntax trees, garbage as
// soon as each piece is read) and keeps about 9 times it alive; before,
// evaluating the locals was quadratic (each local rebuilt the object of
// all locals) and every syntax tree was kept whole: about 1,100 and 21
// times.
const (
	maxAllocFactor = 300
	maxLiveFactor  = 15
)

// TestAnalyzeMemory asserts that analysing a generated 4 MB configuration
// (variables, locals merged into tags, resources with count and for_each,
// providers, module calls) allocates and keeps memory in proportion to its
// size. Allocation counts, not time: they do not depend on the machine.
func TestAnalyzeMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and analyses 4 MB")
	}
	src := genTerraform(4<<20, "p")
	fsys := fstest.MapFS{"main.tf": {Data: src}}
	opts := Options{Required: []string{"cost-center", "owner"}, ProviderCoverage: true}
	var before, after, kept runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := Analyze(context.Background(), fsys, []string{"main.tf"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	runtime.GC()
	runtime.ReadMemStats(&kept)
	alloc := after.TotalAlloc - before.TotalAlloc
	live := int64(kept.HeapAlloc) - int64(before.HeapAlloc)
	if len(res.Resources) < 10000 {
		t.Fatalf("%d resources: the generated file is not what the bounds were measured on", len(res.Resources))
	}
	runtime.KeepAlive(res)
	n := uint64(len(src))
	t.Logf("input %d bytes: allocated %d (%.0fx), kept %d (%.1fx)", n, alloc, float64(alloc)/float64(n), live, float64(live)/float64(n))
	if alloc > maxAllocFactor*n {
		t.Errorf("allocated %d bytes for %d of input, over %dx", alloc, n, maxAllocFactor)
	}
	if live > int64(maxLiveFactor*n) {
		t.Errorf("kept %d bytes for %d of input, over %dx", live, n, maxLiveFactor)
	}
}

// BenchmarkAnalyzeLarge reports what analysing generated 4 MB files costs:
// bytes allocated per input byte, the peak of the heap (sampled every
// millisecond) and the heap still used by the Result. files=20 puts twenty
// such files in twenty directories.
//
//	go test ./iac -run '^$' -bench AnalyzeLarge -benchtime 1x
func BenchmarkAnalyzeLarge(b *testing.B) {
	for _, n := range []int{1, 20} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			fsys := fstest.MapFS{}
			var files []string
			size := 0
			for i := range n {
				p := fmt.Sprintf("d%02d/main.tf", i)
				src := genTerraform(4<<20, fmt.Sprintf("p%d", i))
				fsys[p] = &fstest.MapFile{Data: src}
				files = append(files, p)
				size += len(src)
			}
			opts := Options{Required: []string{"cost-center", "owner"}, ProviderCoverage: true}
			for b.Loop() {
				runtime.GC()
				var before, after, kept runtime.MemStats
				runtime.ReadMemStats(&before)
				stop := samplePeak()
				res, err := Analyze(context.Background(), fsys, files, opts)
				if err != nil {
					b.Fatal(err)
				}
				p := stop()
				runtime.ReadMemStats(&after)
				runtime.GC()
				runtime.ReadMemStats(&kept)
				runtime.KeepAlive(res)
				b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(size), "alloc/input-byte")
				b.ReportMetric(float64(p-before.HeapAlloc)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(int64(kept.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "kept-MB")
			}
			b.ReportMetric(float64(size)/(1<<20), "input-MB")
		})
	}
}

// samplePeak samples the heap's live objects until stopped and returns the
// highest value seen.
func samplePeak() (stop func() uint64) {
	done := make(chan struct{})
	peak := make(chan uint64, 1)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var p uint64
		tk := time.NewTicker(time.Millisecond)
		defer tk.Stop()
		for {
			metrics.Read(s)
			p = max(p, s[0].Value.Uint64())
			select {
			case <-done:
				peak <- p
				return
			case <-tk.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-peak }
}
