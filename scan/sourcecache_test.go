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

// Files a domain already read are not read again, but only the scanned ones
// are taken: a file the walk left out is read (and refused) as before.
func TestSourceCacheKnown(t *testing.T) {
	fsys := fstest.MapFS{"big.yml": &fstest.MapFile{Data: []byte("on disk\n")}}
	known := map[string][]byte{"a.yml": []byte("one\ntwo\n"), "big.yml": []byte("from the domain\n")}
	c := newSourceCache(fsys, known, []file{{Path: "a.yml", Size: 8}})
	if got := c.line("a.yml", 2); got != "two" {
		t.Errorf("line of a known file = %q, want %q (not read from the file system, where it is absent)", got, "two")
	}
	if b, err := c.read("a.yml"); err != nil || string(b) != "one\ntwo\n" {
		t.Errorf("read of a known file = %q, %v", b, err)
	}
	if got := c.line("big.yml", 1); got != "on disk" {
		t.Errorf("line of a file not scanned = %q, want it read from the file system", got)
	}
}
