package pipeline

import (
	"fmt"
	"slices"
	"testing"
)

// TestKeyReachNegatives: the ok/keyreach workflows hold keys that no step
// can use (blanked by a job or step env); the ok/ comparison leaves the
// inventory out, so it is checked here.
func TestKeyReachNegatives(t *testing.T) {
	res := analyseDir(t, "testdata/ok/keyreach")
	for _, s := range res.AISteps {
		t.Errorf("unexpected AI step %s:%d (%s)", s.Pos.Path, s.Pos.Line, s.Via)
	}
}

// TestKeyReachSteps: exactly the steps of testdata/keyreach that can use
// a key are AI steps.
func TestKeyReachSteps(t *testing.T) {
	res := analyseDir(t, "testdata/keyreach")
	var got []string
	for _, s := range res.AISteps {
		got = append(got, fmt.Sprintf("%s:%d", s.Pos.Path, s.Pos.Line))
	}
	slices.Sort(got)
	want := []string{
		".github/workflows/blanked.yml:30",
		".github/workflows/guarded.yml:19",
		".github/workflows/subdirs.yml:16",
		".github/workflows/subdirs.yml:19",
		".github/workflows/subdirs.yml:35",
		".github/workflows/suites.yml:21",
		".github/workflows/suites.yml:23",
		".github/workflows/suites.yml:31",
		".github/workflows/suites.yml:39",
	}
	if !slices.Equal(got, want) {
		t.Errorf("AI steps = %q, want %q", got, want)
	}
}

func TestTestLabel(t *testing.T) {
	for _, c := range []struct {
		w    []string
		want string
	}{
		{[]string{"pytest", "-vv", "-o", "x=1", "tests/e2e/"}, "pytest tests/e2e/"},
		{[]string{"npm", "test"}, "npm test"},
		{[]string{"go", "test", "-run", "Live", "./..."}, "go test ./..."},
	} {
		if got := testLabel(c.w); got != c.want {
			t.Errorf("testLabel(%q) = %q, want %q", c.w, got, c.want)
		}
	}
}

// A script's cd is followed to relative directories only.
func TestCdInto(t *testing.T) {
	for _, c := range [][3]string{
		{"", "py", "py"},
		{"sdk", "js", "sdk/js"},
		{"sdk/js", "..", "sdk"},
		{"", "..", ""},
		{"sdk", "../..", "sdk"},
		{"sdk", "/opt/x", "sdk"},
		{"sdk", "$HOME/x", "sdk"},
		{"sdk", "~", "sdk"},
		{"sdk", "-", "sdk"},
	} {
		if got := cdInto(c[0], c[1]); got != c[2] {
			t.Errorf("cdInto(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
