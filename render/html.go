package render

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

func init() {
	Register(Format{Name: "html", Doc: "the governance report as one self-contained HTML page (no network, works from file://)", Render: HTML})
}

//go:embed assets/report.tmpl assets/report.css assets/report.js
var assets embed.FS

// pageAssets are the report's inline style and script and the page's
// Content-Security-Policy.
type pageAssets struct {
	CSS, JS string
	// CSP allows exactly our inline style and script, by hash, and
	// nothing else: no request can leave the page, and no script that
	// slipped into the markup could run.
	CSP string
}

// reportAssets reads and hashes the assets on first use, like reportTmpl.
var reportAssets = sync.OnceValue(func() pageAssets {
	css, _ := assets.ReadFile("assets/report.css")
	js, _ := assets.ReadFile("assets/report.js")
	a := pageAssets{CSS: string(css), JS: string(js)}
	a.CSP = "default-src 'none'; style-src '" + cspHash(a.CSS) + "'; script-src '" + cspHash(a.JS) +
		"'; img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'"
	return a
})

// reportTmpl is parsed on first use: most runs render no HTML, and every
// run (the supervisor's parent too) would pay for it at start-up.
var reportTmpl = sync.OnceValue(parseReportTmpl)

func parseReportTmpl() *template.Template {
	return template.Must(template.New("report.tmpl").Funcs(template.FuncMap{
		"clean":  func(s string) string { return cleanLine(s, 0) },
		"driver": func(d report.RiskDriver) string { return cleanLine(driverName(d), 0) },
		"cut":    func(s string) string { return cleanLine(s, 2000) },
		"loc":    func(l finding.Location) string { return cleanLine(location(l), 0) },
		"join":   func(s []string) string { return cleanLine(strings.Join(s, ", "), 0) },
		"short":  func(s string) string { return cleanLine(shortHash(s), 0) },
		"date":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
		"size":   byteSize,
		"fold":   func(n int) bool { return n > foldRows },
		// The governance sections' words (governance.go), cleaned.
		"blocking": func(g report.QualityGate) string { return cleanLine(gateBlocking(g), 0) },
		"approval": func(d report.Deploy) string { return cleanLine(deployApproval(d), 0) },
		"dkind":    func(d report.Deploy) string { return cleanLine(deployKind(d), 0) },
		"jobstep":  func(job, step string) string { return cleanLine(deployJob(job, step), 0) },
		"ungated":  ungated,
		"rules":    func(c report.Control) string { return cleanLine(controlRules(c), 2000) },
		"status":   controlStatus,
		"evidence": func(es []report.MLOpsEvidence) string { return cleanLine(evidenceList(es), 2000) },
		"changed":  func(c report.CardFreshness) string { return cleanLine(cardChanged(c), 2000) },
		"cardnote": cardHistoryNote,
		"artnote":  artifactsNote,
	}).ParseFS(assets, "assets/report.tmpl"))
}

// foldRows is the longest table shown open: a longer one (all the
// dependencies' licenses, every recorded run) is collapsed in a <details>
// whose summary gives the count, so the page stays short enough to read.
// The findings table stays open: it is what the reader acts on.
const foldRows = 15

func cspHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(h[:])
}

type htmlFinding struct {
	finding.Finding
	Rank       int
	AreaTitle  string
	DetailHTML template.HTML
	Evidence   []kv
}

type kv struct{ K, V string }

type htmlPage struct {
	R                                                *report.Report
	CSP                                              string
	CSS                                              template.CSS
	JS                                               template.JS
	Verdict, Why                                     string
	Passed                                           bool
	Facts                                            []string
	Severities                                       []finding.Severity
	RiskChart, FindingsChart                         *chart
	RiskNote, RiskHeadline                           string
	RiskFacts                                        []string
	DistChart                                        *chart
	HasAI                                            bool
	Areas                                            []areaCounts
	Findings                                         []htmlFinding
	Suppressed                                       []finding.Finding
	Pipelines                                        *pipelineTotals
	Tags                                             *tagView
	Licenses                                         string
	Modules                                          []htmlModule
	MLOpsStage                                       string
	Signals                                          []htmlSignal
	PipelinesNote, TagsNote, LicensesNote, MLOpsNote string
	Gov                                              *govView
	Stage                                            *stageView
	TrendChart                                       *lineChart
	RepoName                                         string
}

type tagView struct {
	Modules, Instances, Resources, NotTaggable, NotCreated int
	Coverage                                               string
	Headline                                               string
	Chart                                                  *chart
	Rows                                                   []tagRow
}

type htmlModule struct {
	report.ModuleLicense
	License, Notes string
}

type htmlSignal struct {
	Name     string
	Present  bool
	Evidence string
}

