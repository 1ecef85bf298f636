package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// This file derives, from a report, the figures several formats share:
// areas, counts by area and severity, the order findings are listed in.

// areaTitles names the areas of rule IDs for people. An area not listed is
// shown by its ID.
var areaTitles = map[string]string{
	"go":     "Go code",
	"ci":     "Pipelines",
	"tf":     "Terraform",
	"lic":    "Licenses",
	"risk":   "Change risk",
	"mlops":  "MLOps",
	"parse":  "Parsing",
	"scan":   "Scan",
	"policy": "Policy and suppressions",
}

// areaTitle returns the human name of an area.
func areaTitle(area string) string {
	if t, ok := areaTitles[area]; ok {
		return t
	}
	if area == "" {
		return "Other"
	}
	return area
}

// severitiesDesc lists severities, highest first: the order of every table.
func severitiesDesc() []finding.Severity {
	s := finding.Severities()
	slices.Reverse(s)
	return s
}

// areaCounts is the number of active findings per severity in one area.
type areaCounts struct {
	Area   string
	Title  string
	Counts [5]int // indexed by finding.Severity
	Total  int
}

// byArea counts the findings per area and severity, areas sorted by ID.
func byArea(fs []finding.Finding) []areaCounts {
	idx := map[string]int{}
	var out []areaCounts
	for _, f := range fs {
		a := finding.Area(f.Rule)
		i, ok := idx[a]
		if !ok {
			i = len(out)
			idx[a] = i
			out = append(out, areaCounts{Area: a, Title: areaTitle(a)})
		}
		if f.Severity >= finding.Info && f.Severity <= finding.Critical {
			out[i].Counts[f.Severity]++
		}
		out[i].Total++
	}
	slices.SortFunc(out, func(a, b areaCounts) int { return strings.Compare(a.Area, b.Area) })
	return out
}

// groupByArea splits findings by area, keeping their order; areas sorted.
func groupByArea(fs []finding.Finding) (areas []string, groups map[string][]finding.Finding) {
	groups = map[string][]finding.Finding{}
	for _, f := range fs {
		a := finding.Area(f.Rule)
		if _, ok := groups[a]; !ok {
			areas = append(areas, a)
		}
		groups[a] = append(groups[a], f)
	}
	slices.Sort(areas)
	return areas, groups
}

// bySeverity returns a copy of fs ordered by severity, highest first, then
// in report order: the order in which findings are cut when space runs out.
func bySeverity(fs []finding.Finding) []finding.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b finding.Finding) int {
		return cmp.Or(cmp.Compare(b.Severity, a.Severity), finding.Compare(a, b))
	})
	return out
}

// verdict is the one-word outcome of the run and a sentence explaining it.
func verdict(r *report.Report) (word, why string) {
	failed := 0
	for _, g := range r.Gates {
		if !g.Passed {
			failed++
		}
	}
	switch {
	case len(r.Gates) == 0:
		return "PASSED", "no gate was evaluated"
	case failed == 0:
		return "PASSED", fmt.Sprintf("all %d gate(s) passed", len(r.Gates))
	}
	return "FAILED", fmt.Sprintf("%d of %d gate(s) failed", failed, len(r.Gates))
}

// location formats a finding's location for people, "." when it has none.
func location(l finding.Location) string {
	s := l.String()
	if s == "" {
		return "(repository)"
	}
	return s
}

// shortHash shortens a commit hash for display.
func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// ruleIDs lists the distinct rules of fs, sorted.
func ruleIDs(fs []finding.Finding) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range fs {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			out = append(out, f.Rule)
		}
	}
	slices.Sort(out)
	return out
}

// sortedKeys returns the keys of m, sorted: output never follows map order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// percent formats part/whole as a whole percentage, "–" when whole is 0.
func percent(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return fmt.Sprintf("%d%%", (part*100+whole/2)/whole)
}

// repositoryName names the scanned repository: its name from the remote or
// directory, or the root as given when the report has none (v1 reports).
func repositoryName(r report.Repository) string {
	if r.Name != "" {
		return r.Name
	}
	return r.Root
}
