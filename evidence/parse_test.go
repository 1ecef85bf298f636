package evidence

import (
	"strings"
	"testing"
)

func TestCheckJSON(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want "" means accepted
	}{
		{`{"a":1,"b":[1,{"a":2}]}`, ""},
		{`{"a":1,"a":2}`, `key "a" appears twice`},
		{`{"a":1,"\u0061":2}`, `key "a" appears twice`},
		{`{"x":{"files":{"r":"1","r":"2"}}}`, `key "r" appears twice`},
		{`{"payload":1,"Payload":2}`, `keys "payload" and "Payload" differ only in case`},
		{`{"k":1,"\u212a":2}`, `differ only in case`}, // Kelvin sign folds to k
		{`{"s":1,"\u017f":2}`, `differ only in case`}, // long s folds to s
		{`{"a":1} {"a":2}`, "data after the JSON value"},
		{`{"a":1} x`, "invalid character"},
		{strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth), ""},
		{strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1), "nested deeper"},
		{``, "empty document"},
		{`{"a":`, "EOF"},
	} {
		err := checkJSON([]byte(tc.in))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("checkJSON(%s) = %v, want nil", tc.in, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("checkJSON(%s) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestParseSumsLineCap(t *testing.T) {
	var b strings.Builder
	for i := 0; i <= maxSumsLines; i++ {
		b.WriteString(strings.Repeat("a", 64) + "  f" + strings.Repeat("x", i%50) + string(rune('a'+i/50)) + "\n")
	}
	lines, errs := parseSums([]byte(b.String()))
	if len(lines) != maxSumsLines || len(errs) != 1 || !strings.Contains(errs[0].Error(), "more than") {
		t.Errorf("%d lines, problems %v", len(lines), errs)
	}
}

func TestCheckName(t *testing.T) {
	for name, ok := range map[string]bool{
		"report.json": true, "sbom.cdx.json": true, "a_b-c+d": true,
		"": false, ".": false, "..": false, "../x": false, "/etc/passwd": false, `a\b`: false,
		"a b": false, "a\x00": false, "a\x1b": false, "\u202etxt": false, "é": false,
		strings.Repeat("a", maxNameLen): true, strings.Repeat("a", maxNameLen+1): false,
	} {
		if err := checkName(name); (err == nil) != ok {
			t.Errorf("checkName(%q) = %v, want ok=%v", name, err, ok)
		}
	}
}
