package scan

import (
	"slices"
	"testing"
)

func TestModuleRoots(t *testing.T) {
	for _, tc := range []struct {
		files, want []string
	}{
		{[]string{"go.mod"}, []string{"."}},
		{[]string{"go.mod", "go.work", "tools/go.mod", "vendor/modules.txt"}, []string{"."}},
		{[]string{"a/go.mod", "b/go.mod", "testdata/x/go.mod", "vendor/y/go.mod", "_old/go.mod", ".hidden/go.mod"}, []string{"a", "b"}},
		{[]string{"go.mod", "sub/go.mod"}, []string{".", "sub"}},
		{nil, nil},
	} {
		if got := moduleRoots(tc.files); !slices.Equal(got, tc.want) {
			t.Errorf("moduleRoots(%q) = %q, want %q", tc.files, got, tc.want)
		}
	}
}

func TestLicensesDomainOwns(t *testing.T) {
	d := licensesDomain{}
	for p, want := range map[string]bool{"go.mod": true, "sub/go.mod": true, "go.work": true, "vendor/modules.txt": true, "go.sum": false, "main.go": false} {
		if d.Owns(p) != want {
			t.Errorf("Owns(%q) = %v", p, !want)
		}
	}
}
