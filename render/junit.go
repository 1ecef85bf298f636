package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

func init() {
	Register(Format{Name: "junit", Doc: "JUnit XML: one test case per gate and per rule, for CI test dashboards", Render: JUnit})
}

type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name      string      `xml:"name,attr"`
		Tests     int         `xml:"tests,attr"`
		Failures  int         `xml:"failures,attr"`
		Errors    int         `xml:"errors,attr"`
		Skipped   int         `xml:"skipped,attr"`
		Time      string      `xml:"time,attr"`
		Timestamp string      `xml:"timestamp,attr"`
		Cases     []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr"`
		Failure   *junitFailure `xml:"failure,omitempty"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
)

// JUnit writes the run as JUnit XML for CI dashboards: a suite "gates" with
// one test case per gate (failed when the gate failed) and a suite "rules"
// with one test case per rule (failed when the rule has active findings,
// listed in the failure's text). Every registered rule is a case, so a rule
// that found nothing shows as a pass; suppressed findings are counted in the
// case's output, not as failures. Times are the report's own clock.
func JUnit(w io.Writer, r *report.Report, _ Options) error {
	ts := r.StartedAt.UTC().Format("2006-01-02T15:04:05")
	dur := fmt.Sprintf("%.3f", r.FinishedAt.Sub(r.StartedAt).Seconds())
	if r.FinishedAt.Before(r.StartedAt) {
		dur = "0.000"
	}
	gates := junitSuite{Name: "tollgate.gates", Timestamp: ts, Time: "0.000"}
	for _, g := range r.Gates {
		c := junitCase{Name: xmlText(g.Name, 200), Classname: "tollgate.gates", Time: "0.000",
			SystemOut: xmlText(fmt.Sprintf("threshold: %s\nobserved: %s\n%s", g.Threshold, g.Observed, g.Detail), 0)}
		if !g.Passed {
			c.Failure = &junitFailure{Message: xmlText("gate failed: "+g.Detail, 500), Type: "gate",
				Text: xmlText(fmt.Sprintf("threshold: %s\nobserved: %s", g.Threshold, g.Observed), 0)}
			gates.Failures++
		}
		gates.Cases = append(gates.Cases, c)
	}
	gates.Tests = len(gates.Cases)

	active := map[string][]finding.Finding{}
	suppressed := map[string]int{}
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			suppressed[f.Rule]++
		} else {
			active[f.Rule] = append(active[f.Rule], f)
		}
	}
	ids := map[string]bool{}
	for _, rule := range finding.Rules() {
		ids[rule.ID] = true
	}
	for id := range active {
		ids[id] = true
	}
	for id := range suppressed {
		ids[id] = true
	}
	rules := junitSuite{Name: "tollgate.rules", Timestamp: ts, Time: dur}
	for _, id := range sortedKeys(ids) {
		c := junitCase{Name: xmlText(id, 200), Classname: "tollgate.rules." + xmlText(finding.Area(id), 100), Time: "0.000"}
		if n := suppressed[id]; n > 0 {
			c.SystemOut = fmt.Sprintf("%d suppressed finding(s)", n)
		}
		if fs := active[id]; len(fs) > 0 {
			worst := finding.Info
			var b strings.Builder
			for _, f := range fs {
				worst = max(worst, f.Severity)
				fmt.Fprintf(&b, "%s: %s: %s\n", location(f.Location), f.Severity, cleanLine(f.Message, 2000))
			}
			c.Failure = &junitFailure{Message: fmt.Sprintf("%d finding(s), worst %s", len(fs), worst), Type: worst.String(), Text: xmlText(b.String(), 0)}
			rules.Failures++
		}
		rules.Cases = append(rules.Cases, c)
	}
	rules.Tests = len(rules.Cases)

	all := junitSuites{Name: "tollgate", Time: dur, Suites: []junitSuite{gates, rules}}
	for _, s := range all.Suites {
		all.Tests += s.Tests
		all.Failures += s.Failures
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// xmlText makes untrusted text fit for XML: valid UTF-8 with no character
// XML 1.0 forbids (encoding/xml escapes markup but would write raw control
// characters, which no XML parser accepts). max limits runes; 0: no limit.
func xmlText(s string, max int) string {
	return sanitize(s, max, true, func(r rune) bool {
		return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0xfffe || r == 0xffff || isBidi(r)
	})
}
