package safefs

import (
	"errors"
	"io/fs"
	"slices"
	"testing"
	"time"
)

func TestListDir(t *testing.T) {
	root, _ := tree(t)
	r, err := Open(root, 0)
	must(t, err)
	defer r.Close()
	ents, err := r.ListDir(".")
	must(t, err)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if !slices.IsSorted(names) || !slices.Contains(names, "fifo") || !slices.Contains(names, "sub") {
		t.Errorf("entries %q", names)
	}
	for _, tc := range []struct {
		name string
		want error
	}{
		{"updir", ErrOutside},
		{"../x", ErrOutside},
		{"updir/repo", ErrOutside},
		{"missing", fs.ErrNotExist},
	} {
		if _, err := r.ListDir(tc.name); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	// A FIFO or a file where a directory is expected fails at once.
	done := make(chan error, 2)
	go func() { _, err := r.ListDir("fifo"); done <- err }()
	go func() { _, err := r.ListDir("ok.txt"); done <- err }()
	for range 2 {
		select {
		case err := <-done:
			if err == nil {
				t.Error("listed a non-directory")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("ListDir blocked")
		}
	}
}

func TestReadDirFIFODoesNotBlock(t *testing.T) {
	root, _ := tree(t)
	r, err := Open(root, 10)
	must(t, err)
	defer r.Close()
	done := make(chan error, 1)
	go func() { _, err := r.ReadDir("fifo"); done <- err }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("ReadDir(fifo) succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ReadDir(fifo) blocked")
	}
	done2 := make(chan error, 1)
	go func() { _, err := fs.ReadDir(r.FS(), "fifo"); done2 <- err }()
	select {
	case err := <-done2:
		if err == nil {
			t.Error("fs.ReadDir(FS, fifo) succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("fs.ReadDir(FS, fifo) blocked")
	}
}
