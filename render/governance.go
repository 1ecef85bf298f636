package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/report"
)

// Figures and wording of the governance sections (quality gates, template
// coverage, controls) and of the MLOps stage, shared by Markdown, HTML, the
// terminal summary and the PR comment so that every format says the same.

// gateTotals counts the gate inventory.
type gateTotals struct {
	Gates, Blocking, Placebo, Signals, Pipelines int
	Deploys, Ungated                             int
}

func gateTotalsOf(inv *report.GateInventory) gateTotals {
	var t gateTotals
	pipelines := map[string]bool{}
	for _, g := range inv.Gates {
		t.Gates++
		switch {
		case g.Placebo != "":
			t.Placebo++
		case g.Blocking:
			t.Blocking++
		}
		if g.Signal {
			t.Signals++
		}
		pipelines[g.Pipeline] = true
	}
	for _, d := range inv.Deploys {
		t.Deploys++
		if ungated(d) {
			t.Ungated++
		}
		pipelines[d.Pipeline] = true
	}
	t.Pipelines = len(pipelines)
	return t
}

// ungated reports a deploy that no blocking gate stands before.
func ungated(d report.Deploy) bool { return len(d.GatedBy) == 0 }

// gateHeadline is the inventory in one sentence.
func gateHeadline(inv *report.GateInventory) string {
	t := gateTotalsOf(inv)
	s := fmt.Sprintf("%d quality gate(s) in %d pipeline file(s): %d blocking, %d placebo, %d blocking nothing", t.Gates, t.Pipelines,
		t.Blocking, t.Placebo, t.Gates-t.Blocking-t.Placebo)
	if t.Signals > 0 {
		s += fmt.Sprintf(" (%d of them only configuration signals)", t.Signals)
	}
	s += fmt.Sprintf(". %d deploy(s)", t.Deploys)
	if t.Deploys > 0 {
		s += fmt.Sprintf(", %d gated by nothing", t.Ungated)
	}
	return s + "."
}

// gateLine is the terminal summary's line on the gate inventory.
func gateLine(inv *report.GateInventory) string {
	t := gateTotalsOf(inv)
	s := fmt.Sprintf("gates: %d (%d blocking, %d placebo); deploys: %d", t.Gates, t.Blocking, t.Placebo, t.Deploys)
	if t.Ungated > 0 {
		s += fmt.Sprintf(", %d ungated", t.Ungated)
	}
	return s
}