type tagRow struct {
	report.ProviderCount
	Coverage string
}

// HTML writes the governance report as one HTML page that works from
// file:// with no network: inline CSS (dark mode, print stylesheet), charts
// as inline SVG with titles and descriptions for screen readers, tables with
// captions and header scopes, severity always written as text, and a small
// inline script that sorts and filters tables (the page is complete without
// it). A Content-Security-Policy meta tag allows only that style and that
// script, by hash. All interpolation goes through html/template; finding
// details (Markdown) are rendered by goldmark with raw HTML off and links
// and images turned into plain text.
func HTML(w io.Writer, r *report.Report, _ Options) error {
	word, why := verdict(r)
	pa := reportAssets()
	p := htmlPage{
		R: r, CSP: pa.CSP, CSS: template.CSS(pa.CSS), JS: template.JS(pa.JS),
		Verdict: word, Why: why, Passed: word == "PASSED", Severities: severitiesDesc(),
	}
	p.RepoName = cleanLine(repositoryName(r.Repository), 300)
	if r.Repository.Name != "" {
		p.Facts = append(p.Facts, "repository "+p.RepoName)
	}
	if r.Repository.Commit != "" {
		p.Facts = append(p.Facts, "commit "+cleanLine(shortHash(r.Repository.Commit), 0))
	}
	if r.Repository.Branch != "" {
		p.Facts = append(p.Facts, "branch "+cleanLine(r.Repository.Branch, 200))
	}
	if r.Repository.Dirty {
		p.Facts = append(p.Facts, "work tree has uncommitted changes")
	}
	active := r.Active()
	p.Facts = append(p.Facts, fmt.Sprintf("%d active finding(s)", len(active)))
	if n := len(r.Suppressed()); n > 0 {
		p.Facts = append(p.Facts, fmt.Sprintf("%d suppressed", n))
	}
	p.Facts = append(p.Facts, r.StartedAt.UTC().Format("2006-01-02 15:04 UTC"))

	// Notes for empty sections are the Markdown ones without Markdown.
	plain := func(s string) string { return strings.TrimSpace(s) }
	if r.Risk == nil {
		p.RiskNote = plain(domainStatusText(r, "change-risk data", "risk", "changerisk"))
	} else {
		p.RiskHeadline = cleanLine(riskHeadline(r.Risk), 0)
		for _, f := range riskFacts(r.Risk) {
			p.RiskFacts = append(p.RiskFacts, cleanLine(f, 2000))
		}
		if len(r.Risk.Drivers) > 0 && r.Risk.Unscored == "" {
			p.RiskChart = riskChart(r.Risk)
		}
		if len(r.Risk.Distribution) > 0 {
			p.DistChart = distributionChart(r.Risk)
		}
	}
	p.HasAI = r.AI != nil && (len(r.AI.Code) > 0 || len(r.AI.Pipeline) > 0 || len(r.AI.Infrastructure) > 0)

	p.Areas = byArea(active)
	p.FindingsChart = findingsChart(p.Areas)
	for _, f := range bySeverity(active) {
		hf := htmlFinding{Finding: f, Rank: int(f.Severity), AreaTitle: areaTitle(finding.Area(f.Rule))}
		if f.Detail != "" {
			hf.DetailHTML = markdownToHTML(f.Detail)
		}
		for _, k := range sortedKeys(f.Evidence) {
			hf.Evidence = append(hf.Evidence, kv{k, f.Evidence[k]})
		}
		p.Findings = append(p.Findings, hf)
	}
	p.Suppressed = r.Suppressed()

	if r.Pipelines != nil && len(r.Pipelines.Workflows) > 0 {
		t := pipelineTotalsOf(r.Pipelines)
		p.Pipelines = &t
	} else {
		p.PipelinesNote = domainStatusText(r, "pipeline metrics", "pipeline")
	}
	if rows, ok := tagCoverage(r); ok {
		v := &tagView{}
		var pass, total int
		for _, c := range rows {
			n := c.Pass + c.Fail + c.Unknown
			pass += c.Pass
			total += n
			v.Rows = append(v.Rows, tagRow{c, percent(c.Pass, n)})
		}
		v.Coverage = percent(pass, total)
		var lines []string
		if t := r.Terraform; t != nil && (t.Resources > 0 || len(t.Coverage) > 0) {
			v.Modules, v.Instances, v.Resources, v.NotTaggable, v.NotCreated = t.Modules, t.Instances, t.Resources, t.NotTaggable, t.NotCreated
			lines = append(lines, terraformHeadline(t, v.Coverage))
		}
		if h := cloudFormationHeadline(r.CloudFormation); h != "" {
			lines = append(lines, h)
		}
		v.Headline = cleanLine(strings.Join(lines, " "), 0)
		v.Chart = tagChart(rows)
		p.Tags = v
	} else {
		p.TagsNote = domainStatusText(r, "Terraform resources", "iac", "terraform")
	}
	if r.Licenses != nil && len(r.Licenses.Modules) > 0 {
		p.Licenses = licenseSummary(r.Licenses, cleanLine)
		for _, m := range modulesByConcern(r.Licenses.Modules) {
			p.Modules = append(p.Modules, htmlModule{m, licenseText(m), moduleNotes(m)})
		}
	} else {
		p.LicensesNote = domainStatusText(r, "dependency licenses", "licenses", "licensing")
	}
	if m := r.MLOps; m != nil && (m.Stage != "" || len(m.Signals) > 0 || len(m.Tools) > 0) {
		p.MLOpsStage = cleanLine(mlopsLevel(m), 300)
		p.Stage = mlopsStageView(m)
		for _, sig := range m.Signals {
			if m.Level < 0 {
				break
			}
			p.Signals = append(p.Signals, htmlSignal{sig.Name, sig.Present, signalEvidence(sig)})
		}
	} else {
		p.MLOpsNote = domainStatusText(r, "MLOps assessment", "mlops")
	}
	p.Gov = governanceView(r)
	if r.Trend != nil {
		p.TrendChart = trendChart(r.Trend)
	}
	var buf bytes.Buffer
	if err := reportTmpl().Execute(&buf, p); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// domainStatusText is domainStatus in plain text, for HTML.
func domainStatusText(r *report.Report, what string, names ...string) string {
	for _, d := range r.Domains {
		for _, n := range names {
			if d.Name != n {
				continue
			}
			if d.Error != "" {
				return fmt.Sprintf("No %s: the %s domain failed (%s).", what, n, cleanLine(d.Error, 300))
			}
			return fmt.Sprintf("No %s: the %s domain ran and found none.", what, n)
		}
	}
	return fmt.Sprintf("No %s in this report: the domain did not run.", what)
}

// markdownToHTML renders a finding's Markdown detail: GFM tables and
// strikethrough, raw HTML omitted (goldmark's default), and every link,
// autolink and image replaced by its text, so the report never links to or
// loads anything a repository chose.
func markdownToHTML(md string) template.HTML {
	var buf bytes.Buffer
	md = strings.ToValidUTF8(md, "\uFFFD")
	if err := detailMarkdown().Convert([]byte(md), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(md))
	}
	return template.HTML(buf.String())
}

