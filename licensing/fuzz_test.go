package licensing

import (
	"strings"
	"testing"

	"github.com/google/licenseclassifier/v2/assets"
)

// FuzzAnalyse feeds arbitrary license-file content, with a classifier
// match over arbitrary lines, to tollgate's reading of matches: coverage,
// extra lines, SPDX lines and the choice wording must never panic and must
// stay consistent. The classifier itself is not fuzzed (it is
// go-licenses'), so no corpus needs loading.
func FuzzAnalyse(f *testing.F) {
	mit, _ := assets.ReadLicenseFile("License/MIT/pristine.txt")
	f.Add(mit, "MIT", 1, 20)
	f.Add([]byte("SPDX-License-Identifier: MIT OR Apache-2.0\n"), "", 0, 0)
	f.Add([]byte("// SPDX-License-Identifier: (GPL-2.0+ WITH Linux-syscall-note) */\r\n\r\n"), "GPL-2.0", 3, 1)
	f.Add([]byte("Licensed under either of\n\n* MIT\n* Apache\n\nat your option.\n"), "Apache-2.0", -5, 99)
	f.Add([]byte("\xff\xfe\x00binary"), "x", 1, 1)
	f.Add([]byte(strings.Repeat("x\n", 100)+"Files: a/*\n"), "BSD-3-Clause", 50, 60)
	f.Fuzz(func(t *testing.T, data []byte, name string, start, end int) {
		if len(data) > 64<<10 {
			return
		}
		var ms []rawMatch
		if name != "" {
			ms = append(ms, rawMatch{Name: name, Type: "License", Confidence: 0.9, StartLine: start, EndLine: end})
		}
		v := analyseMatches(ms, data)
		if v.Covered > v.Lines || v.Coverage() < 0 || v.Coverage() > 1 {
			t.Fatalf("coverage out of range: %d/%d", v.Covered, v.Lines)
		}
		for _, e := range v.SPDX {
			normalizeExpr(e)
			ExpressionCategory(e)
		}
		readmeChoice(data)
		f := File{Kind: KindLicense}
		fillFile(&f, v, data)
	})
}

// FuzzExpression checks that expression handling never panics on
// expressions from SPDX lines and policies.
func FuzzExpression(f *testing.F) {
	for _, s := range []string{"MIT", "MIT OR Apache-2.0", "(MIT AND BSD-3-Clause) OR GPL-2.0+", "GPL-2.0-only WITH Classpath-exception-2.0", "LicenseRef-x", "((", "AND", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		if len(expr) > 512 {
			return
		}
		normalizeExpr(expr)
		ExpressionCategory(expr)
		deniedBy(expr, []string{"GPL-3.0-only"})
		satisfies(expr, []string{"MIT"})
		ToSPDX(expr)
	})
}
