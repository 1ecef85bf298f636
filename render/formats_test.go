package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCodeClimateGolden(t *testing.T) {
	got := renderFormat(t, "codeclimate", fixture())
	golden(t, "codeclimate.json", got)
	var issues []map[string]any
	if err := json.Unmarshal(got, &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != len(fixture().Active()) {
		t.Errorf("%d issues, want one per active finding (%d)", len(issues), len(fixture().Active()))
	}
	fps := map[string]bool{}
	for _, is := range issues {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity", "location"} {
			if _, ok := is[k]; !ok {
				t.Errorf("issue lacks %q: %v", k, is)
			}
		}
		loc := is["location"].(map[string]any)
		if loc["path"] == "" || loc["lines"].(map[string]any)["begin"].(float64) < 1 {
			t.Errorf("bad location %v", loc)
		}
		fp := is["fingerprint"].(string)
		if fps[fp] {
			t.Errorf("fingerprint %q repeats", fp)
		}
		fps[fp] = true
	}
	checkNoRawHTML(t, got)
}

// checkNoRawHTML checks a JSON output carries no literal markup: encoding/json
// writes <, > and & as \u escapes, so nothing reading the file as HTML can be
// fooled.
func checkNoRawHTML(t *testing.T, b []byte) {
	t.Helper()
	if bytes.ContainsAny(b, "<>") {
		t.Error("JSON output holds a raw < or >")
	}
	if !utf8.Valid(b) {
		t.Error("output is not valid UTF-8")
	}
}

func TestJUnitGolden(t *testing.T) {
	got := renderFormat(t, "junit", fixture())
	golden(t, "junit.xml", got)
	// It must parse as XML, and hold one case per gate and per rule.
	var s junitSuites
	if err := xml.Unmarshal(got, &s); err != nil {
		t.Fatalf("junit output is not XML: %v", err)
	}
	dec := xml.NewDecoder(bytes.NewReader(got))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("junit output does not tokenize: %v", err)
		}
	}
	r := fixture()
	if len(s.Suites) != 2 || len(s.Suites[0].Cases) != len(r.Gates) {
		t.Fatalf("want a gates suite with %d cases, got %+v", len(r.Gates), s.Suites)
	}
	if s.Suites[0].Failures != 1 {
		t.Errorf("gate failures = %d, want 1", s.Suites[0].Failures)
	}
	failed := map[string]bool{}
	for _, c := range s.Suites[1].Cases {
		if c.Failure != nil {
			failed[c.Name] = true
		}
	}
	for _, f := range r.Active() {
		if !failed[f.Rule] {
			t.Errorf("rule %s has active findings but its case passed", f.Rule)
		}
	}
	if bytes.Contains(got, []byte("<script")) || bytes.Contains(got, []byte("<img")) {
		t.Error("raw markup from the repository in the XML")
	}
}

func TestGitHubAnnotationsGolden(t *testing.T) {
	got := renderFormat(t, "github", fixture())
	golden(t, "github.txt", got)
	checkAnnotations(t, string(got))
}

var commandLine = regexp.MustCompile(`^::(error|warning|notice)( [a-zA-Z]+=[^,:]*(,[a-zA-Z]+=[^,:]*)*)?::[^\r\n]*$`)

// checkAnnotations checks that every line is one well-formed command.
func checkAnnotations(t *testing.T, out string) (errs, warns, notices int) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !commandLine.MatchString(line) {
			t.Errorf("malformed workflow command: %q", line)
		}
		switch {
		case strings.HasPrefix(line, "::error"):
			errs++
		case strings.HasPrefix(line, "::warning"):
			warns++
		case strings.HasPrefix(line, "::notice"):
			notices++
		}
	}
	return
}

func TestGitHubAnnotationsCap(t *testing.T) {
	var buf bytes.Buffer
	if err := GitHubAnnotations(&buf, bigReport(500), Options{}); err != nil {
		t.Fatal(err)
	}
	errs, warns, notices := checkAnnotations(t, buf.String())
	if errs != 10 || warns != 10 || notices != 1 {
		t.Errorf("got %d errors, %d warnings, %d notices; want 10, 10, 1", errs, warns, notices)
	}
	if !strings.Contains(buf.String(), "481 more finding(s)") {
		t.Errorf("the notice must count the rest (500 findings + 1 gate - 20):\n%s", buf.String())
	}
}

func TestAnnotationEscaping(t *testing.T) {
	if got := annotationData("50%\r\n::error::x"); got != "50%25%0D%0A::error::x" {
		t.Errorf("data: %q", got)
	}
	if got := annotationProperty("a:b,c%\n"); got != "a%3Ab%2Cc%25%0A" {
		t.Errorf("property: %q", got)
	}
}