var detailMarkdown = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(unlinker{}, 100))),
	)
})

// unlinker replaces links and images with their text.
type unlinker struct{}

func (unlinker) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var targets []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Link, *ast.Image, *ast.AutoLink:
			targets = append(targets, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, n := range targets {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		switch l := n.(type) {
		case *ast.AutoLink:
			parent.ReplaceChild(parent, n, ast.NewString(l.Label(src)))
		default:
			for c := n.FirstChild(); c != nil; {
				next := c.NextSibling()
				parent.InsertBefore(parent, n, c)
				c = next
			}
			parent.RemoveChild(parent, n)
		}
	}
}

// chart is a horizontal bar chart drawn as inline SVG.
type chart struct {
	ID, Title, Desc, Caption string
	W, H, ValueX             int
	Bars                     []bar
	Legend                   []legendItem
}

type bar struct {
	Label string
	TextY int
	Segs  []seg
	Value *barValue
}

type barValue struct {
	Y    int
	Text string
}

type seg struct {
	X, Y, W, H string
	Class      string
	Title      string
}

type legendItem struct {
	X, Y, TX, TY int
	Class, Label string
}

const (
	chartLabelW = 150
	chartBarW   = 420
	chartRowH   = 24
)

func f1(v float64) string { return fmt.Sprintf("%.1f", v) }

