package prgate

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
	"github.com/tollgate-dev/tollgate/scan"
)

func fnd(rule, path string, sev finding.Severity, fp string) finding.Finding {
	return finding.Finding{Rule: rule, Severity: sev, Message: fp, Location: finding.Location{Path: path, StartLine: 1}, Fingerprint: fp}
}

func rep(domains []report.DomainRun, fs ...finding.Finding) *report.Report {
	return &report.Report{Domains: domains, Findings: fs}
}

var ran = []report.DomainRun{{Name: "go"}, {Name: "pipeline"}, {Name: "mlops"}, {Name: "iac"}, {Name: "licenses"}}

func withError(name, msg string) []report.DomainRun {
	out := append([]report.DomainRun(nil), ran...)
	for i := range out {
		if out[i].Name == name {
			out[i].Error = msg
		}
	}
	return out
}

func TestCompareUnknown(t *testing.T) {
	ds := scan.Domains()
	oldGo := fnd("go/ai-tool-exec", "main.go", finding.High, "go-old")
	newGo := fnd("go/ai-tool-exec", "main.go", finding.High, "go-new")
	newCI := fnd("ci/write-all-permissions", ".github/workflows/a.yml", finding.High, "ci-new")
	lowGo := fnd("go/ai-unpinned-model", "x.go", finding.Low, "go-low")
	notCached := fnd("go/module-not-cached", "go.mod", finding.Medium, "nc")
	for _, tc := range []struct {
		name       string
		base, head *report.Report
		// want: new, existing, fixed, and the unknown domains as
		// "name:side:findings:blocking".
		newN, existing, fixed int
		unknown               string
	}{
		{"both fine", rep(ran, oldGo), rep(ran, oldGo, newGo, newCI), 2, 1, 0, ""},
		{"base domain failed", rep(withError("go", "boom")), rep(ran, oldGo, newGo, newCI), 1, 0, 0, "go:base:2:true"},
		{"base domain failed, only low", rep(withError("go", "boom")), rep(ran, lowGo), 0, 0, 0, "go:base:1:false"},
		{"head domain failed", rep(ran, oldGo, newCI), rep(withError("go", "boom"), newCI), 0, 1, 0, "go:head:0:true"},
		{"both failed", rep(withError("go", "a")), rep(withError("go", "b")), 0, 0, 0, "go:both:0:true"},
		{"module not cached on the base", rep(ran, notCached, oldGo), rep(ran, oldGo, newGo), 0, 1, 1, "go:base:1:true"},
		{"module not cached on both", rep(ran, notCached, oldGo), rep(ran, notCached, oldGo, newGo), 1, 2, 0, ""},
		{"module not cached on the head", rep(ran, oldGo), rep(ran, notCached), 1, 0, 0, "go:head:0:true"},
		{"domain missing on the base", rep(ran[1:]), rep(ran, newGo), 0, 0, 0, "go:base:1:true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := findUnknowns(tc.base, tc.head, ds)
			c := compare(tc.base.Findings, tc.head.Findings, u, ds, finding.High)
			if c.New != tc.newN || c.Existing != tc.existing || c.Fixed != tc.fixed {
				t.Errorf("new %d existing %d fixed %d, want %d %d %d", c.New, c.Existing, c.Fixed, tc.newN, tc.existing, tc.fixed)
			}
			var got []string
			for _, x := range c.Unknown {
				got = append(got, strings.Join([]string{x.Name, x.Side, strconv.Itoa(x.Findings), boolStr(x.Blocking)}, ":"))
			}
			if strings.Join(got, ",") != tc.unknown {
				t.Errorf("unknown %v, want %q", c.Unknown, tc.unknown)
			}
		})
	}
}

