package finding

import (
	"encoding/json"
	"testing"
)

func TestSeverityRoundTrip(t *testing.T) {
	for _, s := range Severities() {
		got, err := ParseSeverity(" " + s.String() + " ")
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v; want %v", s.String(), got, err, s)
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back Severity
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Errorf("JSON round trip of %v gave %v, %v", s, back, err)
		}
	}
	if _, err := ParseSeverity("severe"); err == nil {
		t.Error("ParseSeverity(\"severe\") succeeded")
	}
	if got, _ := ParseSeverity("HIGH"); got != High {
		t.Errorf("ParseSeverity is case-sensitive: got %v", got)
	}
	if !(Info < Low && Low < Medium && Medium < High && High < Critical) {
		t.Error("severities are not ordered")
	}
}

func TestFingerprintStableAcrossMovesAndIndentation(t *testing.T) {
	a := Fingerprint("ci/x", "a.yml", "    uses: actions/checkout@v4")
	b := Fingerprint("ci/x", "a.yml", "uses:   actions/checkout@v4\t")
	if a != b {
		t.Error("fingerprint changed with white space")
	}
	for _, other := range []string{
		Fingerprint("ci/y", "a.yml", "uses: actions/checkout@v4"),
		Fingerprint("ci/x", "b.yml", "uses: actions/checkout@v4"),
		Fingerprint("ci/x", "a.yml", "uses: actions/checkout@v5"),
	} {
		if other == a {
			t.Error("fingerprint ignores rule, path or text")
		}
	}
	// The separator keeps rule and path from running together.
	if Fingerprint("a", "bc", "") == Fingerprint("ab", "c", "") {
		t.Error("fingerprint is ambiguous across field boundaries")
	}
}

func TestRegisterRejectsBadRules(t *testing.T) {
	for name, r := range map[string]Rule{
		"bad id":    {ID: "NoSlash", Title: "t", Doc: "d"},
		"no title":  {ID: "test/no-title", Doc: "d"},
		"duplicate": {ID: ParseError.ID, Title: "t", Doc: "d"},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%+v) did not panic", r)
				}
			}()
			Register(r)
		})
	}
}

func TestSortOrder(t *testing.T) {
	fs := []Finding{
		{Rule: "b/x", Location: Location{Path: "b", StartLine: 1}},
		{Rule: "a/y", Location: Location{Path: "a", StartLine: 2, StartCol: 1}},
		{Rule: "a/x", Location: Location{Path: "a", StartLine: 2, StartCol: 1}},
		{Rule: "a/x", Location: Location{Path: "a", StartLine: 1, StartCol: 9}},
	}
	Sort(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Location.String()+" "+f.Rule)
	}
	want := []string{"a:1:9 a/x", "a:2:1 a/x", "a:2:1 a/y", "b:1 b/x"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sorted = %v, want %v", got, want)
		}
	}
}
