package licensing

import (
	"strings"
	"testing"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
	golicenses "github.com/google/go-licenses/v2/licenses"
)

// fromGoLicenses is how CategoryOf read go-licenses' LicenseType when it
// called it directly.
func fromGoLicenses(t golicenses.Type) Category {
	switch t {
	case golicenses.Restricted, golicenses.ByExceptionOnly:
		return Restricted
	case golicenses.Reciprocal:
		return Reciprocal
	case golicenses.Notice:
		return Notice
	case golicenses.Permissive:
		return Permissive
	case golicenses.Unencumbered:
		return Unencumbered
	case golicenses.Forbidden:
		return Forbidden
	}
	return Unknown
}

// TestGoTypesMatchGoLicenses checks the generated table against the
// go-licenses package it was generated from, for every name CategoryOf
// can look up in it: the table's own names, the classifier-name and SPDX
// maps, and every SPDX identifier (active and deprecated) with and without
// its -only/-or-later suffix. A name missing from the table must be one
// go-licenses does not type either.
func TestGoTypesMatchGoLicenses(t *testing.T) {
	names := map[string]bool{}
	for n := range goLicensesTypes {
		names[n] = true
	}
	for k, v := range spdxOfName {
		names[k], names[v] = true, true
	}
	for k, v := range nameOfSPDX {
		names[k], names[v] = true, true
	}
	for k := range categoryOverlay {
		names[k] = true
	}
	for _, id := range append(spdxlicenses.GetLicenses(), spdxlicenses.GetDeprecated()...) {
		names[id] = true
		for _, suf := range []string{"-only", "-or-later"} {
			if s, ok := strings.CutSuffix(id, suf); ok {
				names[s] = true
			}
		}
	}
	if len(names) < 700 {
		t.Fatalf("only %d candidate names: the SPDX list did not load", len(names))
	}
	for n := range names {
		if got, want := goType(n), fromGoLicenses(golicenses.LicenseType(n)); got != want {
			t.Errorf("goType(%q) = %q, go-licenses says %q", n, got, want)
		}
	}
}
