package render

import (
	"bytes"
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

func TestTextMinSeverity(t *testing.T) {
	r := &report.Report{Findings: []finding.Finding{
		{Rule: "a/x", Severity: finding.Info, Message: "note", Location: finding.Location{Path: "a", StartLine: 1, StartCol: 1}},
		{Rule: "a/y", Severity: finding.Low, Message: "small", Location: finding.Location{Path: "b", StartLine: 2, StartCol: 3}},
		{Rule: "a/z", Severity: finding.Critical, Message: "big", Location: finding.Location{Path: "c", StartLine: 4, StartCol: 5}},
	}}
	for _, tc := range []struct {
		min  finding.Severity
		want string
	}{
		{finding.Info, "a:1:1: info: note (a/x)\nb:2:3: low: small (a/y)\nc:4:5: critical: big (a/z)\n"},
		{finding.Low, "b:2:3: low: small (a/y)\nc:4:5: critical: big (a/z)\n"},
		{finding.High, "c:4:5: critical: big (a/z)\n"},
	} {
		var b bytes.Buffer
		if err := Text(&b, r, Options{MinSeverity: tc.min}); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("MinSeverity %v:\n got %q\nwant %q", tc.min, b.String(), tc.want)
		}
	}
}
