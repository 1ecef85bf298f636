package controls_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/controls"
	"github.com/tollgate-dev/tollgate/finding"
	// The engine registers every domain, and so every rule.
	_ "github.com/tollgate-dev/tollgate/scan"
)

// clause is the form of a control id per framework.
var clause = map[string]*regexp.Regexp{
	"NIST-AI-RMF": regexp.MustCompile(`^(GOVERN|MAP|MEASURE|MANAGE)-[1-9]\.[1-9][0-9]?$`),
	"ISO42001":    regexp.MustCompile(`^A\.(?:[2-9]|10)\.[1-9](?:\.[1-9])?$`),
	"EU-AI-Act":   regexp.MustCompile(`^Art\.[1-9][0-9]*$`),
	"SOC2":        regexp.MustCompile(`^(?:CC[1-9]|A1|PI1|C1|P[1-8])\.[1-9]$`),
	"OWASP-LLM":   regexp.MustCompile(`^LLM(?:0[1-9]|10)$`),
}

// TestCatalogue checks the embedded catalogue: it loads, names its version
// and each framework's source, and every control id has its framework's form.
func TestCatalogue(t *testing.T) {
	c := controls.Default()
	if !regexp.MustCompile(`^tollgate-controls/\d{4}\.\d+$`).MatchString(c.Label()) {
		t.Errorf("catalogue label %q, want tollgate-controls/YYYY.N", c.Label())
	}
	seen := map[string]bool{}
	for _, f := range c.Frameworks {
		seen[f.ID] = true
		re := clause[f.ID]
		if re == nil {
			t.Errorf("framework %q has no clause form in this test", f.ID)
			continue
		}
		if f.Source == "" || f.Version == "" {
			t.Errorf("framework %q needs a source and a version", f.ID)
		}
		for _, ctl := range f.Controls {
			if !re.MatchString(ctl.ID) {
				t.Errorf("%s: malformed clause id", ctl.FullID())
			}
			if len(ctl.Title) > 110 {
				t.Errorf("%s: title of %d characters; one line, short", ctl.FullID(), len(ctl.Title))
			}
		}
	}
	for id := range clause {
		if !seen[id] {
			t.Errorf("framework %q missing from the catalogue", id)
		}
	}
	// The brief's minimum: the AI-relevant clauses of each framework.
	for _, id := range []string{
		"NIST-AI-RMF:GOVERN-1.6", "NIST-AI-RMF:MEASURE-2.4", "NIST-AI-RMF:MEASURE-2.7", "NIST-AI-RMF:MANAGE-3.1", "NIST-AI-RMF:MANAGE-4.1",
		"ISO42001:A.2.2", "ISO42001:A.4.2", "ISO42001:A.6.2.4", "ISO42001:A.6.2.8", "ISO42001:A.10.3",
		"EU-AI-Act:Art.9", "EU-AI-Act:Art.12", "EU-AI-Act:Art.14", "EU-AI-Act:Art.17", "EU-AI-Act:Art.50", "EU-AI-Act:Art.53",
		"SOC2:CC6.1", "SOC2:CC7.2", "SOC2:CC8.1", "SOC2:CC9.2",
	} {
		if _, ok := c.Lookup(id); !ok {
			t.Errorf("%s missing from the catalogue", id)
		}
	}
}

// TestRulesNameCataloguedControls fails when a registered rule names a
// control the catalogue does not hold (a typo such as "ISO-42001:A.6.2.6"
// or a clause that does not exist).
func TestRulesNameCataloguedControls(t *testing.T) {
	rules := finding.Rules()
	if len(rules) < 50 {
		t.Fatalf("only %d rules registered; the scan package should register every domain's", len(rules))
	}
	for _, u := range controls.Default().Unknown(rules) {
		t.Errorf("rule names a control that is not in controls/catalogue.json: %s", u)
	}
}

func TestUnknownControl(t *testing.T) {
	rules := []finding.Rule{{ID: "ci/x", Controls: []string{"SOC2:CC8.1", "ISO-42001:A.6.2.6", "SOC2:CC10.1"}}}
	got := strings.Join(controls.Default().Unknown(rules), "; ")
	if want := "ci/x: ISO-42001:A.6.2.6; ci/x: SOC2:CC10.1"; got != want {
		t.Errorf("Unknown = %q, want %q", got, want)
	}
}

func TestParseRejects(t *testing.T) {
	for name, src := range map[string]string{
		"not json":      `{`,
		"no version":    `{"name":"x"}`,
		"no source":     `{"name":"x","version":"1","frameworks":[{"id":"F","name":"F","version":"1","controls":[]}]}`,
		"duplicate":     `{"name":"x","version":"1","frameworks":[{"id":"F","name":"F","version":"1","source":"s","controls":[{"id":"1","title":"a"},{"id":"1","title":"b"}]}]}`,
		"no title":      `{"name":"x","version":"1","frameworks":[{"id":"F","name":"F","version":"1","source":"s","controls":[{"id":"1","title":" "}]}]}`,
		"bad inventory": `{"name":"x","version":"1","frameworks":[{"id":"F","name":"F","version":"1","source":"s","controls":[{"id":"1","title":"a"}]}],"inventories":{"ai":["F:2"]}}`,
	} {
		if _, err := controls.Parse([]byte(src)); err == nil {
			t.Errorf("%s: Parse accepted it", name)
		}
	}
}
