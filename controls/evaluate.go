package controls

import (
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// The statuses of a control.
const (
	Pass       = "pass"
	Fail       = "fail"
	NoEvidence = "no-evidence"
)

// areaDomain maps a rule area to the domain that runs its rules. Areas
// missing here (scan, parse, policy) belong to the engine, which always runs.
var areaDomain = map[string]string{
	"ci":    "pipeline",
	"tf":    "iac",
	"go":    "go",
	"lic":   "licenses",
	"risk":  "risk",
	"mlops": "mlops",
}

// Ran reports whether rules of the area were run on something in this
// run: their domain ran without error and had input. A domain that looked at
// nothing (no pipeline file, no Terraform, no machine-learning asset) checked
// nothing, so its silence is no evidence.
func Ran(r *report.Report, area string) bool {
	switch area {
	case "scan", "parse", "policy":
		return true
	case "pr":
		return r.Comparison != nil
	}
	name, ok := areaDomain[area]
	if !ok {
		return false
	}
	for _, d := range r.Domains {
		if d.Name != name || d.Error != "" {
			continue
		}
		switch name {
		case "risk":
			return r.Risk != nil
		case "mlops":
			return r.MLOps != nil && r.MLOps.Level >= 0
		case "licenses":
			return d.Files > 0 || r.Licenses != nil
		}
		return d.Files > 0
	}
	return false
}

// Inventories returns the report inventories that hold something in this
// run, sorted: the keys of the catalogue's inventory map.
func Inventories(r *report.Report) []string {
	set := map[string]bool{}
	if ai := r.AI; ai != nil {
		set["ai"] = len(ai.Code)+len(ai.Pipeline) > 0
		set["ai-infrastructure"] = len(ai.Infrastructure) > 0
	}
	if l := r.Licenses; l != nil && len(l.Modules) > 0 {
		set["licenses"], set["sbom"] = true, true
	}
	if g := r.Governance; g != nil {
		if inv := g.Gates; inv != nil {
			for _, q := range inv.Gates {
				if q.Placebo == "" && q.Kind != "" {
					set["gates:"+q.Kind] = true
				}
			}
			set["deploys"] = len(inv.Deploys) > 0
		}
		if t := g.Templates; t != nil {
			set["templates"] = len(t.Approved) > 0 && t.Total > 0
		}
	}
	set["risk"] = r.Risk != nil
	set["terraform"] = r.Terraform != nil && r.Terraform.Resources > 0
	if m := r.MLOps; m != nil && m.Level >= 0 {
		set["mlops"] = true
		for _, t := range m.Tools {
			if t.Role != "" {
				set["mlops:"+t.Role] = true
			}
		}
		set["model-cards"] = len(m.Cards) > 0
	}
	var out []string
	for k, ok := range set {
		if ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// Evaluate builds the controls section of r against the default catalogue:
// for each control, the rules (of the given registry) that name it, whether
// each ran, its active and suppressed findings, and the inventories that
// cover it. It reads r and does not change it.
func Evaluate(r *report.Report, rules []finding.Rule) *report.Controls {
	return Default().Evaluate(r, rules)
}

// Evaluate is the package-level Evaluate against catalogue c.
func (c *Catalogue) Evaluate(r *report.Report, rules []finding.Rule) *report.Controls {
	type count struct{ active, suppressed int }
	counts := map[string]*count{}
	for _, f := range r.Findings {
		n := counts[f.Rule]
		if n == nil {
			n = &count{}
			counts[f.Rule] = n
		}
		switch {
		case f.Suppressed != nil:
			n.suppressed++
		case f.Severity > finding.Info:
			// An informational finding (the AI step inventory) is a
			// record, not a failure; the inventory gives its evidence.
			n.active++
		}
	}
	byControl := map[string][]report.ControlRule{}
	ran := map[string]bool{}
	for _, rl := range rules {
		area := rl.Area()
		if _, ok := ran[area]; !ok {
			ran[area] = Ran(r, area)
		}
		cr := report.ControlRule{Rule: rl.ID, Ran: ran[area]}
		if n := counts[rl.ID]; n != nil {
			cr.Findings, cr.Suppressed = n.active, n.suppressed
		}
		ids := slices.Clone(rl.Controls)
		slices.Sort(ids)
		for _, id := range slices.Compact(ids) {
			byControl[id] = append(byControl[id], cr)
		}
	}
	invs := map[string][]string{}
	for _, inv := range Inventories(r) {
		for _, id := range c.Inventories[inv] {
			invs[id] = append(invs[id], inv)
		}
	}

	out := &report.Controls{Catalogue: c.Label(), Controls: []report.Control{}}
	for _, f := range c.Frameworks {
		out.Frameworks = append(out.Frameworks, report.ControlFramework{ID: f.ID, Name: f.Name + " " + f.Version, Source: f.Source})
		for _, ctl := range f.Controls {
			id := ctl.FullID()
			rc := report.Control{ID: id, Framework: f.ID, Title: ctl.Title, Status: NoEvidence}
			rc.Rules = byControl[id]
			slices.SortFunc(rc.Rules, func(a, b report.ControlRule) int { return strings.Compare(a.Rule, b.Rule) })
			rc.Inventories = slices.Compact(invs[id])
			evidence := len(rc.Inventories) > 0
			for _, cr := range rc.Rules {
				if cr.Ran {
					evidence = true
				}
				if cr.Findings > 0 {
					rc.Status = Fail
				}
			}
			if rc.Status != Fail && evidence {
				rc.Status = Pass
			}
			if rc.Status != NoEvidence {
				out.WithEvidence++
			}
			out.Total++
			out.Controls = append(out.Controls, rc)
		}
	}
	return out
}
