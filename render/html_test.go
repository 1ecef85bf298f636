package render

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestHTMLGolden(t *testing.T) {
	got := renderFormat(t, "html", fixture())
	golden(t, "report.html", got)
	checkHTMLSafe(t, got)
	for _, want := range []string{"Verdict: FAILED", "<caption>", `scope="col"`, `scope="row"`, "<title id=\"chart-findings-t\">",
		"prefers-color-scheme:dark", "@media print", ">critical</span>", "Maturity level 1", "Decided by", "Largest matrix", "calling context"} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestHTMLEmptySections(t *testing.T) {
	r := fixture()
	r.Risk, r.AI, r.Pipelines, r.Terraform, r.Licenses, r.MLOps = nil, nil, nil, nil, nil, nil
	r.Findings = nil
	r.Normalize()
	got := renderFormat(t, "html", r)
	checkHTMLSafe(t, got)
	for _, want := range []string{"No change-risk data", "No AI call sites", "No active finding", "No pipeline metrics: the pipeline domain ran and found none.",
		"No Terraform resources", "No dependency licenses: the licenses domain failed", "No MLOps assessment in this report"} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	md := string(renderFormat(t, "markdown", r))
	checkMarkdownSafe(t, md, false)
	if !strings.Contains(md, "No change-risk data") || !strings.Contains(md, "No MLOps assessment") {
		t.Error("empty Markdown sections must say so")
	}
}

// checkHTMLSafe parses the page and checks what the format promises: one
// script and one style, both ours and both allowed by hash in the CSP, the
// CSP meta first in <head>, no element that loads anything, no event
// handler attribute, no link but in-page anchors.
func checkHTMLSafe(t *testing.T, page []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var scripts, styles []string
	var csp string
	firstHead := true
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				scripts = append(scripts, nodeText(n))
			case "style":
				styles = append(styles, nodeText(n))
			case "img", "iframe", "object", "embed", "link", "audio", "video", "source", "base", "form", "image", "use", "foreignObject":
				t.Errorf("page holds a <%s> element", n.Data)
			case "meta":
				if attr(n, "http-equiv") == "Content-Security-Policy" {
					csp = attr(n, "content")
				}
			}
			if n.Parent != nil && n.Parent.Data == "head" && firstHead {
				firstHead = false
				if n.Data != "meta" || attr(n, "charset") == "" {
					t.Errorf("head must open with <meta charset>, got <%s>", n.Data)
				}
			}
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") {
					t.Errorf("<%s> has event handler %s=%q", n.Data, a.Key, a.Val)
				}
				if (k == "href" || k == "src" || k == "xlink:href" || k == "action" || k == "formaction") && !strings.HasPrefix(a.Val, "#") {
					t.Errorf("<%s %s=%q> points outside the page", n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(scripts) != 1 || scripts[0] != reportAssets().JS {
		t.Errorf("want exactly our script, got %d scripts", len(scripts))
	}
	if len(styles) != 1 || styles[0] != reportAssets().CSS {
		t.Errorf("want exactly our style, got %d", len(styles))
	}
	if csp != reportAssets().CSP {
		t.Errorf("CSP = %q", csp)
	}
	for _, want := range []string{"default-src 'none'", "'" + cspHash(reportAssets().JS) + "'", "'" + cspHash(reportAssets().CSS) + "'", "img-src 'none'", "connect-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %s", want)
		}
	}
	if strings.Contains(csp, "unsafe") {
		t.Error("CSP must not allow unsafe-inline or unsafe-eval")
	}
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestMarkdownToHTML(t *testing.T) {
	got := string(markdownToHTML("[x](javascript:alert(1)) ![i](http://e/x.png) <http://e/a> <b>raw</b>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>x</script>"))
	for _, bad := range []string{"<a ", "<img", "javascript:", "<script", "<b>"} {
		if strings.Contains(got, bad) {
			t.Errorf("detail HTML holds %q:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, "<table>") || !strings.Contains(got, "x ") {
		t.Errorf("tables and link text must stay:\n%s", got)
	}
}
