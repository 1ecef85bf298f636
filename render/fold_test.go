package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/tollgate-dev/tollgate/report"
)

// longFixture is the fixture with 40 dependencies: a license table long
// enough to fold.
func longFixture() *report.Report {
	r := fixture()
	for i := range 40 {
		r.Licenses.Modules = append(r.Licenses.Modules, report.ModuleLicense{
			Module: fmt.Sprintf("example.com/dep%02d", i), Version: "v1.0.0", Expression: "MIT", Category: "notice", Verdict: "allowed", Packages: 1})
	}
	r.Normalize()
	return r
}

// folds returns the summary text of each <details class="fold"> in the
// page, with whether it is open and the id of the section it is in.
func folds(t *testing.T, page []byte) map[string]string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var walk func(n *html.Node, section string)
	walk = func(n *html.Node, section string) {
		if n.Type == html.ElementNode && n.Data == "section" {
			for _, a := range n.Attr {
				if a.Key == "id" {
					section = a.Val
				}
			}
		}
		if n.Type == html.ElementNode && n.Data == "details" && attr(n, "class") == "fold" {
			state := "closed"
			for _, a := range n.Attr {
				if a.Key == "open" {
					state = "open"
				}
			}
			summary := ""
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.Data == "summary" {
					summary = nodeText(c)
				}
			}
			out[section] = state + ": " + summary
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, section)
		}
	}
	walk(doc, "")
	return out
}

// TestHTMLFoldsLongSections: a table longer than foldRows rows is collapsed
// with its count in the summary; short tables and the findings stay open.
func TestHTMLFoldsLongSections(t *testing.T) {
	got := folds(t, renderFormat(t, "html", fixture()))
	if len(got) != 0 {
		t.Errorf("the short fixture has folded sections: %v", got)
	}
	page := renderFormat(t, "html", longFixture())
	checkHTMLSafe(t, page)
	got = folds(t, page)
	want := map[string]string{"licenses": "closed: 43 dependencies and their licenses"}
	if len(got) != len(want) || got["licenses"] != want["licenses"] {
		t.Errorf("folded sections = %v, want %v", got, want)
	}
}

// TestBrowserFolds renders the long report, with 30 recorded runs, in
// headless Chromium: the license table and the trend table are inside
// closed <details> whose summaries give the counts, the findings table is
// not, and the trend chart is drawn above its folded table as inline SVG
// with a line per severity and the risk score.
func TestBrowserFolds(t *testing.T) {
	bin := chromium(t)
	var page bytes.Buffer
	r := longFixture()
	r.Trend = trendSeries(30, map[int]bool{3: true})
	if err := HTML(&page, r, Options{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, _ := runChromium(t, bin, path, "--dump-dom")
	got := folds(t, dom)
	if got["licenses"] != "closed: 43 dependencies and their licenses" {
		t.Errorf("licenses in the browser: %q, want a closed fold with the count", got["licenses"])
	}
	if _, ok := got["findings"]; ok {
		t.Error("the findings table is folded")
	}
	if got["trend"] != "closed: 30 recorded runs" {
		t.Errorf("trend in the browser: %q, want a closed fold with the count", got["trend"])
	}
	if lines := trendLines(t, dom); lines != "svg before fold; polylines critical high medium low risk risk" {
		t.Errorf("trend chart in the browser: %q", lines)
	}
	if !strings.Contains(string(dom), `class="js"`) {
		t.Error("our own script did not run")
	}
}

// trendLines describes the trend section of a page as the browser built
// it: whether the chart's <svg> comes before the folded table, and the
// class of each polyline in it.
func trendLines(t *testing.T, page []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var order, lines []string
	var walk func(n *html.Node, inTrend bool)
	walk = func(n *html.Node, inTrend bool) {
		if n.Type == html.ElementNode {
			if n.Data == "section" && attr(n, "id") == "trend" {
				inTrend = true
			}
			if inTrend {
				switch {
				case n.Data == "svg":
					order = append(order, "svg")
				case n.Data == "details":
					order = append(order, "fold")
				case n.Data == "polyline":
					lines = append(lines, strings.TrimPrefix(attr(n, "class"), "line line-"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inTrend)
		}
	}
	walk(doc, false)
	return strings.Join(order, " before ") + "; polylines " + strings.Join(lines, " ")
}