// stacked builds a chart of stacked bars: one row per label, one segment per
// class with its count.
func stacked(id, title, caption string, labels []string, classes, names []string, values [][]int) *chart {
	c := &chart{ID: id, Title: title, Caption: caption, W: chartLabelW + chartBarW + 60, ValueX: chartLabelW + chartBarW + 8}
	maxTotal := 0
	for _, row := range values {
		t := 0
		for _, v := range row {
			t += v
		}
		maxTotal = max(maxTotal, t)
	}
	var desc []string
	for i, label := range labels {
		y := 8 + i*chartRowH
		b := bar{Label: cleanLine(label, 22), TextY: y + 14}
		x := float64(chartLabelW)
		total := 0
		var parts []string
		for j, v := range values[i] {
			if v == 0 {
				continue
			}
			total += v
			w := float64(v) / float64(maxTotal) * chartBarW
			b.Segs = append(b.Segs, seg{X: f1(x), Y: fmt.Sprint(y), W: f1(math.Max(w, 1)), H: "18", Class: classes[j],
				Title: fmt.Sprintf("%s: %d %s", cleanLine(label, 60), v, names[j])})
			x += w
			parts = append(parts, fmt.Sprintf("%d %s", v, names[j]))
		}
		b.Value = &barValue{Y: y + 14, Text: fmt.Sprint(total)}
		c.Bars = append(c.Bars, b)
		if len(parts) == 0 {
			parts = []string{"none"}
		}
		desc = append(desc, cleanLine(label, 60)+": "+strings.Join(parts, ", "))
	}
	ly := 8 + len(labels)*chartRowH + 6
	lx := chartLabelW
	for j, name := range names {
		c.Legend = append(c.Legend, legendItem{X: lx, Y: ly, TX: lx + 14, TY: ly + 9, Class: classes[j], Label: name})
		lx += 14 + 8*len(name) + 16
	}
	c.H = ly + 20
	c.Desc = strings.Join(desc, "; ") + "."
	return c
}

func findingsChart(areas []areaCounts) *chart {
	var labels []string
	var values [][]int
	var classes, names []string
	for _, s := range severitiesDesc() {
		classes = append(classes, "fill-"+s.String())
		names = append(names, s.String())
	}
	for _, a := range areas {
		labels = append(labels, a.Title)
		var row []int
		for _, s := range severitiesDesc() {
			row = append(row, a.Counts[s])
		}
		values = append(values, row)
	}
	return stacked("chart-findings", "Active findings by area and severity",
		"Active findings by area, stacked by severity (worst on the left); the table below gives the same figures.",
		labels, classes, names, values)
}

func tagChart(cov []report.ProviderCount) *chart {
	var labels []string
	var values [][]int
	for _, c := range cov {
		labels = append(labels, c.Provider)
		values = append(values, []int{c.Pass, c.Fail, c.Unknown})
	}
	return stacked("chart-tags", "Cost-tag coverage by provider",
		"Taggable resources per provider: tagged, untagged, and unknown (tags computed at apply time); the table below gives the same figures.",
		labels, []string{"fill-pass", "fill-fail", "fill-unknown"}, []string{"tagged", "untagged", "unknown"}, values)
}

// riskChart draws each driver's contribution, positive to the right of an
// axis and negative to the left.
func riskChart(k *report.Risk) *chart {
	c := &chart{ID: "chart-risk", Title: fmt.Sprintf("Risk score %d of 100 and its drivers", k.Score),
		Caption: "Each driver's contribution to the score in points (right raises, left lowers); the table below gives the same figures.",
		W:       chartLabelW + chartBarW + 60, ValueX: chartLabelW + chartBarW + 8}
	maxAbs := 1.0
	for _, d := range k.Drivers {
		maxAbs = math.Max(maxAbs, math.Abs(d.Contribution))
	}
	mid := float64(chartLabelW) + chartBarW/2
	var desc []string
	for i, d := range k.Drivers {
		y := 8 + i*chartRowH
		w := math.Abs(d.Contribution) / maxAbs * (chartBarW / 2)
		x, class := mid, "fill-pos"
		if d.Contribution < 0 {
			x, class = mid-w, "fill-neg"
		}
		label := cleanLine(driverName(d), 22)
		val := fmt.Sprintf("%+.1f", d.Contribution)
		c.Bars = append(c.Bars, bar{Label: label, TextY: y + 14,
			Segs:  []seg{{X: f1(x), Y: fmt.Sprint(y), W: f1(math.Max(w, 1)), H: "18", Class: class, Title: cleanLine(driverName(d), 60) + ": " + val + " points"}},
			Value: &barValue{Y: y + 14, Text: val}})
		desc = append(desc, cleanLine(driverName(d), 60)+" "+val)
	}
	c.H = 8 + len(k.Drivers)*chartRowH + 8
	c.Desc = "Contributions in points: " + strings.Join(desc, ", ") + "."
	return c
}

// distributionChart draws how many of the repository's commits fall in each
// score decile, the change's own decile marked.
func distributionChart(k *report.Risk) *chart {
	var labels []string
	var values [][]int
	for i, n := range k.Distribution {
		label := decileLabel(i)
		row := []int{n, 0}
		if k.Unscored == "" && riskDecile(k.Score) == i {
			label += " ◀"
			row = []int{0, n}
		}
		labels = append(labels, label)
		values = append(values, row)
	}
	return stacked("chart-dist", "Risk scores of this repository's commits, by decile",
		fmt.Sprintf("How many of the repository's commits fall in each score band; ◀ marks the band of this change (%d).", k.Score),
		labels, []string{"fill-info", "fill-mark"}, []string{"commits", "this change's band"}, values)
}
