package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// between returns the part of s from the first start up to (not
// including) the first end after it, or fails.
func between(t *testing.T, s, start, end string) string {
	t.Helper()
	i := strings.Index(s, start)
	if i < 0 {
		t.Fatalf("output lacks %q", start)
	}
	j := strings.Index(s[i+len(start):], end)
	if j < 0 {
		t.Fatalf("output lacks %q after %q", end, start)
	}
	return s[i : i+len(start)+j]
}

// TestSectionGoldens pins each governance section and the MLOps stage, in
// Markdown and in HTML, and the trend chart, each in its own golden file
// under testdata/sections, cut from the fixture's full report.
func TestSectionGoldens(t *testing.T) {
	md := string(renderFormat(t, "markdown", fixture()))
	page := string(renderFormat(t, "html", fixture()))
	for _, tc := range []struct {
		name                   string
		mdStart, mdEnd         string
		htmlStart, htmlEnd     string
		mdMust, htmlMust, both []string
	}{
		{name: "quality-gates", mdStart: "## Quality gates\n", mdEnd: "## Template coverage\n",
			htmlStart: `<section id="quality-gates"`, htmlEnd: "</section>",
			both:     []string{"1 blocking, 2 placebo", "1 gated by nothing", "literal metric", "environment production; approval: environment reviewers"},
			mdMust:   []string{"⚠️ **nothing**", "### Gates in .github/workflows/ci.yml (3)", "### Deploys in .gitlab\\-ci.yml (1)"},
			htmlMust: []string{`<tr class="ungated">`, `<span class="badge fail">✗ nothing</span>`, `<span class="badge warn">⚠ placebo</span>`}},
		{name: "template-coverage", mdStart: "## Template coverage\n", mdEnd: "## Cost-tag coverage\n",
			htmlStart: `<section id="templates"`, htmlEnd: "</section>",
			both: []string{"1 of 3 AI and deploy job(s)", "written in place"}},
		{name: "controls", mdStart: "## Controls\n", mdEnd: "## Trend\n",
			htmlStart: `<section id="controls"`, htmlEnd: "</section>",
			both:     []string{"3 of 4 control(s) have evidence", "did not run", "2 suppressed", "no evidence"},
			mdMust:   []string{"### NIST\\-AI\\-RMF controls (3)", "❌ **fail**"},
			htmlMust: []string{`<span class="badge fail">✗ fail</span>`}},
		{name: "mlops-stage", mdStart: "### MLOps stage\n", mdEnd: "### Model and data files\n",
			htmlStart: "<h3>MLOps stage</h3>", htmlEnd: "<p class=\"note\">Listed from HEAD",
			both:     []string{"Stage 1 of 4", "apped", "ML pipeline automation", "monitoring of the served model", "89abcdef0123", "not committed", "tracking", "a card may be staler than shown"},
			mdMust:   []string{"✅ yes ← current", "⚠️ **stale**"},
			htmlMust: []string{`class="step lvl-1 reached current"`, "◀ current stage", `<span class="badge warn">⚠ stale</span>`}},
		{name: "trend", htmlStart: `<section id="trend"`, htmlEnd: "</section>",
			htmlMust: []string{`<svg class="chart"`, `class="line line-critical"`, `class="line line-risk"`, "risk score none, 42", "<table class=\"sortable\">"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.mdStart != "" {
				got := between(t, md, tc.mdStart, tc.mdEnd)
				golden(t, filepath.Join("sections", tc.name+".md"), []byte(got))
				checkMarkdownSafe(t, got, false)
				for _, w := range append(append([]string{}, tc.mdMust...), mdWords(tc.both)...) {
					if !strings.Contains(got, w) {
						t.Errorf("Markdown section lacks %q", w)
					}
				}
			}
			got := between(t, page, tc.htmlStart, tc.htmlEnd) + tc.htmlEnd
			golden(t, filepath.Join("sections", tc.name+".html"), []byte(got))
			for _, w := range append(append([]string{}, tc.htmlMust...), tc.both...) {
				if !strings.Contains(got, w) {
					t.Errorf("HTML section lacks %q", w)
				}
			}
		})
	}
}

