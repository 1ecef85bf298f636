package render

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

func init() {
	Register(Format{Name: "codeclimate", Doc: "GitLab code quality report (Code Climate JSON issues)", Render: CodeClimate})
}

type (
	ccIssue struct {
		Type        string     `json:"type"`
		CheckName   string     `json:"check_name"`
		Description string     `json:"description"`
		Content     *ccContent `json:"content,omitempty"`
		Categories  []string   `json:"categories"`
		Location    ccLocation `json:"location"`
		Severity    string     `json:"severity"`
		Fingerprint string     `json:"fingerprint"`
	}
	ccContent struct {
		Body string `json:"body"`
	}
	ccLocation struct {
		Path  string  `json:"path"`
		Lines ccLines `json:"lines"`
	}
	ccLines struct {
		Begin int `json:"begin"`
		End   int `json:"end,omitempty"`
	}
)

// ccSeverity maps a severity to Code Climate's scale.
func ccSeverity(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "blocker"
	case finding.High:
		return "critical"
	case finding.Medium:
		return "major"
	case finding.Low:
		return "minor"
	}
	return "info"
}

// CodeClimate writes the active findings as a GitLab code quality report: a
// JSON array of Code Climate issues. GitLab matches issues between the base
// and the merge request by fingerprint, so ours is used; a fingerprint that
// repeats within the report (the same line content twice in a file) gets
// "-2", "-3"... so that GitLab keeps every issue. Findings without a file
// are reported against ".tollgate.hcl"'s place, the repository root ("."),
// at line 1, because GitLab requires a path and a line.
func CodeClimate(w io.Writer, r *report.Report, _ Options) error {
	issues := []ccIssue{}
	seen := map[string]int{}
	for _, f := range r.Active() {
		fp := f.Fingerprint
		seen[fp]++
		if n := seen[fp]; n > 1 {
			fp = fmt.Sprintf("%s-%d", fp, n)
		}
		path := f.Location.Path
		if path == "" {
			path = "."
		}
		begin := max(f.Location.StartLine, 1)
		is := ccIssue{
			Type:        "issue",
			CheckName:   f.Rule,
			Description: cleanLine(f.Message, 2000),
			Categories:  []string{ccCategory(f.Rule)},
			Location:    ccLocation{Path: path, Lines: ccLines{Begin: begin}},
			Severity:    ccSeverity(f.Severity),
			Fingerprint: fp,
		}
		if f.Location.EndLine > begin {
			is.Location.Lines.End = f.Location.EndLine
		}
		if f.Detail != "" {
			is.Content = &ccContent{Body: f.Detail}
		}
		issues = append(issues, is)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(issues)
}

// ccCategory picks the Code Climate category of a rule's area.
func ccCategory(rule string) string {
	switch finding.Area(rule) {
	case "ci", "go", "tf", "lic", "policy":
		return "Security"
	case "parse", "scan":
		return "Bug Risk"
	}
	return "Style"
}
