package licensing

import (
	"testing"

	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

// TestPythonLicenseStack: the Python license as Python and packages that
// copy it ship it (a history of the software, then the PSF, BeOpen, CNRI
// and CWI agreements) is SPDX's Python-2.0, which is that stack, and needs
// no review; the classifier alone names four licenses, two without a
// category, and leaves the history over. The PSF agreement beside an
// unrelated license is not a stack.
func TestPythonLicenseStack(t *testing.T) {
	history := "A. HISTORY OF THE SOFTWARE\n==========================\n\n" +
		"Widget was first written at a research institute and later moved, with\n" +
		"its developers, to two companies and then to a foundation, which owns it\n" +
		"now. Not every release was compatible with every other license.\n\n\n" +
		"B. TERMS AND CONDITIONS FOR ACCESSING OR OTHERWISE USING PYTHON\n" +
		"===============================================================\n\n" +
		"PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2\n--------------------------------------------\n\n"
	psf := lt.Text(t, "License/Python-2.0/license.txt")
	cwi := "\n\nCWI LICENSE AGREEMENT FOR PYTHON 0.9.0 THROUGH 1.2\n--------------------------------------------------\n\n" +
		"Copyright (c) 1991 - 1995, Stichting Mathematisch Centrum Amsterdam,\nThe Netherlands.  All rights reserved.\n\n" +
		lt.Text(t, "License/LicenseRef-MIT-Lucent/license.txt")
	stack := history + psf + "\n\n" + lt.Text(t, "License/BeOpen/license.txt") + "\n\n" +
		lt.Text(t, "License/CNRI-Python-GPL-Compatible/license.txt") + cwi
	c := NewClassifier("")
	if f := reviewOf(t, c, stack); f.Expression != "Python-2.0" || len(f.Extra) > 0 {
		t.Errorf("Python license stack: expression %q, extra lines %v (%q), want Python-2.0", f.Expression, f.Extra, f.ExtraText)
	}
	if f := reviewOf(t, c, psf+"\n\n"+lt.Text(t, "License/MIT/pristine.txt")); f.Expression != "MIT AND Python-2.0" {
		t.Errorf("PSF agreement beside MIT: %q, want MIT AND Python-2.0", f.Expression)
	}
}

// TestCreativeCommonsPreamble: a Creative Commons 4.0 license shipped as
// its legal code is published (title, the notice that Creative Commons is
// not a law firm, the considerations for licensors and the public, then
// the license) needs no review; prose before the license that is not that
// preamble still does.
func TestCreativeCommonsPreamble(t *testing.T) {
	cc := lt.Text(t, "License/CC-BY-4.0/license.txt")
	preamble := "Attribution 4.0 International\n\n=======================================================================\n\n" +
		"Creative Commons Corporation (\"Creative Commons\") is not a law firm and\n" +
		"does not provide legal services or legal advice. Nothing here is advice.\n\n" +
		"Using Creative Commons Public Licenses\n\n" +
		"A licensor should read the license before applying it, and a licensee\n" +
		"should read it before using the material.\n\n" +
		"=======================================================================\n\n"
	c := NewClassifier("")
	if f := reviewOf(t, c, preamble+cc); f.Expression != "CC-BY-4.0" || len(f.Extra) > 0 {
		t.Errorf("legal code with its preamble: expression %q, extra lines %v (%q), want CC-BY-4.0", f.Expression, f.Extra, f.ExtraText)
	}
	other := "Attribution 4.0 International\n\nThe data may not be used to train models.\n\n"
	if f := reviewOf(t, c, other+cc); len(f.Extra) == 0 {
		t.Errorf("a term before the license was taken for the preamble: %q", f.Expression)
	}
}

// TestBSDViews: a BSD-2-Clause text followed by the FreeBSD sentence on
// views, with the project's own holder, is BSD-2-Clause-Views (a notice
// license) and needs no review; another sentence after the text still
// does.
func TestBSDViews(t *testing.T) {
	bsd := lt.Text(t, "License/BSD-2-Clause/pristine.txt")
	const views = "\nThe views and conclusions contained in the software and documentation are those of the authors and should not be interpreted as representing official policies, either expressed or implied, of Acme Widgets.\n"
	c := NewClassifier("")
	f := reviewOf(t, c, "Copyright 2011 Acme Widgets. All rights reserved.\n\n"+bsd+views)
	if f.Expression != "BSD-2-Clause-Views" || len(f.Extra) > 0 || CategoryOf(f.Expression) != Notice {
		t.Errorf("BSD-2-Clause with the views sentence: %q (%s), extra lines %v (%q), want BSD-2-Clause-Views, notice", f.Expression, CategoryOf(f.Expression), f.Extra, f.ExtraText)
	}
	f = reviewOf(t, c, bsd+"\nThe software may not be used by Acme's competitors.\n")
	if f.Expression != "BSD-2-Clause" || len(f.Extra) == 0 {
		t.Errorf("BSD-2-Clause with a further term: %q, extra lines %v, want BSD-2-Clause needing review", f.Expression, f.Extra)
	}
}