// mdWords is how mdText writes plain words.
func mdWords(ws []string) []string {
	var out []string
	for _, w := range ws {
		out = append(out, mdText(w, 0))
	}
	return out
}

// TestGovernanceJSONRoundTrip: the new fields (repository name, the
// governance section, the MLOps levels, cap, tools and card freshness)
// survive the JSON encoding unchanged, under their documented snake_case
// names, pinned in a golden file.
func TestGovernanceJSONRoundTrip(t *testing.T) {
	src := fixture()
	r := &report.Report{Tool: src.Tool, Repository: src.Repository, StartedAt: src.StartedAt, FinishedAt: src.FinishedAt,
		MLOps: src.MLOps, Governance: src.Governance}
	r.Normalize()
	out := renderFormat(t, "json", r)
	golden(t, filepath.Join("sections", "governance.json"), out)
	checkNoRawHTML(t, out)
	var back report.Report
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(r, &back); d != "" {
		t.Errorf("round trip changed the report (-want +got):\n%s", d)
	}
	for _, key := range []string{`"name": "github.com/acme/a|b||c"`, `"governance": {`, `"gates": {`, `"deploys": [`, `"gated_by": [`,
		`"placebo": "literal metric"`, `"templates": {`, `"controls": {`, `"with_evidence": 3`, `"levels": [`, `"cap": `, `"tools": [`,
		`"card_freshness": [`, `"changed_after": [`, `"commits_after": 7`, `"artifacts_from": "git"`, `"history_truncated": true`} {
		if !bytes.Contains(out, []byte(key)) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

// TestGovernanceAbsentOrEmpty: a report without a governance section (a v1
// report, or a run that did not build one) has no such sections and no
// links to them; a section with nothing in it says why.
func TestGovernanceAbsentOrEmpty(t *testing.T) {
	r := fixture()
	r.Governance = nil
	r.MLOps.Levels, r.MLOps.Cap, r.MLOps.Tools, r.MLOps.CardFreshness = nil, "", nil, nil
	md := string(renderFormat(t, "markdown", r))
	page := string(renderFormat(t, "html", r))
	for _, absent := range []string{"Quality gates", "Template coverage", "## Controls", "MLOps stage", "MLOps tools", "Model-card freshness"} {
		if strings.Contains(md, absent) {
			t.Errorf("Markdown without governance holds %q", absent)
		}
	}
	for _, absent := range []string{`id="quality-gates"`, `href="#quality-gates"`, `id="controls"`, `href="#controls"`, "MLOps stage", `class="ladder"`} {
		if strings.Contains(page, absent) {
			t.Errorf("HTML without governance holds %q", absent)
		}
	}
	if s := Summary(r); strings.Contains(s, "gates:") || strings.Count(s, "\n") != 1 {
		t.Errorf("summary without governance:\n%s", s)
	}

	r.Governance = &report.Governance{}
	md = string(renderFormat(t, "markdown", r))
	page = string(renderFormat(t, "html", r))
	if hasGovernance(r) || strings.Contains(md, "Quality gates") || strings.Contains(page, "quality-gates") {
		t.Error("an empty governance section is rendered")
	}

	r.Governance = &report.Governance{Controls: &report.Controls{}}
	md = string(renderFormat(t, "markdown", r))
	page = string(renderFormat(t, "html", r))
	checkMarkdownSafe(t, md, false)
	checkHTMLSafe(t, []byte(page))
	for _, want := range []string{"No gate inventory: no pipeline file was found.", "No AI or deploy job: no template coverage to measure."} {
		if !strings.Contains(md, want) || !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}

	r.Governance = &report.Governance{Templates: &report.TemplateCoverage{Covered: 2, Total: 2, Jobs: []report.TemplateUse{{Job: "a", Approved: true}, {Job: "b", Approved: true}}}}
	md = string(renderFormat(t, "markdown", r))
	page = string(renderFormat(t, "html", r))
	for _, want := range []string{"2 of 2 AI and deploy job(s) run from an approved template (100%). The policy approves no template.", "Every AI and deploy job runs from an approved template.", "No control catalogue in this report."} {
		if !strings.Contains(md, mdText(want, 0)) && !strings.Contains(md, want) || !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// TestGateFigures checks the counts every format prints.
func TestGateFigures(t *testing.T) {
	inv := fixture().Governance.Gates
	if got, want := gateLine(inv), "gates: 5 (1 blocking, 2 placebo); deploys: 2, 1 ungated"; got != want {
		t.Errorf("gateLine = %q, want %q", got, want)
	}
	if got, want := gateWarning(inv), "Quality gates: 1 deploy(s) gated by nothing, 2 placebo gate(s) that cannot fail (see the full report)."; got != want {
		t.Errorf("gateWarning = %q, want %q", got, want)
	}
	clean := &report.GateInventory{Gates: []report.QualityGate{{Kind: "tests", Blocking: true, Pipeline: "a"}},
		Deploys: []report.Deploy{{Kind: "container", Pipeline: "a", GatedBy: []string{"tests"}}}}
	if w := gateWarning(clean); w != "" {
		t.Errorf("a fully gated inventory warns: %q", w)
	}
	if got := gateLine(clean); got != "gates: 1 (1 blocking, 0 placebo); deploys: 1" {
		t.Errorf("gateLine = %q", got)
	}
	// A placebo gate never counts as blocking, even if the producer set both.
	both := &report.GateInventory{Gates: []report.QualityGate{{Kind: "tests", Blocking: true, Placebo: "|| true"}}}
	if got := gateLine(both); got != "gates: 1 (0 blocking, 1 placebo); deploys: 0" {
		t.Errorf("gateLine = %q", got)
	}
}

// TestSummaryGovernanceLines: the terminal summary gets one line for the
// gate inventory and one for the MLOps stage, before the verdict line,
// each escaped on its own.
func TestSummaryGovernanceLines(t *testing.T) {
	r := fixture()
	r.MLOps.Stage = "ad hoc\x1b[2J\nforged"
	r.MLOps.Tools[1].Name = "mlflow\u202e"
	got := strings.Split(Summary(r), "\n")
	want := []string{
		"tollgate: gates: 5 (1 blocking, 2 placebo); deploys: 2, 1 ungated",
		`tollgate: mlops: stage 1 of 4 (ad hoc\x1b[2J\nforged); capped by placebo evaluation gate in train.yml a|b||c; tools: dvc, mlflow\u202e; 1 stale model card(s)`,
	}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || !strings.HasPrefix(got[2], "tollgate: 3 domains") {
		t.Errorf("Summary =\n%s\nwant\n%s\n(then the verdict line)", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	checkTerminalSafe(t, "summary", Summary(r))
	r.MLOps.Level = -1
	if s := Summary(r); strings.Contains(s, "mlops:") {
		t.Errorf("a report with no ML assets has an MLOps line:\n%s", s)
	}
	r.Governance.Gates = &report.GateInventory{}
	if s := Summary(r); strings.Contains(s, "gates:") {
		t.Errorf("an inventory with no gate and no deploy has a gates line:\n%s", s)
	}
}

// TestPRCommentGateWarning: the comment carries at most one line on the
// gates, and none when every deploy is gated and no gate is a placebo.
func TestPRCommentGateWarning(t *testing.T) {
	got := string(renderFormat(t, "pr-comment", prFixture()))
	if n := strings.Count(got, "Quality gates:"); n != 1 {
		t.Errorf("comment has %d gate lines, want 1", n)
	}
	r := prFixture()
	inv := r.Governance.Gates
	for i := range inv.Gates {
		inv.Gates[i].Placebo = ""
	}
	for i := range inv.Deploys {
		inv.Deploys[i].GatedBy = []string{"tests"}
	}
	if got := string(renderFormat(t, "pr-comment", r)); strings.Contains(got, "Quality gates") {
		t.Error("a comment on a fully gated inventory mentions the gates")
	}
}

// TestControlsFold: a framework with more controls than foldRows is
// collapsed with its count in the summary; the per-framework counts stay
// open.
func TestControlsFold(t *testing.T) {
	r := fixture()
	c := r.Governance.Controls
	for i := range 20 {
		c.Controls = append(c.Controls, report.Control{ID: fmt.Sprintf("SOC2:CC%d.1", i), Framework: "SOC2", Title: "control " + hScript, Status: "no-evidence"})
	}
	page := renderFormat(t, "html", r)
	checkHTMLSafe(t, page)
	if got := folds(t, page)["controls"]; got != "closed: 21 SOC2 controls" {
		t.Errorf("controls fold = %q, want the 21 SOC2 controls closed", got)
	}
	if !strings.Contains(string(page), `<td class="num">21</td><td class="num">21</td>`) {
		t.Error("the framework counts do not show 21 without evidence")
	}
}

// trendSeries builds n recorded runs a day apart with changing counts; runs
// whose index is in noRisk have no risk score.
func trendSeries(n int, noRisk map[int]bool) *report.Trend {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	tr := &report.Trend{}
	for i := range n {
		p := report.TrendPoint{At: t0.Add(time.Duration(i) * 24 * time.Hour), Commit: fmt.Sprintf("%040x", i),
			Active: map[string]int{"critical": i % 3, "high": (i * 7) % 11, "medium": 20 - i%20, "low": i}, Passed: i%4 != 0}
		if !noRisk[i] {
			score := (i * 13) % 101
			p.Risk = &score
		}
		tr.Series = append(tr.Series, p)
	}
	return tr
}

var pointRe = regexp.MustCompile(`^(-?[0-9]+\.[0-9]),(-?[0-9]+\.[0-9])$`)

// TestTrendChart checks the chart's geometry: one line per severity that
// occurs, every point inside the plot, the risk line broken where runs have
// no score, at most trendLabels+1 dates that do not collide, and the same
// bytes for the same series.
func TestTrendChart(t *testing.T) {
	tr := trendSeries(40, map[int]bool{10: true, 11: true, 30: true})
	c := trendChart(tr)
	var classes []string
	for _, s := range c.Series {
		classes = append(classes, s.Class)
		for _, l := range s.Lines {
			for _, p := range strings.Fields(l) {
				m := pointRe.FindStringSubmatch(p)
				if m == nil {
					t.Fatalf("%s: point %q is not x.x,y.y", s.Class, p)
				}
				x, _ := strconv.ParseFloat(m[1], 64)
				y, _ := strconv.ParseFloat(m[2], 64)
				if x < float64(c.X0) || x > float64(c.X1) || y < float64(c.Y0) || y > float64(c.Y1) {
					t.Errorf("%s: point %s outside the plot", s.Class, p)
				}
			}
		}
	}
	if got := strings.Join(classes, " "); got != "critical high medium low risk" {
		t.Errorf("series = %q, want the four severities that occur and the risk", got)
	}
	risk := c.Series[len(c.Series)-1]
	if len(risk.Lines) != 3 || len(risk.Dots) != 37 {
		t.Errorf("risk line: %d segments and %d points, want 3 and 37", len(risk.Lines), len(risk.Dots))
	}
	if n := len(strings.Fields(c.Series[0].Lines[0])); n != 40 {
		t.Errorf("critical line has %d points, want 40", n)
	}
	if len(c.XLabels) > trendLabels+1 || c.XLabels[0].Text != "2026-03-01" || c.XLabels[len(c.XLabels)-1].Text != "2026-04-09" {
		t.Errorf("x labels = %+v", c.XLabels)
	}
	// A date is about 66 px wide at the chart's 12 px: centred labels
	// must be that far apart and inside the picture.
	for n := 2; n <= 120; n++ {
		ls := trendChart(trendSeries(n, nil)).XLabels
		for i, l := range ls {
			x, _ := strconv.ParseFloat(l.X, 64)
			if l.Anchor != "middle" || x-33 < 0 || x+33 > trendW {
				t.Errorf("%d runs: date %q at %s (%s) leaves the chart", n, l.Text, l.X, l.Anchor)
			}
			if i == 0 {
				continue
			}
			prev, _ := strconv.ParseFloat(ls[i-1].X, 64)
			if x-prev < 70 {
				t.Errorf("%d runs: dates %q and %q are %.0f px apart", n, ls[i-1].Text, l.Text, x-prev)
			}
		}
	}
	if top := c.Grid[len(c.Grid)-1].Text; top != "40" {
		t.Errorf("count axis tops at %s, want 40 (the highest count, 39, on a step of 10)", top)
	}

	// One run: a point, no line to draw, one centred date.
	one := trendChart(trendSeries(1, nil))
	if len(one.XLabels) != 1 || one.XLabels[0].Anchor != "middle" || len(one.Series[0].Dots) != 1 {
		t.Errorf("one-run chart: %+v", one)
	}
	// No finding in any run and no risk: axes only, said in the description.
	empty := trendChart(&report.Trend{Series: []report.TrendPoint{{At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Active: map[string]int{}}}})
	if len(empty.Series) != 0 || !strings.Contains(empty.Desc, "no active finding in any run") {
		t.Errorf("empty chart: %+v", empty)
	}
	if trendChart(&report.Trend{}) != nil {
		t.Error("a trend with no run draws a chart")
	}
}

// TestTrendChartInPage: the chart is inline SVG above the table, outside
// the fold of a long series, with a title and a description, and renders
// the same bytes twice (renderFormat checks).
func TestTrendChartInPage(t *testing.T) {
	r := fixture()
	r.Trend = trendSeries(30, map[int]bool{3: true})
	page := renderFormat(t, "html", r)
	checkHTMLSafe(t, page)
	if got := folds(t, page)["trend"]; got != "closed: 30 recorded runs" {
		t.Errorf("trend fold = %q", got)
	}
	sec := between(t, string(page), `<section id="trend"`, "</section>")
	svg, fold := strings.Index(sec, `<svg class="chart"`), strings.Index(sec, `<details class="fold">`)
	if svg < 0 || fold < 0 || svg > fold {
		t.Errorf("the chart must come before the folded table (svg at %d, fold at %d)", svg, fold)
	}
	doc, err := html.Parse(strings.NewReader(sec))
	if err != nil {
		t.Fatal(err)
	}
	var polylines, circles int
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "polyline":
				polylines++
			case "circle":
				circles++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	// Four severities (info never occurs), the risk in two segments, and
	// the five legend lines are <line>s, not polylines.
	if polylines != 6 || circles != 4*30+29 {
		t.Errorf("chart has %d polylines and %d points, want 6 and %d", polylines, circles, 4*30+29)
	}
}

// TestHostileGovernance puts hostile strings in every governance and MLOps
// field the repository controls and checks every format's promise, and
// that none of them reaches the page as markup.
func TestHostileGovernance(t *testing.T) {
	for _, s := range []string{hScript, hImg, hMention, hMarker, hPipe, hDetails, hJSLink, hInvalid, hBidi, hNewline,
		"`code` | cell | `", "\x1b]8;;http://x\x07link\x1b]8;;\x07", "\x00\x1b[31m\r\n"} {
		r := hostileGovernance(s)
		md := string(renderFormat(t, "markdown", r))
		checkMarkdownSafe(t, md, false)
		checkMarkdownSafe(t, string(renderFormat(t, "github-summary", r)), false)
		checkMarkdownSafe(t, string(renderFormat(t, "pr-comment", r)), true)
		page := renderFormat(t, "html", r)
		checkHTMLSafe(t, page)
		checkTerminalSafe(t, "summary", Summary(r))
		if n := strings.Count(Summary(r), "\n"); n != 2 {
			t.Errorf("summary for %q has %d line breaks, want 2", s, n)
		}
		out := renderFormat(t, "json", r)
		checkNoRawHTML(t, out)
	}
}

// hostileGovernance is the fixture with s in every governance and MLOps
// string the repository controls.
func hostileGovernance(s string) *report.Report {
	r := fixture()
	setHostileGovernance(r, s)
	r.Normalize()
	return r
}

// setHostileGovernance writes s into every governance and MLOps string of
// r the repository controls, and the repository's name.
func setHostileGovernance(r *report.Report, s string) {
	r.Repository.Name = s
	loc := finding.Location{Path: s, StartLine: 1}
	inv := r.Governance.Gates
	for i := range inv.Gates {
		g := &inv.Gates[i]
		g.Location, g.Pipeline, g.Job, g.Step, g.Kind, g.Tool, g.Blocks = loc, s, s, s, s, s, []string{s}
		if g.Placebo != "" {
			g.Placebo = s
		}
	}
	for i := range inv.Deploys {
		d := &inv.Deploys[i]
		d.Location, d.Pipeline, d.Job, d.Step, d.Kind, d.What, d.Environment, d.Approval = loc, s, s, s, s, s, s, s
		d.Triggers = []string{s}
		if len(d.GatedBy) > 0 {
			d.GatedBy = []string{s}
		}
	}
	tc := r.Governance.Templates
	tc.Approved = []string{s}
	for i := range tc.Jobs {
		j := &tc.Jobs[i]
		j.Location, j.Pipeline, j.Job, j.Kind, j.Template = loc, s, s, s, s
	}
	c := r.Governance.Controls
	c.Catalogue = s
	for i := range c.Frameworks {
		f := &c.Frameworks[i]
		f.Name, f.Source = s, s
	}
	for i := range c.Controls {
		ct := &c.Controls[i]
		ct.Title, ct.Inventories = s, []string{s}
		for k := range ct.Rules {
			ct.Rules[k].Rule = s
		}
	}
	m := r.MLOps
	m.Stage, m.Cap = s, s
	for i := range m.Levels {
		l := &m.Levels[i]
		l.Name, l.Missing = s, s
		l.Evidence = []report.MLOpsEvidence{{Location: loc, What: s}}
	}
	for i := range m.Tools {
		m.Tools[i].Name, m.Tools[i].Role = s, s
		m.Tools[i].Evidence = []report.MLOpsEvidence{{Location: loc, What: s}}
	}
	for i := range m.CardFreshness {
		cf := &m.CardFreshness[i]
		cf.Card, cf.CardCommit, cf.ChangedAfter = s, s, []string{s}
	}
	for i := range r.Trend.Series {
		r.Trend.Series[i].Commit = s
	}
}

// TestControlRules: rules with findings each with their counts, then the
// clean ones together, then those whose domain did not run.
func TestControlRules(t *testing.T) {
	ct := report.Control{Rules: []report.ControlRule{
		{Rule: "lic/denied", Ran: false}, {Rule: "ci/a", Ran: true}, {Rule: "ci/b", Ran: true, Findings: 2},
		{Rule: "ci/c", Ran: true, Suppressed: 1}, {Rule: "ci/d", Ran: true}, {Rule: "lic/unknown"},
	}}
	want := "ci/b: 2 finding(s); ci/c: 0 finding(s), 1 suppressed; no finding: ci/a, ci/d; did not run: lic/denied, lic/unknown"
	if got := controlRules(ct); got != want {
		t.Errorf("controlRules =\n%s\nwant\n%s", got, want)
	}
	if got := controlRules(report.Control{}); got != "" {
		t.Errorf("no rules: %q", got)
	}
}
