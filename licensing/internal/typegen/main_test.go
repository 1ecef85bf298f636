package main

import (
	"bytes"
	"os"
	"testing"
)

// TestUpToDate regenerates the table from the go-licenses version go.mod
// requires and compares it with the committed gotypes.go.
func TestUpToDate(t *testing.T) {
	dir, version, err := moduleDir()
	if err != nil {
		t.Skipf("go-licenses source not available: %v", err)
	}
	got, err := generate(dir, version)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../gotypes.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("licensing/gotypes.go is stale: run go generate in licensing/")
	}
}