func TestCompareUnknownFile(t *testing.T) {
	ds := scan.Domains()
	parse := fnd("parse/error", ".github/workflows/a.yml", finding.High, "parse-a")
	inA := fnd("ci/write-all-permissions", ".github/workflows/a.yml", finding.High, "wa-a")
	inB := fnd("ci/write-all-permissions", ".github/workflows/b.yml", finding.High, "wa-b")
	// The base's a.yml did not parse: the head's finding in it is unknown,
	// the one in b.yml is new.
	base, head := rep(ran, parse), rep(ran, inA, inB)
	c := compare(base.Findings, head.Findings, findUnknowns(base, head, ds), ds, finding.High)
	if c.New != 1 || c.NewFingerprints[0] != "wa-b" || c.Fixed != 1 {
		t.Errorf("new %v fixed %d", c.NewFingerprints, c.Fixed)
	}
	if len(c.Unknown) != 1 || c.Unknown[0].Name != "pipeline" || c.Unknown[0].Findings != 1 || !c.Unknown[0].Blocking ||
		!strings.Contains(c.Unknown[0].Reason, `parse/error on the base only`) {
		t.Errorf("unknown %+v", c.Unknown)
	}
	// The head breaks a.yml: its parse error is new, and the base's
	// finding in it is not counted fixed; nothing is unknown in the head.
	base, head = rep(ran, inA), rep(ran, parse)
	c = compare(base.Findings, head.Findings, findUnknowns(base, head, ds), ds, finding.High)
	if c.New != 1 || c.Fixed != 0 || len(c.Unknown) != 0 {
		t.Errorf("new %d fixed %d unknown %+v", c.New, c.Fixed, c.Unknown)
	}
}

func TestUnknownFindings(t *testing.T) {
	us := []report.UnknownDomain{{Name: "go", Side: "base", Reason: "r", Findings: 2, Blocking: true}, {Name: "iac", Side: "base", Reason: "r"}}
	on := func(string) bool { return true }
	keep := func(_ string, s finding.Severity) finding.Severity { return s }
	fs := unknownFindings(us, on, keep, finding.Critical)
	if len(fs) != 2 || fs[0].Severity != finding.Critical || fs[1].Severity != finding.Info {
		t.Errorf("a blocking unknown must reach the gate's severity, a harmless one is info: %+v", fs)
	}
	if fs := unknownFindings(us, func(string) bool { return false }, keep, finding.High); fs != nil {
		t.Errorf("the trusted policy turned the rule off: %+v", fs)
	}
}

// TestEveryAreaAttributed: a rule area that maps to no domain would make
// its findings escape the unknown comparison silently.
func TestEveryAreaAttributed(t *testing.T) {
	known := map[string]bool{"policy": true, "pr": true}
	for _, r := range finding.Rules() {
		a := r.Area()
		if _, ok := areaDomain[a]; !ok && !pathAreas[a] && !known[a] {
			t.Errorf("rule %q: area %q is attributed to no domain; add it to areaDomain", r.ID, a)
		}
	}
	names := map[string]bool{}
	for _, d := range scan.Domains() {
		names[d.Name()] = true
	}
	for a, d := range areaDomain {
		if !names[d] {
			t.Errorf("area %q maps to %q, which is not a domain", a, d)
		}
	}
	for r := range domainFailures {
		if _, ok := finding.Lookup(r); !ok {
			t.Errorf("load failure %q is not a rule", r)
		}
	}
	for r := range fileFailures {
		if _, ok := finding.Lookup(r); !ok {
			t.Errorf("load failure %q is not a rule", r)
		}
	}
}

func TestRelocate(t *testing.T) {
	msg := func(dir string) string { return "build constraints exclude all Go files in " + dir + "/fuzz" }
	head := finding.Finding{Rule: "go/x", Message: msg("/repo"), Location: finding.Location{Path: "."}}
	head.Fingerprint = finding.Fingerprint(head.Rule, head.Location.Path, head.Message)
	base := []finding.Finding{{Rule: "go/x", Message: msg("/tmp/tollgate-base-1"), Location: finding.Location{Path: "."}}}
	base[0].Fingerprint = finding.Fingerprint(base[0].Rule, ".", base[0].Message)
	relocate(base, "/tmp/tollgate-base-1", "/repo")
	if base[0].Fingerprint != head.Fingerprint || base[0].Message != head.Message {
		t.Errorf("relocated %+v, want %+v", base[0], head)
	}
}

func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
