package licensing

import (
	"strings"
	"testing"

	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

// TestChoiceIsTheFilesOwn: a choice of licenses is one the file's own prose
// offers; the words of a license's text ("under the terms of either this
// License or such Secondary License" in the MPL-2.0, "or (at your option)
// any later version" in the GPL) offer none, so an MPL-2.0 LICENSE beside
// a file of bundled MIT code is MPL-2.0 AND MIT, never a choice that the
// policy would settle on MIT alone.
func TestChoiceIsTheFilesOwn(t *testing.T) {
	c := NewClassifier("")
	mpl := reviewOf(t, c, lt.Text(t, "License/MPL-2.0/pristine.txt"))
	gpl := reviewOf(t, c, lt.Text(t, "License/GPL-2.0/license.txt"))
	for _, f := range []*File{mpl, gpl} {
		if f.Choice {
			t.Errorf("%s text alone offers a choice", f.Expression)
		}
	}
	mit := reviewOf(t, c, "Bundled code\n\n"+lt.Text(t, "License/MIT/pristine.txt"))
	if got := declared([]File{*mpl, *mit}, nil, false); got != "MIT AND MPL-2.0" {
		t.Errorf("MPL-2.0 file beside an MIT file: %q, want MIT AND MPL-2.0", got)
	}
	apache := lt.Text(t, "License/Apache-2.0/pristine.txt")
	dual := reviewOf(t, c, "This project is dual-licensed: use it under either license below.\n\n"+
		lt.Text(t, "License/MIT/pristine.txt")+"\n\n"+apache[:strings.Index(apache, "END OF TERMS")+len("END OF TERMS AND CONDITIONS")])
	if !dual.Choice || dual.Expression != "Apache-2.0 OR MIT" {
		t.Errorf("dual-licensed prose: choice %v, expression %q, want Apache-2.0 OR MIT", dual.Choice, dual.Expression)
	}
}
