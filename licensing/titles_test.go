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
