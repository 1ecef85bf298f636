package scan

import (
	"bytes"
	"testing"
	"testing/fstest"
)

// The line a fingerprint quotes is line n of the file split on newlines, as
// it was before the cache kept line offsets rather than split lines.
func TestSourceCacheLine(t *testing.T) {
	files := map[string]string{
		"a.yml":   "one\ntwo\r\nthree",
		"b.yml":   "x\n\ny\n",
		"e.yml":   "",
		"one.yml": "only",
	}
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	c := &sourceCache{fsys: fsys, files: map[string]*source{}}
	for _, p := range []string{"a.yml", "b.yml", "e.yml", "one.yml"} {
		ls := bytes.Split([]byte(files[p]), []byte("\n"))
		for n := -1; n <= len(ls)+2; n++ {
			want := ""
			if n >= 1 && n <= len(ls) {
				want = string(ls[n-1])
			}
			if got := c.line(p, n); got != want {
				t.Errorf("line(%q, %d) = %q, want %q", p, n, got, want)
			}
		}
		b, err := c.read(p)
		if err != nil || string(b) != files[p] {
			t.Errorf("read(%q) = %q, %v, want the file", p, b, err)
		}
	}
	if got := c.line("missing.yml", 1); got != "" {
		t.Errorf("line of a missing file = %q, want empty", got)
	}
	if _, err := c.read("missing.yml"); err == nil {
		t.Errorf("read of a missing file: no error")
	}
}
