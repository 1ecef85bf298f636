package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tollgate-dev/tollgate/report"
)

// The Markdown sections of the governance patterns: quality gates and
// deploys per pipeline, template coverage, controls with evidence, and the
// MLOps stage ladder, tools and model-card freshness.

// mdList escapes each item and joins them, "–" when there is none.
func mdList(items []string, max int) string {
	var out []string
	for _, s := range items {
		out = append(out, mdText(s, max))
	}
	return orDash(strings.Join(out, ", "))
}

func gatesSections(r *report.Report) []mdSection {
	if !hasGovernance(r) {
		return nil
	}
	top := mdSection{prio: 3, title: "## Quality gates\n\n"}
	inv := r.Governance.Gates
	if inv == nil {
		top.body = "No gate inventory: no pipeline file was found.\n\n"
		return []mdSection{top}
	}
	top.title += mdText(gateHeadline(inv), 0) + "\n\n"
	var bare []string
	for _, d := range inv.Deploys {
		if ungated(d) {
			bare = append(bare, mdText(d.Pipeline+"#"+deployJob(d.Job, d.Step), maxValue)+" ("+mdText(d.Kind, 40)+")")
		}
	}
	if len(bare) > 0 {
		top.title += "⚠️ **Deploys gated by nothing:** " + strings.Join(bare, ", ") + ".\n\n"
	}
	out := []mdSection{top}
	for _, pg := range gatesByPipeline(inv) {
		name := mdText(pg.Pipeline, maxPath)
		if len(pg.Gates) > 0 {
			s := mdSection{prio: 4, title: fmt.Sprintf("### Gates in %s (%d)\n\n", name, len(pg.Gates)),
				tableHead: mdTableHead("kind", "tool", "job", "blocking", "blocks", "location")}
			for _, g := range pg.Gates {
				blocking := mdText(gateBlocking(g), maxValue)
				if g.Placebo != "" {
					blocking = "⚠️ " + blocking
				}
				s.rows = append(s.rows, mdRow(mdText(g.Kind, 40), orDash(mdText(g.Tool, maxValue)), orDash(mdText(deployJob(g.Job, g.Step), maxValue)),
					blocking, mdList(g.Blocks, maxValue), mdText(location(g.Location), maxPath)))
			}
			out = append(out, s)
		}
		if len(pg.Deploys) > 0 {
			s := mdSection{prio: 4, title: fmt.Sprintf("### Deploys in %s (%d)\n\n", name, len(pg.Deploys)),
				tableHead: mdTableHead("kind", "what", "job", "environment and approval", "triggers", "gated by", "location")}
			for _, d := range pg.Deploys {
				gated := mdList(d.GatedBy, 40)
				if ungated(d) {
					gated = "⚠️ **nothing**"
				}
				s.rows = append(s.rows, mdRow(mdText(deployKind(d), 40), mdText(d.What, maxValue), mdText(deployJob(d.Job, d.Step), maxValue),
					mdText(deployApproval(d), maxValue), mdList(d.Triggers, 40), gated, mdText(location(d.Location), maxPath)))
			}
			out = append(out, s)
		}
	}
	return out
}

func templateSection(r *report.Report) []mdSection {
	if !hasGovernance(r) {
		return nil
	}
	s := mdSection{prio: 4, title: "## Template coverage\n\n"}
	t := r.Governance.Templates
	if t == nil {
		s.body = "No AI or deploy job: no template coverage to measure.\n\n"
		return []mdSection{s}
	}
	s.title += mdText(templateHeadline(t), 0) + "\n\n"
	jobs := uncovered(t)
	if len(jobs) == 0 {
		s.body = "Every AI and deploy job runs from an approved template.\n\n"
		return []mdSection{s}
	}
	s.title += fmt.Sprintf("%d job(s) not from an approved template:\n\n", len(jobs))
	s.tableHead = mdTableHead("pipeline", "job", "kind", "template", "location")
	for _, j := range jobs {
		tmpl := mdText(j.Template, maxValue)
		if j.Template == "" {
			tmpl = "written in place"
		}
		s.rows = append(s.rows, mdRow(mdText(j.Pipeline, maxPath), mdText(j.Job, maxValue), mdText(j.Kind, 20), tmpl, mdText(location(j.Location), maxPath)))
	}
	return []mdSection{s}
}

