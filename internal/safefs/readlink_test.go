package safefs

import (
	"errors"
	"testing"
)

func TestReadlink(t *testing.T) {
	root, outside := tree(t)
	r, err := Open(root, 10)
	must(t, err)
	defer r.Close()
	if got, err := r.Readlink("abs-out"); err != nil || got != outside {
		t.Errorf("Readlink(abs-out) = %q, %v; want %q", got, err, outside)
	}
	if got, err := r.Readlink("sub/in"); err != nil || got != "../ok.txt" {
		t.Errorf("Readlink(sub/in) = %q, %v", got, err)
	}
	// The link itself must be in the root: one reached through a link out is not.
	if _, err := r.Readlink("updir/repo/sub/in"); !errors.Is(err, ErrOutside) {
		t.Errorf("Readlink(updir/repo/sub/in): %v, want ErrOutside", err)
	}
	if _, err := r.Readlink("../secret.txt"); !errors.Is(err, ErrOutside) {
		t.Errorf("Readlink(../secret.txt): %v, want ErrOutside", err)
	}
	if _, err := r.Readlink("ok.txt"); err == nil {
		t.Error("Readlink(ok.txt) of a regular file succeeded")
	}
}
