package render

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// The HTML report's governance sections and MLOps stage (views computed
// here, written by the template) and the trend chart.

// govView is what the template needs of report.Governance. Untrusted text
// stays raw here: the template cleans it (clean, cut) and html/template
// escapes it.
type govView struct {
	GatesNote, TemplatesNote, ControlsNote string
	GateHeadline                           string
	Ungated                                []report.Deploy
	Pipelines                              []pipelineGates
	TemplateHeadline                       string
	Templates                              *report.TemplateCoverage
	Uncovered                              []report.TemplateUse
	ControlsHeadline                       string
	Frameworks                             []frameworkCounts
	ControlTables                          []controlTable
}

type controlTable struct {
	Framework string
	Controls  []report.Control
}

func governanceView(r *report.Report) *govView {
	if !hasGovernance(r) {
		return nil
	}
	g := r.Governance
	v := &govView{}
	if inv := g.Gates; inv != nil {
		v.GateHeadline = cleanLine(gateHeadline(inv), 0)
		for _, d := range inv.Deploys {
			if ungated(d) {
				v.Ungated = append(v.Ungated, d)
			}
		}
		v.Pipelines = gatesByPipeline(inv)
	} else {
		v.GatesNote = "No gate inventory: no pipeline file was found."
	}
	if t := g.Templates; t != nil {
		v.TemplateHeadline = cleanLine(templateHeadline(t), 0)
		v.Templates = t
		v.Uncovered = uncovered(t)
	} else {
		v.TemplatesNote = "No AI or deploy job: no template coverage to measure."
	}
	if c := g.Controls; c != nil {
		v.ControlsHeadline = cleanLine(controlsHeadline(c), 0)
		v.Frameworks = controlsByFramework(c)
		for _, f := range v.Frameworks {
			t := controlTable{Framework: f.ID}
			for _, ct := range c.Controls {
				if ct.Framework == f.ID {
					t.Controls = append(t.Controls, ct)
				}
			}
			if len(t.Controls) > 0 {
				v.ControlTables = append(v.ControlTables, t)
			}
		}
	} else {
		v.ControlsNote = "No control catalogue in this report."
	}
	return v
}

// stageView is the MLOps stage for the template: the ladder highest level
// first, as it is drawn.
type stageView struct {
	Headline string
	Cap      string
	Ladder   []ladderStep
}

func mlopsStageView(m *report.MLOps) *stageView {
	ladder := mlopsLadder(m)
	if len(ladder) == 0 && m.Cap == "" {
		return nil
	}
	slices.Reverse(ladder)
	v := &stageView{Cap: m.Cap, Ladder: ladder}
	if len(ladder) > 0 {
		v.Headline = fmt.Sprintf("Stage %d of 4: %s.", m.Level, cleanLine(m.Stage, 300))
	}
	return v
}

// lineChart is a line chart drawn as inline SVG: one line per series over
// evenly spaced runs, a left axis for counts and an optional right axis for
// a 0–100 score.
type lineChart struct {
	ID, Title, Desc, Caption string
	W, H                     int
	X0, X1, Y0, Y1           int // plot area: left, right, top, bottom
	Grid                     []tick
	Right                    []tick
	RightX                   int
	XLabels                  []xLabel
	Series                   []lineSeries
	Legend                   []lineLegend
}

type tick struct {
	Y    string
	Text string
}

type xLabel struct {
	X, Anchor, Text string
	Y               int
}

type lineSeries struct {
	Class string
	// Lines are the polylines' points ("x,y x,y"); a series with gaps
	// (runs without a risk score) has several.
	Lines []string
	Dots  []dot
}

type dot struct {
	X, Y, Title string
}

type lineLegend struct {
	X1, X2, Y, TX, TY int
	Class, Label      string
}

const (
	trendW      = 640
	trendH      = 250
	trendLeft   = 44
	trendRight  = 44
	trendTop    = 12
	trendBottom = 66 // x labels and the legend
	trendLabels = 6  // at most this many dates on the x axis
)

