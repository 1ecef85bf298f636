package render

import (
	"io"
	"testing"
)

// BenchmarkFormats renders a 5,000-finding report in every format. The json
// format (encoding/json of the whole report) is the baseline the bench
// script prints the others against.
func BenchmarkFormats(b *testing.B) {
	r := bigReport(5000)
	for _, f := range Formats() {
		b.Run(f.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := f.Render(io.Discard, r, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
