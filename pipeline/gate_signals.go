package pipeline

import (
	"io/fs"
	"strings"
)

// signalFiles are configuration files that say a dependency gate runs
// outside the pipelines (Dependabot, Renovate): signals, with no job.
var signalFiles = []struct{ path, tool string }{
	{".github/dependabot.yml", "dependabot"},
	{".github/dependabot.yaml", "dependabot"},
	{"renovate.json", "renovate"},
	{"renovate.json5", "renovate"},
	{".github/renovate.json", "renovate"},
	{".github/renovate.json5", "renovate"},
	{".gitlab/renovate.json", "renovate"},
	{".renovaterc", "renovate"},
	{".renovaterc.json", "renovate"},
}

// signalGates returns the Dependabot and Renovate configuration found.
func (a *analysis) signalGates() []*gateUse {
	if a.fsys == nil {
		return nil
	}
	var out []*gateUse
	for _, sf := range signalFiles {
		st, err := fs.Stat(a.fsys, sf.path)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		at := Pos{Path: sf.path, Line: 1, Col: 1}
		out = append(out, &gateUse{Pos: at, Pipeline: sf.path, Kind: "dependency-scan", Tool: sf.tool, Signal: true})
	}
	return out
}

// includeTemplates are GitLab's security templates and components. Their
// jobs are `allow_failure: true` and do not fail on findings: results go to
// the security dashboard and merge-request approval policies.
var includeTemplates = []struct{ word, kind, tool string }{
	{"secret-detection", "secret-scan", "gitlab-secret-detection"},
	{"dependency-scanning", "dependency-scan", "gitlab-dependency-scanning"},
	{"container-scanning", "container-scan", "gitlab-container-scanning"},
	{"license-scanning", "license", "gitlab-license-scanning"},
	{"license-compliance", "license", "gitlab-license-scanning"},
	{"sast-iac", "sast", "gitlab-sast-iac"},
	{"sast", "sast", "gitlab-sast"},
}

// includeGates returns the gates a GitLab pipeline includes from GitLab's
// templates or components.
func includeGates(p *Pipeline) []*gateUse {
	var out []*gateUse
	for _, inc := range p.Includes {
		if inc.Type != "template" && inc.Type != "component" {
			continue
		}
		loc := strings.ToLower(inc.Location)
		for _, t := range includeTemplates {
			if strings.Contains(loc, t.word) {
				out = append(out, &gateUse{Pos: inc.Pos, Pipeline: p.Path, JobID: "(include)", Label: inc.Location, Kind: t.kind, Tool: t.tool,
					Placebo: "GitLab's security jobs allow failure and do not fail on findings", Soft: true})
				break
			}
		}
	}
	return out
}