// trendChart draws the active findings of each severity over the recorded
// runs, and the risk score when any run has one. The same series always
// gives the same bytes: coordinates are formatted with one decimal and
// nothing depends on the clock or map order.
func trendChart(t *report.Trend) *lineChart {
	n := len(t.Series)
	if n == 0 {
		return nil
	}
	c := &lineChart{ID: "chart-trend", Title: "Active findings by severity over the recorded runs",
		Caption: "Active findings per severity at each recorded run, oldest on the left; the dashed blue line is the change-risk score on the right-hand axis (0–100). The table below gives the same figures.",
		W:       trendW, H: trendH, X0: trendLeft, X1: trendW - trendRight, Y0: trendTop, Y1: trendH - trendBottom, RightX: trendW - trendRight + 6}
	sevs := severitiesDesc()
	maxCount := 0
	used := map[finding.Severity]bool{}
	for _, p := range t.Series {
		for _, s := range sevs {
			if v := p.Active[s.String()]; v > 0 {
				maxCount = max(maxCount, v)
				used[s] = true
			}
		}
	}
	step := niceStep(maxCount)
	top := step * 4
	for top-step >= maxCount && top > step*2 { // no empty band above the highest point beyond one step
		top -= step
	}
	x := func(i int) float64 {
		if n == 1 {
			return float64(c.X0+c.X1) / 2
		}
		return float64(c.X0) + float64(i)*float64(c.X1-c.X0)/float64(n-1)
	}
	y := func(v, of int) float64 {
		return float64(c.Y1) - float64(v)/float64(of)*float64(c.Y1-c.Y0)
	}
	c.Title = fmt.Sprintf("Active findings by severity over %d recorded run(s)", n)
	for v := 0; v <= top; v += step {
		c.Grid = append(c.Grid, tick{Y: f1(y(v, top)), Text: strconv.Itoa(v)})
	}

	var desc []string
	for _, s := range sevs {
		if !used[s] {
			continue
		}
		ls := lineSeries{Class: s.String()}
		var pts, vals []string
		for i, p := range t.Series {
			v := p.Active[s.String()]
			px, py := f1(x(i)), f1(y(v, top))
			pts = append(pts, px+","+py)
			ls.Dots = append(ls.Dots, dot{X: px, Y: py, Title: fmt.Sprintf("%s: %d %s", runLabel(p), v, s)})
			vals = append(vals, strconv.Itoa(v))
		}
		ls.Lines = []string{strings.Join(pts, " ")}
		c.Series = append(c.Series, ls)
		desc = append(desc, s.String()+" "+strings.Join(vals, ", "))
	}
	if len(c.Series) == 0 {
		desc = append(desc, "no active finding in any run")
	}

	hasRisk := false
	for _, p := range t.Series {
		hasRisk = hasRisk || p.Risk != nil
	}
	if hasRisk {
		for _, v := range []int{0, 50, 100} {
			c.Right = append(c.Right, tick{Y: f1(y(v, 100)), Text: strconv.Itoa(v)})
		}
		ls := lineSeries{Class: "risk"}
		var seg, vals []string
		for i, p := range t.Series {
			if p.Risk == nil {
				if len(seg) > 0 {
					ls.Lines = append(ls.Lines, strings.Join(seg, " "))
					seg = nil
				}
				vals = append(vals, "none")
				continue
			}
			score := min(max(*p.Risk, 0), 100)
			px, py := f1(x(i)), f1(y(score, 100))
			seg = append(seg, px+","+py)
			ls.Dots = append(ls.Dots, dot{X: px, Y: py, Title: fmt.Sprintf("%s: risk %d", runLabel(p), *p.Risk)})
			vals = append(vals, strconv.Itoa(*p.Risk))
		}
		if len(seg) > 0 {
			ls.Lines = append(ls.Lines, strings.Join(seg, " "))
		}
		c.Series = append(c.Series, ls)
		desc = append(desc, "risk score "+strings.Join(vals, ", "))
	}

	// Dates under the axis: the first, the last and evenly spaced ones
	// between, never closer than one spacing.
	every := max(1, int(math.Ceil(float64(n)/trendLabels)))
	idx := []int{0}
	for i := every; i < n-1 && n-1-i >= every; i += every {
		idx = append(idx, i)
	}
	if n > 1 {
		idx = append(idx, n-1)
	}
	// Centred under their runs: the margins hold half a date, and labels
	// at least `every` runs apart are at least 92 px apart.
	for _, i := range idx {
		c.XLabels = append(c.XLabels, xLabel{X: f1(x(i)), Y: c.Y1 + 16, Anchor: "middle", Text: t.Series[i].At.UTC().Format("2006-01-02")})
	}

	ly := c.Y1 + 40
	lx := c.X0
	for _, s := range c.Series {
		label := s.Class
		if s.Class == "risk" {
			label = "risk score (right axis)"
		}
		c.Legend = append(c.Legend, lineLegend{X1: lx, X2: lx + 22, Y: ly, TX: lx + 28, TY: ly + 4, Class: s.Class, Label: label})
		lx += 28 + 7*len(label) + 18
	}
	c.Desc = fmt.Sprintf("%d run(s) from %s to %s. Active findings per run, oldest first: %s.", n,
		t.Series[0].At.UTC().Format("2006-01-02 15:04"), t.Series[n-1].At.UTC().Format("2006-01-02 15:04"), strings.Join(desc, "; "))
	return c
}

// runLabel names a run in a point's tooltip.
func runLabel(p report.TrendPoint) string {
	s := p.At.UTC().Format("2006-01-02 15:04")
	if p.Commit != "" {
		s += " " + cleanLine(shortHash(p.Commit), 0)
	}
	return s
}

// niceStep is a step of 1, 2 or 5 times a power of ten such that four steps
// cover v.
func niceStep(v int) int {
	if v <= 4 {
		return 1
	}
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if s := m * p; s*4 >= v {
				return s
			}
		}
	}
}
