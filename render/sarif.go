package render

import (
	"encoding/json"
	"io"
	"net/url"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

func init() {
	Register(Format{Name: "sarif", Doc: "SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, IDEs); suppressed findings left out", Render: SARIF})
}

// The SARIF 2.1.0 objects tollgate writes, as small structs of our own: the
// field order is fixed, so the same report always gives the same bytes, and
// only what we fill is declared.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool                     sarifTool             `json:"tool"`
		AutomationDetails        sarifAutomation       `json:"automationDetails"`
		VersionControlProvenance []sarifVersionControl `json:"versionControlProvenance,omitempty"`
		OriginalURIBaseIDs       map[string]sarifURI   `json:"originalUriBaseIds,omitempty"`
		Results                  []sarifResult         `json:"results"`
		Properties               *sarifRunProps        `json:"properties,omitempty"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name,omitempty"`
		ShortDescription     sarifText          `json:"shortDescription"`
		FullDescription      sarifText          `json:"fullDescription"`
		Help                 sarifMultiformat   `json:"help"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
		Properties           sarifRuleProps     `json:"properties"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifMultiformat struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifRuleProps struct {
		Tags             []string `json:"tags"`
		SecuritySeverity string   `json:"security-severity"`
		Precision        string   `json:"precision"`
	}
	sarifAutomation struct {
		ID string `json:"id"`
	}
	sarifVersionControl struct {
		RepositoryURI string `json:"repositoryUri"`
		RevisionID    string `json:"revisionId,omitempty"`
		Branch        string `json:"branch,omitempty"`
	}
	sarifURI struct {
		URI         string     `json:"uri,omitempty"`
		Description *sarifText `json:"description,omitempty"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Properties          sarifResultProps  `json:"properties"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	sarifResultProps struct {
		Severity string            `json:"tollgate-severity"`
		Evidence map[string]string `json:"evidence,omitempty"`
	}
	sarifRunProps struct {
		PolicyDigest string `json:"policyDigest,omitempty"`
		Verdict      string `json:"verdict"`
	}
)

// sarifSchema is the canonical location of the SARIF 2.1.0 schema.
const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s finding.Severity) string {
	switch {
	case s >= finding.High:
		return "error"
	case s == finding.Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is the CVSS-like score GitHub code scanning reads from
// properties["security-severity"] to rank alerts: over 9 critical, 7 to 8.9
// high, 4 to 6.9 medium, under 4 low.
func securitySeverity(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "9.5"
	case finding.High:
		return "8.0"
	case finding.Medium:
		return "5.5"
	case finding.Low:
		return "3.0"
	}
	return "0.0"
}

// SARIF writes the active findings as one SARIF 2.1.0 run. Suppressed
// findings are left out (code-scanning tools would otherwise show them as
// open alerts); each result carries our fingerprint as
// partialFingerprints.primaryLocationLineHash, so alerts follow a finding
// across line moves; automationDetails.id names the run's category.
func SARIF(w io.Writer, r *report.Report, _ Options) error {
	active := r.Active()
	ids := ruleIDs(active)
	index := map[string]int{}
	rules := make([]sarifRule, 0, len(ids))
	for i, id := range ids {
		index[id] = i
		rules = append(rules, sarifRuleOf(id, active))
	}
	results := make([]sarifResult, 0, len(active))
	for _, f := range active {
		res := sarifResult{
			RuleID:              f.Rule,
			RuleIndex:           index[f.Rule],
			Level:               sarifLevel(f.Severity),
			Message:             sarifText{Text: sarifMessage(f)},
			PartialFingerprints: map[string]string{"primaryLocationLineHash": f.Fingerprint},
			Properties:          sarifResultProps{Severity: f.Severity.String(), Evidence: cleanMap(f.Evidence)},
		}
		// GitHub code scanning rejects a result without an artifact location
		// ("expected artifact location"), so a finding about the repository as
		// a whole is placed at its root, ".".
		{
			path := f.Location.Path
			if path == "" {
				path = "."
			}
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifPathURI(path), URIBaseID: "%SRCROOT%"}}}
			if l := f.Location; l.StartLine > 0 {
				reg := &sarifRegion{StartLine: l.StartLine}
				if l.StartCol > 0 {
					reg.StartColumn = l.StartCol
				}
				if l.EndLine >= l.StartLine {
					reg.EndLine = l.EndLine
					if l.EndCol > 0 && (l.EndLine > l.StartLine || l.EndCol > l.StartCol) {
						reg.EndColumn = l.EndCol
					}
				}
				loc.PhysicalLocation.Region = reg
			}
			res.Locations = []sarifLocation{loc}
		}
		results = append(results, res)
	}
	word, _ := verdict(r)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: r.Tool.Name, Version: r.Tool.Version,
			InformationURI: "https://github.com/tollgate-dev/tollgate",
			Rules:          rules,
		}},
		AutomationDetails: sarifAutomation{ID: automationID(r)},
		OriginalURIBaseIDs: map[string]sarifURI{"%SRCROOT%": {
			Description: &sarifText{Text: "The root of the scanned repository."},
		}},
		Results:    results,
		Properties: &sarifRunProps{PolicyDigest: r.PolicyDigest, Verdict: strings.ToLower(word)},
	}
	if run.Tool.Driver.Name == "" {
		run.Tool.Driver.Name = "tollgate"
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// automationID is runAutomationDetails.id: "tollgate/<mode>/<commit>". Code
// scanning takes what precedes the last slash as the category, so every
// tollgate upload replaces the previous one of the same kind.
func automationID(r *report.Report) string {
	kind := "scan"
	if r.Comparison != nil {
		kind = "pr"
	}
	inst := r.Repository.Commit
	if inst == "" {
		inst = r.StartedAt.UTC().Format("20060102T150405Z")
	}
	return "tollgate/" + kind + "/" + inst
}

// sarifMessage is the result message: one line, with the rule's title.
func sarifMessage(f finding.Finding) string {
	return cleanLine(f.Message, 2000)
}

// sarifPathURI turns a repository path into a relative URI reference.
func sarifPathURI(p string) string {
	p = strings.ToValidUTF8(p, "\uFFFD")
	return (&url.URL{Path: p}).EscapedPath()
}

// cleanMap returns m with valid UTF-8 keys and values.
func cleanMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.ToValidUTF8(k, "\uFFFD")] = strings.ToValidUTF8(v, "\uFFFD")
	}
	return out
}

