package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/report"
)

// Figures and wording the Markdown and HTML reports share for the domain
// sections.

type pipelineTotals struct{ Files, Lines, Jobs, Steps, Minutes, Untimed, AISteps int }

func pipelineTotalsOf(p *report.Pipelines) pipelineTotals {
	t := pipelineTotals{Files: len(p.Workflows)}
	for _, w := range p.Workflows {
		t.Lines += w.Lines
		t.Jobs += w.Jobs
		t.Steps += w.Steps
		t.Minutes += w.RunnerMinutes
		t.Untimed += w.UntimedJobs
		t.AISteps += w.AISteps
	}
	if p.TotalRunnerMinutes > 0 {
		t.Minutes = p.TotalRunnerMinutes
	}
	return t
}

// licenseConcern orders verdicts, the ones needing action first.
var licenseConcern = map[string]int{
	"denied": 0, "not-allowed": 1, "unknown": 2, "needs-review": 3, "unavailable": 4, "warn": 5, "excepted": 6, "allowed": 7, "first-party": 8,
}

func concern(v string) int {
	if c, ok := licenseConcern[v]; ok {
		return c
	}
	return 2 // an unfamiliar verdict is treated as unknown
}

// modulesByConcern lists modules with the verdicts that need action first,
// then by path and version.
func modulesByConcern(ms []report.ModuleLicense) []report.ModuleLicense {
	out := slices.Clone(ms)
	slices.SortStableFunc(out, func(a, b report.ModuleLicense) int {
		return cmp.Or(cmp.Compare(concern(a.Verdict), concern(b.Verdict)), cmp.Compare(a.Module, b.Module), cmp.Compare(a.Version, b.Version))
	})
	return out
}

// licenseSummary is one sentence on the license section; esc escapes
// untrusted values for the output format.
func licenseSummary(l *report.Licenses, esc func(string, int) string) string {
	byVerdict := l.Summary.ByVerdict
	if len(byVerdict) == 0 {
		byVerdict = map[string]int{}
		for _, m := range l.Modules {
			byVerdict[m.Verdict]++
		}
	}
	verdicts := sortedKeys(byVerdict)
	slices.SortStableFunc(verdicts, func(a, b string) int { return cmp.Compare(concern(a), concern(b)) })
	var parts []string
	for _, v := range verdicts {
		parts = append(parts, fmt.Sprintf("%d %s", byVerdict[v], esc(v, 40)))
	}
	s := fmt.Sprintf("%d module(s): %s.", len(l.Modules), strings.Join(parts, ", "))
	if len(l.Summary.ByCategory) > 0 {
		var cats []string
		for _, c := range sortedKeys(l.Summary.ByCategory) {
			cats = append(cats, fmt.Sprintf("%d %s", l.Summary.ByCategory[c], esc(c, 40)))
		}
		s += " By category: " + strings.Join(cats, ", ") + "."
	}
	if len(l.Platforms) > 0 {
		s += " Platforms: " + esc(strings.Join(l.Platforms, ", "), 300) + "."
	}
	if l.Tests {
		s += " Test dependencies included."
	}
	if l.Engine != "" {
		s += " Engine: " + esc(l.Engine, 120) + "."
	}
	return s
}

// licenseText is the concluded expression, with the declared one when a
// clarification changed it.
func licenseText(m report.ModuleLicense) string {
	if m.Declared != "" && m.Declared != m.Expression {
		if m.Expression == "" {
			return "declared " + m.Declared
		}
		return m.Expression + " (declared " + m.Declared + ")"
	}
	return m.Expression
}

// moduleNotes lists what else the verdict rests on.
func moduleNotes(m report.ModuleLicense) string {
	var n []string
	if m.Replace != "" {
		r := "replaced by " + m.Replace
		if m.Local {
			r += " (local)"
		}
		n = append(n, r)
	}
	if m.Vendored {
		n = append(n, "vendored")
	}
	if m.Exception != "" {
		n = append(n, "policy exception "+m.Exception)
	}
	if m.Clarified {
		n = append(n, "clarified by policy")
	}
	if len(m.Platforms) > 0 {
		n = append(n, "only on "+strings.Join(m.Platforms, ", "))
	}
	if m.Error != "" {
		n = append(n, m.Error)
	}
	return strings.Join(n, "; ")
}

// mlopsLevel states the maturity level in one sentence.
func mlopsLevel(m *report.MLOps) string {
	if m.Level < 0 {
		return "No machine-learning assets found: no model or dataset files, model cards or ML pipelines."
	}
	return fmt.Sprintf("Maturity level %d: %s.", m.Level, m.Stage)
}

// signalEvidence lists where a signal was seen.
func signalEvidence(sig report.MLOpsSignal) string {
	var parts []string
	for _, e := range sig.Evidence {
		p := location(e.Location)
		if e.What != "" {
			p += " (" + e.What + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// byteSize formats a size in bytes for people.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// riskDecile is the index of the distribution bucket a score falls in.
func riskDecile(score int) int { return min(max(score, 0)/10, 9) }

func decileLabel(i int) string {
	if i == 9 {
		return "90–100"
	}
	return fmt.Sprintf("%d–%d", i*10, i*10+9)
}

// tagCoverage returns the cost-tag verdicts per provider of the Terraform
// and CloudFormation sections together, and whether there is any.
func tagCoverage(r *report.Report) ([]report.ProviderCount, bool) {
	var out []report.ProviderCount
	any := false
	if t := r.Terraform; t != nil && (t.Resources > 0 || len(t.Coverage) > 0) {
		out = append(out, t.Coverage...)
		any = true
	}
	if c := r.CloudFormation; c != nil && c.Templates > 0 {
		out = append(out, c.Coverage)
		any = true
	}
	return out, any
}

// cloudFormationHeadline is the cost-tag section's sentence about
// CloudFormation and SAM templates, empty when there are none.
func cloudFormationHeadline(c *report.CloudFormation) string {
	if c == nil || c.Templates == 0 {
		return ""
	}
	s := fmt.Sprintf("%d CloudFormation or SAM template(s), %d resource(s) (%d of a type that takes no tags, %d more create nothing",
		c.Templates, c.Resources, c.NotTaggable, c.NotCreated)
	if c.Skipped > 0 {
		s += fmt.Sprintf(", %d not modelled", c.Skipped)
	}
	s += ")"
	if c.StackTagsKnown < c.Templates {
		s += fmt.Sprintf("; stack tags are set at deploy time for %d of them, so a key their resources lack is unknown, not missing", c.Templates-c.StackTagsKnown)
	}
	return s + "."
}

// terraformHeadline is the cost-tag section's summary sentence; coverage is
// the formatted share of taggable resources with every required tag.
func terraformHeadline(t *report.Terraform, coverage string) string {
	s := fmt.Sprintf("%d module(s) in %d calling context(s), %d resource block(s) created (%d of a type that takes no tags, %d more create nothing); %s of taggable resources carry every required cost tag.",
		t.Modules, t.Instances, t.Resources, t.NotTaggable, t.NotCreated, coverage)
	if t.CallsNotFollowed > 0 {
		s += fmt.Sprintf(" %d local module call(s) were not followed into their caller's context (cycles or size caps); those modules were still analysed.", t.CallsNotFollowed)
	}
	if n := len(t.External); n > 0 {
		s += fmt.Sprintf(" %d module call(s) have a source outside the repository: recorded, never fetched, so their resources are not counted.", n)
	}
	return s
}