// gateWarning is the PR comment's one line on ungated deploys and placebo
// gates, "" when there is neither.
func gateWarning(inv *report.GateInventory) string {
	t := gateTotalsOf(inv)
	var parts []string
	if t.Ungated > 0 {
		parts = append(parts, fmt.Sprintf("%d deploy(s) gated by nothing", t.Ungated))
	}
	if t.Placebo > 0 {
		parts = append(parts, fmt.Sprintf("%d placebo gate(s) that cannot fail", t.Placebo))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Quality gates: " + strings.Join(parts, ", ") + " (see the full report)."
}

// pipelineGates is one pipeline file's gates and deploys.
type pipelineGates struct {
	Pipeline string
	Gates    []report.QualityGate
	Deploys  []report.Deploy
}

// gatesByPipeline groups the inventory by pipeline file, files sorted,
// gates and deploys in report order within each.
func gatesByPipeline(inv *report.GateInventory) []pipelineGates {
	idx := map[string]int{}
	var out []pipelineGates
	at := func(p string) *pipelineGates {
		i, ok := idx[p]
		if !ok {
			i = len(out)
			idx[p] = i
			out = append(out, pipelineGates{Pipeline: p})
		}
		return &out[i]
	}
	for _, g := range inv.Gates {
		pg := at(g.Pipeline)
		pg.Gates = append(pg.Gates, g)
	}
	for _, d := range inv.Deploys {
		pd := at(d.Pipeline)
		pd.Deploys = append(pd.Deploys, d)
	}
	slices.SortStableFunc(out, func(a, b pipelineGates) int { return cmp.Compare(a.Pipeline, b.Pipeline) })
	return out
}

// gateBlocking says whether a gate blocks, in words: "yes", "no", or
// "placebo: why".
func gateBlocking(g report.QualityGate) string {
	switch {
	case g.Placebo != "":
		return "placebo: " + g.Placebo
	case g.Blocking:
		return "yes"
	case g.Signal:
		return "no (configuration signal only)"
	}
	return "no"
}

// deployApproval is a deploy's environment and approval in words.
func deployApproval(d report.Deploy) string {
	var parts []string
	if d.Environment != "" {
		parts = append(parts, "environment "+d.Environment)
	}
	switch d.Approval {
	case "":
		parts = append(parts, "no approval known")
	case "environment":
		parts = append(parts, "approval: environment reviewers")
	case "manual":
		parts = append(parts, "approval: manual job")
	default:
		parts = append(parts, "approval: "+d.Approval)
	}
	return strings.Join(parts, "; ")
}

// deployKind is a deploy's kind, marked when it ships a model.
func deployKind(d report.Deploy) string {
	if d.Model {
		return d.Kind + " (model)"
	}
	return d.Kind
}

// deployJob names a deploy's job and step.
func deployJob(job, step string) string {
	if step == "" {
		return job
	}
	return job + " / " + step
}

// templateHeadline is template coverage in one sentence.
func templateHeadline(t *report.TemplateCoverage) string {
	s := fmt.Sprintf("%d of %d AI and deploy job(s) run from an approved template (%s).", t.Covered, t.Total, percent(t.Covered, t.Total))
	if len(t.Approved) == 0 {
		s += " The policy approves no template."
	} else {
		s += " Approved: " + strings.Join(t.Approved, ", ") + "."
	}
	return s
}

// uncovered lists the jobs not from an approved template.
func uncovered(t *report.TemplateCoverage) []report.TemplateUse {
	var out []report.TemplateUse
	for _, j := range t.Jobs {
		if !j.Approved {
			out = append(out, j)
		}
	}
	return out
}

// frameworkCounts is one framework's controls by status.
type frameworkCounts struct {
	report.ControlFramework
	Pass, Fail, NoEvidence, Other, Total int
}

// controlsByFramework counts each framework's controls by status, in the
// catalogue's framework order; a framework only controls name comes last.
func controlsByFramework(c *report.Controls) []frameworkCounts {
	idx := map[string]int{}
	var out []frameworkCounts
	for _, f := range c.Frameworks {
		if _, dup := idx[f.ID]; !dup {
			idx[f.ID] = len(out)
			out = append(out, frameworkCounts{ControlFramework: f})
		}
	}
	for _, ct := range c.Controls {
		i, ok := idx[ct.Framework]
		if !ok {
			i = len(out)
			idx[ct.Framework] = i
			out = append(out, frameworkCounts{ControlFramework: report.ControlFramework{ID: ct.Framework, Name: ct.Framework}})
		}
		fc := &out[i]
		fc.Total++
		switch ct.Status {
		case "pass":
			fc.Pass++
		case "fail":
			fc.Fail++
		case "no-evidence":
			fc.NoEvidence++
		default:
			fc.Other++
		}
	}
	return out
}

// controlsHeadline is the control catalogue in one sentence.
func controlsHeadline(c *report.Controls) string {
	var pass, fail, none int
	for _, ct := range c.Controls {
		switch ct.Status {
		case "pass":
			pass++
		case "fail":
			fail++
		case "no-evidence":
			none++
		}
	}
	total := c.Total
	if total == 0 {
		total = len(c.Controls)
	}
	s := fmt.Sprintf("%d of %d control(s) have evidence in this run: %d pass, %d fail, %d with no evidence.", c.WithEvidence, total, pass, fail, none)
	if c.Catalogue != "" {
		s += " Catalogue " + c.Catalogue + "."
	}
	return s
}

// controlRules lists a control's rules with their result: those with
// findings (or suppressed ones) each with its counts, then the clean ones
// together, then the ones whose domain did not run.
func controlRules(ct report.Control) string {
	var parts, clean, notRun []string
	for _, r := range ct.Rules {
		switch {
		case !r.Ran:
			notRun = append(notRun, r.Rule)
		case r.Findings == 0 && r.Suppressed == 0:
			clean = append(clean, r.Rule)
		default:
			p := fmt.Sprintf("%s: %d finding(s)", r.Rule, r.Findings)
			if r.Suppressed > 0 {
				p += fmt.Sprintf(", %d suppressed", r.Suppressed)
			}
			parts = append(parts, p)
		}
	}
	if len(clean) > 0 {
		parts = append(parts, "no finding: "+strings.Join(clean, ", "))
	}
	if len(notRun) > 0 {
		parts = append(parts, "did not run: "+strings.Join(notRun, ", "))
	}
	return strings.Join(parts, "; ")
}

// controlStatus is a control's status in words, with a symbol: never
// colour alone.
func controlStatus(s string) string {
	switch s {
	case "pass":
		return "✓ pass"
	case "fail":
		return "✗ fail"
	case "no-evidence":
		return "– no evidence"
	}
	return s
}

// mlopsLadder is the maturity ladder: stage 0 and each level of
// MLOps.Levels, in order, with whether it is reached.
type ladderStep struct {
	Level    int
	Name     string
	Reached  bool
	Current  bool
	Evidence string
	Missing  string
}

// mlopsLadder lists stage 0 to the highest level the report explains,
// lowest first. Stage 0 is reached whenever ML assets were found.
func mlopsLadder(m *report.MLOps) []ladderStep {
	if m.Level < 0 || len(m.Levels) == 0 {
		return nil
	}
	levels := slices.Clone(m.Levels)
	slices.SortStableFunc(levels, func(a, b report.MLOpsLevel) int { return cmp.Compare(a.Level, b.Level) })
	out := []ladderStep{{Level: 0, Name: "manual process", Reached: true, Current: m.Level == 0}}
	for _, l := range levels {
		if l.Level == 0 {
			out[0].Name = l.Name
			out[0].Evidence = evidenceList(l.Evidence)
			continue
		}
		out = append(out, ladderStep{Level: l.Level, Name: l.Name, Reached: l.Reached, Current: l.Level == m.Level,
			Evidence: evidenceList(l.Evidence), Missing: l.Missing})
	}
	return out
}

// evidenceList lists where something was seen.
func evidenceList(es []report.MLOpsEvidence) string {
	return signalEvidence(report.MLOpsSignal{Evidence: es})
}

// stageLine is the terminal summary's line on the MLOps stage.
func stageLine(m *report.MLOps) string {
	if m.Level < 0 {
		return "mlops: no machine-learning assets"
	}
	s := fmt.Sprintf("mlops: stage %d of 4 (%s)", m.Level, m.Stage)
	if m.Cap != "" {
		s += "; capped by " + m.Cap
	}
	if n := len(m.Tools); n > 0 {
		var names []string
		for _, t := range m.Tools {
			names = append(names, t.Name)
		}
		s += "; tools: " + strings.Join(names, ", ")
	}
	stale := 0
	for _, c := range m.CardFreshness {
		if c.Stale {
			stale++
		}
	}
	if stale > 0 {
		s += fmt.Sprintf("; %d stale model card(s)", stale)
	}
	return s
}

// cardChanged lists the inputs changed after a card, with the commit count.
func cardChanged(c report.CardFreshness) string {
	s := strings.Join(c.ChangedAfter, ", ")
	if c.CommitsAfter > 0 {
		if s != "" {
			s += " "
		}
		s += fmt.Sprintf("(%d later commit(s))", c.CommitsAfter)
	}
	return s
}

// hasGovernance reports whether the report carries any governance section.
func hasGovernance(r *report.Report) bool {
	g := r.Governance
	return g != nil && (g.Gates != nil || g.Templates != nil || g.Controls != nil)
}

// cardHistoryNote warns that card freshness rests on cut history, "" when
// it does not.
func cardHistoryNote(m *report.MLOps) string {
	if !m.HistoryTruncated {
		return ""
	}
	return "The history walk stopped at its cap (2,000 commits) or at a shallow clone's end: a card may be staler than shown."
}

// artifactsNote says where the model and data files were listed from.
func artifactsNote(m *report.MLOps) string {
	switch m.ArtifactsFrom {
	case "git":
		return "Listed from HEAD's tree: committed files only."
	case "work-tree":
		return "Listed from the files on disk (not a git repository)."
	}
	return ""
}
