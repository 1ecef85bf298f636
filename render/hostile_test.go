package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/finding"
)

// FuzzHostileReport puts one untrusted string everywhere the repository
// controls (paths, messages, details, evidence, suppression reasons, risk
// author and summary, pipeline and module names, the repository's name, the
// gate inventory, template coverage, controls and the MLOps stage, tools
// and model cards) and checks every format's promise on the result.
func FuzzHostileReport(f *testing.F) {
	for _, s := range []string{hScript, hImg, hMention, hMarker, hPipe, hDetails, hJSLink, hInvalid, hBidi, hNewline,
		"`code` **b** _i_ [l](u) ![i](u) <http://x> www.x.y #1 @a", "\x00\x1b[31m\r\n", "</summary></details><details>", "-->", "%0A::error::x", "`a` | b | `", "\x1b]8;;http://x\x07l\x1b]8;;\x07"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := fixture()
		for i := range r.Findings {
			fd := &r.Findings[i]
			fd.Message += s
			fd.Location.Path += s
			fd.Detail += s
			fd.Evidence = map[string]string{s: s}
			if fd.Suppressed != nil {
				fd.Suppressed.Reason = s
			}
		}
		r.Findings = append(r.Findings, finding.Finding{Rule: "ci/x", Severity: finding.High, Message: s, Location: finding.Location{Path: s, StartLine: 1}, Fingerprint: s})
		r.Risk.Author, r.Risk.Summary = s, s
		r.Pipelines.Workflows[0].Path = s
		r.Licenses.Modules[0].Module = s
		r.Gates[0].Detail = s
		setHostileGovernance(r, s)
		r.Normalize()

		for _, format := range []string{"markdown", "github-summary"} {
			checkMarkdownSafe(t, string(renderFormat(t, format, r)), false)
		}
		checkMarkdownSafe(t, string(renderFormat(t, "pr-comment", r)), true)
		checkHTMLSafe(t, renderFormat(t, "html", r))
		for _, format := range []string{"sarif", "codeclimate", "json"} {
			out := renderFormat(t, format, r)
			if !json.Valid(out) {
				t.Errorf("%s output is not valid JSON", format)
			}
			checkNoRawHTML(t, out)
		}
		var js junitSuites
		if err := xml.Unmarshal(renderFormat(t, "junit", r), &js); err != nil {
			t.Errorf("junit: %v", err)
		}
		gh := renderFormat(t, "github", r)
		checkAnnotations(t, string(gh))
		checkTerminalSafe(t, "github", string(gh))
		checkTerminalSafe(t, "text", string(renderFormat(t, "text", r)))
		checkTerminalSafe(t, "summary", Summary(r))
		if n := strings.Count(Summary(r), "\n"); n != 2 {
			t.Errorf("the summary has %d line breaks, want 2 (gates, MLOps stage, verdict)", n)
		}
		if bytes.Count(gh, []byte("\n")) != strings.Count(string(gh), "\n::")+1 {
			t.Error("an annotation spans lines")
		}
	})
}