func controlsSections(r *report.Report) []mdSection {
	if !hasGovernance(r) {
		return nil
	}
	top := mdSection{prio: 4, title: "## Controls\n\n"}
	c := r.Governance.Controls
	if c == nil {
		top.body = "No control catalogue in this report.\n\n"
		return []mdSection{top}
	}
	top.title += mdText(controlsHeadline(c), 0) + "\n\n"
	top.tableHead = mdTableHead("framework", "name", "pass ", "fail ", "no evidence ", "total ", "source")
	fws := controlsByFramework(c)
	for _, f := range fws {
		top.rows = append(top.rows, mdRow(mdText(f.ID, maxValue), mdText(f.Name, maxValue), strconv.Itoa(f.Pass), strconv.Itoa(f.Fail),
			strconv.Itoa(f.NoEvidence), strconv.Itoa(f.Total), orDash(mdText(f.Source, maxMessage))))
	}
	out := []mdSection{top}
	for _, f := range fws {
		if f.Total == 0 {
			continue
		}
		s := mdSection{prio: 6, title: fmt.Sprintf("### %s controls (%d)\n\n", mdText(f.ID, maxValue), f.Total),
			tableHead: mdTableHead("control", "title", "status", "evidence rules", "inventories")}
		for _, ct := range c.Controls {
			if ct.Framework != f.ID {
				continue
			}
			status := mdText(ct.Status, 40)
			switch ct.Status {
			case "pass":
				status = "✅ pass"
			case "fail":
				status = "❌ **fail**"
			case "no-evidence":
				status = "– no evidence"
			}
			s.rows = append(s.rows, mdRow(mdText(ct.ID, maxValue), mdText(ct.Title, maxValue), status,
				orDash(mdText(controlRules(ct), maxMessage)), mdList(ct.Inventories, 40)))
		}
		out = append(out, s)
	}
	return out
}

// mlopsStageSections are the MLOps stage ladder, the cap, the tools and the
// model cards' freshness.
func mlopsStageSections(m *report.MLOps) []mdSection {
	var out []mdSection
	if ladder := mlopsLadder(m); len(ladder) > 0 {
		s := mdSection{prio: 5, title: "### MLOps stage\n\n"}
		s.title += fmt.Sprintf("Stage %d of 4: %s.", m.Level, mdText(m.Stage, maxValue))
		if m.Cap != "" {
			s.title += " **Capped:** " + mdText(m.Cap, maxMessage) + "."
		}
		s.title += "\n\n"
		s.tableHead = mdTableHead("stage", "name", "reached", "evidence", "missing")
		for _, l := range ladder {
			reached := "⬜ no"
			if l.Reached {
				reached = "✅ yes"
			}
			if l.Current {
				reached += " ← current"
			}
			s.rows = append(s.rows, mdRow(strconv.Itoa(l.Level), mdText(l.Name, maxValue), reached, orDash(mdText(l.Evidence, maxMessage)), orDash(mdText(l.Missing, maxMessage))))
		}
		out = append(out, s)
	} else if m.Cap != "" {
		out = append(out, mdSection{prio: 5, title: "**Capped:** " + mdText(m.Cap, maxMessage) + ".\n\n"})
	}
	if len(m.Tools) > 0 {
		s := mdSection{prio: 6, title: "### MLOps tools\n\n", tableHead: mdTableHead("tool", "role", "evidence")}
		for _, t := range m.Tools {
			s.rows = append(s.rows, mdRow(mdText(t.Name, maxValue), mdText(t.Role, 40), orDash(mdText(evidenceList(t.Evidence), maxMessage))))
		}
		out = append(out, s)
	}
	if len(m.CardFreshness) > 0 {
		s := mdSection{prio: 6, title: "### Model-card freshness\n\n", tableHead: mdTableHead("card", "last changed in", "fresh", "inputs changed after")}
		for _, c := range m.CardFreshness {
			fresh := "✅ yes"
			if c.Stale {
				fresh = "⚠️ **stale**"
			}
			commit := mdText(shortHash(c.CardCommit), 40)
			if c.CardCommit == "" {
				commit = "not committed"
			}
			s.rows = append(s.rows, mdRow(mdText(c.Card, maxPath), commit, fresh, orDash(mdText(cardChanged(c), maxMessage))))
		}
		if n := cardHistoryNote(m); n != "" {
			s.body = mdText(n, 0) + "\n\n"
		}
		out = append(out, s)
	}
	return out
}
