package finding

import "testing"

func TestPersona(t *testing.T) {
	info := Finding{Rule: "ci/ai-step-inventory", Severity: Info}
	pedantic := Finding{Rule: "ci/missing-timeout", Severity: Info}
	MarkPedantic(&pedantic)
	low := Finding{Rule: "ci/missing-timeout", Severity: Low}
	high := Finding{Rule: "ci/pwn-request", Severity: High}
	all := []Finding{info, pedantic, low, high}
	for _, c := range []struct {
		p    Persona
		want []string
	}{
		{Regular, []string{"low", "high"}},
		{Pedantic, []string{"info", "low", "high"}},
		{Auditor, []string{"info", "info", "low", "high"}},
		{"", []string{"info", "info", "low", "high"}},
	} {
		var got []string
		for i := range all {
			if c.p.Shows(&all[i], c.p.Floor()) {
				got = append(got, all[i].Severity.String())
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%q: got %v, want %v", c.p, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: got %v, want %v", c.p, got, c.want)
				break
			}
		}
	}
	if Regular.Shows(&pedantic, Info) {
		t.Error("regular persona showed a pedantic finding under --min-severity info")
	}
	if !Regular.Shows(&info, Info) {
		t.Error("regular persona hid an info finding under --min-severity info")
	}
	if _, err := ParsePersona("Auditor "); err != nil {
		t.Error(err)
	}
	if _, err := ParsePersona("quiet"); err == nil {
		t.Error("ParsePersona accepted an unknown persona")
	}
}