// sarifRuleOf describes a rule from the registry; a rule the registry does
// not know (a report from another build) gets a minimal description.
func sarifRuleOf(id string, fs []finding.Finding) sarifRule {
	rule, ok := finding.Lookup(id)
	sev := finding.Info
	if ok {
		sev = rule.Default
	} else {
		for _, f := range fs {
			if f.Rule == id && f.Severity > sev {
				sev = f.Severity
			}
		}
	}
	title := rule.Title
	if title == "" {
		title = id
	}
	full := firstParagraph(rule.Doc)
	if full == "" {
		full = title
	}
	help := rule.Doc
	if help == "" {
		help = "Run `tollgate explain " + id + "` for this rule's documentation."
	}
	tags := []string{"tollgate", finding.Area(id)}
	if sev >= finding.Medium {
		tags = append(tags, "security")
	}
	tags = append(tags, rule.Controls...)
	return sarifRule{
		ID:                   id,
		Name:                 ruleName(id),
		ShortDescription:     sarifText{Text: title},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifMultiformat{Text: help, Markdown: help},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(sev)},
		Properties:           sarifRuleProps{Tags: tags, SecuritySeverity: securitySeverity(sev), Precision: "high"},
	}
}

// ruleName is the rule ID in the UpperCamelCase SARIF viewers show:
// "ci/missing-timeout" becomes "CiMissingTimeout".
func ruleName(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		if r == '/' || r == '-' || r == '_' {
			up = true
			continue
		}
		if up && r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		up = false
		b.WriteRune(r)
	}
	return b.String()
}

// firstParagraph returns the first paragraph of Markdown text, on one line.
func firstParagraph(doc string) string {
	p, _, _ := strings.Cut(strings.TrimSpace(doc), "\n\n")
	return strings.Join(strings.Fields(p), " ")
}
