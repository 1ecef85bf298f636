package licensing

import (
	"strings"
	"sync"
	"testing"

	classifier "github.com/google/licenseclassifier/v2"
	"github.com/google/licenseclassifier/v2/assets"
)

var (
	fuzzOnce sync.Once
	fuzzC    *classifier.Classifier
)

// FuzzAnalyse feeds arbitrary license-file content to the text analysis:
// coverage, extra lines, SPDX lines and the choice wording must never
// panic and must stay consistent.
func FuzzAnalyse(f *testing.F) {
	mit, _ := assets.ReadLicenseFile("License/MIT/pristine.txt")
	f.Add(mit)
	f.Add([]byte("SPDX-License-Identifier: MIT OR Apache-2.0\n"))
	f.Add([]byte("// SPDX-License-Identifier: (GPL-2.0+ WITH Linux-syscall-note) */\r\n\r\n"))
	f.Add([]byte("Licensed under either of\n\n* MIT\n* Apache\n\nat your option.\n"))
	f.Add([]byte("\xff\xfe\x00binary"))
	f.Add([]byte(strings.Repeat("x\n", 100)))
	fuzzOnce.Do(func() { fuzzC, _ = assets.DefaultClassifier() })
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		v := analyse(fuzzC, data)
		if v.Covered > v.Lines || v.Coverage() < 0 || v.Coverage() > 1 {
			t.Fatalf("coverage out of range: %d/%d", v.Covered, v.Lines)
		}
		for _, e := range v.SPDX {
			normalizeExpr(e)
			ExpressionCategory(e)
		}
		readmeChoice(data)
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
