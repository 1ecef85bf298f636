package licensing

import (
	"slices"
	"testing"
)

func TestToSPDX(t *testing.T) {
	for in, want := range map[string]string{
		"MIT":                              "MIT",
		"Apache-2.0":                       "Apache-2.0",
		"GPL-2.0":                          "GPL-2.0-only",
		"AGPL-3.0":                         "AGPL-3.0-only",
		"BSD-0-Clause":                     "0BSD",
		"Business-Source-License-1.1":      "BUSL-1.1",
		"GPL-2.0-with-classpath-exception": "GPL-2.0-only WITH Classpath-exception-2.0",
		"mit":                              "MIT",
		"Facebook-2-Clause":                "LicenseRef-Facebook-2-Clause",
		"LicenseRef-MIT-Lucent":            "LicenseRef-MIT-Lucent",
		"Some Odd/License":                 "LicenseRef-Some-Odd-License",
	} {
		if got := ToSPDX(in); got != want {
			t.Errorf("ToSPDX(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCategories(t *testing.T) {
	for expr, want := range map[string]Category{
		"MIT":                          Notice,
		"Apache-2.0 OR GPL-2.0-only":   Notice,
		"MIT AND GPL-2.0-only":         Restricted,
		"MPL-2.0":                      Reciprocal,
		"GPL-2.0-or-later":             Restricted,
		"AGPL-3.0-only":                Forbidden,
		"BUSL-1.1":                     Forbidden,
		"0BSD":                         Unencumbered,
		"CC0-1.0 OR MIT":               Unencumbered,
		"LicenseRef-Facebook-2-Clause": Forbidden,
		"LicenseRef-Whatever":          Unknown,
		"GPL-2.0-only WITH Classpath-exception-2.0": Restricted,
	} {
		if got := ExpressionCategory(expr); got != want {
			t.Errorf("ExpressionCategory(%q) = %s, want %s", expr, got, want)
		}
	}
}

func TestDeniedBy(t *testing.T) {
	deny := []string{"GPL-3.0-only", "AGPL-3.0"}
	for expr, want := range map[string][]string{
		"MIT":                  nil,
		"GPL-3.0-only":         {"GPL-3.0-only"},
		"MIT OR GPL-3.0-only":  nil,
		"MIT AND GPL-3.0-only": {"GPL-3.0-only"},
		"AGPL-3.0-only":        {"AGPL-3.0-only"},
		"(MIT OR GPL-3.0-only) AND AGPL-3.0-only": {"AGPL-3.0-only", "GPL-3.0-only"},
	} {
		if got := deniedBy(expr, deny); !slices.Equal(got, want) {
			t.Errorf("deniedBy(%q) = %q, want %q", expr, got, want)
		}
	}
}

func TestJoin(t *testing.T) {
	if got := join("AND", []string{"MIT", "Apache-2.0 OR MIT", "MIT"}); got != "MIT AND (Apache-2.0 OR MIT)" {
		t.Errorf("join = %q", got)
	}
	if got := declared([]File{{Kind: KindLicense, Expression: "MIT"}, {Kind: KindLicense, Expression: "Apache-2.0"}}, nil, true); got != "Apache-2.0 OR MIT" {
		t.Errorf("declared with a choice = %q", got)
	}
}

func TestClassifyName(t *testing.T) {
	for name, want := range map[string]FileKind{
		"LICENSE": KindLicense, "LICENSE.md": KindLicense, "license.txt": KindLicense, "LICENSE-APACHE": KindLicense,
		"LICENCE": KindLicense, "COPYING": KindLicense, "COPYING.LESSER": KindLicense, "UNLICENSE": KindLicense,
		"NOTICE": KindNotice, "NOTICE.txt": KindNotice, "PATENTS": KindPatents, "LICENSE.docs": KindDocsLicense,
		"license.go": "", "licenses.json": "", "README.md": "", "LICENSES": "", "licensed.txt": "", "COPYRIGHT": "",
	} {
		if got := classifyName(name); got != want {
			t.Errorf("classifyName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestJoinFlattens(t *testing.T) {
	if got := join("AND", []string{"Apache-2.0 AND BSD-3-Clause AND MIT", "BSD-3-Clause", "MIT"}); got != "Apache-2.0 AND BSD-3-Clause AND MIT" {
		t.Errorf("join = %q", got)
	}
}
