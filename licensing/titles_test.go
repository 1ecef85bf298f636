package licensing

import (
	"strings"
	"testing"

	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

// reviewOf classifies text as a license file and returns the file record.
func reviewOf(t *testing.T, c *Classifier, text string) *File {
	t.Helper()
	v, err := c.Classify(HashOf([]byte(text)), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	f := &File{Kind: KindLicense}
	fillFile(f, v, []byte(text))
	return f
}

// TestLicenseTitlesAreNotExtraTerms: titles, project names and headings
// around a license text, as projects write them, are not extra terms; a
// real extra clause still is.
func TestLicenseTitlesAreNotExtraTerms(t *testing.T) {
	mit := lt.Text(t, "License/MIT/pristine.txt")
	body := mit[strings.Index(mit, "Permission"):]
	const cr = "Copyright (c) 2024 Jane Doe\n\n"
	c := NewClassifier("")
	clean := map[string]string{
		"name after the title":            "MIT License\n\nAcme Widget\n\n" + cr + body,
		"name on the line after title":    "MIT License\nAcme Widget\n\n" + cr + body,
		"name after the copyright":        "MIT License\n\n" + cr + "acme-widget\n\n" + body,
		"markdown headings":               "# License\n\n## The MIT License (MIT)\n\n" + cr + body,
		"underlined project name":         "Acme Widget\n===========\n\nThe MIT License (MIT)\n\n" + cr + body,
		"dashed underline and tagline":    "acme-widget\n-----------\nFast widgets for Go\n\nMIT License\n\n" + cr + body,
		"heading naming the project":      "License for Acme Widget\n\nThe MIT License (MIT)\n\n" + cr + body,
		"heading before a further notice": "MIT License\n\n" + cr + body + "\n\n## Acme Widget\n",
	}
	for name, text := range clean {
		if f := reviewOf(t, c, text); f.Expression != "MIT" || len(f.Extra) > 0 {
			t.Errorf("%s: expression %q, extra lines %v (%q), want plain MIT", name, f.Expression, f.Extra, f.ExtraText)
		}
	}
	extra := map[string]string{
		"clause after the text":       "MIT License\n\n" + cr + body + "\n\nThe Software shall not be used for military purposes.\n",
		"restrictive heading":         "MIT License\n\n" + cr + body + "\n\n## Not for commercial use\n",
		"restrictive line at the top": "MIT License\nNon-commercial use only\n\n" + cr + body,
	}
	for name, text := range extra {
		if f := reviewOf(t, c, text); f.Expression != "MIT" || len(f.Extra) == 0 {
			t.Errorf("%s: expression %q, extra lines %v, want MIT needing review", name, f.Expression, f.Extra)
		}
	}
}

// TestIntroductionsBeforeAFurtherLicense: a label ending in a dash and a
// source-file header pointing at the license ("Use of this source code is
// governed by a BSD-style license...") before a further license text
// introduce it, as in a license file that appends the Go authors' BSD
// text to the project's MIT; the same lines after the last text, or with
// restrictive wording, are still extra terms.
func TestIntroductionsBeforeAFurtherLicense(t *testing.T) {
	mit := lt.Text(t, "License/MIT/pristine.txt")
	mit = mit[strings.Index(mit, "Permission"):]
	bsd := lt.Text(t, "License/BSD-3-Clause/pristine.txt")
	bsd = bsd[strings.Index(bsd, "Redistribution"):]
	const intro = "===============================================================================\n\n" +
		"Go Language Copyright & License - \n\n" +
		"Copyright 2009 The Go Authors. All rights reserved.\n" +
		"Use of this source code is governed by a BSD-style\n" +
		"license that can be found in the LICENSE file.\n\n"
	const cr = "Copyright (c) 2016 Jane Doe.  All rights reserved.\n\nThe MIT License (MIT)\n\n"
	c := NewClassifier("")
	if f := reviewOf(t, c, cr+mit+"\n"+intro+bsd); f.Expression != "BSD-3-Clause AND MIT" || len(f.Extra) > 0 {
		t.Errorf("expression %q, extra lines %v (%q), want BSD-3-Clause AND MIT without review", f.Expression, f.Extra, f.ExtraText)
	}
	extra := map[string]string{
		"header after the last text":  cr + mit + "\n" + intro,
		"restrictive label":           cr + mit + "\nNot for commercial use -\n\n" + bsd,
		"restrictive governing terms": cr + mit + "\nUse of this source code is governed by terms that forbid resale.\n\n" + bsd,
	}
	for name, text := range extra {
		if f := reviewOf(t, c, text); len(f.Extra) == 0 {
			t.Errorf("%s: expression %q with no extra lines, want review", name, f.Expression)
		}
	}
}

// TestAttributionIsNotExtraTerms: who made a component and where it lives,
// as npm packages and bundlers write it around a license text, is not an
// extra term: a team list pointer, "created by" and "a derivative work of"
// before the text, a Markdown link definition after it, and a bundler's
// per-component block (heading at a version, one-line description,
// Repository/Homepage fields, contributors with addresses). The same
// places with restrictive wording still need review.
func TestAttributionIsNotExtraTerms(t *testing.T) {
	mit := lt.Text(t, "License/MIT/pristine.txt")
	body := mit[strings.Index(mit, "Permission"):]
	const cr = "Copyright (c) 2024 Jane Doe\n\n"
	quoted := "> " + strings.ReplaceAll(strings.TrimSpace(cr+body), "\n", "\n> ") + "\n"
	c := NewClassifier("")
	clean := map[string]string{
		"team list pointer":           "MIT License\n\n" + cr + "The Acme team members are listed at https://example.com/team\nand in the README file.\n\n" + body,
		"created by, derivative work": "Widget was created by Jane Doe.\nIt is a derivative work of the Gadget project.\n\n\"\"\"\n" + cr + body,
		"markdown link definition":    "MIT License\n\n" + cr + body + "\n\n[others]: https://example.com/acme/contributors\n",
		"bundled component block": "# Acme license\n\n" + cr + body + "\n\n## Bundled dependencies\n\n### left-pad@v1.3.0\n\n> String left pad\n\n" +
			"License: MIT\nHomepage: <https://example.com/left-pad>\nRepository: <https://example.com/left-pad.git>\nAuthor: Jane Doe\n" +
			"Contributors:\n - Jane Doe <jane@example.com> (https://jane.example)\n - John Roe (https://example.com/john)\n\n" + quoted,
	}
	for name, text := range clean {
		if f := reviewOf(t, c, text); f.Expression != "MIT" || len(f.Extra) > 0 {
			t.Errorf("%s: expression %q, extra lines %v (%q), want plain MIT", name, f.Expression, f.Extra, f.ExtraText)
		}
	}
	extra := map[string]string{
		"restrictive description": "# Acme license\n\n" + cr + body + "\n\n### left-pad@v1.3.0\n\n> Not for commercial use\n\n" + quoted,
		"repository terms":        "MIT License\n\n" + cr + body + "\n\nRepository: use requires a paid subscription\n",
		"listed with a condition": "MIT License\n\n" + cr + "The team members are listed at https://example.com/team and must be credited.\n\n" + body,
	}
	for name, text := range extra {
		if f := reviewOf(t, c, text); f.Expression != "MIT" || len(f.Extra) == 0 {
			t.Errorf("%s: expression %q, extra lines %v, want MIT needing review", name, f.Expression, f.Extra)
		}
	}
}
